/**
 * Erasure through the API (issue 17): asynchronous, because one erasure scans whole tables (contacts, tickets, the
 * business tables, the audit log) and at contact-centre scale can outlast API Gateway's 29-second limit.
 *
 * `submitErasure` checks that the customer or number exists (one or two reads: a clear 404 at once), records a
 * pending request and hands its id to the worker (`dispatch`: in AWS an asynchronous Lambda invocation, locally the
 * same process). `runErasure` is the worker: it claims the request once (a retried invocation finds it claimed and
 * does nothing), runs the same use case as `hotline crm forget`, and records the report or the error. The record
 * holds the customer only while pending: once claimed it keeps the requester, the times and the report (numbers
 * masked, no customer id). A failed request can be asked again: erasure is idempotent.
 */
import { randomBytes } from 'node:crypto';
import type { ErasureReport, ErasureRequest } from '../../../schemas/api-privacy.js';
import type { ErasureRequestStore } from '../../ports/erasure-requests.js';
import { type ForgetDeps, forgetCustomer, resolveSubject } from './forget-customer.js';

/** This deployment has no erasure worker (the API was built without the tables it erases). */
export class ErasureUnavailableError extends Error {
  override readonly name = 'ErasureUnavailableError';
}

export interface ErasureDeps {
  readonly requests: ErasureRequestStore;
  readonly forget: ForgetDeps;
  /** Start the worker for a request (must not wait for it). */
  readonly dispatch: (requestId: string) => Promise<void>;
  readonly now: () => Date;
}

export async function submitErasure(deps: ErasureDeps, who: string, by: string): Promise<ErasureRequest> {
  await resolveSubject(deps.forget, who); // throws ForgetInputError (no such customer, not a number)
  const request: ErasureRequest = {
    requestId: `E${randomBytes(12).toString('hex')}`,
    status: 'pending',
    requestedBy: by,
    requestedAt: deps.now().toISOString(),
  };
  await deps.requests.create(request, who.trim());
  await deps.dispatch(request.requestId);
  return request;
}

/** The worker: erase for one request (once), and record what was removed. */
export async function runErasure(deps: ErasureDeps, requestId: string): Promise<ErasureRequest | undefined> {
  const who = await deps.requests.claim(requestId, deps.now());
  if (who === undefined) return deps.requests.get(requestId);
  try {
    const r = await forgetCustomer(deps.forget, who);
    const report: ErasureReport = {
      numbers: [...r.numbers],
      removed: r.removed,
      analyticsPartitions: [...r.analyticsPartitions],
    };
    await deps.requests.finish(requestId, { report }, deps.now());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.requests.finish(requestId, { error: message.slice(0, 500) }, deps.now());
  }
  return deps.requests.get(requestId);
}
