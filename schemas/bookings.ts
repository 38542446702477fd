/**
 * Repair and maintenance booking (issue 12, the dealer): the profile's workshop settings (slots, capacity per
 * slot per day, reminder), the booking record with its lifecycle and history, and the in-call Lambda's parameters
 * and answer. The slot machinery (days, holidays, lead time, capacity) is the pickups' (schemas/pickups.ts,
 * functions/core/pickups.ts): a workshop is a "branch" of that calendar. Table layout: schemas/tables.ts
 * BOOKINGS_TABLE.
 */
import { z } from 'zod';
import {
  CustomerIdSchema,
  E164Schema,
  IsoTimeSchema,
  LanguageSchema,
  type Vehicle,
  VehicleSchema,
} from './crm.js';
import { PickupBranchSchema, PickupSlotDefSchema, SlotIdSchema } from './pickups.js';

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const BookingSettingsSchema = z
  .object({
    timeZone: z.string().min(1),
    /** The profile's queue whose menu key books repairs (its agents take the callers self-service cannot serve). */
    queue: z.string().min(1),
    /** The windows of a day (the same for every workshop). */
    slots: z.array(PickupSlotDefSchema).min(1).max(6),
    /**
     * The workshops (service bays) that take bookings: `capacityPerSlot` bookings per slot per day, on `days`.
     * A customer whose `branch` names one books there; anyone else books at the first.
     */
    branches: z.array(PickupBranchSchema).min(1).max(20),
    /** A slot is offered while at least this many minutes are left before it ends (as for pickups). */
    leadMinutes: z.number().int().min(0).max(1440),
    /** How many slots the caller is offered (keys 1…n). */
    offer: z.number().int().min(1).max(3),
    /** How many days ahead (today included) slots are looked for. */
    horizonDays: z.number().int().min(1).max(31),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
    /** The reminder SMS: `daysBefore` the slot's day, at local time `at`. */
    reminder: z.object({ daysBefore: z.number().int().min(1).max(7), at: HhMm }),
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
export type BookingSettings = z.infer<typeof BookingSettingsSchema>;
export type BookingSettingsInput = z.input<typeof BookingSettingsSchema>;

/**
 * A vehicle on the customer record: the CRM's own (schemas/crm.ts `vehicles`: plate, model, purchase date, as the
 * customer file imports them and as the caller lookup copies them to the phone items). A booking keeps the vehicle
 * it was made for in that shape. Reading a record's vehicles is lenient (core/bookings.ts vehiclesOf).
 */
export { type Vehicle, VehicleSchema };

export const BOOKING_STATUSES = ['booked', 'arrived', 'completed', 'cancelled', 'no-show'] as const;
export const BookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

/** `R20261123-0001`: the local day of booking and a per-day counter. */
export const BookingIdSchema = z.string().regex(/^R\d{8}-\d{4,}$/, 'a booking number such as R20261123-0001');

export const BookingEventSchema = z.object({
  at: IsoTimeSchema,
  /** Absent on the booking itself. */
  from: BookingStatusSchema.optional(),
  to: BookingStatusSchema,
  by: z.string().min(1).max(64),
  note: z.string().max(500).optional(),
});
export type BookingEvent = z.infer<typeof BookingEventSchema>;

export const BookingSchema = z.object({
  bookingId: BookingIdSchema,
  status: BookingStatusSchema,
  /** The workshop (a branch of the booking settings). */
  branch: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  slotId: SlotIdSchema,
  slotStart: IsoTimeSchema,
  slotEnd: IsoTimeSchema,
  customerId: CustomerIdSchema,
  name: z.string().max(100).optional(),
  /** The number SMS go to (E.164), when the booking was made from one. */
  phone: E164Schema.optional(),
  vehicle: VehicleSchema,
  language: LanguageSchema,
  source: z.enum(['ivr', 'agent']),
  contactId: z.string().max(256).optional(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  /** When the reminder SMS is due (absent: none, e.g. booked after that time). */
  remindAt: IsoTimeSchema.optional(),
  /** When the reminder went (once). */
  remindedAt: IsoTimeSchema.optional(),
  /** How many times it was moved. */
  moves: z.number().int().min(0).max(1000).default(0),
  history: z.array(BookingEventSchema).min(1),
});
export type Booking = z.infer<typeof BookingSchema>;

/** The in-call Lambda's parameters (flow → Lambda). */
export const BookingParamsSchema = z.object({
  action: z.enum(['offer', 'book', 'move', 'cancel']),
  customerId: z.string().max(64).optional(),
  phoneNumber: z.string().max(64).optional(),
  language: z.string().max(16).optional(),
  slot: z.string().max(80).optional(),
  /** The vehicle chosen (book): `1`…`3`, the position in the offer. */
  vehicle: z.string().max(2).optional(),
  /** The booking moved or cancelled (the offer's `bookingId`). */
  bookingId: z.string().max(32).optional(),
});

/**
 * The Lambda's answer (flat STRING_MAP, every key always present):
 * - `bookingStatus`: offer: `ok` (no booking yet: vehicles and slots), `existing` (an upcoming booking: move or
 *   cancel it, or book another vehicle), `refer` (to an agent: `prompt` says why); book/move: `ok`, `full` (the
 *   slot filled meanwhile), `refer`; cancel: `ok`, `refer`; any: `degraded` (failure: the flow apologises);
 * - `prompt`: what the caller hears next, in their language (offer `ok`: the vehicle menu; `existing`: the booking
 *   and its keys; `refer`: why; book/move/cancel: the result);
 * - `vehiclesPrompt`: the vehicle menu; `slotsPrompt`: the slot menu (or that none is open); `slot1..3`, `slot1..3ReadBack`: the offered slots (`none` when fewer) and the
 *   read-back of each (with the vehicle);
 * - `vehicle1..3`: `1`…`3` where a vehicle is on file at that position, else `none`;
 * - `bookingId`: offer `existing`: the booking to move or cancel; book/move/cancel: the booking.
 */
export const BookingResponseSchema = z.object({
  bookingStatus: z.enum(['ok', 'existing', 'refer', 'full', 'degraded']),
  prompt: z.string(),
  vehiclesPrompt: z.string(),
  slotsPrompt: z.string(),
  slot1: z.string(),
  slot2: z.string(),
  slot3: z.string(),
  slot1ReadBack: z.string(),
  slot2ReadBack: z.string(),
  slot3ReadBack: z.string(),
  vehicle1: z.string(),
  vehicle2: z.string(),
  vehicle3: z.string(),
  bookingId: z.string(),
});
export type BookingResponse = z.infer<typeof BookingResponseSchema>;
