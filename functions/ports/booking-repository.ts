import type { Booking, BookingStatus } from '../../schemas/bookings.js';

export { SlotFullError } from './pickup-repository.js';

/** Raised when a booking changed since it was read (optimistic lock on `updatedAt`). */
export class BookingConflictError extends Error {
  override readonly name = 'BookingConflictError';
}

/** The Bookings table (port). */
export interface BookingRepository {
  /** The next number of the local day `day` (yyyymmdd), unique under concurrency. */
  nextSequence(day: string): Promise<number>;
  /** Bookings held per slot id (missing: none). */
  bookedCounts(slotIds: readonly string[]): Promise<Map<string, number>>;
  /** The booking an earlier attempt of the same contact made. */
  findByIdempotencyKey(key: string): Promise<Booking | undefined>;
  /**
   * Book: count the slot (only below `capacity`, else SlotFullError), write the booking and the idempotency claim,
   * in one transaction. A replay of the same key returns the first booking (`created: false`).
   */
  book(p: {
    booking: Booking;
    capacity: number;
    idempotencyKey?: string;
  }): Promise<{ created: boolean; booking: Booking }>;
  get(bookingId: string): Promise<Booking | undefined>;
  /**
   * Replace the booking if it is unchanged since `expectedUpdatedAt` (else BookingConflictError), in one
   * transaction with: `release` (free that slot: cancelled, or the old slot of a move) and `claim` (take that slot
   * below its capacity, else SlotFullError: the new slot of a move).
   */
  save(
    booking: Booking,
    expectedUpdatedAt: string,
    opts?: { release?: string; claim?: { slotId: string; capacity: number } },
  ): Promise<void>;
  /** A customer's bookings by slot start (optionally from an ISO instant). */
  listByCustomer(customerId: string, opts?: { from?: string }): Promise<Booking[]>;
  /** A workshop's bookings by slot start (optionally from/to ISO instants, one status). */
  listByBranch(
    branch: string,
    opts?: { from?: string; to?: string; status?: BookingStatus },
  ): Promise<Booking[]>;
  /** Booked, not yet reminded bookings whose reminder is due at or before `at`. */
  listRemindersDue(at: Date): Promise<Booking[]>;
}
