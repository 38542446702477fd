/**
 * Ticket changes by agents and operators (F7): status changes (assign, start, resolve, close, reopen) with
 * illegal transitions refused, notes, return-visit results. Each change is recorded in the ticket's history;
 * `openTickets` follows through the repository (resolved/closed: -1, reopened: +1).
 */
import { z } from 'zod';
import { AgentIdSchema } from '../../../schemas/crm.js';
import {
  HistoryEntrySchema,
  ReturnVisitSchema,
  type Ticket,
  type Ticketing,
  type TicketStatus,
  TicketStatusSchema,
} from '../../../schemas/ticket.js';
import { changeStatus, recordReturnVisit, TicketRuleError } from '../../core/tickets.js';
import type { TicketRepository } from '../../ports/ticket-repository.js';

export interface ManageTicketsDeps {
  readonly tickets: Pick<TicketRepository, 'get' | 'update'>;
  readonly ticketing: Ticketing;
  readonly now?: () => Date;
  /** The agents an assignee must be one of (the local contact centre's); undefined: any well-formed id. */
  readonly agentIds?: readonly string[];
}

/** A change as asked for, with the limits of the fields it ends up in (a note is a history note…). */
export const TicketUpdateSchema = z.object({
  status: TicketStatusSchema.optional(),
  assignee: AgentIdSchema.optional(),
  note: HistoryEntrySchema.shape.note,
  returnVisit: ReturnVisitSchema.shape.result,
  by: HistoryEntrySchema.shape.by,
});

export interface TicketUpdate {
  readonly status?: TicketStatus;
  readonly assignee?: string;
  readonly note?: string;
  readonly returnVisit?: 'satisfied' | 'unsatisfied' | 'unreachable';
  readonly by: string;
}

export async function updateTicket(
  deps: ManageTicketsDeps,
  ticketId: string,
  change: TicketUpdate,
): Promise<Ticket> {
  TicketUpdateSchema.parse(change);
  if (change.assignee && deps.agentIds && !deps.agentIds.includes(change.assignee))
    throw new TicketRuleError(
      `no agent "${change.assignee}" in this contact centre (agents: ${deps.agentIds.join(', ')})`,
    );
  const previous = await deps.tickets.get(ticketId);
  if (!previous) throw new TicketRuleError(`no ticket ${ticketId}`);
  const at = (deps.now ?? (() => new Date()))();
  const category = deps.ticketing.categories.find((c) => c.key === previous.category);
  let next = previous;
  if (change.status) {
    next = changeStatus(
      next,
      {
        to: change.status,
        by: change.by,
        at,
        ...(change.assignee ? { assignee: change.assignee } : {}),
        ...(change.note ? { note: change.note } : {}),
      },
      category,
    );
  } else if (change.assignee) {
    next = changeStatus(next, { to: 'assigned', by: change.by, at, assignee: change.assignee }, category);
  } else if (change.note) {
    const iso = at.toISOString();
    next = {
      ...next,
      updatedAt: iso,
      version: next.version + 1,
      history: [...next.history, { at: iso, by: change.by, action: 'note', note: change.note }],
    };
  }
  if (change.returnVisit) next = recordReturnVisit(next, change.returnVisit, change.by, at, change.note);
  if (next === previous)
    throw new TicketRuleError(
      'nothing to change: give a status, an assignee, a note or a return-visit result',
    );
  // A multi-step change (status + return visit) is one write: the version moves by one.
  next = { ...next, version: previous.version + 1 };
  await deps.tickets.update(previous, next);
  return next;
}
