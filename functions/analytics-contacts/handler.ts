/**
 * Analytics (F16, AWS): the Firehose processing Lambda of the contacts delivery stream. Each record is a CTR from
 * the contact-record Kinesis stream; the answer is one `contacts` row (JSON, converted to Parquet by Firehose
 * with the Glue table's schema) and its partition key `dt` (the contact's UTC day, for dynamic partitioning).
 * A record that is not a CTR is answered `ProcessingFailed`: Firehose keeps it under the errors prefix.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import { ContactTraceRecordSchema } from '../../schemas/contact-record.js';
import { contactDt, contactRowFromCtr, firehoseLine } from '../core/analytics/firehose-contacts.js';
import { createObservability } from '../shared/observability.js';

export interface AnalyticsContactsDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Region for numbers without a country code (the profile's, as for CTR ingestion). */
  readonly phoneRegion: string;
}

export function createAnalyticsContactsHandler({ logger, metrics, phoneRegion }: AnalyticsContactsDeps) {
  return async (event: FirehoseTransformationEvent): Promise<FirehoseTransformationResult> => {
    let failed = 0;
    const records = event.records.map((r): FirehoseTransformationResultRecord => {
      try {
        const ctr = ContactTraceRecordSchema.parse(
          JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')),
        );
        const row = contactRowFromCtr(ctr, phoneRegion);
        return {
          recordId: r.recordId,
          result: 'Ok',
          data: Buffer.from(firehoseLine(row), 'utf8').toString('base64'),
          metadata: { partitionKeys: { dt: contactDt(row) } },
        };
      } catch (err) {
        failed += 1;
        logger.warn('not a contact record: kept under the errors prefix', {
          recordId: r.recordId,
          error: err instanceof Error ? err.message : String(err),
        });
        return { recordId: r.recordId, result: 'ProcessingFailed', data: r.data };
      }
    });
    metrics.addMetric('AnalyticsContactRows', MetricUnit.Count, records.length - failed);
    metrics.addMetric('AnalyticsContactRowsFailed', MetricUnit.Count, failed);
    return { records };
  };
}

const { logger, metrics } = createObservability('analytics-contacts');
export const handler = middy(
  createAnalyticsContactsHandler({
    logger,
    metrics,
    phoneRegion: process.env.PHONE_REGION ?? 'CN' /* CDK always sets it */,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
