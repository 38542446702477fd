import type { CallRecord } from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import { recentContactOf, toCallRecord } from '../../core/call-record.js';
import type {
  CallRecordRepository,
  RecentContactsWriter,
  SaveRecordResult,
} from '../../ports/call-records.js';

export interface IngestContactRecordDeps {
  readonly records: CallRecordRepository;
  readonly recent: RecentContactsWriter;
  readonly phoneRegion: string;
  readonly now: () => Date;
}

export interface IngestOutcome {
  readonly result: SaveRecordResult;
  readonly record: CallRecord;
  /** Numbers whose recent-contact list now holds this contact. */
  readonly numbers: readonly string[];
}

/**
 * Keep one CTR as the company's call record (F10) and update the screen-pop list and last agent (F6).
 * At least once, re-sent on change: the stored record is replaced only by a strictly newer LastUpdateTimestamp.
 * The recent-contact lists are merged on every delivery (idempotent), from the newest record stored, so a
 * delivery that saved the record but failed before the lists is completed by its retry.
 */
export async function ingestContactRecord(
  deps: IngestContactRecordDeps,
  ctr: ContactTraceRecord,
): Promise<IngestOutcome> {
  const incoming = toCallRecord(ctr, deps.phoneRegion);
  const result = await deps.records.saveRecord(incoming, ctr, deps.now());
  const record =
    result === 'stale' ? ((await deps.records.getContact(incoming.contactId)).record ?? incoming) : incoming;
  const numbers = await numbersOf(deps, record);
  if (numbers.length > 0) await deps.recent.addRecentContact(numbers, recentContactOf(record), deps.now());
  return { result, record, numbers };
}

/** Every number of the customer (history belongs to the customer), else the caller's number, else none. */
async function numbersOf(deps: IngestContactRecordDeps, record: CallRecord): Promise<string[]> {
  const phones = record.customerId ? await deps.recent.customerPhones(record.customerId) : undefined;
  if (phones && phones.length > 0) return [...phones];
  return record.callerNumber ? [record.callerNumber] : [];
}
