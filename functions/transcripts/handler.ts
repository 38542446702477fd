/**
 * A Transcribe job changed state (EventBridge): store the normalized transcript and link it to the call
 * record, or record the failure and start a retry (F9). A voicemail's message then goes onto its ticket
 * (F15, use-cases/voicemail). Idempotent.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { TranscribeJobStateChangeSchema } from '../../schemas/call-record.js';
import { transcriptDepsFromEnv } from '../shared/call-records-deps.js';
import { createObservability } from '../shared/observability.js';
import { voicemailDepsFromEnv } from '../shared/voicemail-deps.js';
import {
  type StoreOutcome,
  type StoreTranscriptDeps,
  storeTranscript,
} from '../use-cases/call-records/store-transcript.js';
import {
  type AttachVoicemailDeps,
  type AttachVoicemailOutcome,
  attachVoicemail,
} from '../use-cases/voicemail/attach-voicemail.js';

/** A stored (or finally failed) transcript of a voicemail goes onto its ticket. */
async function attachIfVoicemail(
  store: StoreTranscriptDeps,
  voicemail: AttachVoicemailDeps,
  outcome: StoreOutcome,
  jobName: string,
): Promise<AttachVoicemailOutcome | undefined> {
  if (outcome.status !== 'stored' && outcome.status !== 'failed-final') return undefined;
  const contact = await store.records.getContact(outcome.contactId);
  return attachVoicemail(voicemail, {
    contactId: outcome.contactId,
    jobName,
    status: outcome.status === 'stored' ? 'transcribed' : 'failed',
    ...(contact.transcript ? { turns: contact.transcript.turns } : {}),
    ...(contact.transcription ? { recording: contact.transcription.recording } : {}),
  });
}

export function createTranscriptsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  store: StoreTranscriptDeps;
  /** Tickets and voicemail settings: without them no voicemail is attached (e.g. a stack without tickets). */
  voicemail?: AttachVoicemailDeps;
}) {
  const { logger, metrics } = deps;
  const handle = async (event: unknown): Promise<StoreOutcome & { voicemail?: AttachVoicemailOutcome }> => {
    const parsed = TranscribeJobStateChangeSchema.parse(event);
    const jobName = parsed.detail.TranscriptionJobName;
    const outcome = await storeTranscript(deps.store, parsed);
    metrics.addMetric(`Transcript_${outcome.status}`, MetricUnit.Count, 1);
    logger.info('transcription job finished', { jobName, ...outcome });
    // A failure here throws: the event is retried (EventBridge), and a replay attaches nothing twice.
    const voicemail = deps.voicemail
      ? await attachIfVoicemail(deps.store, deps.voicemail, outcome, jobName)
      : undefined;
    if (voicemail?.status === 'attached') {
      metrics.addMetric('VoicemailAttached', MetricUnit.Count, 1);
      logger.info('voicemail attached to its ticket', { jobName, ticketId: voicemail.ticketId });
    }
    return voicemail ? { ...outcome, voicemail } : outcome;
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
    ...voicemailDepsFromEnv(),
  });
  return built(event, context);
};
