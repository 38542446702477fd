/**
 * Analytics (F16, AWS): the scheduled export of tickets, survey results, QA evaluations, repair bookings, leads,
 * pickups, the order centre's datasets and the outbound campaigns' attempts to the analytics bucket, as Parquet in
 * the layout of the Glue tables (`<dataset>/dt=<day>/part-0.parquet`). The same use case as `hotline export`
 * (exportAnalytics, the stored items through DynamoAnalyticsSource); only the writer differs (S3). Contact records
 * are delivered by Firehose, so this writer leaves `contacts` alone (and never reads call records).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import {
  CAMPAIGN_ATTEMPTS_DATASET,
  ORDER_POSITIONS_DATASET,
  ORDER_SUPPLY_DATASET,
  ORDERS_DATASET,
} from '../../schemas/analytics.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { DynamoAnalyticsSource } from '../adapters/dynamodb/analytics-source.js';
import { withBookingsAndLeads } from '../adapters/dynamodb/booking-analytics-source.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoOrderAnalyticsSource } from '../adapters/dynamodb/order-analytics-source.js';
import { s3ParquetWriter } from '../adapters/s3/analytics-parquet.js';
import { createS3Client } from '../adapters/s3/object-store.js';
import { SCHEDULED_DATASETS } from '../core/analytics/firehose-contacts.js';
import { DEFAULT_ORDERING } from '../core/orders/orders.js';
import { createObservability } from '../shared/observability.js';
import {
  type DatasetWritten,
  type ExportDeps,
  exportAnalytics,
} from '../use-cases/analytics/export-analytics.js';

const ORDER_DATASETS: ReadonlySet<string> = new Set([
  ORDERS_DATASET.name,
  ORDER_SUPPLY_DATASET.name,
  ORDER_POSITIONS_DATASET.name,
]);

export const AnalyticsExportEnvSchema = z.object({
  CONTACTS_TABLE_NAME: z.string().min(1),
  TICKETS_TABLE_NAME: z.string().min(1),
  /** The order centre's tables (orders datasets); without them those datasets are left alone. */
  ORDERS_TABLE_NAME: z.string().min(1).optional(),
  CRM_TABLE_NAME: z.string().min(1).optional(),
  /** Time zone of the ordering periods and their cutoff (the deployment's `timeZone`). */
  ORDER_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  ANALYTICS_BUCKET: z.string().min(1),
  /** The Supervision table (QA evaluations); absent: no evaluations are exported. */
  SUPERVISION_TABLE_NAME: z.string().min(1).optional(),
  /** Repair bookings, sales leads and pickups (issue 12); each absent: that dataset is left alone. */
  BOOKINGS_TABLE_NAME: z.string().min(1).optional(),
  LEADS_TABLE_NAME: z.string().min(1).optional(),
  PICKUPS_TABLE_NAME: z.string().min(1).optional(),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  /** The Campaigns table (outbound attempts, issue 13); absent: the campaign_attempts dataset is left alone. */
  CAMPAIGNS_TABLE_NAME: z.string().min(1).optional(),
});

export function createAnalyticsExportHandler(deps: {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly export: ExportDeps;
}) {
  return async (): Promise<{ written: DatasetWritten[] }> => {
    const written = (await exportAnalytics(deps.export)).filter((w) =>
      (SCHEDULED_DATASETS as readonly string[]).includes(w.dataset),
    );
    for (const w of written) {
      deps.metrics.addMetric(`AnalyticsExported_${w.dataset}`, MetricUnit.Count, w.rows);
      deps.logger.info('exported', { dataset: w.dataset, rows: w.rows, partitions: w.partitions.length });
    }
    return { written };
  };
}

/** Dependencies from the environment CDK sets. */
export function analyticsExportDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ExportDeps {
  const cfg = AnalyticsExportEnvSchema.parse(env);
  const doc = createDocumentClient({ connectionTimeoutMs: 1000, requestTimeoutMs: 10000, maxAttempts: 5 });
  const orderCentre =
    cfg.ORDERS_TABLE_NAME && cfg.CRM_TABLE_NAME
      ? new DynamoOrderAnalyticsSource(doc, cfg.ORDERS_TABLE_NAME, cfg.CRM_TABLE_NAME)
      : undefined;
  const bookingSettings = bookingSettingsOf(cfg.HOTLINE_PROFILE);
  return {
    source: withBookingsAndLeads(
      new DynamoAnalyticsSource(
        doc,
        cfg.CONTACTS_TABLE_NAME,
        cfg.TICKETS_TABLE_NAME,
        cfg.SUPERVISION_TABLE_NAME,
        cfg.CAMPAIGNS_TABLE_NAME,
        orderCentre,
      ),
      doc,
      {
        bookings: cfg.BOOKINGS_TABLE_NAME,
        leads: cfg.LEADS_TABLE_NAME,
        pickups: cfg.PICKUPS_TABLE_NAME,
      },
    ),
    write: s3ParquetWriter({
      s3: createS3Client(),
      bucket: cfg.ANALYTICS_BUCKET,
      datasets: SCHEDULED_DATASETS.filter(
        (d) =>
          (orderCentre || !ORDER_DATASETS.has(d)) &&
          (cfg.CAMPAIGNS_TABLE_NAME || d !== CAMPAIGN_ATTEMPTS_DATASET.name),
      ),
    }),
    ...(bookingSettings ? { bookingSettings } : {}),
    ordering: { ...DEFAULT_ORDERING, timeZone: cfg.ORDER_TIME_ZONE },
    now: () => new Date(),
    categories: ticketingOf(cfg.HOTLINE_PROFILE).tickets.categories,
  };
}

const { logger, metrics } = createObservability('analytics-export');
let built: (() => Promise<{ written: DatasetWritten[] }>) | undefined;
/** Lambda entry point (dependencies built on first use, so importing this module needs no environment). */
export const handler = middy(async () => {
  built ??= createAnalyticsExportHandler({ logger, metrics, export: analyticsExportDepsFromEnv() });
  return built();
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
