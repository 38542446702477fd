import type { RecordingRef } from '../../schemas/call-record.js';

/** Whose data to erase: a customer (with every number they have) or a number nobody in the CRM holds. */
export interface ForgetSubject {
  readonly customerId?: string;
  /** E.164 numbers: the customer's, or the one number asked about. */
  readonly numbers: readonly string[];
  readonly cardNumber?: string;
  /** The customer's name: removed wherever a record that names the subject also holds it (audit, comments). */
  readonly name?: string;
}

/** What erasing one contact did. */
export interface ContactErasure {
  readonly recordAnonymised: boolean;
  readonly transcriptDeleted: boolean;
  readonly transcriptionDeleted: boolean;
  readonly surveyAnonymised: boolean;
  /** Objects of the contact (recording, Transcribe output) to delete. */
  readonly objects: readonly RecordingRef[];
  /** UTC day of the contact (`yyyy-mm-dd`): the analytics partition it was exported to. */
  readonly day?: string;
}

/** Every store that holds personal data, for erasure (port; DynamoDB adapter). */
export interface PersonalDataStore {
  /** The subject for a customer id, or for a number (its customer, if one holds it). */
  resolve(input: {
    readonly customerId?: string;
    readonly e164?: string;
  }): Promise<ForgetSubject | undefined>;
  /** Delete the customer, its lookup items (with block, recent contacts, counters) and card claim. */
  eraseCrm(subject: ForgetSubject): Promise<{ customers: number; phoneItems: number; cardClaims: number }>;
  /**
   * Raise the erasure horizon to `until` (never lower it): contact-record ingestion looks for forgotten contacts only
   * among contacts that began at or before it. Raised before the subject's contacts are searched and again after.
   */
  raiseErasureHorizon(until: Date): Promise<void>;
  /** Every contact of the subject: by caller number (index) and by customer id. */
  contactsOf(subject: ForgetSubject): Promise<string[]>;
  /** Anonymise a contact's record and survey (kept for statistics), delete its transcript. */
  eraseContact(contactId: string, now: Date): Promise<ContactErasure>;
  /** Anonymise the subject's tickets (kept for statistics, without customer, number or free text). */
  anonymiseTickets(subject: ForgetSubject, now: Date): Promise<{ tickets: number; days: string[] }>;
  /** Delete the SMS log, opt-out and rate counters of the numbers. */
  eraseSms(numbers: readonly string[]): Promise<{ messages: number; optOuts: number; counters: number }>;
}

/** Deletes objects (S3, or the S3 emulator). */
export interface ObjectEraser {
  /** Delete the objects that exist; returns how many did. */
  deleteObjects(refs: readonly RecordingRef[]): Promise<number>;
}

/** What erasing the subject's records in the business tables did: counts by kind, and analytics partitions. */
export interface RecordsErasure {
  /** By kind, e.g. `ordersAnonymised`, `campaignEntriesDeleted`, `auditEntriesRedacted`. */
  readonly counts: Readonly<Record<string, number>>;
  /** Analytics partitions exported before that may hold the data (`bookings/dt=…`). */
  readonly partitions: readonly string[];
}

/**
 * The subject's records in the business tables added after the CRM (orders, repair bookings, pickups, leads,
 * campaigns, QA evaluations, the audit log): anonymised where statistics need them, deleted where nothing does.
 */
export interface PersonalRecordsStore {
  /** `contactIds`: the subject's contacts (their QA evaluations are cleaned too). */
  erase(subject: ForgetSubject, contactIds: readonly string[], now: Date): Promise<RecordsErasure>;
}
