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
  ORDER_POSITIONS_DATASET,
  ORDER_SUPPLY_DATASET,
  ORDERS_DATASET,
  type OrderPositionRow,
  PICKUPS_DATASET,
  SURVEYS_DATASET,
  TICKETS_DATASET,
} from '../../../schemas/analytics.js';
import type { Booking, BookingSettings } from '../../../schemas/bookings.js';
import type { CallRecordItem, SurveyResult } from '../../../schemas/call-record.js';
import type { Attempt, Campaign, ListEntry } from '../../../schemas/campaigns.js';
import type { Lead } from '../../../schemas/leads.js';
import type { LimitItem, Order, ProductItem, SupplyItem, TotalItem } from '../../../schemas/orders.js';
import type { Pickup } from '../../../schemas/pickups.js';
import type { Evaluation } from '../../../schemas/supervision.js';
import type { Ticket } from '../../../schemas/ticket.js';
import { orderRowsOf, positionRowsOf, supplyRowOf } from '../../core/analytics/order-rows.js';
import {
  bookingRowOf,
  campaignAttemptRowOf,
  complaintCategories,
  contactRowOf,
  evaluationRowOf,
  leadRowOf,
  pickupRowOf,
  surveyRowOf,
  ticketRowOf,
} from '../../core/analytics/rows.js';
import { DEFAULT_ORDERING, type OrderingSettings } from '../../core/orders/orders.js';

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
  /** The carrier's pickups (issue 12); a source without them does not export them. */
  pickups?(): AsyncIterable<Pickup>;
  /** The order centre's data (F20); a source without it exports the order datasets empty. */
  readonly orderCentre?: OrderAnalyticsSource;
}

/** What the order datasets are built from: the Orders table, and the CRM's retailers. */
export interface OrderAnalyticsSource {
  orders(): AsyncIterable<Order>;
  /** Supply of every period. */
  supply(): AsyncIterable<SupplyItem>;
  products(): Promise<readonly ProductItem[]>;
  limits(): Promise<readonly LimitItem[]>;
  totals(period: string): Promise<readonly TotalItem[]>;
  retailers(): Promise<ReadonlyArray<{ customerId: string; tier: string; branch?: string | undefined }>>;
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
  /** The ordering periods' time zone and cutoff (order datasets). */
  readonly ordering?: OrderingSettings;
}

async function* map<A, B>(items: AsyncIterable<A>, fn: (a: A) => B): AsyncGenerator<B> {
  for await (const a of items) yield fn(a);
}

async function* flatMap<A, B>(items: AsyncIterable<A>, fn: (a: A) => readonly B[]): AsyncGenerator<B> {
  for await (const a of items) yield* fn(a);
}

async function* none<T>(): AsyncGenerator<T> {}

/** Positions per period with supply: every retailer against its limits on the period's products. */
async function* positions(
  source: OrderAnalyticsSource,
  supply: readonly SupplyItem[],
  exportedAt: Date,
  settings: OrderingSettings,
): AsyncGenerator<OrderPositionRow> {
  const [limits, retailers] = await Promise.all([source.limits(), source.retailers()]);
  const codesByPeriod = new Map<string, Set<string>>();
  for (const s of supply) codesByPeriod.set(s.period, (codesByPeriod.get(s.period) ?? new Set()).add(s.code));
  for (const [period, codes] of [...codesByPeriod].sort((a, b) => a[0].localeCompare(b[0]))) {
    const totals = await source.totals(period);
    const all = [...new Set([...codes, ...totals.map((t) => t.code)])].sort();
    yield* positionRowsOf(period, all, retailers, limits, totals, exportedAt, settings);
  }
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
    ...(deps.source.pickups
      ? [
          await deps.write(
            PICKUPS_DATASET,
            map(deps.source.pickups(), (p) => pickupRowOf(p, exportedAt)),
          ),
        ]
      : []),
    ...(await exportOrders(deps, exportedAt)),
  ];
}

async function exportOrders(deps: ExportDeps, exportedAt: Date): Promise<DatasetWritten[]> {
  const source = deps.source.orderCentre;
  const settings = deps.ordering ?? DEFAULT_ORDERING;
  if (!source)
    return [
      await deps.write(ORDERS_DATASET, none()),
      await deps.write(ORDER_SUPPLY_DATASET, none()),
      await deps.write(ORDER_POSITIONS_DATASET, none()),
    ];
  const orders = await deps.write(
    ORDERS_DATASET,
    flatMap(source.orders(), (o) => orderRowsOf(o, exportedAt)),
  );
  // Supply is one item per product and week: small enough to hold for the positions.
  const supply: SupplyItem[] = [];
  for await (const s of source.supply()) supply.push(s);
  const products = new Map((await source.products()).map((p) => [p.code, p]));
  const supplyRows = await deps.write(
    ORDER_SUPPLY_DATASET,
    map(
      (async function* () {
        yield* supply;
      })(),
      (s) => supplyRowOf(s, products.get(s.code), exportedAt, settings),
    ),
  );
  const positionRows = await deps.write(
    ORDER_POSITIONS_DATASET,
    positions(source, supply, exportedAt, settings),
  );
  return [orders, supplyRows, positionRows];
}
