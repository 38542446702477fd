import type { CallRecord } from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import {
  type ReceivedCtr,
  receivedCtr,
  recentContactOf,
  recordVersionOf,
  toCallRecord,
} from '../../core/call-record.js';
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
  const [outcome] = await ingestContactRecords(deps, [receivedCtr(ctr)]);
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
  readonly received: ReceivedCtr;
  readonly version: string;
  readonly members: number[];
}

/**
 * A Kinesis batch of CTRs (each with its text as received, which is what is kept), grouped: per contact, the newest
 * version in the batch (the others are older versions of the same contact: `stale`); per known customer, one read of
 * their numbers (history belongs to the customer: every number of theirs, else the caller's). Then, all at once with
 * bounded concurrency, each contact's version as its own record item and its screen-pop item under each number:
 * immutable items keyed by the version, so nothing is read first, no write is conditional, a replay rewrites the same
 * items, and readers take each contact's newest version whatever order versions arrive in. Last, one consistent read of
 * the batch's contacts for a forgotten stub: a late CTR of a forgotten contact is taken back (checked after the writes,
 * so an erasure running at the same time either is seen here or sees these items). An outcome for each input, in order,
 * so the handler reports exactly the records to retry: a contact whose record, any screen-pop item or the check failed
 * is `failed` as a whole (every write is idempotent, so the retry completes it).
 */
export async function ingestContactRecords(
  deps: IngestContactRecordDeps,
  ctrs: readonly ReceivedCtr[],
): Promise<BatchIngestOutcome[]> {
  const outcomes = new Array<BatchIngestOutcome>(ctrs.length);
  const groups = new Map<string, ContactGroup>();
  ctrs.forEach((received, i) => {
    let incoming: CallRecord;
    try {
      incoming = toCallRecord(received.ctr, deps.phoneRegion);
    } catch (err) {
      outcomes[i] = { kind: 'malformed', reason: err instanceof Error ? err.message : String(err) };
      return;
    }
    const version = recordVersionOf(incoming, received.text);
    const group = groups.get(incoming.contactId);
    if (!group) groups.set(incoming.contactId, { incoming, received, version, members: [i] });
    else if (version > group.version)
      groups.set(incoming.contactId, { incoming, received, version, members: [...group.members, i] });
    else group.members.push(i);
  });
  const list = [...groups.values()];
  const now = deps.now();
  // The records are written while the customers' numbers are read (the screen-pop items need those).
  const saving = deps.records
    .saveRecords(
      list.map((g) => ({ record: g.incoming, text: g.received.text, version: g.version })),
      now,
    )
    .catch((error: unknown) => list.map((): BatchRecordOutcome => ({ status: 'failed', error })));
  const customerIds = list.flatMap((g) => (g.incoming.customerId ? [g.incoming.customerId] : []));
  let phones = new Map<string, readonly string[]>();
  let phonesError: unknown;
  if (customerIds.length > 0)
    try {
      phones = await deps.recent.customersPhones(customerIds);
    } catch (err) {
      phonesError = err;
    }
  const errors = new Array<unknown>(list.length).fill(undefined);
  const writes: { k: number; write: RecentContactWrite }[] = [];
  list.forEach((g, k) => {
    const r = g.incoming;
    if (r.customerId && phonesError !== undefined) {
      errors[k] = phonesError;
      return;
    }
    const known = r.customerId ? phones.get(r.customerId) : undefined;
    const numbers =
      known && known.length > 0 ? [...new Set<string>(known)] : r.callerNumber ? [r.callerNumber] : [];
    if (numbers.length > 0)
      writes.push({
        k,
        write: {
          numbers,
          entry: recentContactOf(r),
          version: g.version,
          lastUpdateTimestamp: r.lastUpdateTimestamp,
          customerId: r.customerId,
        },
      });
  });
  const [saved, listed] = await Promise.all([
    saving,
    writes.length > 0
      ? deps.recent
          .putRecentContacts(
            writes.map((w) => w.write),
            now,
          )
          .catch((error: unknown) => writes.map((): BatchRecordOutcome => ({ status: 'failed', error })))
      : Promise.resolve([]),
  ]);
  // A contact none of whose items can ever be written (refused as invalid) is dead-lettered, not retried.
  const invalid = new Array<unknown>(list.length).fill(undefined);
  const settle = (k: number, o: BatchRecordOutcome | undefined) => {
    if (o?.status === 'invalid') invalid[k] ??= o.error;
    else if (o?.status === 'failed' && errors[k] === undefined) errors[k] = o.error;
  };
  saved.forEach((o, k) => {
    settle(k, o);
  });
  writes.forEach((w, j) => {
    settle(w.k, listed[j]);
  });
  // Forgotten contacts: their late versions are taken back (records and screen-pop items alike).
  const written = list.filter((_, k) => errors[k] === undefined && invalid[k] === undefined);
  let forgotten = new Set<string>();
  try {
    forgotten = await deps.records.forgottenAmong(
      written.map((g) => ({ contactId: g.incoming.contactId, initiatedAt: g.incoming.initiatedAt })),
    );
    if (forgotten.size > 0) {
      await Promise.all([
        deps.records.removeRecords(
          written
            .filter((g) => forgotten.has(g.incoming.contactId))
            .map((g) => ({ contactId: g.incoming.contactId, version: g.version })),
        ),
        deps.recent.removeRecentContacts(
          writes.filter((w) => forgotten.has(w.write.entry.contactId)).map((w) => w.write),
        ),
      ]);
    }
  } catch (err) {
    list.forEach((_, k) => {
      if (errors[k] === undefined) errors[k] = err;
    });
  }
  const numbersOf = new Map(writes.map((w) => [w.k, w.write.numbers]));
  list.forEach((g, k) => {
    g.members.forEach((i) => {
      if (invalid[k] !== undefined)
        outcomes[i] = {
          kind: 'malformed',
          reason: `cannot be stored: ${invalid[k] instanceof Error ? invalid[k].message : String(invalid[k])}`,
        };
      else if (errors[k] !== undefined) outcomes[i] = { kind: 'failed', error: errors[k] };
      else
        outcomes[i] = {
          kind: 'ingested',
          // Only the newest version of the batch, and not of a forgotten contact, is `stored`.
          result: ctrs[i] === g.received && !forgotten.has(g.incoming.contactId) ? 'stored' : 'stale',
          record: g.incoming,
          numbers: forgotten.has(g.incoming.contactId) ? [] : (numbersOf.get(k) ?? []),
        };
    });
  });
  return outcomes;
}
