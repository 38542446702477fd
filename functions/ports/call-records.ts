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

/**
 * What writing one record of a batch did; `failed` records are retried by the caller (Kinesis). Each CTR version is
 * its own item, so writing never replaces a newer version: `stored` says this version is on file.
 */
export type BatchRecordOutcome =
  | { readonly status: 'stored' }
  | { readonly status: 'failed'; readonly error: unknown }
  /** Can never be stored (an item its own read schema, or DynamoDB, refuses): dead-letter it. */
  | { readonly status: 'invalid'; readonly error: unknown };

/** One CTR version to keep: `version` from `recordVersionOf` (core/call-record.ts) over `text`. */
export interface RecordVersion {
  readonly record: CallRecord;
  /** The CTR's JSON text as received, UTF-8 (`ReceivedCtr.text`): kept as it came. */
  readonly text: Uint8Array;
  readonly version: string;
}

/** Everything kept about one contact. */
export interface ContactView {
  readonly record?: CallRecordItem;
  readonly transcript?: TranscriptItem;
  readonly transcription?: TranscriptionItem;
  readonly survey?: SurveyItem;
}

/** Persistence of call records, transcripts and surveys (port; DynamoDB adapter). */
export interface CallRecordRepository {
  /** Keep one CTR version (throws when it could not be written). Readers see the newest version of a contact. */
  saveRecord(record: CallRecord, ctr: ContactTraceRecord, now: Date): Promise<void>;
  /** Keep many CTR versions at once (at most one per contact and version): outcomes in input order. */
  saveRecords(versions: readonly RecordVersion[], now: Date): Promise<BatchRecordOutcome[]>;
  /**
   * Which of these contacts were forgotten (personal data erased): consistent reads. Only contacts that began at or
   * before the erasure horizon (PersonalDataStore.raiseErasureHorizon) can have been, so only those are looked up.
   */
  forgottenAmong(
    contacts: readonly { readonly contactId: string; readonly initiatedAt: string }[],
  ): Promise<Set<string>>;
  /** Take back record versions (a forgotten contact's late CTRs). */
  removeRecords(versions: readonly { readonly contactId: string; readonly version: string }[]): Promise<void>;
  /** A contact's record (its newest version), transcript, transcription and survey. */
  getContact(contactId: string): Promise<ContactView>;
  /** A number's calls (each contact once, its newest version), newest first. */
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
  /** The version of the contact the entry comes from (`recordVersionOf`): readers keep the newest. */
  readonly version: string;
  readonly lastUpdateTimestamp: string;
  readonly customerId?: string | undefined;
}

/** The per-number screen-pop history (one item per contact and number on the CRM table). */
export interface RecentContactsWriter {
  /**
   * Keep each entry under each of its numbers, one item per contact version (idempotent, any order: readers keep
   * each contact's newest). One outcome per entry, in order (an entry with several numbers: its worst).
   */
  putRecentContacts(entries: readonly RecentContactWrite[], now: Date): Promise<BatchRecordOutcome[]>;
  /** Take back entries written by `putRecentContacts` (a forgotten contact's late CTRs). */
  removeRecentContacts(entries: readonly RecentContactWrite[]): Promise<void>;
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
