import type { Shipment, ShipmentEvent } from '../../schemas/shipments.js';

/**
 * What recording one status event did: `created` (first event of the waybill), `updated` (the newest status now),
 * `older` (kept in the history; the newer status on file stays), `unchanged` (a replay of an event on file).
 */
export type ShipmentEventOutcome = 'created' | 'updated' | 'older' | 'unchanged';

/** The Shipments table (port). */
export interface ShipmentRepository {
  /** Record one event: its history item, and the latest status only when the event is newer (one transaction). */
  record(event: ShipmentEvent, now: Date): Promise<ShipmentEventOutcome>;
  /** The latest status, or undefined for an unknown waybill. */
  get(waybill: string, opts?: { signal?: AbortSignal }): Promise<Shipment | undefined>;
  /** The waybill's events, oldest first. */
  history(waybill: string): Promise<ShipmentEvent[]>;
}
