/**
 * Erasure in the business tables (issue 17, `hotline crm forget`): orders, repair bookings, pickups, leads, campaign
 * dialling lists, QA evaluations and the audit log. What each table gets is listed once in
 * use-cases/privacy/erasure-by-table.ts (and README "Personal data").
 *
 * Records that statistics need (orders, bookings, pickups, leads) are anonymised in place, staying valid for their
 * schema (the repositories parse what they read): the customer id becomes `forgotten`, name, number and notes go,
 * a pickup's address and a booking's vehicle are replaced, and the customer index keys are removed. Records that
 * only serve the person (a retailer's own limits and period totals, campaign entries, attempts and do-not-call
 * items) are deleted: a deleted entry can never be dialled again. Evaluations of the subject's contacts lose the
 * transcript quotes in their flags, and their comments and the audit log's entries are redacted wherever they name
 * the subject (number, id, card, name).
 *
 * Finding the data: one filtered, paginated scan per table (no table has an index by number, and a scan is the only
 * way to be sure), evaluations by key from the subject's contacts, and the audit log by a full scan (its changes are
 * free-form maps that a filter cannot look into). Erasure is rare; the cost at scale is in README "Personal data".
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { dtOf } from '../../../schemas/analytics.js';
import { PENDING_NOTICES_PARTITION } from '../../../schemas/pickups.js';
import { FORGOTTEN, mentions, redact, tracesOf } from '../../core/privacy/traces.js';
import type { ForgetSubject, PersonalRecordsStore, RecordsErasure } from '../../ports/personal-data.js';
import { scanItems } from './personal-data-store.js';

/** The tables erased here (each optional: a deployment or test without the table skips it). */
export interface PersonalRecordTables {
  readonly orders?: string;
  readonly bookings?: string;
  readonly pickups?: string;
  readonly leads?: string;
  readonly campaigns?: string;
  readonly supervision?: string;
  readonly audit?: string;
}

/** The customer id an anonymised record keeps (a valid id for every schema, naming nobody). */
export const FORGOTTEN_CUSTOMER_ID = 'forgotten';
/** A booking's vehicle once forgotten: valid for VehicleSchema, naming no car. */
const FORGOTTEN_VEHICLE = { plate: 'forgotten', model: FORGOTTEN, purchaseDate: '1970-01-01' };

type Item = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** History entries without their free-text notes. */
const withoutNotes = (history: unknown): unknown =>
  Array.isArray(history)
    ? history.map((h) => {
        if (!h || typeof h !== 'object') return h;
        const { note: _note, ...rest } = h as Item;
        return rest;
      })
    : history;

export class DynamoPersonalRecords implements PersonalRecordsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: PersonalRecordTables,
  ) {}

  private put(table: string, item: Item) {
    return this.doc.send(new PutCommand({ TableName: table, Item: item }));
  }

  private async delete(table: string, item: Item): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }

  /**
   * Items of a table that hold the customer id or one of the numbers (in `customerId`/`phone`), or match `extra`
   * (further terms, with their values and names).
   */
  private scanSubject(
    table: string,
    subject: ForgetSubject,
    extra: { terms: string[]; values: Item; names?: Record<string, string> } = { terms: [], values: {} },
  ): AsyncGenerator<Item> {
    const values: Item = { ...extra.values };
    const terms: string[] = [...extra.terms];
    if (subject.customerId) {
      values[':c'] = subject.customerId;
      terms.push('customerId = :c');
    }
    if (subject.numbers.length > 0) {
      subject.numbers.forEach((n, i) => {
        values[`:n${i}`] = n;
      });
      terms.push(`phone IN (${subject.numbers.map((_, i) => `:n${i}`).join(', ')})`);
    }
    return scanItems(this.doc, table, terms.join(' OR '), values, extra.names);
  }

  async erase(subject: ForgetSubject, contactIds: readonly string[], now: Date): Promise<RecordsErasure> {
    const counts: Record<string, number> = {};
    const add = (kind: string, n = 1) => {
      counts[kind] = (counts[kind] ?? 0) + n;
    };
    const partitions = new Set<string>();
    const day = (dataset: string, iso: unknown) => {
      const s = str(iso);
      if (s && !Number.isNaN(Date.parse(s))) partitions.add(`${dataset}/dt=${dtOf(s)}`);
    };
    const at = now.toISOString();
    const t = this.tables;
    if (!subject.customerId && subject.numbers.length === 0) return { counts, partitions: [] };

    if (t.orders) {
      add('ordersAnonymised', 0);
      add('orderTotalsAndLimitsDeleted', 0);
      for await (const item of this.scanSubject(t.orders, subject)) {
        if (item.entity === 'order' || String(item.pk).startsWith('ORDER#')) {
          const { phone: _p, custpk: _a, custsk: _b, ...rest } = item;
          await this.put(t.orders, {
            ...rest,
            customerId: FORGOTTEN_CUSTOMER_ID,
            history: withoutNotes(item.history),
            forgottenAt: at,
          });
          add('ordersAnonymised');
          day('orders', item.createdAt);
        } else if (await this.delete(t.orders, item)) add('orderTotalsAndLimitsDeleted');
      }
    }

    const anonymise = async (
      table: string,
      entity: string,
      kind: string,
      dataset: string | undefined,
      dateField: string,
      change: (item: Item) => Item,
    ) => {
      add(kind, 0);
      for await (const item of this.scanSubject(table, subject)) {
        if (item.entity !== entity) continue;
        const { name: _n, phone: _p, custpk: _a, custsk: _b, ...rest } = item;
        await this.put(table, { ...change(rest), history: withoutNotes(item.history), forgottenAt: at });
        add(kind);
        if (dataset) day(dataset, item[dateField]);
      }
    };
    if (t.bookings)
      await anonymise(t.bookings, 'booking', 'bookingsAnonymised', 'bookings', 'slotStart', (i) => {
        // No reminder SMS for a forgotten booking (it has no number left to send to).
        const { rempk: _a, remsk: _b, ...rest } = i;
        return { ...rest, customerId: FORGOTTEN_CUSTOMER_ID, vehicle: FORGOTTEN_VEHICLE };
      });
    if (t.pickups) {
      await anonymise(t.pickups, 'pickup', 'pickupsAnonymised', undefined, 'createdAt', (i) => ({
        ...i,
        customerId: FORGOTTEN_CUSTOMER_ID,
        address: FORGOTTEN,
      }));
      // Dispatch notices SNS refused, kept for the overdue sweep to send again, name the customer: deleted.
      const pending = await this.doc.send(
        new QueryCommand({
          TableName: t.pickups,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': PENDING_NOTICES_PARTITION },
        }),
      );
      for (const item of pending.Items ?? []) {
        const theirs =
          (subject.customerId !== undefined && item.customerId === subject.customerId) ||
          subject.numbers.includes(String(item.phone));
        if (theirs && (await this.delete(t.pickups, item))) add('pickupNoticesDeleted');
      }
    }
    if (t.leads)
      await anonymise(t.leads, 'lead', 'leadsAnonymised', 'leads', 'createdAt', (i) => {
        const { customerId: _c, ...rest } = i;
        return rest;
      });

    if (t.campaigns) {
      // Entries and attempts carry the number (and an entry the customer id, or a retailer reference naming it);
      // the campaign's do-not-call items are keyed by the number.
      add('campaignItemsDeleted', 0);
      const optOuts = subject.numbers.map((n) => `OPTOUT#${n}`);
      const terms = [
        ...(optOuts.length ? [`sk IN (${optOuts.map((_, i) => `:o${i}`).join(', ')})`] : []),
        ...(subject.customerId ? ['#ref.customerId = :c'] : []),
      ];
      const values: Item = Object.fromEntries(optOuts.map((o, i) => [`:o${i}`, o]));
      const names = subject.customerId ? { '#ref': 'ref' } : undefined;
      for await (const item of this.scanSubject(t.campaigns, subject, {
        terms,
        values,
        ...(names ? { names } : {}),
      })) {
        if (item.entity === 'campaign') continue;
        if (await this.delete(t.campaigns, item)) add('campaignItemsDeleted');
        if (item.entity === 'attempt') day('campaign_attempts', item.at);
      }
    }

    const traces = tracesOf(subject);
    if (t.supervision) {
      add('evaluationsCleaned', 0);
      for (const contactId of contactIds) {
        const out = await this.doc.send(
          new GetCommand({ TableName: t.supervision, Key: { pk: `EVAL#${contactId}`, sk: 'EVAL' } }),
        );
        const e = out.Item;
        if (!e || e.forgottenAt) continue;
        // Flags quote the transcript (deleted with the contact); comments are the reviewers' own, redacted.
        const flags = Array.isArray(e.flags) ? e.flags.map((f) => ({ ...(f as Item), detail: '' })) : e.flags;
        await this.put(t.supervision, { ...redact(e, traces), flags, forgottenAt: at });
        add('evaluationsCleaned');
        day('evaluations', e.evaluatedAt);
      }
    }

    if (t.audit) {
      add('auditEntriesRedacted', 0);
      for await (const entry of scanItems(this.doc, t.audit)) {
        if (!mentions(entry, traces)) continue;
        await this.put(t.audit, { ...redact(entry, traces), pk: entry.pk, sk: entry.sk });
        add('auditEntriesRedacted');
      }
    }
    return { counts, partitions: [...partitions].sort() };
  }
}
