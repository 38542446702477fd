/**
 * A finished contact's result feeds what it came from, through that capability's own use case:
 * - a return visit closes its complaint (satisfied) or reopens it (unsatisfied), or records it unreachable
 *   (tickets' `updateTicket`);
 * - an outbound order is placed with the order centre's `placeOrder` (idempotent per attempt: the attempt's
 *   client token is the request id);
 * - a pickup reminder cancels the pickup (`changePickup`) or notes it confirmed;
 * - a lead (telesales) moves along its lifecycle (leads' `changeLead`): interested → qualified, not interested → lost.
 * Returns what it did, for the attempt and the entry (`ticket T… closed`); never throws: the result is kept
 * whatever the source says, and a refusal becomes the effect's text.
 */
import type { Attempt, Campaign, ListEntry } from '../../../schemas/campaigns.js';
import type { LeadStatus } from '../../../schemas/leads.js';
import { LEAD_TRANSITIONS } from '../../core/leads.js';
import { tierOf } from '../../core/orders/orders.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import { changeLead, type LeadDeps } from '../leads/leads.js';
import { type OrderDeps, placeOrder } from '../orders/place-order.js';
import { changePickup, type PickupDeps } from '../pickups/pickups.js';
import { type ManageTicketsDeps, updateTicket } from '../tickets/manage-tickets.js';

export interface FeedDeps {
  readonly tickets?: ManageTicketsDeps;
  readonly orders?: OrderDeps & { readonly crm: Pick<CrmRepository, 'getCustomer'> };
  readonly pickups?: PickupDeps;
  readonly leads?: LeadDeps;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function feedSource(
  deps: FeedDeps,
  campaign: Campaign,
  entry: ListEntry,
  attempt: Attempt,
  disposition: string,
  at: Date,
): Promise<string | undefined> {
  const by = `campaign:${campaign.name}`;
  const ref = entry.ref;
  try {
    switch (ref.kind) {
      case 'ticket':
        return await feedTicket(deps, ref.ticketId, disposition, by, at);
      case 'retailer':
        if (campaign.purpose !== 'ordering' || disposition !== 'ordered') return undefined;
        return await feedOrder(deps, entry, ref, attempt, by);
      case 'pickup':
        if (campaign.purpose !== 'reminder') return undefined;
        return await feedPickup(deps, ref.pickupId, disposition, by);
      case 'lead':
        if (campaign.purpose !== 'telesales') return undefined;
        return await feedLead(deps, ref.leadId, disposition, by, at);
      case 'none':
        return undefined;
    }
  } catch (err) {
    return `not applied: ${message(err)}`;
  }
}

async function feedTicket(
  deps: FeedDeps,
  ticketId: string,
  disposition: string,
  by: string,
  at: Date,
): Promise<string | undefined> {
  if (!deps.tickets) return undefined;
  const ticket = await deps.tickets.tickets.get(ticketId);
  if (!ticket) return `ticket ${ticketId} not found`;
  if (ticket.returnVisit?.status !== 'pending') return `ticket ${ticketId}: return visit already recorded`;
  const tickets = { ...deps.tickets, now: () => at };
  if (disposition === 'satisfied') {
    await updateTicket(tickets, ticketId, {
      ...(ticket.status === 'resolved' ? { status: 'closed' as const } : {}),
      returnVisit: 'satisfied',
      note: 'return visit: satisfied',
      by,
    });
    return `ticket ${ticketId} closed (satisfied)`;
  }
  if (disposition === 'unsatisfied') {
    await updateTicket(tickets, ticketId, {
      ...(ticket.status === 'resolved' || ticket.status === 'closed'
        ? { status: 'in_progress' as const }
        : {}),
      returnVisit: 'unsatisfied',
      note: 'return visit: unsatisfied; reopened',
      by,
    });
    return `ticket ${ticketId} reopened (unsatisfied)`;
  }
  if (disposition === 'unreachable' || disposition === 'wrong-number') {
    await updateTicket(tickets, ticketId, {
      returnVisit: 'unreachable',
      note: `return visit: ${disposition}`,
      by,
    });
    return `ticket ${ticketId}: return visit unreachable`;
  }
  return undefined;
}

async function feedOrder(
  deps: FeedDeps,
  entry: ListEntry,
  ref: Extract<ListEntry['ref'], { kind: 'retailer' }>,
  attempt: Attempt,
  by: string,
): Promise<string | undefined> {
  if (!deps.orders) return undefined;
  if (ref.lines.length === 0) return 'no order lines to place';
  const customer = await deps.orders.crm.getCustomer(ref.customerId);
  if (!customer) return `retailer ${ref.customerId} not found`;
  const placed = await placeOrder(deps.orders, {
    retailer: {
      customerId: customer.customerId,
      tier: tierOf(customer.tier),
      ...(customer.branch ? { branch: customer.branch } : {}),
      phone: entry.phone,
      language: customer.language,
    },
    lines: ref.lines,
    source: 'campaign',
    createdBy: attempt.agentId ?? by,
    requestId: attempt.clientToken,
  });
  if (!placed.ok)
    return `order refused: ${placed.refusals.map((r) => `${r.code} ${r.reason}`).join(', ')}`.slice(0, 200);
  return `order ${placed.order.orderId} placed (${placed.order.lines.length} lines, ${(placed.order.totalCents / 100).toFixed(2)} yuan)`;
}

async function feedPickup(
  deps: FeedDeps,
  pickupId: string,
  disposition: string,
  by: string,
): Promise<string | undefined> {
  if (!deps.pickups) return undefined;
  if (disposition === 'confirmed') {
    const p = await deps.pickups.pickups.get(pickupId);
    return p ? `pickup ${pickupId} confirmed (${p.status})` : `pickup ${pickupId} not found`;
  }
  if (disposition === 'cancelled') {
    const p = await deps.pickups.pickups.get(pickupId);
    if (!p) return `pickup ${pickupId} not found`;
    if (p.status === 'cancelled') return `pickup ${pickupId} already cancelled`;
    await changePickup(deps.pickups, {
      pickupId,
      to: 'cancelled',
      by,
      note: 'cancelled on the reminder call',
    });
    return `pickup ${pickupId} cancelled`;
  }
  return undefined;
}

/** Where a telesales disposition takes a lead: through `contacted` when the customer was reached. */
const LEAD_PATHS: Readonly<Record<string, { reached: boolean; to?: LeadStatus; note: string }>> = {
  interested: { reached: true, to: 'qualified', note: 'interested' },
  'not-interested': { reached: true, to: 'lost', note: 'not interested' },
  'do-not-call': { reached: true, to: 'lost', note: 'asked not to be called again' },
  'wrong-number': { reached: false, to: 'lost', note: 'wrong number' },
  unreachable: { reached: false, note: 'not reached: attempts ran out' },
};

/**
 * Telesales: move the lead along its lifecycle with the leads capability's own `changeLead` (its history says
 * which campaign did it): interested → contacted → qualified; not interested or do not call → contacted → lost;
 * a wrong number → lost; unreachable leaves it `new` for a later campaign. A lead an agent already moved is only
 * taken forward (never back).
 */
async function feedLead(
  deps: FeedDeps,
  leadId: string,
  disposition: string,
  by: string,
  at: Date,
): Promise<string | undefined> {
  if (!deps.leads) return undefined;
  const path = LEAD_PATHS[disposition];
  if (!path) return undefined;
  const leads = { ...deps.leads, now: () => at };
  const lead = await leads.leads.get(leadId);
  if (!lead) return `lead ${leadId} not found`;
  if (!path.to) return `lead ${leadId} ${path.note}: still ${lead.status}`;
  const note = `${by.replace(/^campaign:/, 'campaign ')}: ${path.note}`;
  let status = lead.status;
  const steps: LeadStatus[] = [];
  if (path.reached && status === 'new') steps.push('contacted');
  steps.push(path.to);
  for (const to of steps) {
    if (status === to || !LEAD_TRANSITIONS[status].includes(to)) continue;
    status = (await changeLead(leads, { leadId, to, by, note })).status;
  }
  return status === lead.status
    ? `lead ${leadId} already ${lead.status} (${path.note})`
    : `lead ${leadId} ${lead.status} → ${status} (${path.note})`;
}
