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

/** The per-number screen-pop list (the CRM's PHONE# items). */
export interface RecentContactsWriter {
  /** Merge `entry` into the recent contacts of each number (idempotent, newest first, 10 kept). */
  addRecentContact(e164s: readonly string[], entry: RecentContact, now: Date): Promise<void>;
  /** The numbers of a customer, if known. */
  customerPhones(customerId: string): Promise<readonly string[] | undefined>;
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
