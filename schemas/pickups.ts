/**
 * Pickup booking and dispatch (issue 12, F7/F14 for the carrier): the profile's pickup settings (branches,
 * slots, capacity), the pickup record with its lifecycle and history, and the in-call Lambda's parameters and
 * answer. Table layout: schemas/tables.ts PICKUPS_TABLE.
 */
import { z } from 'zod';
import { CustomerIdSchema, E164Schema, IsoTimeSchema, LanguageSchema } from './crm.js';

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and "-"');
const Labels = z.object({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) });

/** One pickup window of a day, the same for every branch: `am` 09:00–12:00. */
export const PickupSlotDefSchema = z.object({
  key: Key,
  start: HhMm,
  end: HhMm,
  /** How the window is spoken after the day: "上午9点到12点" / "between 9 AM and noon". */
  label: Labels,
});

/** A branch that dispatches couriers: its own SNS topic, working days and capacity per slot. */
export const PickupBranchSchema = z.object({
  /** The customer record's `branch` value. */
  key: Key,
  name: Labels,
  /** Pickups one slot of one day can take (the branch's couriers × stops). */
  capacityPerSlot: z.number().int().min(1).max(10_000),
  /** ISO weekdays the branch collects (1 Monday … 7 Sunday). */
  days: z.array(z.number().int().min(1).max(7)).min(1),
});
export type PickupBranch = z.infer<typeof PickupBranchSchema>;

export const PickupSettingsSchema = z
  .object({
    timeZone: z.string().min(1),
    /** The profile's queue whose menu key books pickups (its agents take the callers self-service cannot serve). */
    queue: z.string().min(1),
    slots: z.array(PickupSlotDefSchema).min(1).max(4),
    branches: z.array(PickupBranchSchema).min(1).max(50),
    /** A slot is offered while at least this many minutes are left before it ends. */
    leadMinutes: z.number().int().min(0).max(720),
    /** How many slots the caller is offered (keys 1…n). */
    offer: z.number().int().min(1).max(3),
    /** How many days ahead (today included) slots are looked for. */
    horizonDays: z.number().int().min(1).max(14),
    /** The closed days of every branch (`yyyy-mm-dd`, local). */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  })
  .superRefine((s, ctx) => {
    const keys = new Set<string>();
    for (const [i, b] of s.branches.entries()) {
      if (keys.has(b.key))
        ctx.addIssue({ code: 'custom', path: ['branches', i, 'key'], message: 'duplicate' });
      keys.add(b.key);
    }
    for (const [i, slot] of s.slots.entries())
      if (slot.start >= slot.end)
        ctx.addIssue({ code: 'custom', path: ['slots', i], message: 'start must be before end' });
  });
export type PickupSettings = z.infer<typeof PickupSettingsSchema>;
export type PickupSettingsInput = z.input<typeof PickupSettingsSchema>;

export const PICKUP_STATUSES = ['booked', 'dispatched', 'collected', 'failed', 'cancelled'] as const;
export const PickupStatusSchema = z.enum(PICKUP_STATUSES);
export type PickupStatus = z.infer<typeof PickupStatusSchema>;

/** `P20261123-0001`: the local day of booking and a per-day counter. */
export const PickupIdSchema = z.string().regex(/^P\d{8}-\d{4,}$/, 'a pickup number such as P20261123-0001');

/** `shanghai#20261123#pm`: branch, local day, slot key. What the flow passes from the offer to the booking. */
export const SlotIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}#\d{8}#[a-z][a-z0-9-]{0,31}$/);

export const PickupEventSchema = z.object({
  at: IsoTimeSchema,
  /** Absent on the booking itself. */
  from: PickupStatusSchema.optional(),
  to: PickupStatusSchema,
  by: z.string().min(1).max(64),
  note: z.string().max(500).optional(),
});
export type PickupEvent = z.infer<typeof PickupEventSchema>;

export const PickupSchema = z.object({
  pickupId: PickupIdSchema,
  status: PickupStatusSchema,
  branch: Key,
  slotId: SlotIdSchema,
  /** The slot's window, as instants. */
  slotStart: IsoTimeSchema,
  slotEnd: IsoTimeSchema,
  customerId: CustomerIdSchema,
  name: z.string().max(100).optional(),
  /** The caller's number (E.164), when the pickup was booked from one. */
  phone: E164Schema.optional(),
  address: z.string().min(1).max(200),
  language: LanguageSchema,
  source: z.enum(['ivr', 'agent']),
  contactId: z.string().max(256).optional(),
  courier: z.string().max(64).optional(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  /** When the overdue escalation was sent (once). */
  escalatedAt: IsoTimeSchema.optional(),
  history: z.array(PickupEventSchema).min(1),
});
export type Pickup = z.infer<typeof PickupSchema>;

/** The in-call Lambda's parameters (flow → Lambda). */
export const PickupParamsSchema = z.object({
  action: z.enum(['offer', 'book']),
  customerId: z.string().max(64).optional(),
  phoneNumber: z.string().max(64).optional(),
  language: z.string().max(16).optional(),
  slot: z.string().max(80).optional(),
});

/**
 * The Lambda's answer (flat STRING_MAP, every key always present):
 * - `pickupStatus`: `ok` (offer: slots to choose; book: booked), `refer` (to an agent: `prompt` says why),
 *   `full` (the chosen slot filled meanwhile: offer again), `degraded` (failure: the flow apologises);
 * - `prompt`: what the caller hears next, in their language;
 * - `slot1..3`, `slot1..3ReadBack`: the offered slots (`none` when fewer), and the sentence confirming each;
 * - `pickupId`: the booked pickup.
 */
export const PickupResponseSchema = z.object({
  pickupStatus: z.enum(['ok', 'refer', 'full', 'degraded']),
  prompt: z.string(),
  slot1: z.string(),
  slot2: z.string(),
  slot3: z.string(),
  slot1ReadBack: z.string(),
  slot2ReadBack: z.string(),
  slot3ReadBack: z.string(),
  pickupId: z.string(),
});
export type PickupResponse = z.infer<typeof PickupResponseSchema>;

/** The placeholder of a slot key that was not offered (the flow treats it as a wrong key). */
export const NO_SLOT = 'none';

/** The Pickups table's partition of the dispatch notices SNS refused, kept until the overdue sweep sends them. */
export const PENDING_NOTICES_PARTITION = 'NOTICE#PENDING';

/** The dispatch notice published to the branch's topic (JSON body). */
export const DispatchNoticeSchema = z.object({
  type: z.enum(['pickup.booked', 'pickup.cancelled', 'pickup.overdue']),
  pickupId: PickupIdSchema,
  branch: z.string(),
  slotStart: IsoTimeSchema,
  slotEnd: IsoTimeSchema,
  customerId: z.string(),
  name: z.string().optional(),
  phone: z.string().optional(),
  address: z.string(),
  status: PickupStatusSchema,
  at: IsoTimeSchema,
});
export type DispatchNotice = z.infer<typeof DispatchNoticeSchema>;
