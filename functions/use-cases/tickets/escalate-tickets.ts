/**
 * Escalate late tickets (F7): the tickets whose next escalation is due come from the sparse `escalation`
 * index (no scan). Level 1 (the reminder, `remindBeforeHours` business hours before the deadline) goes to the
 * department through the `reminder` topic; level 2 (past the deadline) to the supervisors through the
 * `supervisor` topic. Each level is recorded on the ticket once (a conditional write on the level), so
 * overlapping or repeated runs notify at most once per level; the notice is published after the record, and a
 * notice that cannot be published (SNS throttling, errors, a hung connection) releases the record again, so the
 * next run sends it: never lost, never sent twice for one level. (A run killed between the record and the
 * publish loses that one notice; the ticket's history shows the escalation.)
 */
import type { Ticket, Ticketing } from '../../../schemas/ticket.js';
import { escalationLevelAt } from '../../core/tickets.js';
import type { Notifier } from '../../ports/sms.js';
import type { TicketRepository } from '../../ports/ticket-repository.js';

export interface EscalateTicketsDeps {
  readonly tickets: Pick<TicketRepository, 'listEscalationsDue' | 'recordEscalation' | 'releaseEscalation'>;
  readonly notifier: Notifier;
  readonly ticketing: Ticketing;
  readonly now?: () => Date;
}

export interface EscalationSummary {
  readonly checked: number;
  readonly escalated: readonly { readonly ticketId: string; readonly level: 1 | 2 }[];
  /** Already recorded by another run, or changed meanwhile. */
  readonly skipped: number;
  readonly failed: readonly { readonly ticketId: string; readonly error: string }[];
}

export async function escalateTickets(deps: EscalateTicketsDeps, limit = 200): Promise<EscalationSummary> {
  const now = (deps.now ?? (() => new Date()))();
  const due = await deps.tickets.listEscalationsDue(now, limit);
  const escalated: { ticketId: string; level: 1 | 2 }[] = [];
  const failed: { ticketId: string; error: string }[] = [];
  let skipped = 0;
  for (const ticket of due) {
    const level = escalationLevelAt(ticket, new Date(ticket.remindAt), now);
    if (level === 0 || level <= ticket.escalationLevel) {
      skipped++;
      continue;
    }
    try {
      const note = level === 1 ? `reminder to ${ticket.department}` : 'overdue: escalated to the supervisor';
      if (!(await deps.tickets.recordEscalation(ticket, level, now, note))) {
        skipped++;
        continue;
      }
      try {
        await deps.notifier.notify(notice(deps.ticketing, ticket, level));
      } catch (err) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        await deps.tickets.releaseEscalation(ticket, level, now, reason);
        throw err;
      }
      escalated.push({ ticketId: ticket.ticketId, level });
    } catch (err) {
      failed.push({ ticketId: ticket.ticketId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { checked: due.length, escalated, skipped, failed };
}

function notice(ticketing: Ticketing, t: Ticket, level: 1 | 2) {
  const department = ticketing.departments.find((d) => d.key === t.department)?.name ?? t.department;
  const subject =
    level === 1
      ? `Ticket ${t.ticketId} is due at ${t.dueAt}`
      : `Ticket ${t.ticketId} is overdue (due ${t.dueAt})`;
  return {
    topic: level === 1 ? 'reminder' : 'supervisor',
    subject,
    body: JSON.stringify({
      ticketId: t.ticketId,
      level,
      department: t.department,
      departmentName: department,
      category: t.category,
      priority: t.priority,
      status: t.status,
      dueAt: t.dueAt,
      assignee: t.assignee ?? null,
    }),
  };
}
