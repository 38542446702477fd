import type { RecordingRef } from '../../schemas/call-record.js';

/** Whose data to erase: a customer (with every number they have) or a number nobody in the CRM holds. */
export interface ForgetSubject {
  readonly customerId?: string;
  /** E.164 numbers: the customer's, or the one number asked about. */
  readonly numbers: readonly string[];
  readonly cardNumber?: string;
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
