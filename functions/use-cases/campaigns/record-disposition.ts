/**
 * An agent's disposition for the campaign call they made: one use case for `hotline campaigns record` and the
 * workspace's button (POST /api/campaigns/{name}/entries/{entryId}/disposition). The checks are made here, then
 * the attempt goes through the dialler's own `recordOutcome` (dial.ts): the same rules (retry, call-back, maximum
 * attempts), the same do-not-call list, the same feeding of the source (tickets, orders, pickups, leads), the
 * same once-only write.
 *
 * Once per call: with the contact id, a request repeated after it was recorded (a retry, a double click, a
 * second tab) finds the entry's last attempt made for that contact and changes nothing; a different disposition
 * for a call already recorded is refused. Without it (the CLI), an entry already finished is refused.
 */
import type { Attempt, Campaign, ListEntry } from '../../../schemas/campaigns.js';
import type { AfterAttempt } from '../../core/campaigns/scheduler.js';
import { CampaignConflictError, type CampaignRepository } from '../../ports/campaign-repository.js';
import { type DialDeps, type Recorded, recordOutcome } from './dial.js';
import { CampaignRuleError } from './manage-campaigns.js';

/** The request names a disposition the campaign does not have, or a call-back time where none applies. */
export class DispositionInputError extends Error {
  override readonly name = 'DispositionInputError';
}

/** No such campaign, or no such entry in its list. */
export class CampaignNotFoundError extends Error {
  override readonly name = 'CampaignNotFoundError';
}

export interface RecordDispositionDeps extends DialDeps {
  readonly campaigns: DialDeps['campaigns'] & Pick<CampaignRepository, 'get' | 'entry' | 'attempt'>;
}

export interface AgentDisposition {
  readonly campaign: string;
  readonly entryId: string;
  readonly disposition: string;
  readonly at: Date;
  readonly agentId?: string;
  /** The call (Connect's contact id, or the local call's): makes the request safe to repeat. */
  readonly contactId?: string;
  /** A call-back disposition: when to call again (default: an hour later). */
  readonly callbackAt?: Date;
}

export interface DispositionRecorded extends Recorded {
  readonly campaign: Campaign;
}

/** A call-back time is at most this far ahead. */
const MAX_CALLBACK_MS = 31 * 86_400_000;

export async function recordAgentDisposition(
  deps: RecordDispositionDeps,
  input: AgentDisposition,
): Promise<DispositionRecorded> {
  const campaign = await deps.campaigns.get(input.campaign);
  if (!campaign) throw new CampaignNotFoundError(`no campaign "${input.campaign}"`);
  const disposition = campaign.dispositions.find((d) => d.key === input.disposition);
  if (!disposition)
    throw new DispositionInputError(
      `disposition "${input.disposition.slice(0, 32)}": campaign ${campaign.name} has ${campaign.dispositions.map((d) => d.key).join(', ')}`,
    );
  if (input.callbackAt) {
    if (disposition.effect !== 'callback')
      throw new DispositionInputError(
        `a call-back time goes with a call-back disposition (${callbackKeys(campaign) || 'none in this campaign'}), not "${disposition.key}"`,
      );
    const ahead = input.callbackAt.getTime() - input.at.getTime();
    if (ahead <= 0) throw new DispositionInputError('the call-back time must be later than the call');
    if (ahead > MAX_CALLBACK_MS)
      throw new DispositionInputError('the call-back time is at most 31 days ahead');
  }
  const entry = await deps.campaigns.entry(campaign.name, input.entryId);
  if (!entry) throw new CampaignNotFoundError(`campaign ${campaign.name} has no entry ${input.entryId}`);

  // Already recorded for this call: a repeated request changes nothing.
  if (input.contactId && entry.attempts > 0) {
    const last = await deps.campaigns.attempt(campaign.name, entry.entryId, entry.attempts);
    if (last && last.contactId === input.contactId) {
      if (last.disposition !== disposition.key)
        throw new CampaignConflictError(
          `the call ${input.contactId} is already recorded as "${last.disposition ?? last.result}" for entry ${entry.entryId} of ${campaign.name}`,
        );
      return { campaign, entry, attempt: last, decision: decisionOf(entry, last), recorded: false };
    }
  }
  if (entry.status !== 'pending')
    throw new CampaignRuleError(
      `entry ${entry.entryId} of ${campaign.name} is ${entry.status}${entry.disposition ? ` (${entry.disposition})` : ''}`,
    );
  // In AWS the dial this disposition closes is marked on the entry (awaiting the agent): its time and talk.
  const dial = input.contactId && entry.dialling?.contactId === input.contactId ? entry.dialling : undefined;
  const rec = await recordOutcome(deps, campaign, entry, dial ? new Date(dial.at) : input.at, {
    result: 'answered',
    disposition: disposition.key,
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.contactId ? { contactId: input.contactId } : {}),
    ...(dial?.talkSeconds !== undefined ? { talkSeconds: dial.talkSeconds } : {}),
    ...(input.callbackAt ? { callbackAt: input.callbackAt } : {}),
  });
  return { ...rec, campaign };
}

const callbackKeys = (c: Campaign) =>
  c.dispositions
    .filter((d) => d.effect === 'callback')
    .map((d) => d.key)
    .join(', ');

/** Where the entry stands after the attempt (for a repeated request). */
function decisionOf(entry: ListEntry, attempt: Attempt): AfterAttempt {
  if (entry.status === 'pending')
    return { kind: 'retry', nextAt: new Date(entry.nextAt ?? attempt.callbackAt ?? attempt.at) };
  return {
    kind: 'done',
    status: entry.status,
    disposition: entry.disposition ?? attempt.disposition ?? attempt.result,
  };
}
