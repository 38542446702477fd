import { z } from 'zod';
import { PROFILE_IDS } from './profile.js';

/** Environment of the caller-lookup Lambda (set by CDK, or by the local runtime). */
export const CallerLookupEnvSchema = z.object({
  CRM_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  LOOKUP_BUDGET_MS: z.coerce.number().int().min(50).max(7000).default(1500),
  /** Set only locally: the DynamoDB Local endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type CallerLookupEnv = z.infer<typeof CallerLookupEnvSchema>;

/** Environment of the call-record functions (CTR ingestion, recordings, transcripts, survey). */
export const CallRecordsEnvSchema = z.object({
  CONTACTS_TABLE_NAME: z.string().min(1),
  CRM_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** SQS dead-letter queue for malformed contact records (AWS); locally a file is used instead. */
  DEAD_LETTER_QUEUE_URL: z.string().min(1).optional(),
  /** Bucket (and prefix) for Transcribe output; the recordings bucket in AWS. */
  TRANSCRIPTS_BUCKET: z.string().min(1).optional(),
  TRANSCRIPTS_PREFIX: z.string().default('transcripts/'),
  /** Set only locally: the DynamoDB Local and S3 emulator endpoints. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
});
export type CallRecordsEnv = z.infer<typeof CallRecordsEnvSchema>;
