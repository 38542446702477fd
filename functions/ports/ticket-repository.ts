import type { Ticket } from '../../schemas/ticket.js';

/** Raised when a write lost a race (optimistic lock) or broke an invariant. */
export class TicketConflictError extends Error {
  override readonly name = 'TicketConflictError';
}

export interface NewTicketWrite {
  readonly ticket: Ticket;
  /** `CONTACT#<contactId>#<category>`: a second creation with the same key returns the first ticket. */
  readonly idempotencyKey?: string;
  /** Numbers whose `openTickets` counter goes up by one (the ticket's `countedPhones`). */
}

/** Persistence of tickets (port). The DynamoDB adapter implements it. */
export interface TicketRepository {
  /** The next sequence number of a day (`yyyymmdd`): atomic, unique under concurrency. */
  nextSequence(day: string): Promise<number>;
  /** The ticket an idempotency key already created, if any. */
  findByIdempotencyKey(key: string): Promise<Ticket | undefined>;
  /**
   * Create the ticket, its idempotency claim and the `openTickets` increments in one transaction.
   * Returns `{ created: false, ticket: <existing> }` when the idempotency key was claimed meanwhile.
   */
  create(write: NewTicketWrite): Promise<{ created: boolean; ticket: Ticket }>;
  get(ticketId: string): Promise<Ticket | undefined>;
  /**
   * Replace `previous` with `next` (optimistic lock on `version`). When the ticket stops (or starts again)
   * being open, `openTickets` on its `countedPhones` goes down (up) by one in the same transaction.
   */
  update(previous: Ticket, next: Ticket): Promise<void>;
  /** Open tickets whose deadline is at or before `before`, earliest first (index, no scan). */
  listDue(before: Date, limit?: number): Promise<Ticket[]>;
  /** Open tickets whose next escalation is due at or before `now` (index, no scan). */
  listEscalationsDue(now: Date, limit?: number): Promise<Ticket[]>;
  /**
   * Record an escalation once: succeeds only while the ticket's level is below `level` (conditional).
   * Returns false when another run recorded it first.
   */
  recordEscalation(ticket: Ticket, level: 1 | 2, at: Date, note: string): Promise<boolean>;
  /**
   * Undo `recordEscalation(ticket, level, …)` when its notice could not be sent, so that the next run sends it:
   * the ticket goes back to its level before, with a note saying why. False when the ticket changed meanwhile.
   */
  releaseEscalation(ticket: Ticket, level: 1 | 2, at: Date, reason: string): Promise<boolean>;
  /** A customer's tickets, newest first. */
  listByCustomer(customerId: string, limit?: number): Promise<Ticket[]>;
  /** Newest tickets (by day partition of the id), for the CLI. */
  listRecent(limit?: number): Promise<Ticket[]>;
}
