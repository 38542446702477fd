/**
 * A Transcribe job changed state (EventBridge): store the normalized transcript and link it to the call
 * record, or record the failure and start a retry (F9). Idempotent.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { TranscribeJobStateChangeSchema } from '../../schemas/call-record.js';
import { transcriptDepsFromEnv } from '../shared/call-records-deps.js';
import { createObservability } from '../shared/observability.js';
import {
  type StoreOutcome,
  type StoreTranscriptDeps,
  storeTranscript,
} from '../use-cases/call-records/store-transcript.js';

export function createTranscriptsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  store: StoreTranscriptDeps;
}) {
  const { logger, metrics } = deps;
  const handle = async (event: unknown): Promise<StoreOutcome> => {
    const parsed = TranscribeJobStateChangeSchema.parse(event);
    const outcome = await storeTranscript(deps.store, parsed);
    metrics.addMetric(`Transcript_${outcome.status}`, MetricUnit.Count, 1);
    logger.info('transcription job finished', { jobName: parsed.detail.TranscriptionJobName, ...outcome });
    return outcome;
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

let built: ReturnType<typeof createTranscriptsHandler> | undefined;
export const handler = async (event: unknown, context: import('aws-lambda').Context) => {
  built ??= createTranscriptsHandler({
    ...createObservability('transcripts'),
    store: transcriptDepsFromEnv(),
  });
  return built(event, context);
};
