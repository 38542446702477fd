/**
 * What an outbound Connect contact gave, as a campaign attempt's result (pure). Read from DescribeContact (answering
 * machine detection status, disconnect reason, timestamps, agent) and the contact's attributes (the agentless flow's
 * `campaignResult`; an agent's `campaignDisposition`).
 *
 * Connect documents `AnsweringMachineDetectionStatus` values (HUMAN_ANSWERED, VOICEMAIL_BEEP, VOICEMAIL_NO_BEEP,
 * SIT_TONE_BUSY, SIT_TONE_INVALID_NUMBER, SIT_TONE_DETECTED, FAX_MACHINE_DETECTED, AMD_UNANSWERED, ERROR…) for calls
 * with detection on. Which `DisconnectReason` a busy or unreachable number gives without detection is *unverified*:
 * both `OUTBOUND_*` reasons and the SIT tones are read, and a call never connected is a no-answer.
 */
import type { Campaign, DialResult } from '../../../schemas/campaigns.js';

/** The facts of one contact (adapter-neutral). */
export interface ContactFacts {
  /** The contact is over (it has a disconnect timestamp). */
  readonly ended: boolean;
  readonly amdStatus?: string | undefined;
  readonly disconnectReason?: string | undefined;
  readonly connectedToSystemAt?: Date | undefined;
  readonly connectedToAgentAt?: Date | undefined;
  readonly disconnectedAt?: Date | undefined;
  readonly agentId?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The attribute an agent (or the agent's workspace) sets to the campaign disposition it chose. */
export const AGENT_DISPOSITION_ATTRIBUTE = 'campaignDisposition';

export type ContactOutcome =
  | {
      readonly kind: 'result';
      readonly result: DialResult;
      readonly keys?: string;
      readonly disposition?: string;
      readonly agentId?: string;
      readonly talkSeconds?: number;
    }
  /** An agent took the call and has not recorded a disposition yet: nothing to record until it does. */
  | { readonly kind: 'awaiting-agent'; readonly agentId?: string; readonly talkSeconds?: number }
  /** Still ringing or talking. */
  | { readonly kind: 'in-progress' };

const VOICEMAIL = new Set(['VOICEMAIL_BEEP', 'VOICEMAIL_NO_BEEP']);
const BUSY = new Set(['SIT_TONE_BUSY']);
const FAILED = new Set(['SIT_TONE_INVALID_NUMBER', 'SIT_TONE_DETECTED', 'FAX_MACHINE_DETECTED']);
const NO_ANSWER = new Set(['AMD_UNANSWERED']);

export function outcomeOfContact(
  campaign: Pick<Campaign, 'mode' | 'keys' | 'dispositions'>,
  facts: ContactFacts,
): ContactOutcome {
  if (!facts.ended) return { kind: 'in-progress' };
  const amd = facts.amdStatus ?? '';
  const reason = (facts.disconnectReason ?? '').toUpperCase();
  if (VOICEMAIL.has(amd)) return { kind: 'result', result: 'voicemail' };
  if (BUSY.has(amd) || (!facts.connectedToSystemAt && reason.includes('BUSY')))
    return { kind: 'result', result: 'busy' };
  if (FAILED.has(amd)) return { kind: 'result', result: 'failed' };
  if (NO_ANSWER.has(amd)) return { kind: 'result', result: 'no-answer' };
  if (!facts.connectedToSystemAt)
    return {
      kind: 'result',
      result: /OUTBOUND_(DESTINATION_ENDPOINT_ERROR|RESOURCE_ERROR|ATTEMPT_FAILED)/.test(reason)
        ? 'failed'
        : 'no-answer',
    };
  const known = new Set(campaign.dispositions.map((d) => d.key));
  if (campaign.mode === 'agentless') {
    const disposition = facts.attributes.campaignResult;
    const key = Object.entries(campaign.keys ?? {}).find(([, d]) => d === disposition)?.[0];
    return disposition && known.has(disposition)
      ? { kind: 'result', result: 'answered', disposition, ...(key ? { keys: key } : {}) }
      : // No key pressed: retried as a no-answer, as the local dialler does.
        { kind: 'result', result: 'answered' };
  }
  if (!facts.connectedToAgentAt)
    // Answered, but no agent took it before the customer hung up or the queue gave up.
    return { kind: 'result', result: 'abandoned' };
  const talkSeconds = facts.disconnectedAt
    ? Math.max(0, Math.round((facts.disconnectedAt.getTime() - facts.connectedToAgentAt.getTime()) / 1000))
    : undefined;
  const agent = {
    ...(facts.agentId ? { agentId: facts.agentId } : {}),
    ...(talkSeconds === undefined ? {} : { talkSeconds }),
  };
  const disposition = facts.attributes[AGENT_DISPOSITION_ATTRIBUTE];
  if (disposition && known.has(disposition))
    return { kind: 'result', result: 'answered', disposition, ...agent };
  return { kind: 'awaiting-agent', ...agent };
}
