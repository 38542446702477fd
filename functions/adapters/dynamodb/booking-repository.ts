import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Booking, BookingSchema, type BookingStatus } from '../../../schemas/bookings.js';
import { BookingConflictError, type BookingRepository } from '../../ports/booking-repository.js';
import { checkedItem } from './checked-item.js';
import { queryAll } from './query-all.js';
import { branchQuery, idempotencyKey, SlotRecordStore, saveUnchanged } from './slot-records.js';

/** Key builders for the Bookings table (schemas/tables.ts BOOKINGS_TABLE). */
export const bookingKeys = {
  booking: (id: string) => ({ pk: `BOOKING#${id}`, sk: 'BOOKING' as const }),
  sequence: (day: string) => ({ pk: `BOOKINGSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: idempotencyKey,
  remindPk: 'REMIND',
};

/** The booking's item: the reminder index holds it only while booked, not yet reminded and with a reminder. */
export function bookingItem(b: Booking): Record<string, unknown> {
  return {
    ...checkedItem(BookingSchema, b, `booking ${b.bookingId}`),
    ...bookingKeys.booking(b.bookingId),
    entity: 'booking',
    custpk: `CUSTOMER#${b.customerId}`,
    custsk: `${b.slotStart}#${b.bookingId}`,
    branchpk: `BRANCH#${b.branch}`,
    branchsk: `${b.slotStart}#${b.bookingId}`,
    ...(b.status === 'booked' && b.remindAt && !b.remindedAt
      ? { rempk: bookingKeys.remindPk, remsk: `${b.remindAt}#${b.bookingId}` }
      : {}),
  };
}

const INDEX_KEYS = ['pk', 'sk', 'entity', 'custpk', 'custsk', 'branchpk', 'branchsk', 'rempk', 'remsk'];
const fromItem = (raw: Record<string, unknown>): Booking =>
  BookingSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !INDEX_KEYS.includes(k))));

export class DynamoBookingRepository extends SlotRecordStore<Booking> implements BookingRepository {
  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    super(doc, tableName, {
      idAttribute: 'bookingId',
      key: bookingKeys.booking,
      sequence: bookingKeys.sequence,
      read: fromItem,
    });
  }

  async book({
    booking,
    capacity,
    idempotencyKey,
  }: {
    booking: Booking;
    capacity: number;
    idempotencyKey?: string;
  }): Promise<{ created: boolean; booking: Booking }> {
    const r = await this.bookRecord(booking, {
      item: bookingItem(booking),
      id: booking.bookingId,
      at: booking.createdAt,
      slotId: booking.slotId,
      capacity,
      idempotencyKey,
    });
    return { created: r.created, booking: r.record };
  }

  save(
    booking: Booking,
    expectedUpdatedAt: string,
    opts: { release?: string; claim?: { slotId: string; capacity: number } } = {},
  ): Promise<void> {
    return saveUnchanged(this.doc, this.tableName, {
      item: bookingItem(booking),
      expectedUpdatedAt,
      claim: opts.claim,
      release: opts.release,
      conflict: () =>
        new BookingConflictError(`booking ${booking.bookingId} changed meanwhile; read it again`),
    });
  }

  private query(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Booking[]> {
    return queryAll(this.doc, this.tableName, input, fromItem);
  }

  listByCustomer(customerId: string, opts: { from?: string } = {}): Promise<Booking[]> {
    return this.query({
      IndexName: 'customer',
      KeyConditionExpression: 'custpk = :c AND custsk >= :from',
      ExpressionAttributeValues: { ':c': `CUSTOMER#${customerId}`, ':from': opts.from ?? '0' },
    });
  }

  async listByBranch(
    branch: string,
    opts: { from?: string; to?: string; status?: BookingStatus } = {},
  ): Promise<Booking[]> {
    const found = await this.query(branchQuery(branch, opts));
    return opts.status ? found.filter((b) => b.status === opts.status) : found;
  }

  listRemindersDue(at: Date): Promise<Booking[]> {
    return this.query({
      IndexName: 'reminder',
      KeyConditionExpression: 'rempk = :p AND remsk <= :at',
      ExpressionAttributeValues: { ':p': bookingKeys.remindPk, ':at': `${at.toISOString()}~` },
    });
  }
}
