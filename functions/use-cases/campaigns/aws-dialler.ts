/**
 * The campaign dialler in AWS (issue 13): the same rules as the local run (core/campaigns/scheduler.ts) and the same
 * recording (dial.ts), split in two because a Connect call ends minutes after it is placed:
 *
 * - `dialTick` (a scheduled Lambda, once a minute): for every active campaign inside its calling window, the due
 *   entries pacing allows (progressive: agents available in the queue × lines per agent, minus the calls in
 *   progress; agentless: calls per minute), each checked against the do-not-call lists at dial time and placed
 *   with StartOutboundVoiceContact under its attempt's client token. The entry is marked `dialling` (the contact id).
 *   A tick that dies between placing and marking places the same attempt again with the same token: Connect
 *   returns the first contact and does not ring the customer again.
 * - `recordContactOutcome` (the contact's DISCONNECTED event, and CONTACT_DATA_UPDATED when an agent sets the
 *   `campaignDisposition` attribute after the call): what the call gave (answering machine detection, no answer,
 *   busy, the agentless flow's key, an agent's disposition) is recorded as the attempt, once, and fed to the
 *   ticket, order, pickup or lead. A dial whose event never came is looked up by the next ticks. An agent's call
 *   with no disposition yet stays marked (no line held, not dialled again) until the disposition comes.
 */
import type { Campaign, ListEntry } from '../../../schemas/campaigns.js';
import { outcomeOfContact } from '../../core/campaigns/connect-outcome.js';
import { clientTokenOf, inWindow, selectDials } from '../../core/campaigns/scheduler.js';
import { CampaignConflictError, type CampaignRepository } from '../../ports/campaign-repository.js';
import { CallRefusedError, type OutboundCalls } from '../../ports/outbound-calls.js';
import { checkBeforeDial, type DialDeps, recordOutcome } from './dial.js';

export interface AwsDiallerDeps extends DialDeps {
  readonly campaigns: DialDeps['campaigns'] &
    Pick<CampaignRepository, 'list' | 'get' | 'entries' | 'entry' | 'setDialling' | 'setStatus'>;
  readonly calls: OutboundCalls;
  /** The script with the entry's `{ref}` filled in (the whisper and the screen pop). */
  readonly scriptFor: (campaign: Campaign, entry: ListEntry) => string;
}

/** A dial with no outcome after this long is looked up with Connect (its event may have been lost). */
export const STALE_DIAL_MS = 5 * 60_000;
/** A dial Connect does not know after this long is recorded `failed`. */
export const LOST_DIAL_MS = 60 * 60_000;

export interface TickReport {
  readonly campaigns: number;
  readonly placed: number;
  readonly skippedDnc: number;
  readonly refused: number;
  readonly resolved: number;
  readonly completed: readonly string[];
}

/** What became of one dial in progress. */
export type Resolution = 'recorded' | 'replay' | 'in-progress' | 'awaiting-agent' | 'unknown';

/** Look at a dial in progress and record its attempt when the call is over. */
export async function resolveDial(
  deps: AwsDiallerDeps,
  campaign: Campaign,
  entry: ListEntry,
  now: Date,
): Promise<{ resolution: Resolution; entry: ListEntry }> {
  const d = entry.dialling;
  if (!d || d.n !== entry.attempts + 1) return { resolution: 'replay', entry };
  const facts = await deps.calls.contact(d.contactId);
  const dialledAt = new Date(d.at);
  if (!facts) {
    if (now.getTime() - dialledAt.getTime() < LOST_DIAL_MS) return { resolution: 'unknown', entry };
    const rec = await recordOutcome(deps, campaign, entry, dialledAt, {
      result: 'failed',
      contactId: d.contactId,
    });
    return { resolution: rec.recorded ? 'recorded' : 'replay', entry: rec.entry };
  }
  const outcome = outcomeOfContact(campaign, facts);
  if (outcome.kind === 'in-progress') return { resolution: 'in-progress', entry };
  if (outcome.kind === 'awaiting-agent') {
    if (d.endedAt) return { resolution: 'awaiting-agent', entry };
    const after = await deps.campaigns.setDialling(entry, {
      ...d,
      endedAt: (facts.disconnectedAt ?? now).toISOString(),
      ...(outcome.agentId ? { agentId: outcome.agentId.slice(0, 64) } : {}),
      ...(outcome.talkSeconds === undefined ? {} : { talkSeconds: outcome.talkSeconds }),
    });
    return { resolution: 'awaiting-agent', entry: after };
  }
  const { kind: _k, ...result } = outcome;
  const rec = await recordOutcome(deps, campaign, entry, dialledAt, { ...result, contactId: d.contactId });
  return { resolution: rec.recorded ? 'recorded' : 'replay', entry: rec.entry };
}

/** One minute of the dialler: every active campaign. */
export async function dialTick(deps: AwsDiallerDeps, now: Date): Promise<TickReport> {
  let placed = 0;
  let skippedDnc = 0;
  let refused = 0;
  let resolved = 0;
  const completed: string[] = [];
  const active = (await deps.campaigns.list()).filter((c) => c.status === 'active');
  for (const campaign of active) {
    const entries = await deps.campaigns.entries(campaign.name);
    // Dials whose end we have not heard of.
    for (const [i, e] of entries.entries()) {
      if (!e.dialling || e.dialling.endedAt) continue;
      if (now.getTime() - new Date(e.dialling.at).getTime() < STALE_DIAL_MS) continue;
      const r = await resolveDial(deps, campaign, e, now);
      if (r.resolution === 'recorded') resolved++;
      entries[i] = r.entry;
    }
    if (!entries.some((e) => e.status === 'pending')) {
      await deps.campaigns.setStatus(campaign.name, 'completed', now);
      completed.push(campaign.name);
      continue;
    }
    if (!inWindow(campaign.window, now)) continue;
    const live = entries.filter((e) => e.dialling && !e.dialling.endedAt);
    const due = selectDials(
      campaign,
      entries.filter((e) => !e.dialling),
      now,
      {
        availableAgents:
          campaign.mode === 'agent' && campaign.queue ? await deps.calls.availableAgents(campaign.queue) : 0,
        linesInUse: live.length,
        dialsLastMinute: live.filter((e) => now.getTime() - new Date(e.dialling?.at ?? 0).getTime() < 60_000)
          .length,
      },
    );
    for (const entry of due) {
      const reason = await checkBeforeDial(deps, campaign, entry, now);
      if (reason) {
        await recordOutcome(deps, campaign, entry, now, { dnc: reason });
        skippedDnc++;
        continue;
      }
      const n = entry.attempts + 1;
      const clientToken = clientTokenOf(campaign.name, entry.entryId, n);
      try {
        const { contactId } = await deps.calls.place({
          campaign,
          entry,
          n,
          clientToken,
          script: deps.scriptFor(campaign, entry),
        });
        await deps.campaigns.setDialling(entry, { n, clientToken, contactId, at: now.toISOString() });
        placed++;
      } catch (err) {
        if (err instanceof CallRefusedError) {
          await recordOutcome(deps, campaign, entry, now, { result: 'failed' });
          refused++;
        } else if (!(err instanceof CampaignConflictError)) throw err;
        // A conflict: another tick marked this entry first (the same token, the same contact).
      }
    }
  }
  return { campaigns: active.length, placed, skippedDnc, refused, resolved, completed };
}

/** The contact's end (its DISCONNECTED event): record the attempt of the campaign entry it dialled, once. */
export async function recordContactOutcome(
  deps: AwsDiallerDeps,
  contact: { readonly contactId: string; readonly campaign?: string; readonly entryId?: string },
  now: Date,
): Promise<Resolution | 'not-a-campaign-call'> {
  let name = contact.campaign;
  let entryId = contact.entryId;
  if (!name || !entryId) {
    const facts = await deps.calls.contact(contact.contactId);
    name = facts?.attributes.campaign;
    entryId = facts?.attributes.campaignEntry;
  }
  if (!name || !entryId) return 'not-a-campaign-call';
  const campaign = await deps.campaigns.get(name);
  if (!campaign) return 'not-a-campaign-call';
  const entry = await deps.campaigns.entry(name, entryId);
  if (!entry || entry.dialling?.contactId !== contact.contactId) return 'replay';
  return (await resolveDial(deps, campaign, entry, now)).resolution;
}
