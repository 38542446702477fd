/**
 * Bodies and answers of the agent's campaign routes (functions/api/routes/campaigns.ts): on a campaign call, the
 * campaign's dispositions and where the contact stands, and the disposition the agent records.
 */
import { z } from 'zod';
import { CampaignNameSchema, DispositionSchema, EntryStatusSchema } from './campaigns.js';

export const CampaignEntryParamsSchema = z.object({
  name: CampaignNameSchema,
  entryId: z.string().regex(/^\d{4,6}$/, 'the entry number, e.g. 0003'),
});

/** What an attempt recorded, as the agent sees it. */
export const RecordedAttemptSchema = z.object({
  n: z.number().int(),
  at: z.string(),
  result: z.string(),
  disposition: z.string().optional(),
  agentId: z.string().optional(),
  contactId: z.string().optional(),
  callbackAt: z.string().optional(),
  /** What it did to its source: `ticket T… reopened (unsatisfied)`. */
  effect: z.string().optional(),
});

export const CampaignEntryStateSchema = z.object({
  entryId: z.string(),
  status: EntryStatusSchema,
  attempts: z.number().int(),
  /** The final disposition once the contact is finished. */
  disposition: z.string().optional(),
  /** Pending: not called again before this time (a retry or a call-back). */
  nextAt: z.string().optional(),
  effect: z.string().optional(),
});

export const CampaignCallSchema = z.object({
  campaign: z.object({
    name: z.string(),
    purpose: z.string(),
    mode: z.string(),
    status: z.string(),
    dispositions: z.array(DispositionSchema),
  }),
  entry: CampaignEntryStateSchema,
  /** The entry's latest attempt, if any (what was recorded for the last call). */
  lastAttempt: RecordedAttemptSchema.optional(),
});
export type CampaignCall = z.infer<typeof CampaignCallSchema>;

export const RecordDispositionBodySchema = z.object({
  /** One of the campaign's disposition keys. */
  disposition: z.string().min(1).max(32),
  /** The call the disposition is for: the same call is recorded once, whatever the retries. */
  contactId: z.string().min(1).max(128),
  /** A call-back disposition: when to call again (ISO 8601 with its offset); default an hour later. */
  callbackAt: z.iso.datetime({ offset: true }).optional(),
});
export type RecordDispositionBody = z.infer<typeof RecordDispositionBodySchema>;

export const DispositionResultSchema = z.object({
  /** False when this call was recorded before (a repeated request): nothing changed. */
  recorded: z.boolean(),
  attempt: RecordedAttemptSchema,
  entry: CampaignEntryStateSchema,
});
export type DispositionResult = z.infer<typeof DispositionResultSchema>;
