/**
 * The dialling-list sources (functions/ports/dialling-list-source.ts), each over a query the product already
 * answers: a CSV file, the tickets (resolved complaints awaiting a return visit), the order centre's shortfall
 * (retailers below their lower limit), the CRM (customers of a segment), the pickups (booked pickups of a day) and
 * the leads (not yet contacted).
 */
import { readFile } from 'node:fs/promises';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse as parseCsv } from 'csv-parse/sync';
import type { EntryRef } from '../../../schemas/campaigns.js';
import { type CustomerItem, CustomerItemSchema, LANGUAGES } from '../../../schemas/crm.js';
import type { Language } from '../../../schemas/profile.js';
import { zonedTime } from '../../core/business-time.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import {
  type DiallingListSource,
  type ListCandidate,
  ListSourceError,
} from '../../ports/dialling-list-source.js';
import type { LeadRepository } from '../../ports/lead-repository.js';
import type { OrderRepository } from '../../ports/order-repository.js';
import type { PickupRepository } from '../../ports/pickup-repository.js';
import type { TicketRepository } from '../../ports/ticket-repository.js';
import { leadsToCall } from '../../use-cases/leads/leads.js';
import { shortfall } from '../../use-cases/orders/manage-orders.js';

export { ListSourceError };

const languageOf = (v: string | undefined): Language | undefined =>
  LANGUAGES.includes(v as Language) ? (v as Language) : undefined;

/**
 * A CSV file with a header: `phone` (required), and optionally `customerId`, `name`, `language`, and `ref`
 * (a ticket id T…, a pickup id P…) so a result feeds it.
 */
export function csvSource(file: string): DiallingListSource {
  return {
    description: `the file ${file}`,
    async load() {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      let rows: Record<string, string>[];
      try {
        rows = parseCsv(text, {
          columns: true,
          skip_empty_lines: true,
          trim: true,
          relax_column_count: true,
        });
      } catch (err) {
        throw new ListSourceError(`${file}: not a CSV file with a header (${(err as Error).message})`);
      }
      if (rows.length > 0 && !('phone' in (rows[0] as object)))
        throw new ListSourceError(
          `${file}: no "phone" column (columns: ${Object.keys(rows[0] ?? {}).join(', ')})`,
        );
      const candidates: ListCandidate[] = [];
      const skipped: string[] = [];
      rows.forEach((r, i) => {
        if (!r.phone) {
          skipped.push(`line ${i + 2}: no phone`);
          return;
        }
        const ref: EntryRef = /^T\d{8}-\d{4,}$/.test(r.ref ?? '')
          ? { kind: 'ticket', ticketId: r.ref as string }
          : /^P\d{8}-\d{4,}$/.test(r.ref ?? '')
            ? { kind: 'pickup', pickupId: r.ref as string }
            : { kind: 'none' };
        const language = languageOf(r.language);
        candidates.push({
          phone: r.phone,
          ...(r.customerId ? { customerId: r.customerId } : {}),
          ...(r.name ? { name: r.name.slice(0, 100) } : {}),
          ...(language ? { language } : {}),
          ref,
        });
      });
      return { candidates, skipped };
    },
  };
}

/**
 * Resolved complaints whose return visit is pending: the tickets of the last 31 days (the `day` index, no scan),
 * of a category that opens return visits (or `category`), with the caller's number, else the customer's first.
 */
export function ticketSource(deps: {
  readonly tickets: Pick<TicketRepository, 'listRecent'>;
  readonly crm: Pick<CrmRepository, 'getCustomer'>;
  readonly category?: string;
}): DiallingListSource {
  return {
    description: 'resolved complaints awaiting a return visit',
    async load() {
      const recent = await deps.tickets.listRecent(5000);
      const candidates: ListCandidate[] = [];
      const skipped: string[] = [];
      for (const t of recent) {
        if (t.status !== 'resolved' || t.returnVisit?.status !== 'pending') continue;
        if (deps.category && t.category !== deps.category) continue;
        const customer = t.customerId ? await deps.crm.getCustomer(t.customerId) : undefined;
        const phone = t.phone ?? customer?.phones[0];
        if (!phone) {
          skipped.push(`ticket ${t.ticketId}: no number to call`);
          continue;
        }
        candidates.push({
          phone,
          ...(t.customerId ? { customerId: t.customerId } : {}),
          ...(customer ? { name: customer.name } : {}),
          language: customer?.language ?? t.language,
          ref: { kind: 'ticket', ticketId: t.ticketId },
        });
      }
      return { candidates, skipped };
    },
  };
}

/** Every customer in the CRM (a scan: segments and the shortfall need them all). */
export async function scanCustomers(doc: DynamoDBDocumentClient, crmTable: string): Promise<CustomerItem[]> {
  const found: CustomerItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: crmTable,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': 'customer' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const raw of page.Items ?? []) {
      const c = CustomerItemSchema.safeParse(raw);
      if (c.success) found.push(c.data);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found.sort((a, b) => a.customerId.localeCompare(b.customerId));
}

/** Retailers below their lower limit in `period` (the order centre's `shortfall`), each with what it lacks. */
export function shortfallSource(deps: {
  readonly orders: OrderRepository;
  readonly customers: () => Promise<readonly CustomerItem[]>;
  readonly period: string;
}): DiallingListSource {
  return {
    description: `retailers below their lower limit in period ${deps.period}`,
    async load() {
      const customers = await deps.customers();
      const lines = await shortfall({ orders: deps.orders }, deps.period, customers);
      const byCustomer = new Map<string, { code: string; quantity: number }[]>();
      for (const l of lines)
        byCustomer.set(l.customerId, [
          ...(byCustomer.get(l.customerId) ?? []),
          { code: l.code, quantity: l.missing },
        ]);
      const candidates: ListCandidate[] = [];
      const skipped: string[] = [];
      for (const c of customers) {
        const missing = byCustomer.get(c.customerId);
        if (!missing) continue;
        const phone = c.phones[0];
        if (!phone) {
          skipped.push(`retailer ${c.customerId}: no number`);
          continue;
        }
        candidates.push({
          phone,
          customerId: c.customerId,
          name: c.name,
          language: c.language,
          ref: { kind: 'retailer', customerId: c.customerId, lines: missing.slice(0, 20) },
        });
      }
      return { candidates, skipped };
    },
  };
}

/** Customers of a segment: a tier, VIPs (or not), a branch; all customers when nothing is given. */
export function segmentSource(deps: {
  readonly customers: () => Promise<readonly CustomerItem[]>;
  readonly tier?: string;
  readonly vip?: boolean;
  readonly branch?: string;
}): DiallingListSource {
  const parts = [
    deps.tier ? `tier ${deps.tier}` : '',
    deps.vip === undefined ? '' : deps.vip ? 'VIPs' : 'not VIPs',
    deps.branch ? `branch ${deps.branch}` : '',
  ].filter(Boolean);
  return {
    description: `customers${parts.length ? ` (${parts.join(', ')})` : ''}`,
    async load() {
      const customers = (await deps.customers()).filter(
        (c) =>
          (!deps.tier || c.tier === deps.tier) &&
          (deps.vip === undefined || c.vip === deps.vip) &&
          (!deps.branch || c.branch === deps.branch),
      );
      return {
        candidates: customers.map((c) => ({
          phone: c.phones[0] as string,
          customerId: c.customerId,
          name: c.name,
          language: c.language,
          ref: { kind: 'none' as const },
        })),
        skipped: [],
      };
    },
  };
}

/** Booked pickups of a local day (carrier), at every branch: the reminder campaign's list. */
export function pickupSource(deps: {
  readonly pickups: Pick<PickupRepository, 'listByBranch'>;
  readonly crm: Pick<CrmRepository, 'getCustomer'>;
  readonly branches: readonly string[];
  readonly day: string;
  readonly timeZone: string;
}): DiallingListSource {
  return {
    description: `pickups booked for ${deps.day}`,
    async load() {
      const [y, m, d] = deps.day.split('-').map(Number) as [number, number, number];
      const from = zonedTime(deps.timeZone, y, m, d, 0).toISOString();
      const to = zonedTime(deps.timeZone, y, m, d, 24 * 60).toISOString();
      const candidates: ListCandidate[] = [];
      const skipped: string[] = [];
      for (const branch of deps.branches) {
        for (const p of await deps.pickups.listByBranch(branch, { from, to, status: 'booked' })) {
          const customer = p.phone ? undefined : await deps.crm.getCustomer(p.customerId);
          const phone = p.phone ?? customer?.phones[0];
          if (!phone) {
            skipped.push(`pickup ${p.pickupId}: no number`);
            continue;
          }
          candidates.push({
            phone,
            customerId: p.customerId,
            ...(p.name ? { name: p.name } : {}),
            language: p.language,
            ref: { kind: 'pickup', pickupId: p.pickupId },
          });
        }
      }
      return { candidates, skipped };
    },
  };
}

/**
 * Leads not yet contacted (the outsourcer's telesales): the leads capability's own dialling list (`leadsToCall`:
 * new leads that agreed to a call back and left a number, oldest first), each entry pointing back at its lead so
 * the result moves it along its lifecycle (apply-result.ts `feedLead`).
 */
export function leadsSource(deps: {
  readonly leads: LeadRepository;
  readonly interest?: string;
  readonly limit?: number;
}): DiallingListSource {
  return {
    description: `leads not yet contacted${deps.interest ? ` (interest ${deps.interest})` : ''}`,
    async load() {
      const found = await leadsToCall(
        { leads: deps.leads },
        {
          ...(deps.interest ? { interest: deps.interest } : {}),
          ...(deps.limit ? { limit: deps.limit } : {}),
        },
      );
      return {
        candidates: found.map((l) => ({
          phone: l.phone as string,
          ...(l.customerId ? { customerId: l.customerId } : {}),
          ...(l.name ? { name: l.name } : {}),
          language: l.language,
          ref: { kind: 'lead' as const, leadId: l.leadId },
        })),
        skipped: [],
      };
    },
  };
}
