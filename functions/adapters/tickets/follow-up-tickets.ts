import type { FollowUpTicketInput, FollowUpTickets } from '../../ports/call-records.js';
import { type CreateTicketDeps, createTicket } from '../../use-cases/tickets/create-ticket.js';

/**
 * Follow-up tickets for low survey scores, through the tickets use case (issue 5): idempotent per contact and
 * category (a replay returns the first ticket). No SMS confirmation: the customer just hung up.
 */
export class CreateTicketFollowUps implements FollowUpTickets {
  constructor(
    private readonly deps: CreateTicketDeps,
    /** The profile's ticket category for survey follow-ups. */
    private readonly category: string,
  ) {}

  async open(input: FollowUpTicketInput): Promise<{ ticketId: string }> {
    const { ticket } = await createTicket(this.deps, {
      category: this.category,
      source: 'survey',
      createdBy: 'survey',
      description: `Post-call survey score ${input.score}/5${input.agentId ? `, agent ${input.agentId}` : ''}${input.queue ? `, queue ${input.queue}` : ''}`,
      contactId: input.contactId,
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      confirmBySms: false,
    });
    return { ticketId: ticket.ticketId };
  }
}

/** Fallback when tickets are not wired: records the request in the survey item only (`PENDING-<contactId>`). */
export class PendingFollowUps implements FollowUpTickets {
  async open(input: FollowUpTicketInput): Promise<{ ticketId: string }> {
    return { ticketId: `PENDING-${input.contactId}` };
  }
}

/** The category of survey follow-ups: the profile's first complaint category, else its first category. */
export function surveyFollowUpCategory(categories: readonly { readonly key: string }[]): string {
  const found = categories.find((c) => c.key.includes('complaint')) ?? categories[0];
  if (!found) throw new Error('the profile has no ticket categories');
  return found.key;
}
