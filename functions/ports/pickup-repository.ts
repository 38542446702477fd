import type { Pickup, PickupStatus } from '../../schemas/pickups.js';

/** Raised when a pickup changed since it was read (optimistic lock on `updatedAt`). */
export class PickupConflictError extends Error {
  override readonly name = 'PickupConflictError';
}

/** The slot has no capacity left. */
export class SlotFullError extends Error {
  override readonly name = 'SlotFullError';
}

/**
 * A dispatch notice SNS refused (throttled, failed, timed out), kept until the overdue sweep publishes it: one
 * per pickup, notice type and topic (`key`). It names the customer, so `hotline crm forget` deletes it.
 */
export interface PendingNotice {
  readonly key: string;
  readonly topic: string;
  readonly subject: string;
  readonly body: string;
  readonly customerId: string;
  readonly phone?: string | undefined;
  /** When it was first refused. */
  readonly at: string;
  /** How many times it was refused. */
  readonly attempts: number;
  readonly error: string;
}

/** The Pickups table (port). */
export interface PickupRepository {
  /** The next number of the local day `day` (yyyymmdd), unique under concurrency. */
  nextSequence(day: string): Promise<number>;
  /** Pickups booked per slot id (missing: none). */
  bookedCounts(slotIds: readonly string[]): Promise<Map<string, number>>;
  /** The pickup an earlier attempt of the same contact booked. */
  findByIdempotencyKey(key: string): Promise<Pickup | undefined>;
  /**
   * Book: count the slot (only below `capacity`, else SlotFullError), write the pickup and the idempotency claim,
   * in one transaction. A replay of the same key returns the first booking (`created: false`).
   */
  book(p: {
    pickup: Pickup;
    capacity: number;
    idempotencyKey?: string;
  }): Promise<{ created: boolean; pickup: Pickup }>;
  get(pickupId: string): Promise<Pickup | undefined>;
  /** Replace the pickup if it is unchanged since `expectedUpdatedAt`; free its slot when it leaves `booked`/`dispatched` for `cancelled`. */
  save(pickup: Pickup, expectedUpdatedAt: string, opts?: { releaseSlot?: boolean }): Promise<void>;
  /** A branch's pickups by slot start (optionally from/to ISO instants). */
  listByBranch(
    branch: string,
    opts?: { from?: string; to?: string; status?: PickupStatus },
  ): Promise<Pickup[]>;
  /** Open, not escalated pickups whose slot ended at or before `at`. */
  listOverdue(at: Date): Promise<Pickup[]>;
  /** Keep a refused notice (again: one more attempt, the latest error; the first time is kept). */
  keepNotice(n: Omit<PendingNotice, 'attempts'>): Promise<void>;
  /** The kept notices, oldest key first, at most `limit`. */
  listPendingNotices(limit: number): Promise<PendingNotice[]>;
  /** Forget a kept notice once it is published. */
  dropNotice(key: string): Promise<void>;
}
