import type { LookupResponse } from '../../schemas/lookup.js';
import { decideLookup, degradedLookup, type LookupPolicy } from '../core/caller-lookup.js';
import { type CallerNumber, normalizePhone } from '../core/phone.js';
import type { CrmRepository } from '../ports/crm-repository.js';

export interface LookupCallerDeps {
  readonly crm: Pick<CrmRepository, 'getPhone'>;
  readonly policy: LookupPolicy;
  /** Region for numbers without a country code (e.g. CN). */
  readonly phoneRegion: string;
  /** The most the lookup may wait for data before answering `degraded`. */
  readonly budgetMs: number;
  readonly now?: () => Date;
}

export interface LookupOutcome {
  readonly response: LookupResponse;
  readonly caller: CallerNumber;
  /** Why the answer is `degraded`, if it is (for logs and metrics; never sent to the flow). */
  readonly failure?: 'timeout' | 'error';
  readonly error?: unknown;
}

/**
 * Look a caller up: normalize the number, read its one lookup item, decide. Never throws:
 * a failing or slow read answers `degraded` once `budgetMs` has passed.
 */
export async function lookupCaller(
  deps: LookupCallerDeps,
  rawNumber: string | null | undefined,
): Promise<LookupOutcome> {
  const caller = normalizePhone(rawNumber, deps.phoneRegion);
  const now = deps.now ?? (() => new Date());
  if (caller.kind !== 'e164')
    return { response: decideLookup(caller, undefined, deps.policy, now()), caller };
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, deps.budgetMs);
  });
  try {
    const item = await Promise.race([deps.crm.getPhone(caller.e164, { abortSignal: abort.signal }), timeout]);
    if (item === 'timeout') return { response: degradedLookup(), caller, failure: 'timeout' };
    return { response: decideLookup(caller, item, deps.policy, now()), caller };
  } catch (error) {
    return { response: degradedLookup(), caller, failure: abort.signal.aborted ? 'timeout' : 'error', error };
  } finally {
    clearTimeout(timer);
  }
}
