/**
 * Shipment tracking (issue 12 item 2, F14; carrier): the latest status of each waybill, fed by
 * `hotline shipments import FILE` and by the carrier's own systems through an SQS queue (one message per status
 * event, the same shape as one import row), and read by the IVR (`trackShipment` in-call Lambda).
 */
import { z } from 'zod';
import { LanguageSchema } from './crm.js';

/**
 * A shipment's statuses, in lifecycle order. The order breaks ties between two events of the same second: the
 * later status in the lifecycle wins (a "delivered" scan is never undone by an "out for delivery" of the same time).
 */
export const SHIPMENT_STATUSES = [
  'created',
  'collected',
  'in-transit',
  'arrived',
  'out-for-delivery',
  'exception',
  'delivered',
  'returned',
] as const;
export const ShipmentStatusSchema = z.enum(SHIPMENT_STATUSES);
export type ShipmentStatus = z.infer<typeof ShipmentStatusSchema>;

/** Shortest and longest waybill number: digits only, since a caller types it on the keypad. */
export const WAYBILL_MIN_DIGITS = 8;
export const WAYBILL_MAX_DIGITS = 20;
export const WaybillSchema = z
  .string()
  .regex(
    new RegExp(`^\\d{${WAYBILL_MIN_DIGITS},${WAYBILL_MAX_DIGITS}}$`),
    `${WAYBILL_MIN_DIGITS} to ${WAYBILL_MAX_DIGITS} digits`,
  );

const IsoTime = z.iso.datetime({ offset: true });
const Place = z.string().trim().min(1).max(100);

/** One status event, normalized: `at` in UTC (so that times compare as strings). */
export const ShipmentEventSchema = z.object({
  waybill: WaybillSchema,
  status: ShipmentStatusSchema,
  /** When it happened (UTC ISO). */
  at: z.iso.datetime(),
  /** Where: the carrier's own name for the place (usually Chinese). */
  place: Place,
  /** The place's English name, read to English-speaking callers (else `place`). */
  placeEn: Place.optional(),
  /** A short note (an exception's reason). */
  note: z.string().trim().min(1).max(200).optional(),
});
export type ShipmentEvent = z.infer<typeof ShipmentEventSchema>;

/** The latest status of a waybill (the table's head item), with how many events were recorded. */
export const ShipmentSchema = ShipmentEventSchema.extend({
  /** Events recorded for the waybill (history items). */
  events: z.number().int().nonnegative(),
  updatedAt: IsoTime,
});
export type Shipment = z.infer<typeof ShipmentSchema>;

// ---- import rows and queue messages (the carrier's shape) ----

/** Digits of a waybill as written: spaces, hyphens and full-width digits are accepted. */
const waybillCell = (v: unknown): unknown => {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string') return v;
  return v.normalize('NFKC').replace(/[\s-]/g, '');
};
const cell = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Status words a carrier's export may use (lower case, `_` or space for `-`) and the Chinese ones. */
const STATUS_ALIASES: Readonly<Record<string, ShipmentStatus>> = {
  已下单: 'created',
  已揽收: 'collected',
  运输中: 'in-transit',
  到达: 'arrived',
  已到达: 'arrived',
  派送中: 'out-for-delivery',
  派送异常: 'exception',
  异常: 'exception',
  已签收: 'delivered',
  已退回: 'returned',
};

/**
 * One row of `hotline shipments import` (CSV columns or a JSON line) and the body of one SQS message:
 * `{"waybill":"1234567890123","status":"in-transit","at":"2026-11-30T10:05:00+08:00","place":"上海转运中心",
 * "placeEn":"Shanghai hub"}`. `at` must carry its offset (a carrier's systems span zones).
 */
export const ShipmentEventRowSchema = z
  .object({
    waybill: z.preprocess(
      waybillCell,
      z
        .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
        .pipe(WaybillSchema),
    ),
    status: z.preprocess(
      (v) => {
        const c = cell(v);
        if (typeof c !== 'string') return c;
        const t = c.trim();
        return STATUS_ALIASES[t] ?? t.toLowerCase().replace(/[_ ]/g, '-');
      },
      z.enum(SHIPMENT_STATUSES, {
        error: (i) => `must be one of ${SHIPMENT_STATUSES.join(', ')} (got ${JSON.stringify(i.input)})`,
      }),
    ),
    at: z.preprocess(
      cell,
      z.string({ error: 'is required' }).pipe(IsoTime.describe('a time with its offset')),
    ),
    place: z.preprocess(cell, z.string({ error: 'is required' }).pipe(Place)),
    placeEn: z.preprocess(cell, z.string().pipe(Place).optional()),
    note: z.preprocess(cell, z.string().trim().min(1).max(200).optional()),
  })
  .transform(
    (r): ShipmentEvent => ({
      ...r,
      at: new Date(r.at).toISOString(),
    }),
  );
export type ShipmentEventRow = z.input<typeof ShipmentEventRowSchema>;

/** The CSV columns of a shipments file (header row; `placeEn` and `note` may be left out). */
export const SHIPMENT_ROW_FIELDS = ['waybill', 'status', 'at', 'place', 'placeEn', 'note'] as const;
export const REQUIRED_SHIPMENT_ROW_FIELDS = ['waybill', 'status', 'at', 'place'] as const;

// ---- the in-call Lambda (trackShipment) ----

/** The flow's parameters: the waybill the caller typed (`$.StoredCustomerInput`), the flow copy's language. */
export const TrackParamsSchema = z.looseObject({
  waybill: z.string().max(64).default(''),
  language: LanguageSchema.optional().catch(undefined),
});
export type TrackParams = z.infer<typeof TrackParamsSchema>;

/**
 * `ok`: found, `prompt` is the latest status and place; `unknown`: no such waybill (the flow re-prompts once,
 * then an agent); `invalid`: not a waybill number (too short or too long); `degraded`: could not look it up in
 * time (the flow apologises and transfers).
 */
export const TRACK_STATUSES = ['ok', 'unknown', 'invalid', 'degraded'] as const;
export const TrackResponseSchema = z.strictObject({
  trackStatus: z.enum(TRACK_STATUSES),
  prompt: z.string(),
  /** The waybill's digits (for the agent's screen pop), or empty. */
  waybill: z.string(),
  /** The shipment's status key, or empty. */
  shipmentStatus: z.string(),
});
export type TrackResponse = z.infer<typeof TrackResponseSchema>;
