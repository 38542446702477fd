import type { CallRecord } from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import type { RecentContact } from '../../../schemas/crm.js';
import { recentContactOf, toCallRecord } from '../../core/call-record.js';
import type {
  BatchRecordOutcome,
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

/** What happened to one CTR of a batch. */
export type BatchIngestOutcome =
  | {
      readonly kind: 'ingested';
      readonly result: 'stored' | 'stale';
      readonly record: CallRecord;
      readonly numbers: readonly string[];
    }
  /** Cannot be a call record (bad timestamp): dead-letter it, retrying cannot help. */
  | { readonly kind: 'malformed'; readonly reason: string }
  /** Not stored (or its lists not written): retry it. */
  | { readonly kind: 'failed'; readonly error: unknown };

interface ContactGroup {
  readonly incoming: CallRecord;
  readonly ctr: ContactTraceRecord;
  readonly members: number[];
}

/**
 * A Kinesis batch of CTRs, grouped: one conditional write per contact (the newest version in the batch; the others
 * are stale against it), one read of the customers' numbers, one merged list write per number. Same guarantees as
 * `ingestContactRecord`, per record: an outcome for each input, in order, so the handler reports exactly the
 * records to retry. A contact whose record or any of whose lists failed is `failed` as a whole (both writes are
 * idempotent, so the retry completes it).
 */
export async function ingestContactRecords(
  deps: IngestContactRecordDeps,
  ctrs: readonly ContactTraceRecord[],
): Promise<BatchIngestOutcome[]> {
  const outcomes = new Array<BatchIngestOutcome>(ctrs.length);
  const groups = new Map<string, ContactGroup>();
  ctrs.forEach((ctr, i) => {
    let incoming: CallRecord;
    try {
      incoming = toCallRecord(ctr, deps.phoneRegion);
    } catch (err) {
      outcomes[i] = { kind: 'malformed', reason: err instanceof Error ? err.message : String(err) };
      return;
    }
    const group = groups.get(incoming.contactId);
    if (!group) groups.set(incoming.contactId, { incoming, ctr, members: [i] });
    else if (incoming.lastUpdateTimestamp > group.incoming.lastUpdateTimestamp)
      groups.set(incoming.contactId, { incoming, ctr, members: [...group.members, i] });
    else group.members.push(i);
  });
  const list = [...groups.values()];
  const now = deps.now();
  const saved = await deps.records.saveRecords(
    list.map((g) => ({ record: g.incoming, ctr: g.ctr })),
    now,
  );
  // The record each contact's screen-pop entry comes from: the incoming one, or the newer one already stored.
  const staleIds = list.filter((_, k) => saved[k]?.status === 'stale').map((g) => g.incoming.contactId);
  const stored = staleIds.length > 0 ? await deps.records.getRecords(staleIds) : new Map();
  const effective = list.map(
    (g) => (stored.get(g.incoming.contactId) as CallRecord | undefined) ?? g.incoming,
  );
  const customerIds = effective.flatMap((r, k) =>
    saved[k]?.status !== 'failed' && r.customerId ? [r.customerId] : [],
  );
  const phones = customerIds.length > 0 ? await deps.recent.customersPhones(customerIds) : new Map();
  const numbersOfContact = effective.map((r) => {
    const known = r.customerId ? phones.get(r.customerId) : undefined;
    if (known && known.length > 0) return [...new Set<string>(known)];
    return r.callerNumber ? [r.callerNumber] : [];
  });
  const byNumber = new Map<string, RecentContact[]>();
  list.forEach((_, k) => {
    if (saved[k]?.status === 'failed') return;
    const entry = recentContactOf(effective[k] as CallRecord);
    for (const n of numbersOfContact[k] ?? []) {
      const entries = byNumber.get(n);
      if (entries) entries.push(entry);
      else byNumber.set(n, [entry]);
    }
  });
  const listFailures =
    byNumber.size > 0 ? await deps.recent.addRecentContactsBatch(byNumber, now) : new Map();
  list.forEach((g, k) => {
    const s = saved[k] as BatchRecordOutcome;
    const numbers = numbersOfContact[k] ?? [];
    const listError = numbers.map((n) => listFailures.get(n)).find((e) => e !== undefined);
    g.members.forEach((i) => {
      if (s.status === 'failed') outcomes[i] = { kind: 'failed', error: s.error };
      else if (listError !== undefined) outcomes[i] = { kind: 'failed', error: listError };
      else
        outcomes[i] = {
          kind: 'ingested',
          // Only the version written is `stored`; older ones of the same contact in the batch were stale.
          result: s.status === 'stored' && ctrs[i] === g.ctr ? 'stored' : 'stale',
          record: effective[k] as CallRecord,
          numbers,
        };
    });
  });
  return outcomes;
}
