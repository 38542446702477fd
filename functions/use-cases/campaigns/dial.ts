/**
 * One dial of a campaign entry, around whatever places the call (the local dialler, or StartOutboundVoiceContact):
 *
 * 1. `checkBeforeDial`: do-not-call at dial time (blacklist, SMS opt-outs, the campaign's own list), not only at
 *    load time: a number blocked after the list was loaded is never rung.
 * 2. `recordOutcome`: the attempt (once: a replay changes nothing) and the entry's next state, in one write;
 *    then, when the contact is finished, its result feeds the source (apply-result.ts) and the effect is noted.
 */
import type { Attempt, Campaign, DialResult, ListEntry } from '../../../schemas/campaigns.js';
import {
  type AfterAttempt,
  afterAttempt,
  clientTokenOf,
  type DncReason,
  dncReason,
  entryAfter,
} from '../../core/campaigns/scheduler.js';
import type { CampaignRepository } from '../../ports/campaign-repository.js';
import { type FeedDeps, feedSource } from './apply-result.js';

/** The do-not-call lists outside the campaign (the CRM's blacklist, the SMS centre's opt-outs). */
export interface DncLookup {
  blocked(phone: string, at: Date): Promise<boolean>;
  smsOptedOut(phone: string): Promise<boolean>;
}

export interface DialDeps {
  readonly campaigns: Pick<CampaignRepository, 'recordAttempt' | 'setEffect' | 'isOptedOut' | 'optOut'>;
  readonly dnc: DncLookup;
  readonly feed: FeedDeps;
}

export async function checkBeforeDial(
  deps: Pick<DialDeps, 'campaigns' | 'dnc'>,
  campaign: Pick<Campaign, 'name'>,
  entry: Pick<ListEntry, 'phone'>,
  at: Date,
): Promise<DncReason | undefined> {
  const [blocked, smsOptedOut, campaignOptedOut] = await Promise.all([
    deps.dnc.blocked(entry.phone, at),
    deps.dnc.smsOptedOut(entry.phone),
    deps.campaigns.isOptedOut(campaign.name, entry.phone),
  ]);
  return dncReason({ blocked, smsOptedOut, campaignOptedOut });
}

/** What a dial gave (the dialler's report). */
export interface DialOutcome {
  readonly result: DialResult;
  readonly keys?: string;
  readonly disposition?: string;
  readonly agentId?: string;
  readonly contactId?: string;
  readonly talkSeconds?: number;
  readonly callbackAt?: Date;
}

export interface Recorded {
  readonly entry: ListEntry;
  readonly attempt: Attempt;
  readonly decision: AfterAttempt;
  /** False when this attempt was recorded before (a replay): nothing changed. */
  readonly recorded: boolean;
}

/** Record the attempt `entry.attempts + 1` made at `at`: its outcome, or the do-not-call reason it was skipped for. */
export async function recordOutcome(
  deps: DialDeps,
  campaign: Campaign,
  entry: ListEntry,
  at: Date,
  outcome: DialOutcome | { readonly dnc: DncReason },
): Promise<Recorded> {
  const n = entry.attempts + 1;
  const by = `campaign:${campaign.name}`;
  const decision: AfterAttempt =
    'dnc' in outcome
      ? { kind: 'done', status: 'dnc', disposition: outcome.dnc }
      : afterAttempt(campaign, n, outcome.result, at, {
          ...(outcome.disposition ? { disposition: outcome.disposition } : {}),
          ...(outcome.callbackAt ? { callbackAt: outcome.callbackAt } : {}),
        });
  const attempt: Attempt = {
    campaign: campaign.name,
    entryId: entry.entryId,
    n,
    clientToken: clientTokenOf(campaign.name, entry.entryId, n),
    phone: entry.phone,
    at: at.toISOString(),
    ...('dnc' in outcome
      ? { result: 'dnc' as const, reason: outcome.dnc }
      : {
          result: outcome.result,
          ...(outcome.disposition ? { disposition: outcome.disposition } : {}),
          ...(outcome.keys !== undefined ? { keys: outcome.keys } : {}),
          ...(outcome.agentId ? { agentId: outcome.agentId } : {}),
          ...(outcome.contactId ? { contactId: outcome.contactId } : {}),
          ...(outcome.talkSeconds !== undefined ? { talkSeconds: Math.round(outcome.talkSeconds) } : {}),
          ...(decision.kind === 'retry' && outcome.disposition === 'call-back'
            ? { callbackAt: decision.nextAt.toISOString() }
            : {}),
        }),
  };
  const after = entryAfter(entry, attempt, decision);
  const stored = await deps.campaigns.recordAttempt(attempt, entry, after);
  if (!stored.recorded) return { entry, attempt: stored.attempt, decision, recorded: false };
  if (
    !('dnc' in outcome) &&
    campaign.dispositions.find((d) => d.key === outcome.disposition)?.effect === 'dnc'
  )
    await deps.campaigns.optOut(campaign.name, entry.phone, at, by);
  // A finished contact feeds its source; one skipped at dial time (do-not-call lists) was never reached.
  if (decision.kind !== 'done' || 'dnc' in outcome)
    return { entry: after, attempt, decision, recorded: true };
  const effect = await feedSource(deps.feed, campaign, after, attempt, decision.disposition, at);
  if (!effect) return { entry: after, attempt, decision, recorded: true };
  await deps.campaigns.setEffect(attempt, effect);
  return { entry: { ...after, effect }, attempt: { ...attempt, effect }, decision, recorded: true };
}
