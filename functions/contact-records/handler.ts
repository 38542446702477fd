/**
 * Contact-record ingestion (F10, F6): Kinesis stream of CTRs → call records, recent contacts, last agent.
 * Thin: Powertools batch processing with partial batch failures. A record that is not a CTR (not base64 JSON,
 * or not CTR-shaped) goes to the dead-letter queue and counts as processed (retrying cannot fix it); a record
 * that fails for another reason (DynamoDB unavailable…) is reported as a batch item failure and retried.
 * Idempotent: replays and re-sent CTRs never overwrite a newer record.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { type BatchResponse, KinesisStreamEventSchema } from '../../schemas/call-record.js';
import { ContactTraceRecordSchema } from '../../schemas/contact-record.js';
import { CallRecordsEnvSchema } from '../../schemas/env.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { SqsDeadLetterQueue } from '../adapters/sqs/dead-letter-queue.js';
import { maskPhone } from '../core/phone.js';
import type { DeadLetterQueue } from '../ports/call-records.js';
import { createObservability } from '../shared/observability.js';
import {
  type IngestContactRecordDeps,
  ingestContactRecord,
} from '../use-cases/call-records/ingest-contact-record.js';

export interface ContactRecordsHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ingest: IngestContactRecordDeps;
  readonly deadLetters: DeadLetterQueue;
}

/** Why a Kinesis record is not a CTR (undefined: it is one). */
function decode(record: KinesisStreamRecord): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    const text = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `not base64 JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function createContactRecordsHandler({
  logger,
  metrics,
  ingest,
  deadLetters,
}: ContactRecordsHandlerDeps) {
  const processor = new BatchProcessor(EventType.KinesisDataStreams);

  const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
    const decoded = decode(record);
    const parsed = decoded.ok ? ContactTraceRecordSchema.safeParse(decoded.value) : undefined;
    if (!decoded.ok || !parsed?.success) {
      const reason = !decoded.ok
        ? decoded.reason
        : `not a contact trace record: ${(parsed?.error?.issues ?? [])
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`;
      logger.warn('malformed contact record sent to the dead-letter queue', {
        sequenceNumber: record.kinesis.sequenceNumber,
        reason,
      });
      metrics.addMetric('ContactRecordMalformed', MetricUnit.Count, 1);
      await deadLetters.send({ source: 'contact-records', reason, record, at: ingest.now().toISOString() });
      return;
    }
    let outcome: Awaited<ReturnType<typeof ingestContactRecord>>;
    try {
      outcome = await ingestContactRecord(ingest, parsed.data);
    } catch (err) {
      if (err instanceof Error && /^not a timestamp/.test(err.message)) {
        metrics.addMetric('ContactRecordMalformed', MetricUnit.Count, 1);
        await deadLetters.send({
          source: 'contact-records',
          reason: err.message,
          record,
          at: ingest.now().toISOString(),
        });
        return;
      }
      throw err;
    }
    metrics.addMetric(`ContactRecord_${outcome.result}`, MetricUnit.Count, 1);
    logger.info('contact record ingested', {
      contactId: outcome.record.contactId,
      result: outcome.result,
      caller: maskPhone(outcome.record.callerNumber),
      numbersUpdated: outcome.numbers.length,
    });
  };

  const handler = async (event: unknown, context: Context): Promise<BatchResponse> => {
    const parsed = KinesisStreamEventSchema.parse(event) as unknown as KinesisStreamEvent;
    return processPartialResponse(parsed, recordHandler, processor, {
      context,
      // In parallel: correctness does not rest on order (the record is written only if newer, the recent-contact
      // lists under an optimistic lock), so a batch's records need not wait for each other.
      processInParallel: true,
    }) as Promise<BatchResponse>;
  };
  return middy(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** Dependencies from the environment CDK (or the local runtime) sets. */
export function contactRecordsDepsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const cfg = CallRecordsEnvSchema.parse(env);
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 4,
  });
  return {
    cfg,
    ingest: {
      records: new DynamoCallRecordRepository(doc, cfg[CONTACTS_TABLE.envVar]),
      recent: new DynamoRecentContactsWriter(doc, cfg.CRM_TABLE_NAME),
      phoneRegion: cfg.PHONE_REGION ?? profile.phoneRegion,
      now: () => new Date(),
    } satisfies IngestContactRecordDeps,
  };
}

let built: ReturnType<typeof middy> | undefined;
/** Lambda entry point (dependencies built on first use, so importing this module needs no environment). */
export const handler = async (event: unknown, context: Context): Promise<BatchResponse> => {
  if (!built) {
    const { logger, metrics } = createObservability('contact-records');
    const { cfg, ingest } = contactRecordsDepsFromEnv();
    if (!cfg.DEAD_LETTER_QUEUE_URL) throw new Error('DEAD_LETTER_QUEUE_URL is not set');
    built = createContactRecordsHandler({
      logger,
      metrics,
      ingest,
      deadLetters: new SqsDeadLetterQueue(new SQSClient({}), cfg.DEAD_LETTER_QUEUE_URL),
    }) as unknown as ReturnType<typeof middy>;
  }
  return (await built(event, context)) as BatchResponse;
};
