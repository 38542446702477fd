import type {
  CallRecord,
  CallRecordItem,
  DeadLetter,
  RecordingRef,
  SurveyItem,
  SurveyResult,
  TranscriptItem,
  TranscriptionItem,
} from '../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../schemas/contact-record.js';
import type { RecentContact } from '../../schemas/crm.js';

/** What saving a call record did: `stale` when the stored one is as new or newer (nothing written). */
export type SaveRecordResult = 'created' | 'updated' | 'stale';

/** What writing one record of a batch did; `failed` records are retried by the caller (Kinesis). */
export type BatchRecordOutcome =
  | { readonly status: 'stored' | 'stale' }
  | { readonly status: 'failed'; readonly error: unknown };

/** Everything kept about one contact. */
export interface ContactView {
  readonly record?: CallRecordItem;
  readonly transcript?: TranscriptItem;
  readonly transcription?: TranscriptionItem;
  readonly survey?: SurveyItem;
}

/** Persistence of call records, transcripts and surveys (port; DynamoDB adapter). */
export interface CallRecordRepository {
  /** Write the record unless a record with the same or a newer LastUpdateTimestamp is stored (conditional). */
  saveRecord(record: CallRecord, ctr: ContactTraceRecord, now: Date): Promise<SaveRecordResult>;
  /**
   * Many records at once (one per contact; ingestion groups a batch first), each conditional as `saveRecord`:
   * outcomes in input order.
   */
  saveRecords(
    records: readonly { readonly record: CallRecord; readonly ctr: ContactTraceRecord }[],
    now: Date,
  ): Promise<BatchRecordOutcome[]>;
  /** The stored records of these contacts (absent ones are left out). */
  getRecords(contactIds: readonly string[]): Promise<Map<string, CallRecordItem>>;
  getContact(contactId: string): Promise<ContactView>;
  /** A number's calls, newest first. */
  listByCaller(e164: string | undefined, limit: number): Promise<CallRecordItem[]>;
  /** Create the transcription item if absent; `false` when one exists for this attempt or a later one. */
  startTranscription(item: TranscriptionItem): Promise<boolean>;
  /** Update the transcription item's status (the attempt must match). */
  updateTranscription(item: TranscriptionItem): Promise<void>;
  getTranscription(contactId: string): Promise<TranscriptionItem | undefined>;
  saveTranscript(item: TranscriptItem): Promise<void>;
  /** Store the survey result once: `false` when one is already stored for the contact. */
  saveSurvey(item: SurveyItem): Promise<boolean>;
  setSurveyTicket(contactId: string, ticketId: string): Promise<void>;
  listSurveys(): Promise<SurveyItem[]>;
}

/** One contact's screen-pop entry, to be kept under each of these numbers. */
export interface RecentContactWrite {
  readonly numbers: readonly string[];
  readonly entry: RecentContact;
  /** The version of the contact the entry comes from: only a newer one replaces it. */
  readonly lastUpdateTimestamp: string;
  readonly customerId?: string | undefined;
}

/** The per-number screen-pop history (one item per contact and number on the CRM table). */
export interface RecentContactsWriter {
  /**
   * Keep each entry under each of its numbers, unless the same or a newer version of that contact is kept there
   * (idempotent, any order). One result per entry, in order: `undefined` when done, else the error (retry it).
   */
  putRecentContacts(entries: readonly RecentContactWrite[], now: Date): Promise<(unknown | undefined)[]>;
  /** The numbers of many customers at once (unknown customers are left out). */
  customersPhones(customerIds: readonly string[]): Promise<Map<string, readonly string[]>>;
}

/** Where records we cannot process go (SQS DLQ in AWS, a file locally). Never dropped. */
export interface DeadLetterQueue {
  send(letter: DeadLetter): Promise<void>;
}

/** Recording/transcript object storage (S3, or the S3 emulator locally). */
export interface ObjectStore {
  put(ref: RecordingRef, body: Uint8Array | string, contentType: string): Promise<void>;
  getText(ref: RecordingRef): Promise<string>;
}

export interface StartTranscriptionInput {
  readonly jobName: string;
  readonly media: RecordingRef;
  readonly languageCode: string;
  /** Where the output JSON goes (bucket/key). */
  readonly output: RecordingRef;
}

/** Speech to text (Amazon Transcribe, or the local transcriber). */
export interface Transcriber {
  /** Start a job; `exists` when a job of that name already exists (a replay). */
  start(input: StartTranscriptionInput): Promise<'started' | 'exists'>;
}

export interface FollowUpTicketInput {
  readonly contactId: string;
  readonly customerId?: string;
  readonly phone?: string;
  readonly score: number;
  readonly agentId?: string;
  readonly queue?: string;
}

/** Follow-up tickets for low survey scores (adapter over the tickets use case). */
export interface FollowUpTickets {
  /** Open (or find, on replay) the follow-up ticket of a contact; returns its id. */
  open(input: FollowUpTicketInput): Promise<{ ticketId: string }>;
}

export type { SurveyResult };
