import type { CallRecord, CallRecordItem } from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import { recentContactOf, toCallRecord } from '../../core/call-record.js';
import type {
  BatchRecordOutcome,
  CallRecordRepository,
  RecentContactsWriter,
  RecentContactWrite,
} from '../../ports/call-records.js';

export interface IngestContactRecordDeps {
  readonly records: CallRecordRepository;
  readonly recent: RecentContactsWriter;
  readonly phoneRegion: string;
  readonly now: () => Date;
}

export interface IngestOutcome {
  readonly result: 'stored' | 'stale';
  readonly record: CallRecord;
  /** Numbers whose recent-contact list now holds this contact. */
  readonly numbers: readonly string[];
}

/**
 * Keep one CTR as the company's call record (F10) and its screen-pop entry (F6): `ingestContactRecords` with a
 * batch of one. Throws when it could not be written (retry it); a malformed CTR throws too.
 */
export async function ingestContactRecord(
  deps: IngestContactRecordDeps,
  ctr: ContactTraceRecord,
): Promise<IngestOutcome> {
  const [outcome] = await ingestContactRecords(deps, [ctr]);
  if (!outcome || outcome.kind === 'failed') throw outcome?.error ?? new Error('contact record not stored');
  if (outcome.kind === 'malformed') throw new Error(outcome.reason);
  return { result: outcome.result, record: outcome.record, numbers: outcome.numbers };
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
 * are stale against it), then one conditional item per contact and number for the screen pop, from the record as
 * stored (the incoming one, or the newer one already there: read back only for the contacts that were stale, and
 * none for a contact whose record was forgotten). Each screen-pop item is replaced only by a newer version of its
 * contact, so any order, replay or retry ends with the newest. The numbers: every number of a known customer
 * (history belongs to the customer; one read of their numbers), else the caller's. An outcome for each input, in
 * order, so the handler reports exactly the records to retry. A contact whose record or any of whose screen-pop
 * items failed is `failed` as a whole (every write is idempotent, so the retry completes it).
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
  // The customers' numbers are read while the records are written (neither needs the other).
  const customerIds = list.flatMap((g) => (g.incoming.customerId ? [g.incoming.customerId] : []));
  const [saved, phones] = await Promise.all([
    deps.records.saveRecords(
      list.map((g) => ({ record: g.incoming, ctr: g.ctr })),
      now,
    ),
    customerIds.length > 0
      ? deps.recent.customersPhones(customerIds).catch((error: unknown) => ({ error }))
      : Promise.resolve(new Map<string, readonly string[]>()),
  ]);
  // The record each contact's screen-pop entry comes from: the incoming one, or the one already stored.
  const staleIds = list.filter((_, k) => saved[k]?.status === 'stale').map((g) => g.incoming.contactId);
  let stored = new Map<string, CallRecordItem>();
  let readError: unknown;
  if (staleIds.length > 0)
    try {
      stored = await deps.records.getRecords(staleIds);
    } catch (err) {
      readError = err;
    }
  const phonesError = phones instanceof Map ? undefined : phones.error;
  const effective = list.map((g): CallRecord | undefined => {
    const kept = stored.get(g.incoming.contactId);
    // A forgotten contact (personal data erased) never gets a screen-pop entry again.
    if (kept?.forgottenAt) return undefined;
    return kept ?? g.incoming;
  });
  const numbers = effective.map((r) => {
    if (!r) return [];
    const known = r.customerId && phones instanceof Map ? phones.get(r.customerId) : undefined;
    if (known && known.length > 0) return [...new Set<string>(known)];
    return r.callerNumber ? [r.callerNumber] : [];
  });
  const errors = new Array<unknown>(list.length).fill(undefined);
  const writes: { k: number; write: RecentContactWrite }[] = [];
  list.forEach((_, k) => {
    const r = effective[k];
    if (saved[k]?.status === 'failed' || !r) return;
    if (saved[k]?.status === 'stale' && readError !== undefined) errors[k] = readError;
    else if (r.customerId && phonesError !== undefined) errors[k] = phonesError;
    else if ((numbers[k] ?? []).length > 0)
      writes.push({
        k,
        write: {
          numbers: numbers[k] ?? [],
          entry: recentContactOf(r),
          lastUpdateTimestamp: r.lastUpdateTimestamp,
          customerId: r.customerId,
        },
      });
  });
  if (writes.length > 0) {
    const results = await deps.recent
      .putRecentContacts(
        writes.map((w) => w.write),
        now,
      )
      .catch((error: unknown) => writes.map(() => error));
    writes.forEach((w, j) => {
      errors[w.k] = results[j];
    });
  }
  list.forEach((g, k) => {
    const s = saved[k] as BatchRecordOutcome;
    g.members.forEach((i) => {
      if (s.status === 'failed') outcomes[i] = { kind: 'failed', error: s.error };
      else if (errors[k] !== undefined) outcomes[i] = { kind: 'failed', error: errors[k] };
      else
        outcomes[i] = {
          kind: 'ingested',
          // Only the version written is `stored`; older ones of the same contact in the batch were stale.
          result: s.status === 'stored' && ctrs[i] === g.ctr ? 'stored' : 'stale',
          record: effective[k] ?? g.incoming,
          numbers: numbers[k] ?? [],
        };
    });
  });
  return outcomes;
}
