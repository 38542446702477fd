/**
 * Create a ticket (F7): the one use case behind every path (IVR Lambda, agents and operators through the CLI,
 * the post-call survey's follow-up). Stable signature: `createTicket(deps, input)`.
 *
 * - Category → department, priority and SLA from the profile's ticketing rules; deadline in business time.
 * - Id `T<yyyymmdd>-<nnnn>` from an atomic per-day counter (profile time zone): unique under concurrency.
 *   A sequence number taken by a creation that then lost an idempotency race is skipped (gaps are fine).
 * - Idempotent per contact and category: `CONTACT#<contactId>#<category>` is claimed in the ticket's own
 *   transaction; a replay returns the first ticket (`created: false`).
 * - `openTickets` (what the caller lookup returns): +1 in the same transaction on every number of the customer,
 *   or on the caller's number for an unknown caller; those numbers are kept on the ticket (`countedPhones`) and
 *   get -1 when it is resolved or closed (+1 again on reopen).
 * - The SMS confirmation goes through the SMS use case, deduplicated per ticket; a failed send never fails the
 *   ticket (the outcome is returned).
 */
import type { CustomerItem } from '../../../schemas/crm.js';
import {
  type CreateTicketInput,
  CreateTicketInputSchema,
  type Ticket,
  type Ticketing,
} from '../../../schemas/ticket.js';
import { localDateKey } from '../../core/business-time.js';
import { normalizePhone } from '../../core/phone.js';
import {
  categoryOf,
  deadlinesFor,
  formatTicketId,
  TicketInputError,
  TicketRuleError,
} from '../../core/tickets.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import type { TicketRepository } from '../../ports/ticket-repository.js';
import { confirmBySms } from '../sms/confirm-by-sms.js';
import type { SendSmsDeps, SendSmsResult } from '../sms/send-sms.js';

export interface CreateTicketDeps {
  readonly tickets: TicketRepository;
  /** To find the customer's numbers (for `openTickets`). */
  readonly crm: Pick<CrmRepository, 'getCustomer' | 'getPhone'>;
  /** The profile's ticketing rules (contact-flows/profiles/ticketing.ts). */
  readonly ticketing: Ticketing;
  /** Region for numbers without a country code (the profile's). */
  readonly phoneRegion: string;
  /** The SMS use case's dependencies; without them no confirmation is sent. */
  readonly sms?: SendSmsDeps;
  readonly now?: () => Date;
}

export interface CreateTicketResult {
  readonly ticket: Ticket;
  /** False when the idempotency key had already created this ticket (a replay). */
  readonly created: boolean;
  /** The SMS confirmation's outcome; undefined when none was attempted (no number, no SMS wiring, opted out by input). */
  readonly sms?: SendSmsResult | { readonly status: 'error'; readonly error: string };
}

/**
 * The idempotency key of a ticket created during a contact: one per contact and category, and one
 * more per contact for a survey follow-up (a low score after an IVR complaint in the same call is a
 * new ticket, not a replay of the complaint).
 */
export const contactIdempotencyKey = (contactId: string, category: string, source?: string): string =>
  source === 'survey' ? `CONTACT#${contactId}#survey#${category}` : `CONTACT#${contactId}#${category}`;

export async function createTicket(
  deps: CreateTicketDeps,
  raw: CreateTicketInput,
): Promise<CreateTicketResult> {
  const input = CreateTicketInputSchema.parse(raw);
  const now = (deps.now ?? (() => new Date()))();
  const category = categoryOf(deps.ticketing, input.category);
  const idempotencyKey = input.contactId
    ? contactIdempotencyKey(input.contactId, category.key, input.source)
    : undefined;

  if (idempotencyKey) {
    const existing = await deps.tickets.findByIdempotencyKey(idempotencyKey);
    if (existing)
      return {
        ticket: existing,
        created: false,
        sms: await confirmTicket(deps, existing, input.confirmBySms),
      };
  }

  const caller = input.phone ? normalizePhone(input.phone, deps.phoneRegion) : undefined;
  const callerE164 = caller?.kind === 'e164' ? caller.e164 : undefined;
  // An agent or operator names what the ticket is about: what they name must exist. (The IVR and the
  // survey pass what Connect knows: a withheld number or a stale customer id still gets a ticket.)
  const byPerson = input.source === 'agent' || input.source === 'cli';
  if (byPerson && input.phone !== undefined && !callerE164)
    throw new TicketInputError(`number "${input.phone}" is not a phone number`);
  let customer: CustomerItem | undefined;
  let customerId = input.customerId;
  if (!customerId && callerE164) customerId = (await deps.crm.getPhone(callerE164))?.customerId;
  if (customerId) customer = await deps.crm.getCustomer(customerId);
  if (byPerson && input.customerId && !customer)
    throw new TicketRuleError(`no customer "${input.customerId}": create it first (hotline crm import)`);

  const countedPhones = customer ? customer.phones : callerE164 ? [callerE164] : [];

  // A voicemail goes to its queue's department, not the category's (contact-flows/profiles/voicemail.ts).
  if (input.department && !deps.ticketing.departments.some((d) => d.key === input.department))
    throw new TicketRuleError(`unknown department "${input.department}"`);
  const department = input.department ?? category.department;
  const priority = input.priority ?? category.priority;
  const { dueAt, remindAt } = deadlinesFor(deps.ticketing, category, priority, now);
  const sequence = await deps.tickets.nextSequence(localDateKey(now, deps.ticketing.calendar.timeZone));
  const at = now.toISOString();
  const ticket: Ticket = {
    ticketId: formatTicketId(now, sequence, deps.ticketing.calendar.timeZone),
    category: category.key,
    department,
    priority,
    status: 'new',
    source: input.source,
    ...(input.description ? { description: input.description } : {}),
    ...(customer ? { customerId: customer.customerId } : customerId ? { customerId } : {}),
    ...(callerE164 ? { phone: callerE164 } : customer?.phones[0] ? { phone: customer.phones[0] } : {}),
    countedPhones,
    ...(input.contactId ? { contactId: input.contactId } : {}),
    language: input.language ?? customer?.language ?? 'zh-CN',
    createdAt: at,
    updatedAt: at,
    dueAt: dueAt.toISOString(),
    remindAt: remindAt.toISOString(),
    escalationLevel: 0,
    ...(input.voicemail
      ? {
          voicemail: {
            status: 'awaiting' as const,
            ...(input.voicemail.queue ? { queue: input.voicemail.queue } : {}),
            updatedAt: at,
          },
        }
      : {}),
    history: [
      { at, by: input.createdBy, action: 'created', to: 'new', note: `${input.source}: ${category.key}` },
    ],
    version: 1,
  };
  const written = await deps.tickets.create({ ticket, ...(idempotencyKey ? { idempotencyKey } : {}) });
  return { ...written, sms: await confirmTicket(deps, written.ticket, input.confirmBySms) };
}

/** Send (once per ticket: deduplicated) the SMS confirmation; never throws. */
export async function confirmTicket(
  deps: Pick<CreateTicketDeps, 'sms' | 'ticketing'>,
  ticket: Ticket,
  wanted = true,
): Promise<CreateTicketResult['sms']> {
  if (!wanted || !deps.sms || !ticket.phone) return undefined;
  const category = deps.ticketing.categories.find((c) => c.key === ticket.category);
  return (await confirmBySms(deps.sms, {
    to: ticket.phone,
    template: 'ticketConfirmation',
    language: ticket.language,
    variables: {
      ticketId: ticket.ticketId,
      category: category?.label[ticket.language] ?? ticket.category,
      dueAt: new Date(ticket.dueAt)
        .toLocaleString('sv-SE', { timeZone: deps.ticketing.calendar.timeZone })
        .slice(0, 16),
    },
    requestedBy: `ticket:${ticket.ticketId}`,
    dedupeKey: `ticketConfirmation#${ticket.ticketId}`,
  })) as CreateTicketResult['sms'];
}
