import { z } from 'zod';

export const LOOKUP_STATUSES = ['ok', 'not_found', 'degraded'] as const;
export const LookupStatusSchema = z.enum(LOOKUP_STATUSES);
export type LookupStatus = z.infer<typeof LookupStatusSchema>;

const bool = z.enum(['true', 'false']);

/**
 * The caller-lookup Lambda's answer: a flat string map (ResponseType STRING_MAP) that the
 * inbound flow reads as `$.External.<key>`. Every key is always present (empty string when
 * unknown) so flows can compare without null checks, which Connect cannot do.
 * No free text and no phone numbers: the block reason is a code.
 */
export const LookupResponseSchema = z.strictObject({
  lookupStatus: LookupStatusSchema,
  /** `true` when the number belongs to a customer. */
  known: bool,
  /** `true` when the caller withheld their number (anonymous, empty or no endpoint). */
  withheld: bool,
  customerId: z.string(),
  displayName: z.string(),
  tier: z.string(),
  vip: bool,
  blocked: bool,
  blockReason: z.string(),
  /** Dedicated agent of a VIP, if any. */
  dedicatedAgentId: z.string(),
  lastAgentId: z.string(),
  /** ISO time of the last contact, or empty. */
  lastContactAt: z.string(),
  branch: z.string(),
  /** Key of the queue the flow should prefer (the profile's VIP queue, the caller's branch queue) or empty for the menu. */
  queueHint: z.string(),
  openTickets: z.string().regex(/^\d+$/),
  recentContactCount: z.string().regex(/^\d+$/),
  /** The last contacts, newest first, as compact JSON `[{"at","agentId","queue","channel"}]` for the agent's screen pop. */
  recentContacts: z.string(),
  language: z.string(),
  /** Carrier: where couriers collect (issue 12 item 5). */
  pickupAddress: z.string(),
  /** Dealer: the vehicles as text, `沪A12345 Model Y 2024-05-01; …`. */
  vehicles: z.string(),
  /** Outsourcer: the client company and the brand. */
  client: z.string(),
  brand: z.string(),
  /**
   * The industry fields as one sentence for the agent's whisper, in the agents' language (the profile's default):
   * `取件地址：…，网点：shanghai。`, or empty when the record has none.
   */
  customerDetails: z.string(),
});
export type LookupResponse = z.infer<typeof LookupResponseSchema>;
