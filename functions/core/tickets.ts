/**
 * Tickets (pure): ids, SLA deadlines, the status lifecycle, escalation levels. No I/O; the clock is passed in.
 */
import {
  type BusinessCalendar,
  OPEN_STATUSES,
  type Priority,
  type Ticket,
  type TicketCategory,
  type Ticketing,
  type TicketStatus,
} from '../../schemas/ticket.js';
import { addBusinessHours, localDateKey, subtractBusinessHours } from './business-time.js';

/** `T20261123-0042`: the local day of `at` and the day's sequence number. */
export function formatTicketId(at: Date, sequence: number, timeZone: string): string {
  return `T${localDateKey(at, timeZone)}-${String(sequence).padStart(4, '0')}`;
}

/** `T20261123-0042` → `T, 2 0 2 6 1 1 2 3, 0 0 4 2`: TTS reads it digit by digit. */
export function spokenTicketId(ticketId: string): string {
  const m = /^T(\d+)-(\d+)$/.exec(ticketId);
  if (!m) return ticketId;
  return `T, ${[...(m[1] ?? '')].join(' ')}, ${[...(m[2] ?? '')].join(' ')}`;
}

/** A ticket change the rules or the data refuse (no such ticket, a transition not allowed, an unknown reference). */
export class TicketRuleError extends Error {
  override readonly name = 'TicketRuleError';
}

/** A ticket request whose input has the wrong form (a number that is not one): a usage error. */
export class TicketInputError extends Error {
  override readonly name = 'TicketInputError';
}

export function categoryOf(ticketing: Ticketing, key: string): TicketCategory {
  const c = ticketing.categories.find((x) => x.key === key);
  if (!c)
    throw new TicketRuleError(
      `unknown ticket category "${key}"; this profile has: ${ticketing.categories.map((x) => x.key).join(', ')}`,
    );
  return c;
}

/** SLA in business hours: the category's own for the priority, else the profile's default for the priority. */
export function slaHoursFor(ticketing: Ticketing, category: TicketCategory, priority: Priority): number {
  return category.slaHours?.[priority] ?? ticketing.slaHours[priority];
}

export interface Deadlines {
  readonly dueAt: Date;
  /** When the department gets its reminder (level 1). */
  readonly remindAt: Date;
}

export function deadlinesFor(
  ticketing: Ticketing,
  category: TicketCategory,
  priority: Priority,
  createdAt: Date,
): Deadlines {
  const cal: BusinessCalendar = ticketing.calendar;
  const dueAt = addBusinessHours(createdAt, slaHoursFor(ticketing, category, priority), cal);
  const remindAt = subtractBusinessHours(dueAt, ticketing.remindBeforeHours, cal, createdAt);
  return { dueAt, remindAt };
}

/** Allowed status changes. Anything else is refused with TicketRuleError. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['assigned', 'in_progress', 'resolved', 'closed'],
  assigned: ['assigned', 'in_progress', 'resolved', 'closed'],
  in_progress: ['resolved', 'assigned', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export const isOpen = (status: TicketStatus): boolean => OPEN_STATUSES.includes(status);

export function checkTransition(from: TicketStatus, to: TicketStatus): void {
  if (!TRANSITIONS[from].includes(to))
    throw new TicketRuleError(
      `a ${from} ticket cannot become ${to}; allowed: ${TRANSITIONS[from].join(', ') || 'none'}`,
    );
}

export interface StatusChange {
  readonly to: TicketStatus;
  readonly by: string;
  readonly at: Date;
  readonly assignee?: string;
  readonly note?: string;
}

/**
 * Apply a status change (and reopen: resolved/closed → in_progress). Returns the new ticket; whether its
 * open-ness changed is for the repository to turn into `openTickets` adjustments.
 */
export function changeStatus(
  ticket: Ticket,
  change: StatusChange,
  category: TicketCategory | undefined,
): Ticket {
  checkTransition(ticket.status, change.to);
  if (change.to === 'assigned' && !change.assignee && !ticket.assignee)
    throw new TicketRuleError('assigning a ticket needs an assignee');
  const at = change.at.toISOString();
  const next: Ticket = {
    ...ticket,
    status: change.to,
    updatedAt: at,
    version: ticket.version + 1,
    history: [
      ...ticket.history,
      {
        at,
        by: change.by,
        action: 'status',
        from: ticket.status,
        to: change.to,
        ...(change.note ? { note: change.note } : {}),
      },
    ],
  };
  if (change.assignee) {
    next.assignee = change.assignee;
    next.history.push({ at, by: change.by, action: 'assigned', to: change.assignee });
  }
  if (change.to === 'resolved') {
    next.resolvedAt = at;
    if (category?.returnVisit && !ticket.returnVisit) {
      next.returnVisit = { status: 'pending', openedAt: at };
      next.history.push({ at, by: change.by, action: 'return-visit', to: 'pending' });
    }
  }
  if (change.to === 'closed') next.closedAt = at;
  if (change.to === 'in_progress' && !isOpen(ticket.status)) {
    delete next.resolvedAt;
    delete next.closedAt;
  }
  return next;
}

/** Record the result of the return visit opened when a complaint was resolved. */
export function recordReturnVisit(
  ticket: Ticket,
  result: 'satisfied' | 'unsatisfied' | 'unreachable',
  by: string,
  at: Date,
  note?: string,
): Ticket {
  if (!ticket.returnVisit) throw new TicketRuleError(`ticket ${ticket.ticketId} has no return visit`);
  if (ticket.returnVisit.status === 'done')
    throw new TicketRuleError(`the return visit of ${ticket.ticketId} is already done`);
  const iso = at.toISOString();
  return {
    ...ticket,
    updatedAt: iso,
    version: ticket.version + 1,
    returnVisit: { ...ticket.returnVisit, status: 'done', doneAt: iso, result, ...(note ? { note } : {}) },
    history: [
      ...ticket.history,
      { at: iso, by, action: 'return-visit', to: result, ...(note ? { note } : {}) },
    ],
  };
}

/** The escalation level a ticket should be at `now`: 2 past its deadline, 1 past its reminder time. */
export function escalationLevelAt(
  ticket: Pick<Ticket, 'dueAt' | 'status'>,
  remindAt: Date,
  now: Date,
): 0 | 1 | 2 {
  if (!isOpen(ticket.status)) return 0;
  if (now.getTime() >= new Date(ticket.dueAt).getTime()) return 2;
  if (now.getTime() >= remindAt.getTime()) return 1;
  return 0;
}
