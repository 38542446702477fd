/** Dependencies of the recording and transcript handlers, from the environment CDK (or the local runtime) sets. */
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { CallRecordsEnvSchema } from '../../schemas/env.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { DynamoCallRecordRepository } from '../adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createS3Client, S3ObjectStore } from '../adapters/s3/object-store.js';
import { AwsTranscriber } from '../adapters/transcribe/transcriber.js';
import type { Transcriber } from '../ports/call-records.js';
import type { StoreTranscriptDeps } from '../use-cases/call-records/store-transcript.js';

/** Transcribe language when the contact has none: the profile's default language. */
export function transcriptDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  transcriber?: Transcriber,
): StoreTranscriptDeps {
  const cfg = CallRecordsEnvSchema.parse(env);
  if (!cfg.TRANSCRIPTS_BUCKET) throw new Error('TRANSCRIPTS_BUCKET is not set');
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 4,
  });
  const s3 = createS3Client(cfg.S3_ENDPOINT ? { endpoint: cfg.S3_ENDPOINT } : {});
  return {
    records: new DynamoCallRecordRepository(doc, cfg.CONTACTS_TABLE_NAME),
    objects: new S3ObjectStore(s3),
    transcriber:
      transcriber ??
      new AwsTranscriber(
        new TranscribeClient(
          boundedClientConfig(CALL_LIMITS.event, { endpoint: env.AWS_ENDPOINT_URL_TRANSCRIBE }),
        ),
        env.RECORDINGS_KMS_KEY_ID,
      ),
    outputBucket: cfg.TRANSCRIPTS_BUCKET,
    outputPrefix: cfg.TRANSCRIPTS_PREFIX,
    defaultLanguage: profile.defaultLanguage,
    now: () => new Date(),
  };
}
