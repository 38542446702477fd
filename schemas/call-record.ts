import { z } from 'zod';
import { E164Schema, IsoTimeSchema } from './crm.js';

/**
 * Call records (F10), recordings and transcripts (F9) and post-call surveys (F8): the shapes that cross a
 * boundary. Events are parsed leniently (loose objects: AWS adds fields); our own items strictly.
 * Key layout (Contacts table, one item collection per contact): pk `CONTACT#<contactId>`; sk `RECORD#<version>`
 * (one item per CTR version, the newest is the record) | `RECORD#~forgotten` | `TRANSCRIPT` | `TRANSCRIPTION` |
 * `SURVEY`; GSI `byCaller`: gsi1pk `CALLER#<e164>` (or `CALLER#withheld`), gsi1sk `<initiatedAt>#<contactId>`
 * (records only: each version of a contact has the same).
 */

// ---------------------------------------------------------------------------------------------------------------
// Events

/** Lambda event from a Kinesis stream (one CTR JSON per record, base64: reference §6, *unverified* but common). */
export const KinesisStreamRecordSchema = z.looseObject({
  eventID: z.string().optional(),
  eventSource: z.string().optional(),
  kinesis: z.looseObject({
    data: z.string(),
    sequenceNumber: z.string(),
    partitionKey: z.string().optional(),
    approximateArrivalTimestamp: z.number().optional(),
  }),
});
export type KinesisStreamRecord = z.infer<typeof KinesisStreamRecordSchema>;

export const KinesisStreamEventSchema = z.looseObject({ Records: z.array(KinesisStreamRecordSchema) });

/** The Lambda's answer to Kinesis (partial batch failures: the sequence numbers to retry). */
export const BatchResponseSchema = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })),
});
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

/** S3 event notification record (`s3:ObjectCreated:Put` / `CompleteMultipartUpload`); keys are URL-encoded. */
export const S3EventRecordSchema = z.looseObject({
  eventName: z.string(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({ key: z.string(), size: z.number().optional() }),
  }),
});
export const S3NotificationEventSchema = z.looseObject({ Records: z.array(S3EventRecordSchema) });

/**
 * EventBridge "Object Created" (S3 → EventBridge); `detail.object.key` is NOT URL-encoded there — *unverified*
 * whether it always is plain, so the domain decodes only keys from notification records.
 */
export const S3ObjectCreatedEventSchema = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({ key: z.string() }),
  }),
});

/** Either delivery of "a recording was stored" (S3 notification through Lambda, or EventBridge). */
export const RecordingCreatedEventSchema = z.union([S3NotificationEventSchema, S3ObjectCreatedEventSchema]);
export type RecordingCreatedEvent = z.infer<typeof RecordingCreatedEventSchema>;

/** EventBridge `Transcribe Job State Change` (reference §7.2). */
export const TranscribeJobStateChangeSchema = z.looseObject({
  source: z.literal('aws.transcribe'),
  'detail-type': z.literal('Transcribe Job State Change'),
  time: z.string().optional(),
  detail: z.looseObject({
    TranscriptionJobName: z.string(),
    TranscriptionJobStatus: z.string(),
    FailureReason: z.string().optional(),
  }),
});
export type TranscribeJobStateChange = z.infer<typeof TranscribeJobStateChangeSchema>;

const Str = z.union([z.string(), z.number()]).transform(String);

/** One item of Transcribe output; times and confidences are strings [doc]; punctuation has no times. */
export const TranscribeItemSchema = z.looseObject({
  channel_label: z.string().optional(),
  start_time: Str.optional(),
  end_time: Str.optional(),
  type: z.string(),
  alternatives: z.array(z.looseObject({ content: z.string(), confidence: Str.optional() })).min(1),
});
export type TranscribeItem = z.infer<typeof TranscribeItemSchema>;

/** Standard Transcribe output JSON (with ChannelIdentification). `status`, `number_of_channels`: *unverified*, optional. */
export const TranscribeOutputSchema = z.looseObject({
  jobName: z.string(),
  accountId: z.string().optional(),
  status: z.string().optional(),
  results: z.looseObject({
    transcripts: z.array(z.looseObject({ transcript: z.string() })),
    channel_labels: z
      .looseObject({
        number_of_channels: z.number().optional(),
        channels: z.array(z.looseObject({ channel_label: z.string(), items: z.array(TranscribeItemSchema) })),
      })
      .optional(),
    items: z.array(TranscribeItemSchema).optional(),
  }),
});
export type TranscribeOutput = z.infer<typeof TranscribeOutputSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Domain values and table items

export const RecordingRefSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  status: z.string().optional(),
});
export type RecordingRef = z.infer<typeof RecordingRefSchema>;

/** A CTR normalized to what we keep (the raw CTR is kept too, as `ctr`, for the company's record). */
export const CallRecordSchema = z.object({
  contactId: z.string().min(1),
  channel: z.string(),
  initiationMethod: z.string(),
  initiatedAt: IsoTimeSchema,
  disconnectedAt: IsoTimeSchema.optional(),
  /** The CTR's LastUpdateTimestamp: the newest wins. */
  lastUpdateTimestamp: IsoTimeSchema,
  callerNumber: E164Schema.optional(),
  /** `true` when the caller's number was withheld or not a phone number. */
  callerWithheld: z.boolean(),
  customerId: z.string().optional(),
  queue: z.string().optional(),
  /** Agent id (last segment of the agent ARN; Connect's SetQueue accepts it). */
  agentId: z.string().optional(),
  agentUsername: z.string().optional(),
  disconnectReason: z.string().optional(),
  talkSeconds: z.number().optional(),
  recording: RecordingRefSchema.optional(),
  attributes: z.record(z.string(), z.string()),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

const utf8 = new TextDecoder();

/**
 * A stored CTR parsed back: the bytes of its JSON text (a binary attribute, as written now), or its JSON text (as
 * written before); anything else (a map, as written first) is left for the schema to judge.
 */
function ctrFromText(value: unknown): unknown {
  const text = value instanceof Uint8Array ? utf8.decode(value) : value;
  if (typeof text !== 'string') return value;
  try {
    return JSON.parse(text);
  } catch {
    return value;
  }
}

export const CallRecordItemSchema = CallRecordSchema.extend({
  pk: z.string(),
  /** `RECORD#<version>` (one item per CTR version), `RECORD#~forgotten`, or `RECORD` (before versions). */
  sk: z.string().regex(/^RECORD(#.+)?$/),
  entity: z.literal('call'),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  /**
   * The CTR as received. Stored as the bytes of its JSON text, as they came from the stream: one binary attribute
   * costs a fraction of a nested map to write and to marshal, and less than a string, which must be escaped (see the
   * README's ingestion benchmark). Items that hold it as JSON text or as a map (written before) read the same.
   */
  ctr: z.preprocess(ctrFromText, z.record(z.string(), z.unknown())),
  ingestedAt: IsoTimeSchema,
  /** Set on the forgotten stub: the record is anonymised, and a later CTR version is not kept. */
  forgottenAt: IsoTimeSchema.optional(),
});
export type CallRecordItem = z.infer<typeof CallRecordItemSchema>;

export const SPEAKERS = ['customer', 'agent'] as const;
export const TranscriptTurnSchema = z.object({
  speaker: z.enum(SPEAKERS),
  /** Seconds from the start of the recording. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
});
export type TranscriptTurn = z.infer<typeof TranscriptTurnSchema>;

export const TranscriptItemSchema = z.object({
  pk: z.string(),
  sk: z.literal('TRANSCRIPT'),
  entity: z.literal('transcript'),
  contactId: z.string(),
  jobName: z.string(),
  /** Where the raw Transcribe output is (bucket/key). */
  source: RecordingRefSchema.optional(),
  turns: z.array(TranscriptTurnSchema),
  text: z.string(),
  storedAt: IsoTimeSchema,
});
export type TranscriptItem = z.infer<typeof TranscriptItemSchema>;

export const TRANSCRIPTION_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
/** One transcription of a contact's recording: started, finished or failed (retried up to a limit). */
export const TranscriptionItemSchema = z.object({
  pk: z.string(),
  sk: z.literal('TRANSCRIPTION'),
  entity: z.literal('transcription'),
  contactId: z.string(),
  jobName: z.string(),
  recording: RecordingRefSchema,
  languageCode: z.string(),
  status: z.enum(TRANSCRIPTION_STATUSES),
  attempt: z.number().int().positive(),
  failureReason: z.string().optional(),
  updatedAt: IsoTimeSchema,
});
export type TranscriptionItem = z.infer<typeof TranscriptionItemSchema>;

export const SurveyScoreSchema = z.number().int().min(1).max(5);
export const SurveyResultSchema = z.object({
  contactId: z.string().min(1),
  score: SurveyScoreSchema,
  answer2: SurveyScoreSchema.optional(),
  agentId: z.string().optional(),
  queue: z.string().optional(),
  callerNumber: E164Schema.optional(),
  customerId: z.string().optional(),
  at: IsoTimeSchema,
});
export type SurveyResult = z.infer<typeof SurveyResultSchema>;

export const SurveyItemSchema = SurveyResultSchema.extend({
  pk: z.string(),
  sk: z.literal('SURVEY'),
  entity: z.literal('survey'),
  followUpTicketId: z.string().optional(),
});
export type SurveyItem = z.infer<typeof SurveyItemSchema>;

/** The survey Lambda's answer (STRING_MAP for `$.External`): always answers. */
export const SurveyResponseSchema = z.strictObject({
  surveyStatus: z.enum(['recorded', 'duplicate', 'invalid', 'error']),
  followUp: z.enum(['true', 'false']),
});
export type SurveyResponse = z.infer<typeof SurveyResponseSchema>;

/** Dead-letter entry: a stream record we could not make sense of (kept, never dropped). */
export const DeadLetterSchema = z.object({
  source: z.string(),
  reason: z.string(),
  /** The record as received (Kinesis record, base64 data included). */
  record: z.unknown(),
  at: IsoTimeSchema,
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** What the recordings Lambda did with one recording (its answer lists one per recording). */
export const StartOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.enum(['started', 'already-started']), contactId: z.string(), jobName: z.string() }),
  z.object({ status: z.literal('ignored'), reason: z.string() }),
]);
export type StartOutcome = z.infer<typeof StartOutcomeSchema>;
export const RecordingsResponseSchema = z.object({ outcomes: z.array(StartOutcomeSchema) });
export type RecordingsResponse = z.infer<typeof RecordingsResponseSchema>;

/** What the transcripts Lambda did with one Transcribe job state change. */
export const StoreOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stored'), contactId: z.string(), turns: z.number().int().nonnegative() }),
  z.object({ status: z.enum(['failed-retried', 'failed-final']), contactId: z.string(), reason: z.string() }),
  z.object({ status: z.literal('ignored'), reason: z.string() }),
]);
export type StoreOutcome = z.infer<typeof StoreOutcomeSchema>;
