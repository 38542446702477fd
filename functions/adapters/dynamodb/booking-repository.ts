import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Booking, BookingSchema, type BookingStatus } from '../../../schemas/bookings.js';
import {
  BookingConflictError,
  type BookingRepository,
  SlotFullError,
} from '../../ports/booking-repository.js';
import { checkedItem } from './checked-item.js';
import { nextDaySequence } from './day-counter.js';
import { claimSlot, releaseSlot, slotCounts, type TransactItem } from './slot-capacity.js';

/** Key builders for the Bookings table (schemas/tables.ts BOOKINGS_TABLE). */
export const bookingKeys = {
  booking: (id: string) => ({ pk: `BOOKING#${id}`, sk: 'BOOKING' as const }),
  sequence: (day: string) => ({ pk: `BOOKINGSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const }),
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

const failedAt = (err: unknown, i: number): boolean =>
  err instanceof TransactionCanceledException &&
  err.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';

export class DynamoBookingRepository implements BookingRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  nextSequence(day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, bookingKeys.sequence(day));
  }

  bookedCounts(slotIds: readonly string[]): Promise<Map<string, number>> {
    return slotCounts(this.doc, this.tableName, slotIds);
  }

  async findByIdempotencyKey(key: string): Promise<Booking | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: bookingKeys.idempotency(key), ConsistentRead: true }),
    );
    const id = out.Item?.bookingId;
    return typeof id === 'string' ? this.get(id) : undefined;
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
    const items: TransactItem[] = [
      claimSlot(this.tableName, booking.slotId, capacity),
      {
        Put: {
          TableName: this.tableName,
          Item: bookingItem(booking),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (idempotencyKey)
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...bookingKeys.idempotency(idempotencyKey),
            entity: 'idempotency',
            bookingId: booking.bookingId,
            at: booking.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true, booking };
    } catch (err) {
      if (idempotencyKey && failedAt(err, 2)) {
        const existing = await this.findByIdempotencyKey(idempotencyKey);
        if (existing) return { created: false, booking: existing };
      }
      if (failedAt(err, 0)) throw new SlotFullError(`slot ${booking.slotId} is full`);
      throw err;
    }
  }

  async get(bookingId: string): Promise<Booking | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: bookingKeys.booking(bookingId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async save(
    booking: Booking,
    expectedUpdatedAt: string,
    opts: { release?: string; claim?: { slotId: string; capacity: number } } = {},
  ): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: bookingItem(booking),
          ConditionExpression: 'updatedAt = :u',
          ExpressionAttributeValues: { ':u': expectedUpdatedAt },
        },
      },
    ];
    if (opts.claim) items.push(claimSlot(this.tableName, opts.claim.slotId, opts.claim.capacity));
    if (opts.release) items.push(releaseSlot(this.tableName, opts.release));
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (failedAt(err, 0))
        throw new BookingConflictError(`booking ${booking.bookingId} changed meanwhile; read it again`);
      if (opts.claim && failedAt(err, 1)) throw new SlotFullError(`slot ${opts.claim.slotId} is full`);
      throw err;
    }
  }

  private async query(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Booking[]> {
    const out: Booking[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) out.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
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
    const found = await this.query({
      IndexName: 'branch',
      KeyConditionExpression: 'branchpk = :b AND branchsk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':b': `BRANCH#${branch}`,
        ':from': opts.from ?? '0',
        ':to': `${opts.to ?? '9999'}~`,
      },
    });
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
