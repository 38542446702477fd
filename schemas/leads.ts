/**
 * Sales leads (issue 12, the outsourcer): the client's product lines per profile, the lead record with its
 * lifecycle (new → contacted → qualified → won / lost) and history, and the in-call Lambda's parameters and
 * answer. Table layout: schemas/tables.ts LEADS_TABLE.
 */
import { z } from 'zod';
import { CustomerIdSchema, E164Schema, IsoTimeSchema, LanguageSchema } from './crm.js';

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and "-"');
const Labels = z.object({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) });

export const ProductLineSchema = z.object({ key: Key, label: Labels });
export type ProductLine = z.infer<typeof ProductLineSchema>;

export const LeadSettingsSchema = z
  .object({
    timeZone: z.string().min(1),
    /** The profile's queue whose menu key captures leads (its agents take the call after). */
    queue: z.string().min(1),
    /** The client brand the centre sells for. */
    client: z.object({ key: Key, name: Labels }),
    /** What the caller may be interested in: keys 1…n of the interest menu, in order. */
    productLines: z.array(ProductLineSchema).min(1).max(8),
  })
  .superRefine((s, ctx) => {
    const keys = new Set<string>();
    for (const [i, p] of s.productLines.entries()) {
      if (keys.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['productLines', i, 'key'], message: 'duplicate' });
      keys.add(p.key);
    }
  });
export type LeadSettings = z.infer<typeof LeadSettingsSchema>;

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;
export const LeadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatusSchema>;

/** Where a lead came from: a call to the hotline, an agent, an outbound campaign, the web, an import. */
export const LEAD_SOURCES = ['ivr', 'agent', 'campaign', 'web', 'import'] as const;
export const LeadSourceSchema = z.enum(LEAD_SOURCES);
export type LeadSource = z.infer<typeof LeadSourceSchema>;

/** `L20261123-0001`: the local day of capture and a per-day counter. */
export const LeadIdSchema = z.string().regex(/^L\d{8}-\d{4,}$/, 'a lead number such as L20261123-0001');

export const LeadEventSchema = z.object({
  at: IsoTimeSchema,
  from: LeadStatusSchema.optional(),
  to: LeadStatusSchema,
  by: z.string().min(1).max(64),
  note: z.string().max(500).optional(),
});
export type LeadEvent = z.infer<typeof LeadEventSchema>;

export const LeadSchema = z.object({
  leadId: LeadIdSchema,
  status: LeadStatusSchema,
  source: LeadSourceSchema,
  /** More about the source: the number dialled (an advert's number), a campaign id, a web form. */
  sourceDetail: z.string().max(64).optional(),
  client: Key,
  /** A product line key of the settings. */
  interest: Key,
  /** The caller agreed to be called back. */
  consent: z.boolean(),
  customerId: CustomerIdSchema.optional(),
  name: z.string().max(100).optional(),
  phone: E164Schema.optional(),
  language: LanguageSchema,
  contactId: z.string().max(256).optional(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  history: z.array(LeadEventSchema).min(1),
});
export type Lead = z.infer<typeof LeadSchema>;

/** The in-call Lambda's parameters (flow → Lambda). */
export const LeadParamsSchema = z.object({
  action: z.literal('capture'),
  interest: z.string().max(32),
  /** `yes` or `no`. */
  consent: z.string().max(8),
  customerId: z.string().max(64).optional(),
  phoneNumber: z.string().max(64).optional(),
  dialledNumber: z.string().max(64).optional(),
  language: z.string().max(16).optional(),
});

/**
 * The Lambda's answer (flat STRING_MAP): `leadStatus` `ok` (recorded) or `degraded` (failure: the flow
 * apologises); `prompt`: what the caller hears before the transfer to sales; `leadId`.
 */
export const LeadResponseSchema = z.object({
  leadStatus: z.enum(['ok', 'degraded']),
  prompt: z.string(),
  leadId: z.string(),
});
export type LeadResponse = z.infer<typeof LeadResponseSchema>;
