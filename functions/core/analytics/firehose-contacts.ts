/**
 * Contact records → Firehose (F16, AWS): a CTR as a `contacts` row (the same derivation as the local export:
 * `toCallRecord` then `contactRowOf`), encoded for Firehose's JSON → Parquet conversion. Pure, no I/O.
 */
import {
  type AnalyticsColumn,
  BOOKINGS_DATASET,
  CAMPAIGN_ATTEMPTS_DATASET,
  CONTACTS_DATASET,
  type ContactRow,
  dtOf,
  EVALUATIONS_DATASET,
  LEADS_DATASET,
  ORDER_POSITIONS_DATASET,
  ORDER_SUPPLY_DATASET,
  ORDERS_DATASET,
  PICKUPS_DATASET,
  SURVEYS_DATASET,
  TICKETS_DATASET,
} from '../../../schemas/analytics.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import { toCallRecord } from '../call-record.js';
import { contactRowOf } from './rows.js';

/**
 * In AWS, who writes which dataset: contact records stream through Firehose (this module's rows); tickets, survey
 * results, QA evaluations, repair bookings, leads, pickups, the order centre's datasets and the outbound campaigns'
 * attempts are exported on a schedule (functions/analytics-export). Read by the CDK stack and the handler.
 */
export const SCHEDULED_DATASETS = [
  TICKETS_DATASET.name,
  SURVEYS_DATASET.name,
  EVALUATIONS_DATASET.name,
  BOOKINGS_DATASET.name,
  LEADS_DATASET.name,
  PICKUPS_DATASET.name,
  ORDERS_DATASET.name,
  ORDER_SUPPLY_DATASET.name,
  ORDER_POSITIONS_DATASET.name,
  CAMPAIGN_ATTEMPTS_DATASET.name,
] as const;

/** A CTR as a `contacts` row: normalized like the Contacts table's call record, then derived like the export. */
export function contactRowFromCtr(ctr: ContactTraceRecord, phoneRegion: string): ContactRow {
  const record = toCallRecord(ctr, phoneRegion);
  return contactRowOf({
    ...record,
    pk: `CONTACT#${record.contactId}`,
    sk: 'RECORD',
    entity: 'call',
    gsi1pk: '',
    gsi1sk: '',
    ctr: ctr as Record<string, unknown>,
    ingestedAt: record.lastUpdateTimestamp,
  });
}

/**
 * One JSON line for Firehose: the dataset's columns only, in order, timestamps as epoch milliseconds (the
 * delivery stream's Hive JSON deserializer reads `millis`; ISO text with a zone would depend on its parser).
 */
export function firehoseLine(
  row: Readonly<Record<string, unknown>>,
  columns: readonly AnalyticsColumn[] = CONTACTS_DATASET.columns,
): string {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.name];
    out[c.name] = c.type === 'timestamp' && typeof v === 'string' ? Date.parse(v) : (v ?? null);
  }
  return `${JSON.stringify(out)}\n`;
}

/** The partition (`dt`) of a contacts row: the UTC day it was initiated. */
export const contactDt = (row: Pick<ContactRow, 'initiated_at'>): string => dtOf(row.initiated_at);
