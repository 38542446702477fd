import { z } from 'zod';
import { CustomerIdSchema, E164Schema, IsoTimeSchema, LanguageSchema } from './crm.js';
import { PROFILE_IDS } from './profile-ids.js';

/**
 * Outbound campaigns (issue 13, F12): the campaign definition, its dialling list and its attempts, and the
 * table items that hold them (CAMPAIGNS_TABLE in schemas/tables.ts).
 */

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case key: letters, digits and "-"');
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-10-01');

/** A campaign's name: its key in commands (`hotline campaigns run return-visits`). */
export const CampaignNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'a campaign name: lower-case letters, digits and "-", at most 48');

/** What the campaign is for: decides its dispositions, its flow and what a result does to its source. */
export const CAMPAIGN_PURPOSES = ['return-visit', 'reminder', 'ordering', 'telesales'] as const;
export const CampaignPurposeSchema = z.enum(CAMPAIGN_PURPOSES);
export type CampaignPurpose = z.infer<typeof CampaignPurposeSchema>;

/** Agent-assisted (progressive dialling for free agents) or agentless (an outbound IVR flow). */
export const CampaignModeSchema = z.enum(['agent', 'agentless']);
export type CampaignMode = z.infer<typeof CampaignModeSchema>;

/** Where the dialling list comes from (functions/ports/dialling-list-source.ts). */
export const ListSourceSchema = z.discriminatedUnion('kind', [
  /** A CSV file: phone, and optionally customerId, name, ref (a ticket/pickup id), language. */
  z.object({ kind: z.literal('csv'), file: z.string().min(1).max(500) }),
  /** Resolved complaints whose return visit is pending (the tickets). */
  z.object({ kind: z.literal('tickets'), category: Key.optional() }),
  /** Retailers below their lower limit this period (the order centre's shortfall). */
  z.object({ kind: z.literal('shortfall'), period: z.string().max(16).optional() }),
  /** Customers of a segment (tier, VIP, branch). */
  z.object({
    kind: z.literal('segment'),
    tier: z.string().max(16).optional(),
    vip: z.boolean().optional(),
    branch: z.string().max(64).optional(),
  }),
  /** Booked pickups of a local day (carrier): the reminder. */
  z.object({ kind: z.literal('pickups'), day: IsoDate }),
  /** Leads not yet contacted that agreed to a call back (the leads capability's `leadsToCall`), of one interest. */
  z.object({ kind: z.literal('leads'), interest: Key.optional() }),
]);
export type ListSource = z.infer<typeof ListSourceSchema>;

/** When the campaign may ring customers: per ISO weekday, in the profile's time zone, minus holidays. */
export const CallingWindowSchema = z.object({
  timeZone: z.string().min(1),
  days: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.object({ start: HhMm, end: HhMm })),
  holidays: z.array(IsoDate).default([]),
});
export type CallingWindow = z.infer<typeof CallingWindowSchema>;

/** What a dial gave, before any disposition. */
export const DIAL_RESULTS = ['answered', 'no-answer', 'busy', 'voicemail', 'abandoned', 'failed'] as const;
export const DialResultSchema = z.enum(DIAL_RESULTS);
export type DialResult = z.infer<typeof DialResultSchema>;
/** The dial results that may be tried again (per-result rule). */
export const RETRYABLE_RESULTS = ['no-answer', 'busy', 'voicemail', 'abandoned', 'failed'] as const;
export type RetryableResult = (typeof RETRYABLE_RESULTS)[number];

export const RetryRuleSchema = z.object({
  /** Minutes to wait before the next attempt. */
  afterMinutes: z.number().int().min(1).max(10_080),
  /** At most this many attempts in all for a contact whose last result is this one. */
  maxAttempts: z.number().int().min(1).max(20),
});
export type RetryRule = z.infer<typeof RetryRuleSchema>;

export const PacingSchema = z.discriminatedUnion('kind', [
  /** Agent campaigns: dial only for an available agent, at most `linesPerAgent` lines each. */
  z.object({ kind: z.literal('progressive'), linesPerAgent: z.number().int().min(1).max(3) }),
  /** Agentless campaigns: at most `callsPerMinute` dials a minute. */
  z.object({ kind: z.literal('rate'), callsPerMinute: z.number().int().min(1).max(600) }),
]);
export type Pacing = z.infer<typeof PacingSchema>;

/**
 * A disposition an agent records (or the IVR's key gives). `effect` is what it does: `done` ends the contact
 * (with `success` saying whether it counts as a conversion), `callback` tries again at the time given, `dnc`
 * ends it and adds the number to the campaign's own do-not-call list, `retry` tries again by the retry rules.
 */
export const DispositionSchema = z.object({
  key: Key,
  label: z.string().min(1).max(60),
  effect: z.enum(['done', 'callback', 'dnc', 'retry']),
  success: z.boolean().default(false),
});
export type Disposition = z.infer<typeof DispositionSchema>;

export const CAMPAIGN_STATUSES = ['active', 'paused', 'completed'] as const;
export const CampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

export const CampaignSchema = z
  .object({
    name: CampaignNameSchema,
    profile: z.enum(PROFILE_IDS),
    purpose: CampaignPurposeSchema,
    mode: CampaignModeSchema,
    source: ListSourceSchema,
    /** Agent campaigns: the queue whose agents take the calls (the profile's queue key). */
    queue: Key.optional(),
    window: CallingWindowSchema,
    retry: z.partialRecord(z.enum(RETRYABLE_RESULTS), RetryRuleSchema),
    /** At most this many attempts per contact, whatever the results. */
    maxAttempts: z.number().int().min(1).max(20),
    pacing: PacingSchema,
    dispositions: z.array(DispositionSchema).min(1).max(20),
    /** What the agent reads (screen pop), or what the IVR says (agentless). */
    script: z.string().min(1).max(2000),
    /** Agentless: the key each disposition is given by (`{"1":"satisfied","2":"unsatisfied"}`). */
    keys: z.record(z.string().regex(/^[0-9*#]$/), Key).optional(),
    status: CampaignStatusSchema,
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
    createdBy: z.string().min(1).max(64),
    /** Entries loaded, and those left out at load time (no number, invalid number, duplicates). */
    loaded: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'agent' && !c.queue)
      ctx.addIssue({ code: 'custom', message: 'an agent campaign needs a queue', path: ['queue'] });
    if (c.mode === 'agent' && c.pacing.kind !== 'progressive')
      ctx.addIssue({ code: 'custom', message: 'an agent campaign is paced progressively', path: ['pacing'] });
    if (c.mode === 'agentless' && c.pacing.kind !== 'rate')
      ctx.addIssue({ code: 'custom', message: 'an agentless campaign is paced by a rate', path: ['pacing'] });
    const keys = new Set(c.dispositions.map((d) => d.key));
    for (const [k, d] of Object.entries(c.keys ?? {}))
      if (!keys.has(d))
        ctx.addIssue({ code: 'custom', message: `key ${k}: unknown disposition "${d}"`, path: ['keys', k] });
  });
export type Campaign = z.infer<typeof CampaignSchema>;

/** What a list entry points back to, so its result can feed it. */
export const EntryRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('ticket'), ticketId: z.string().max(32) }),
  z.object({
    kind: z.literal('retailer'),
    customerId: CustomerIdSchema,
    lines: z
      .array(
        z.object({ code: z.string().min(1).max(32), quantity: z.number().int().positive().max(100_000) }),
      )
      .max(20),
  }),
  z.object({ kind: z.literal('pickup'), pickupId: z.string().max(32) }),
  z.object({ kind: z.literal('lead'), leadId: z.string().max(64) }),
]);
export type EntryRef = z.infer<typeof EntryRefSchema>;

export const ENTRY_STATUSES = ['pending', 'done', 'failed', 'dnc'] as const;
export const EntryStatusSchema = z.enum(ENTRY_STATUSES);
export type EntryStatus = z.infer<typeof EntryStatusSchema>;

/** One contact of the dialling list and where it stands. */
export const ListEntrySchema = z.object({
  campaign: CampaignNameSchema,
  /** `0001`…: the load order. */
  entryId: z.string().regex(/^\d{4,6}$/),
  phone: E164Schema,
  customerId: CustomerIdSchema.optional(),
  name: z.string().max(100).optional(),
  language: LanguageSchema,
  ref: EntryRefSchema,
  status: EntryStatusSchema,
  attempts: z.number().int().min(0).max(20),
  /** Not before this instant (retry or call-back time). */
  nextAt: IsoTimeSchema.optional(),
  lastResult: DialResultSchema.optional(),
  /** The final disposition (or `unreachable` when attempts ran out, `dnc` when skipped at dial time). */
  disposition: z.string().max(32).optional(),
  /** What feeding the source did: `ticket T… closed`, `order O… placed`. */
  effect: z.string().max(200).optional(),
  /**
   * In AWS, a dial placed and not yet over (the scheduled dialler, functions/campaign-dialler): attempt `n`,
   * its client token, the Connect contact it started and when. Cleared when the attempt is recorded.
   */
  dialling: z
    .object({
      n: z.number().int().min(1).max(20),
      clientToken: z.string().min(1).max(500),
      contactId: z.string().min(1).max(256),
      at: IsoTimeSchema,
      /** The call is over, answered by this agent, and waits for the agent's disposition. */
      endedAt: IsoTimeSchema.optional(),
      agentId: z.string().max(64).optional(),
      talkSeconds: z.number().int().min(0).max(86_400).optional(),
    })
    .optional(),
  updatedAt: IsoTimeSchema,
});
export type ListEntry = z.infer<typeof ListEntrySchema>;

/** One dial of one entry: kept per attempt (sequence `n`), written once (replays change nothing). */
export const AttemptSchema = z.object({
  campaign: CampaignNameSchema,
  entryId: z.string().regex(/^\d{4,6}$/),
  n: z.number().int().min(1).max(20),
  /** The idempotency token of this dial (StartOutboundVoiceContact's ClientToken in AWS). */
  clientToken: z.string().min(1).max(500),
  phone: E164Schema,
  at: IsoTimeSchema,
  result: DialResultSchema.or(z.literal('dnc')),
  /** For `dnc`: blacklist, sms-opt-out, campaign-opt-out. */
  reason: z.string().max(64).optional(),
  disposition: z.string().max(32).optional(),
  keys: z.string().max(32).optional(),
  agentId: z.string().max(64).optional(),
  contactId: z.string().max(128).optional(),
  talkSeconds: z.number().int().min(0).max(86_400).optional(),
  callbackAt: IsoTimeSchema.optional(),
  effect: z.string().max(200).optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const CampaignItemSchema = CampaignSchema.and(
  z.object({ pk: z.string(), sk: z.literal('CAMPAIGN'), entity: z.literal('campaign') }),
);
export const ListEntryItemSchema = ListEntrySchema.extend({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('entry'),
});
export const AttemptItemSchema = AttemptSchema.extend({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('attempt'),
});
export const OptOutItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('campaign-opt-out'),
  phone: E164Schema,
  at: IsoTimeSchema,
  by: z.string().max(64),
});
