/**
 * Contact-record ingestion (F10, F6): Kinesis stream of CTRs → call records, recent contacts, last agent.
 * The batch is ingested as a whole (grouped per contact and per number, few requests; see ingestContactRecords),
 * with a partial batch response naming exactly the records to retry. A record that is not a CTR (not base64 JSON,
 * not CTR-shaped, bad timestamps) goes to the dead-letter queue and counts as processed (retrying cannot fix it);
 * a record that fails for another reason (DynamoDB unavailable…) is reported as a batch item failure and retried.
 * Idempotent: replays and re-sent CTRs never overwrite a newer record.
 */
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
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { SqsDeadLetterQueue } from '../adapters/sqs/dead-letter-queue.js';
import type { ReceivedCtr } from '../core/call-record.js';
import { maskPhone } from '../core/phone.js';
import type { DeadLetterQueue } from '../ports/call-records.js';
import { mapLimit } from '../shared/concurrency.js';
import { createObservability } from '../shared/observability.js';
import {
  type BatchIngestOutcome,
  type IngestContactRecordDeps,
  ingestContactRecords,
} from '../use-cases/call-records/ingest-contact-record.js';

export interface ContactRecordsHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ingest: IngestContactRecordDeps;
  readonly deadLetters: DeadLetterQueue;
}

/** A Kinesis record's JSON, with its bytes (kept as the CTR as received), or why it is not JSON. */
function decode(
  record: KinesisStreamRecord,
): { ok: true; value: unknown; bytes: Uint8Array } | { ok: false; reason: string } {
  try {
    const bytes = Buffer.from(record.kinesis.data, 'base64');
    return { ok: true, value: JSON.parse(bytes.toString('utf8')), bytes };
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
  const deadLetter = async (record: KinesisStreamRecord, reason: string): Promise<void> => {
    logger.warn('malformed contact record sent to the dead-letter queue', {
      sequenceNumber: record.kinesis.sequenceNumber,
      reason,
    });
    metrics.addMetric('ContactRecordMalformed', MetricUnit.Count, 1);
    await deadLetters.send({ source: 'contact-records', reason, record, at: ingest.now().toISOString() });
  };

  const handler = async (event: unknown): Promise<BatchResponse> => {
    const records = (KinesisStreamEventSchema.parse(event) as unknown as KinesisStreamEvent).Records;
    const failed = new Set<number>();
    const malformed = new Map<number, string>();
    const good: { index: number; received: ReceivedCtr }[] = [];
    records.forEach((record, index) => {
      const decoded = decode(record);
      const parsed = decoded.ok ? ContactTraceRecordSchema.safeParse(decoded.value) : undefined;
      if (decoded.ok && parsed?.success)
        good.push({ index, received: { ctr: parsed.data, text: decoded.bytes } });
      else
        malformed.set(
          index,
          !decoded.ok
            ? decoded.reason
            : `not a contact trace record: ${(parsed?.error?.issues ?? [])
                .slice(0, 5)
                .map((i) => `${i.path.join('.')}: ${i.message}`)
                .join('; ')}`,
        );
    });
    // The whole batch at once: grouped per contact and per number (see ingestContactRecords).
    let outcomes: BatchIngestOutcome[];
    try {
      outcomes = await ingestContactRecords(
        ingest,
        good.map((g) => g.received),
      );
    } catch (err) {
      outcomes = good.map(() => ({ kind: 'failed', error: err }));
    }
    const counts = { stored: 0, stale: 0, failed: 0 };
    // Per-record lines only when asked for (their fields cost something on every record of every batch).
    const debug = logger.getLevelName() === 'DEBUG';
    outcomes.forEach((o, k) => {
      const index = (good[k] as (typeof good)[number]).index;
      if (o.kind === 'malformed') malformed.set(index, o.reason);
      else if (o.kind === 'failed') {
        failed.add(index);
        counts.failed++;
        logger.warn('contact record not stored, to be retried', {
          sequenceNumber: records[index]?.kinesis.sequenceNumber,
          contactId: good[k]?.received.ctr.ContactId,
          error: o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error),
        });
      } else {
        counts[o.result]++;
        if (debug)
          logger.debug('contact record ingested', {
            contactId: o.record.contactId,
            result: o.result,
            caller: maskPhone(o.record.callerNumber),
            numbersUpdated: o.numbers.length,
          });
      }
    });
    // A letter that cannot be sent is retried with its record: nothing is dropped.
    await mapLimit([...malformed], 8, async ([index, reason]) => {
      try {
        await deadLetter(records[index] as KinesisStreamRecord, reason);
      } catch (err) {
        failed.add(index);
        logger.error('dead-letter queue unavailable, record to be retried', {
          sequenceNumber: records[index]?.kinesis.sequenceNumber,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
      }
    });
    metrics.addMetric('ContactRecord_stored', MetricUnit.Count, counts.stored);
    metrics.addMetric('ContactRecord_stale', MetricUnit.Count, counts.stale);
    metrics.addMetric('ContactRecord_failed', MetricUnit.Count, counts.failed);
    logger.info('contact record batch', {
      records: records.length,
      contacts: new Set(good.map((g) => g.received.ctr.ContactId)).size,
      ...counts,
      malformed: malformed.size,
    });
    return {
      batchItemFailures: [...failed]
        .sort((a, b) => a - b)
        .map((i) => ({ itemIdentifier: (records[i] as KinesisStreamRecord).kinesis.sequenceNumber })),
    };
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
      deadLetters: new SqsDeadLetterQueue(
        new SQSClient(boundedClientConfig(CALL_LIMITS.event, { endpoint: process.env.AWS_ENDPOINT_URL_SQS })),
        cfg.DEAD_LETTER_QUEUE_URL,
      ),
    }) as unknown as ReturnType<typeof middy>;
  }
  return (await built(event, context)) as BatchResponse;
};
