/**
 * Forget a customer (PIPL art. 47, GDPR art. 17): erase or anonymise their personal data everywhere we keep it,
 * and say what was removed. One use case for the CLI (`hotline crm forget`) and, later, the admin API route.
 *
 * - CRM: the customer record, every number's lookup item (block, recent contacts, open-ticket counter) and the
 *   card claim are deleted.
 * - Call records: anonymised (number, customer id, contact attributes and the raw CTR removed; queue, agent and
 *   times kept for statistics) and marked forgotten, so a late CTR for the contact cannot bring the data back.
 *   Transcripts and transcription items are deleted; recordings and Transcribe output objects are deleted.
 * - Survey answers: anonymised (score kept). Tickets: customer, number, description and notes removed.
 * - SMS: the message log, opt-out and rate counters of every number are deleted.
 * - The business tables (orders, repair bookings, pickups, leads, campaigns, QA evaluations, audit log): what each
 *   gets is listed in erasure-by-table.ts (one line per table of schemas/tables.ts, checked by tsc).
 * - Analytics: future exports read the tables, so they no longer contain the data. Past partitions that held it
 *   are listed (`analyticsPartitions`): `hotline export` rewrites the local ones; in AWS, run the export again and
 *   delete or rewrite the listed `contacts/dt=…` objects that Firehose wrote (README "Personal data").
 * Idempotent: forgetting again finds nothing more to remove.
 */
import { maskPhone, normalizePhone } from '../../core/phone.js';
import type {
  ForgetSubject,
  ObjectEraser,
  PersonalDataStore,
  PersonalRecordsStore,
} from '../../ports/personal-data.js';
import { mapLimit } from '../../shared/concurrency.js';

/**
 * How far past the erasure's own clock the erasure horizon is set: room for a clock that disagrees with Connect's
 * (`hotline crm forget --aws` runs on an operator's machine). Contacts begun before it are looked up by ingestion,
 * so ingestion checks every contact for this long after an erasure, and one key per batch otherwise.
 */
export const ERASURE_HORIZON_MARGIN_MS = 15 * 60_000;

export interface ForgetDeps {
  readonly store: PersonalDataStore;
  readonly objects: ObjectEraser;
  /** The business tables (orders, bookings, pickups, leads, campaigns, QA, audit): see erasure-by-table.ts. */
  readonly records?: PersonalRecordsStore;
  readonly phoneRegion: string;
  readonly now: () => Date;
  /** Further places that may hold the subject's data (e.g. local stand-in files): counted by name in the report. */
  readonly others?: readonly { readonly name: string; erase(subject: ForgetSubject): Promise<number> }[];
}

export interface ForgetReport {
  /** Whom: the customer id, and the numbers masked (the report may be logged). */
  readonly customerId: string | null;
  readonly numbers: readonly string[];
  readonly removed: {
    readonly customers: number;
    readonly phoneItems: number;
    readonly cardClaims: number;
    readonly callRecordsAnonymised: number;
    readonly transcriptsDeleted: number;
    readonly transcriptionJobsDeleted: number;
    readonly surveysAnonymised: number;
    readonly objectsDeleted: number;
    readonly ticketsAnonymised: number;
    readonly smsMessagesDeleted: number;
    readonly smsOptOutsDeleted: number;
    readonly smsCountersDeleted: number;
    /** The business tables, by kind (`ordersAnonymised`, `bookingsAnonymised`, `campaignItemsDeleted`, …). */
    readonly records: Readonly<Record<string, number>>;
    /** The `others` erasers' counts, by name. */
    readonly other: Readonly<Record<string, number>>;
  };
  /** Analytics partitions exported before that may hold the data: rewrite or delete them. */
  readonly analyticsPartitions: readonly string[];
}

export class ForgetInputError extends Error {
  override readonly name = 'ForgetInputError';
}

/** Whom `who` names: a customer id first (ids may be digits too), then a number in any format. */
export async function resolveSubject(
  deps: Pick<ForgetDeps, 'store' | 'phoneRegion'>,
  who: string,
): Promise<ForgetSubject> {
  const text = who.trim();
  if (!text) throw new ForgetInputError('give a number or a customer id');
  let subject: ForgetSubject | undefined = await deps.store.resolve({ customerId: text });
  const phone = /^[+(\d][\d\s()+-]*$/.test(text) ? normalizePhone(text, deps.phoneRegion) : undefined;
  if (!subject && phone?.kind === 'e164') subject = await deps.store.resolve({ e164: phone.e164 });
  if (!subject) throw new ForgetInputError(`no customer "${text}" and not a phone number`);
  return subject;
}

/** `who` is a number (any format) or a customer id. */
export async function forgetCustomer(deps: ForgetDeps, who: string): Promise<ForgetReport> {
  const subject = await resolveSubject(deps, who);
  const now = deps.now();

  // Contact-record ingestion checks for forgotten contacts only among those that began before the erasure horizon:
  // raised before the search, and again after it, past every contact it can find (they began before it ended),
  // with room for clocks that disagree (Connect's timestamps against this host's).
  const horizon = () => new Date(deps.now().getTime() + ERASURE_HORIZON_MARGIN_MS);
  await deps.store.raiseErasureHorizon(horizon());
  const contactIds = await deps.store.contactsOf(subject);
  await deps.store.raiseErasureHorizon(horizon());
  const erased = await mapLimit(contactIds, 8, (id) => deps.store.eraseContact(id, now));
  const objectsDeleted = await deps.objects.deleteObjects(erased.flatMap((e) => e.objects));
  const tickets = await deps.store.anonymiseTickets(subject, now);
  const sms = await deps.store.eraseSms(subject.numbers);
  const records = deps.records
    ? await deps.records.erase(subject, contactIds, now)
    : { counts: {}, partitions: [] };
  const other: Record<string, number> = {};
  for (const o of deps.others ?? []) other[o.name] = await o.erase(subject);
  // Last: the CRM, so a failure part-way leaves the customer findable and the command can simply be run again.
  const crm = await deps.store.eraseCrm(subject);

  const days = new Set<string>();
  for (const e of erased) if (e.day) days.add(`contacts/dt=${e.day}`);
  for (const e of erased) if (e.day && e.surveyAnonymised) days.add(`surveys/dt=${e.day}`);
  for (const d of tickets.days) days.add(`tickets/dt=${d}`);
  for (const p of records.partitions) days.add(p);
  return {
    customerId: subject.customerId ?? null,
    numbers: subject.numbers.map((n) => maskPhone(n)),
    removed: {
      ...crm,
      callRecordsAnonymised: erased.filter((e) => e.recordAnonymised).length,
      transcriptsDeleted: erased.filter((e) => e.transcriptDeleted).length,
      transcriptionJobsDeleted: erased.filter((e) => e.transcriptionDeleted).length,
      surveysAnonymised: erased.filter((e) => e.surveyAnonymised).length,
      objectsDeleted,
      ticketsAnonymised: tickets.tickets,
      smsMessagesDeleted: sms.messages,
      smsOptOutsDeleted: sms.optOuts,
      smsCountersDeleted: sms.counters,
      records: records.counts,
      other,
    },
    analyticsPartitions: [...days].sort(),
  };
}
