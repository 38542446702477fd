import type { Campaign, ListEntry } from '../../schemas/campaigns.js';
import type { ContactFacts } from '../core/campaigns/connect-outcome.js';

/** One outbound call to place (an attempt of a campaign entry). */
export interface PlaceCall {
  readonly campaign: Campaign;
  readonly entry: ListEntry;
  readonly n: number;
  /** The attempt's idempotency token: placing the same attempt again never rings the customer twice. */
  readonly clientToken: string;
  /** The script with its `{ref}` filled in (the agent's whisper and screen pop). */
  readonly script: string;
}

/** A call Connect refused to place (bad number, quota): the attempt is recorded `failed`. */
export class CallRefusedError extends Error {
  override readonly name = 'CallRefusedError';
}

/**
 * Amazon Connect's outbound side (port), for the scheduled dialler in AWS. The adapter:
 * functions/adapters/connect/outbound-calls.ts (StartOutboundVoiceContact, DescribeContact, GetContactAttributes,
 * GetCurrentMetricData).
 */
export interface OutboundCalls {
  /** Place the call; the Connect contact id. CallRefusedError when Connect refuses this number. */
  place(call: PlaceCall): Promise<{ contactId: string }>;
  /** Agents available now in the campaign's queue (progressive pacing). */
  availableAgents(queueKey: string): Promise<number>;
  /** What the contact did so far; undefined when Connect does not know it. */
  contact(contactId: string): Promise<ContactFacts | undefined>;
}
