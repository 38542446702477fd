import type { CallRecord } from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import { recentContactOf, toCallRecord } from '../../core/call-record.js';
import type {
  BatchRecordOutcome,
  CallRecordRepository,
  RecentContactsWriter,
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
 * are stale against it), one read of the known customers' numbers, and one conditional item per contact and number
 * for the screen pop, written at the same time as the records (neither waits for the other: each item is replaced
 * only by a newer version of its contact, so any order, replay or retry ends with the newest). An outcome for each
 * input, in order, so the handler reports exactly the records to retry. A contact whose record or any of whose
 * screen-pop items failed is `failed` as a whole (every write is idempotent, so the retry completes it).
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
  const saving = deps.records.saveRecords(
    list.map((g) => ({ record: g.incoming, ctr: g.ctr })),
    now,
  );
  // Meanwhile: the numbers each contact belongs to (every number of a known customer: history belongs to the
  // customer; else the caller's number), then its screen-pop items.
  const keeping = (async () => {
    const customerIds = list.flatMap((g) => (g.incoming.customerId ? [g.incoming.customerId] : []));
    const phones = customerIds.length > 0 ? await deps.recent.customersPhones(customerIds) : new Map();
    const numbers = list.map(({ incoming: r }) => {
      const known = r.customerId ? (phones.get(r.customerId) as readonly string[] | undefined) : undefined;
      if (known && known.length > 0) return [...new Set<string>(known)];
      return r.callerNumber ? [r.callerNumber] : [];
    });
    const writes = list.flatMap((g, k) =>
      (numbers[k] ?? []).length > 0
        ? [
            {
              k,
              write: {
                numbers: numbers[k] ?? [],
                entry: recentContactOf(g.incoming),
                lastUpdateTimestamp: g.incoming.lastUpdateTimestamp,
                customerId: g.incoming.customerId,
              },
            },
          ]
        : [],
    );
    const errors = new Array<unknown>(list.length).fill(undefined);
    if (writes.length > 0) {
      const results = await deps.recent.putRecentContacts(
        writes.map((w) => w.write),
        now,
      );
      writes.forEach((w, j) => {
        errors[w.k] = results[j];
      });
    }
    return { numbers, errors };
  })();
  const [saved, kept] = await Promise.allSettled([saving, keeping]);
  list.forEach((g, k) => {
    const s: BatchRecordOutcome =
      saved.status === 'fulfilled'
        ? (saved.value[k] as BatchRecordOutcome)
        : { status: 'failed', error: saved.reason };
    const keptError = kept.status === 'fulfilled' ? kept.value.errors[k] : kept.reason;
    const numbers = kept.status === 'fulfilled' ? (kept.value.numbers[k] ?? []) : [];
    g.members.forEach((i) => {
      if (s.status === 'failed') outcomes[i] = { kind: 'failed', error: s.error };
      else if (keptError !== undefined) outcomes[i] = { kind: 'failed', error: keptError };
      else
        outcomes[i] = {
          kind: 'ingested',
          // Only the version written is `stored`; older ones of the same contact in the batch were stale.
          result: s.status === 'stored' && ctrs[i] === g.ctr ? 'stored' : 'stale',
          record: g.incoming,
          numbers,
        };
    });
  });
  return outcomes;
}
