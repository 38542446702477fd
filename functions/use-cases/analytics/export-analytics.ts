/**
 * `hotline export` (F16): the analytics datasets from the stored call records, surveys and tickets, written in
 * the same layout the AWS export uses (schemas/analytics.ts).
 */
import {
  type AnalyticsDataset,
  BOOKINGS_DATASET,
  CAMPAIGN_ATTEMPTS_DATASET,
  CONTACTS_DATASET,
  EVALUATIONS_DATASET,
  LEADS_DATASET,
  SURVEYS_DATASET,
  TICKETS_DATASET,
} from '../../../schemas/analytics.js';
import type { Booking, BookingSettings } from '../../../schemas/bookings.js';
import type { CallRecordItem, SurveyResult } from '../../../schemas/call-record.js';
import type { Attempt, Campaign, ListEntry } from '../../../schemas/campaigns.js';
import type { Lead } from '../../../schemas/leads.js';
import type { Evaluation } from '../../../schemas/supervision.js';
import type { Ticket } from '../../../schemas/ticket.js';
import {
  bookingRowOf,
  campaignAttemptRowOf,
  complaintCategories,
  contactRowOf,
  evaluationRowOf,
  leadRowOf,
  surveyRowOf,
  ticketRowOf,
} from '../../core/analytics/rows.js';

export interface AnalyticsSource {
  callRecords(): AsyncIterable<CallRecordItem>;
  surveys(): AsyncIterable<SurveyResult>;
  tickets(): AsyncIterable<Ticket>;
  /** QA evaluations (F18); a source without them exports no evaluations dataset. */
  evaluations?(): AsyncIterable<Evaluation>;
  /** Outbound campaign attempts with their campaign and entry (issue 13); absent: no campaign dataset. */
  campaignAttempts?(): AsyncIterable<{ attempt: Attempt; campaign: Campaign; entry: ListEntry | undefined }>;
  /** Repair bookings and sales leads (issue 12); a source without them does not export them. */
  bookings?(): AsyncIterable<Booking>;
  leads?(): AsyncIterable<Lead>;
}

export interface DatasetWritten {
  readonly dataset: string;
  readonly rows: number;
  readonly partitions: readonly string[];
  readonly dir: string;
}

/** Writes one dataset's rows (replacing what was there). */
export type DatasetWriter = <Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: AsyncIterable<Row>,
) => Promise<DatasetWritten>;

export interface ExportDeps {
  readonly source: AnalyticsSource;
  readonly write: DatasetWriter;
  readonly now: () => Date;
  /** The profile's ticket categories (complaints: those with a return visit). */
  readonly categories?: readonly { key: string; returnVisit?: boolean }[];
  /** The profile's booking settings (the slots' capacity); none: capacity 0. */
  readonly bookingSettings?: Pick<BookingSettings, 'branches' | 'slots'>;
}

async function* map<A, B>(items: AsyncIterable<A>, fn: (a: A) => B): AsyncGenerator<B> {
  for await (const a of items) yield fn(a);
}

export async function exportAnalytics(deps: ExportDeps): Promise<DatasetWritten[]> {
  const exportedAt = deps.now();
  const isComplaint = complaintCategories(deps.categories);
  return [
    await deps.write(CONTACTS_DATASET, map(deps.source.callRecords(), contactRowOf)),
    await deps.write(
      TICKETS_DATASET,
      map(deps.source.tickets(), (t) => ticketRowOf(t, exportedAt, isComplaint)),
    ),
    await deps.write(SURVEYS_DATASET, map(deps.source.surveys(), surveyRowOf)),
    ...(deps.source.evaluations
      ? [await deps.write(EVALUATIONS_DATASET, map(deps.source.evaluations(), evaluationRowOf))]
      : []),
    ...(deps.source.campaignAttempts
      ? [
          await deps.write(
            CAMPAIGN_ATTEMPTS_DATASET,
            map(deps.source.campaignAttempts(), campaignAttemptRowOf),
          ),
        ]
      : []),
    ...(deps.source.bookings
      ? [
          await deps.write(
            BOOKINGS_DATASET,
            map(deps.source.bookings(), (b) =>
              bookingRowOf(b, deps.bookingSettings ?? { branches: [], slots: [] }),
            ),
          ),
        ]
      : []),
    ...(deps.source.leads ? [await deps.write(LEADS_DATASET, map(deps.source.leads(), leadRowOf))] : []),
  ];
}
