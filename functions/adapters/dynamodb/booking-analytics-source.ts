/**
 * The repair bookings, sales leads and pickups an analytics export reads (issue 12): filtered Scans of the Bookings,
 * Leads and Pickups tables, each item read back with the repository's schema. Added to the main source by
 * `withBookingsAndLeads`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Booking, BookingSchema } from '../../../schemas/bookings.js';
import { type Lead, LeadSchema } from '../../../schemas/leads.js';
import { type Pickup, PickupSchema } from '../../../schemas/pickups.js';
import type { AnalyticsSource } from '../../use-cases/analytics/export-analytics.js';
import { scanEntity } from './analytics-source.js';

const strip = (raw: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(raw).filter(([k]) => !keys.includes(k)));

const BOOKING_KEYS = ['pk', 'sk', 'entity', 'custpk', 'custsk', 'branchpk', 'branchsk', 'rempk', 'remsk'];
const LEAD_KEYS = ['pk', 'sk', 'entity', 'statuspk', 'statussk'];
const PICKUP_KEYS = ['pk', 'sk', 'entity', 'branchpk', 'branchsk', 'escpk', 'escsk'];

/** `source` with bookings, leads and pickups from these tables (any may be absent: nothing of it is exported). */
export function withBookingsAndLeads(
  source: AnalyticsSource,
  doc: DynamoDBDocumentClient,
  tables: {
    readonly bookings?: string | undefined;
    readonly leads?: string | undefined;
    readonly pickups?: string | undefined;
  },
): AnalyticsSource {
  const { bookings, leads, pickups } = tables;
  return Object.assign(Object.create(source) as AnalyticsSource, {
    ...(bookings
      ? {
          async *bookings(): AsyncGenerator<Booking> {
            for await (const raw of scanEntity(doc, bookings, 'booking'))
              yield BookingSchema.parse(strip(raw, BOOKING_KEYS));
          },
        }
      : {}),
    ...(leads
      ? {
          async *leads(): AsyncGenerator<Lead> {
            for await (const raw of scanEntity(doc, leads, 'lead'))
              yield LeadSchema.parse(strip(raw, LEAD_KEYS));
          },
        }
      : {}),
    ...(pickups
      ? {
          async *pickups(): AsyncGenerator<Pickup> {
            for await (const raw of scanEntity(doc, pickups, 'pickup'))
              yield PickupSchema.parse(strip(raw, PICKUP_KEYS));
          },
        }
      : {}),
  });
}
