/**
 * Shipment tracking (issue 12 item 2, F14): one use case per action, whatever calls it.
 *
 * - `recordShipmentEvent`: one status event (an import row, an SQS message): validated, its history kept, the
 *   latest status replaced only by a newer event (replays and out-of-order events keep the newest);
 * - `importShipmentEvents`: a file's rows (`hotline shipments import`), every row validated, a bad row reported
 *   with its line and skipped; importing the same file again changes nothing;
 * - `trackShipment`: what a caller who typed a waybill number hears (the IVR's in-call Lambda).
 */
import type { z } from 'zod';
import type { Language } from '../../../schemas/crm.js';
import {
  type ShipmentEvent,
  ShipmentEventRowSchema,
  WAYBILL_MIN_DIGITS,
} from '../../../schemas/shipments.js';
import { describeZodError } from '../../core/describe-error.js';
import { latestStatusPrompt, TRACK_TEXT, typedWaybill } from '../../core/shipments.js';
import type { CustomerSourceRow } from '../../ports/customer-source.js';
import type { ShipmentEventOutcome, ShipmentRepository } from '../../ports/shipment-repository.js';
import { forEachConcurrently } from '../../shared/concurrency.js';

export interface ShipmentDeps {
  readonly shipments: ShipmentRepository;
  /** The carrier's time zone: times are read out in it. */
  readonly timeZone: string;
  readonly now: () => Date;
}

/** An event the schema refused: nothing was recorded. */
export class InvalidShipmentEventError extends Error {
  override readonly name = 'InvalidShipmentEventError';
}

/** Parse one raw event (an import row's fields, a message body), or say why not in one line. */
export function parseShipmentEvent(raw: unknown): ShipmentEvent {
  const parsed = ShipmentEventRowSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidShipmentEventError(describeZodError(parsed.error as z.ZodError));
  return parsed.data;
}

/** Record one raw event (validated first). */
export async function recordShipmentEvent(deps: ShipmentDeps, raw: unknown): Promise<ShipmentEventOutcome> {
  return deps.shipments.record(parseShipmentEvent(raw), deps.now());
}

export interface ShipmentImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly older: number;
  readonly unchanged: number;
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
}

/** Rows written at once (each is two small writes; the order does not matter: the newest wins). */
const IMPORT_CONCURRENCY = 8;

/** Import a file's rows; never stops on a bad row. */
export async function importShipmentEvents(
  deps: ShipmentDeps,
  rows: AsyncIterable<CustomerSourceRow>,
): Promise<ShipmentImportSummary> {
  const counts: Record<ShipmentEventOutcome, number> = { created: 0, updated: 0, older: 0, unchanged: 0 };
  const rejected: { line: number; reason: string }[] = [];
  let batch: { line: number; event: ShipmentEvent }[] = [];
  const flush = async () => {
    await forEachConcurrently(batch, IMPORT_CONCURRENCY, async ({ line, event }) => {
      try {
        counts[await deps.shipments.record(event, deps.now())]++;
      } catch (err) {
        rejected.push({ line, reason: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
      }
    });
    batch = [];
  };
  for await (const row of rows) {
    if ('error' in row) {
      rejected.push({ line: row.line, reason: row.error });
      continue;
    }
    try {
      batch.push({ line: row.line, event: parseShipmentEvent(row.fields) });
    } catch (err) {
      rejected.push({ line: row.line, reason: (err as Error).message.slice(0, 300) });
    }
    if (batch.length >= IMPORT_CONCURRENCY * 4) await flush();
  }
  await flush();
  rejected.sort((a, b) => a.line - b.line);
  return { ...counts, rejected };
}

export type TrackAnswer =
  | {
      readonly status: 'ok';
      readonly waybill: string;
      readonly shipmentStatus: string;
      readonly prompt: string;
    }
  | { readonly status: 'unknown' | 'invalid'; readonly waybill: string; readonly prompt: string };

/**
 * What the caller hears for the digits they typed: the latest status and place (with "1 for another"), or that
 * the number is unknown (`unknown`) or cannot be a waybill (`invalid`, the flow's "not valid" re-prompt).
 */
export async function trackShipment(
  deps: ShipmentDeps,
  input: { readonly typed: string; readonly language: Language; readonly signal?: AbortSignal },
): Promise<TrackAnswer> {
  const t = TRACK_TEXT[input.language];
  const waybill = typedWaybill(input.typed);
  if (!waybill || waybill.length < WAYBILL_MIN_DIGITS)
    return { status: 'invalid', waybill: waybill ?? '', prompt: '' };
  const shipment = await deps.shipments.get(waybill, input.signal ? { signal: input.signal } : {});
  if (!shipment) return { status: 'unknown', waybill, prompt: t.unknown(waybill) };
  return {
    status: 'ok',
    waybill,
    shipmentStatus: shipment.status,
    prompt: latestStatusPrompt(shipment, input.language, deps.timeZone),
  };
}
