/**
 * What QA reads about contacts, on DynamoDB: the period's call records (a filtered Scan of the Contacts table:
 * a weekly batch read, see contacts-scan.ts), one contact's record, transcript and survey (one Query of its
 * item collection), and the contacts complaint tickets came from (a filtered Scan of the Tickets table).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallRecordItem } from '../../../schemas/call-record.js';
import { complaintCategories } from '../../core/analytics/rows.js';
import type { ContactView } from '../../ports/call-records.js';
import type { QaContactSource } from '../../ports/supervision.js';
import { DynamoAnalyticsSource } from './analytics-source.js';
import { DynamoCallRecordRepository } from './call-record-repository.js';
import { scanCallRecords } from './contacts-scan.js';

export class DynamoQaContactSource implements QaContactSource {
  readonly #records: DynamoCallRecordRepository;
  readonly #tickets: DynamoAnalyticsSource;
  readonly #isComplaint: (category: string) => boolean;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly contactsTable: string,
    ticketsTable: string,
    categories?: readonly { key: string; returnVisit?: boolean }[],
  ) {
    this.#records = new DynamoCallRecordRepository(doc, contactsTable);
    this.#tickets = new DynamoAnalyticsSource(doc, contactsTable, ticketsTable);
    this.#isComplaint = complaintCategories(categories);
  }

  callsBetween(from: Date, to: Date): Promise<CallRecordItem[]> {
    return scanCallRecords(this.doc, this.contactsTable, from, to);
  }

  contact(contactId: string): Promise<ContactView> {
    return this.#records.getContact(contactId);
  }

  async complaintContacts(): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const t of this.#tickets.tickets())
      if (t.contactId && this.#isComplaint(t.category)) ids.add(t.contactId);
    return ids;
  }
}
