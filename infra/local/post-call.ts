/**
 * What happens after a local call, on the same path as in AWS: the call's CTR goes through the contact-record
 * ingestion handler as a Kinesis event; a recorded call gets a generated WAV in the S3 emulator under Connect's
 * key layout, whose S3 notification goes through the recordings handler; the local transcriber writes
 * Transcribe-shaped output from the call's script, and its job-state event goes through the transcripts handler.
 */
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { FileDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { LocalTranscriber } from '../../functions/adapters/local/local-transcriber.js';
import { silentStereoWav } from '../../functions/adapters/local/wav.js';
import { createS3Client, S3ObjectStore } from '../../functions/adapters/s3/object-store.js';
import {
  contactRecordsDepsFromEnv,
  createContactRecordsHandler,
} from '../../functions/contact-records/handler.js';
import { contactIdOfJobName, parseRecordingLocation } from '../../functions/core/call-record.js';
import { createRecordingsHandler } from '../../functions/recordings/handler.js';
import { transcriptDepsFromEnv } from '../../functions/shared/call-records-deps.js';
import { voicemailDepsFromEnv } from '../../functions/shared/voicemail-deps.js';
import { createTranscriptsHandler } from '../../functions/transcripts/handler.js';
import type { BatchResponse } from '../../schemas/call-record.js';
import type { CallEvent, CallResult } from '../../schemas/contact-record.js';
import type { Profile } from '../../schemas/profile.js';
import { LOCAL_RECORDINGS_BUCKET, type LocalS3, startLocalS3 } from './s3-local.js';

export interface PostCallSummary {
  readonly ingested: boolean;
  readonly recordingKey?: string;
  readonly transcript?: string;
}

export interface LocalPostCall {
  readonly s3Endpoint: string;
  readonly deadLetters: FileDeadLetterQueue;
  process(result: CallResult): Promise<PostCallSummary>;
  close(): Promise<void>;
}

const context = (functionName: string): Context =>
  ({
    functionName,
    awsRequestId: 'local',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

export async function openLocalPostCall(opts: {
  readonly profile: Profile;
  readonly home: string;
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly endpoint: string;
  /** An S3 emulator to use instead of starting one under `<home>/s3`. */
  readonly s3Endpoint?: string;
  /** The clock a voicemail's ticket is stamped with (the contact centre's simulated one). */
  readonly now?: () => Date;
}): Promise<LocalPostCall> {
  const logLevel = (process.env.HOTLINE_LOG_LEVEL ?? 'SILENT') as 'SILENT';
  const s3: LocalS3 | undefined = opts.s3Endpoint
    ? undefined
    : await startLocalS3({ directory: join(opts.home, 's3'), buckets: [LOCAL_RECORDINGS_BUCKET] });
  const s3Endpoint = opts.s3Endpoint ?? (s3 as LocalS3).endpoint;
  const env = {
    ...opts.tableEnv,
    DYNAMODB_ENDPOINT: opts.endpoint,
    S3_ENDPOINT: s3Endpoint,
    HOTLINE_PROFILE: opts.profile.id,
    TRANSCRIPTS_BUCKET: LOCAL_RECORDINGS_BUCKET,
  };
  const deadLetters = new FileDeadLetterQueue(join(opts.home, 'dead-letters.jsonl'));
  const silent = (service: string) => ({
    logger: new Logger({ serviceName: service, logLevel }),
    metrics: new Metrics({ namespace: 'Hotline', serviceName: service }),
  });
  const ingest = createContactRecordsHandler({
    ...silent('contact-records'),
    ingest: contactRecordsDepsFromEnv(env).ingest,
    deadLetters,
  });
  const scripts = new Map<string, readonly CallEvent[]>();
  const objects = new S3ObjectStore(createS3Client({ endpoint: s3Endpoint }));
  const transcriber = new LocalTranscriber(objects, (id) => scripts.get(id), contactIdOfJobName);
  const deps = transcriptDepsFromEnv(env, transcriber);
  const recordings = createRecordingsHandler({ ...silent('recordings'), start: deps });
  // A voicemail's transcript goes onto its ticket (F15), as in AWS.
  const transcripts = createTranscriptsHandler({
    ...silent('transcripts'),
    store: deps,
    ...voicemailDepsFromEnv(env, opts.now),
  });
  let sequence = 0;

  return {
    s3Endpoint,
    deadLetters,
    async process(result) {
      sequence++;
      const data = Buffer.from(JSON.stringify(result.ctr), 'utf8').toString('base64');
      const seq = `${Date.now()}${String(sequence).padStart(6, '0')}`;
      const batch = (await ingest(
        {
          Records: [
            {
              eventSource: 'aws:kinesis',
              eventID: `shardId-000000000000:${seq}`,
              kinesis: { data, sequenceNumber: seq, partitionKey: result.contactId },
            },
          ],
        },
        context('hotline-contact-records'),
      )) as BatchResponse;
      const ingested = batch.batchItemFailures.length === 0;
      const location = result.ctr.Recording?.Location;
      const ref = location ? parseRecordingLocation(location) : undefined;
      if (!ref) return { ingested };
      // The recording: silent stereo audio as long as the talk (customer left, agent right); a recording of the
      // IVR alone (a voicemail) as long as the call.
      const callSeconds =
        (Date.parse(result.ctr.DisconnectTimestamp ?? '') - Date.parse(result.ctr.InitiationTimestamp)) /
        1000;
      const seconds = Math.max(
        1,
        Math.min(180, result.ctr.Agent?.AgentInteractionDuration ?? (Math.round(callSeconds) || 1)),
      );
      await objects.put(ref, silentStereoWav(seconds), 'audio/wav');
      scripts.set(result.contactId, result.events);
      await recordings(
        {
          Records: [
            {
              eventName: 'ObjectCreated:Put',
              s3: {
                bucket: { name: ref.bucket },
                object: { key: encodeURIComponent(ref.key).replace(/%2F/g, '/') },
              },
            },
          ],
        },
        context('hotline-recordings'),
      );
      let transcript: string | undefined;
      for (let round = 0; round < 5; round++) {
        const events = transcriber.drain();
        if (events.length === 0) break;
        for (const e of events) {
          const out = await transcripts(e, context('hotline-transcripts'));
          if (out.status === 'stored') transcript = out.contactId;
        }
      }
      return { ingested, recordingKey: ref.key, ...(transcript ? { transcript } : {}) };
    },
    close: async () => {
      await s3?.stop();
    },
  };
}
