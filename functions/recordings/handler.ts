/**
 * A recording was stored (F9): start its Transcribe job. Takes S3 event notifications (Put and
 * CompleteMultipartUpload; keys URL-encoded, they contain `:`) and EventBridge "Object Created" events.
 * Idempotent: job names come from the ContactId. A failure throws, so the invocation is retried (async
 * retries, then the function's on-failure destination: the dead-letter queue).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import {
  type RecordingRef,
  type RecordingsResponse,
  S3NotificationEventSchema,
  S3ObjectCreatedEventSchema,
} from '../../schemas/call-record.js';
import { decodeS3Key } from '../core/call-record.js';
import { transcriptDepsFromEnv } from '../shared/call-records-deps.js';
import { createObservability } from '../shared/observability.js';
import {
  type StartOutcome,
  type StartTranscriptionDeps,
  startTranscription,
} from '../use-cases/call-records/start-transcription.js';

/** The recordings an event names (notification keys decoded; EventBridge keys are plain). */
export function recordingsOf(event: unknown): RecordingRef[] {
  const notification = S3NotificationEventSchema.safeParse(event);
  if (notification.success) {
    return notification.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeS3Key(r.s3.object.key),
    }));
  }
  const parsed = S3ObjectCreatedEventSchema.parse(event);
  // Whether EventBridge keys are ever URL-encoded is *unverified*: a key with %XX escapes is decoded (Connect's
  // recording keys hold no literal "%"), a plain one (with ":") is taken as is.
  const key = parsed.detail.object.key;
  return [{ bucket: parsed.detail.bucket.name, key: /%[0-9A-Fa-f]{2}/.test(key) ? decodeS3Key(key) : key }];
}

export function createRecordingsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  start: StartTranscriptionDeps;
}) {
  const { logger, metrics } = deps;
  const handle = async (event: unknown): Promise<RecordingsResponse> => {
    const outcomes: StartOutcome[] = [];
    for (const recording of recordingsOf(event)) {
      const outcome = await startTranscription(deps.start, recording);
      metrics.addMetric(`Transcription_${outcome.status}`, MetricUnit.Count, 1);
      logger.info('recording stored', { key: recording.key, ...outcome });
      outcomes.push(outcome);
    }
    return { outcomes };
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

let built: ReturnType<typeof createRecordingsHandler> | undefined;
export const handler = async (event: unknown, context: import('aws-lambda').Context) => {
  built ??= createRecordingsHandler({ ...createObservability('recordings'), start: transcriptDepsFromEnv() });
  return built(event, context);
};
