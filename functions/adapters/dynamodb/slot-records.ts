/**
 * What the repositories of bookable records (pickups, repair bookings) share around the slot counters
 * (slot-capacity.ts): booking a record in a slot together with its idempotency claim, in one transaction; saving
 * a record only if it is unchanged (optimistic, on `updatedAt`) while a slot is claimed or released in the same
 * transaction; finding a record by its idempotency claim.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SlotFullError } from '../../ports/pickup-repository.js';
import { nextDaySequence } from './day-counter.js';
import { claimSlot, releaseSlot, slotCounts, type TransactItem } from './slot-capacity.js';

type Key = { readonly pk: string; readonly sk: string };

/**
 * The query of the `branch` index for a branch's records by slot start (`branchsk` `<slotStart>#<id>`), from and
 * before the given ISO instants.
 */
export const branchQuery = (branch: string, opts: { from?: string; to?: string }) => ({
  IndexName: 'branch',
  KeyConditionExpression: 'branchpk = :b AND branchsk BETWEEN :from AND :to',
  ExpressionAttributeValues: {
    ':b': `BRANCH#${branch}`,
    ':from': opts.from ?? '0',
    ':to': `${opts.to ?? '9999'}~`,
  },
});

/** The idempotency claim's key (a ContactId and action): pk `IDEMPOTENCY#<key>`, sk `IDEMPOTENCY`. */
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const });

/** Whether the transaction was cancelled because the condition of its `i`-th item failed. */
export const conditionFailedAt = (err: unknown, i: number): boolean =>
  err instanceof TransactionCanceledException &&
  err.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';

/** The record id an idempotency claim holds in `idAttribute` (e.g. `pickupId`), if the claim is there. */
export async function claimedRecordId(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: string,
  idAttribute: string,
): Promise<string | undefined> {
  const out = await doc.send(
    new GetCommand({ TableName: tableName, Key: idempotencyKey(key), ConsistentRead: true }),
  );
  const id = out.Item?.[idAttribute];
  return typeof id === 'string' ? id : undefined;
}

/**
 * In one transaction: count the slot (only below `capacity`), write the new record `item`, and with an
 * idempotency key claim it for the record (`{ [idAttribute]: id }`). A claim already there: the record it names
 * (`existing`), when it can be read. A full slot: SlotFullError.
 */
export async function bookInSlot<R>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  o: {
    readonly item: Record<string, unknown>;
    readonly slotId: string;
    readonly capacity: number;
    readonly idempotency?: {
      readonly key: string;
      readonly idAttribute: string;
      readonly id: string;
      readonly at: string;
      readonly find: (key: string) => Promise<R | undefined>;
    };
  },
): Promise<{ created: true } | { created: false; existing: R }> {
  const items: TransactItem[] = [
    claimSlot(tableName, o.slotId, o.capacity),
    { Put: { TableName: tableName, Item: o.item, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  const claim = o.idempotency;
  if (claim)
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...idempotencyKey(claim.key),
          entity: 'idempotency',
          [claim.idAttribute]: claim.id,
          at: claim.at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return { created: true };
  } catch (err) {
    if (claim && conditionFailedAt(err, 2)) {
      const existing = await claim.find(claim.key);
      if (existing) return { created: false, existing };
    }
    if (conditionFailedAt(err, 0)) throw new SlotFullError(`slot ${o.slotId} is full`);
    throw err;
  }
}

/**
 * Replace the record with `item` only if it is unchanged since `expectedUpdatedAt` (else `conflict()`), in one
 * transaction with claiming a slot (below its capacity, else SlotFullError) and releasing one.
 */
export async function saveUnchanged(
  doc: DynamoDBDocumentClient,
  tableName: string,
  o: {
    readonly item: Record<string, unknown>;
    readonly expectedUpdatedAt: string;
    readonly claim?: { readonly slotId: string; readonly capacity: number } | undefined;
    readonly release?: string | undefined;
    readonly conflict: () => Error;
  },
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: o.item,
        ConditionExpression: 'updatedAt = :u',
        ExpressionAttributeValues: { ':u': o.expectedUpdatedAt },
      },
    },
  ];
  if (o.claim) items.push(claimSlot(tableName, o.claim.slotId, o.claim.capacity));
  if (o.release) items.push(releaseSlot(tableName, o.release));
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (conditionFailedAt(err, 0)) throw o.conflict();
    if (o.claim && conditionFailedAt(err, 1)) throw new SlotFullError(`slot ${o.claim.slotId} is full`);
    throw err;
  }
}

/**
 * The part of a bookable record's repository that is the same for every kind: reading one, the day's numbers,
 * the slots' counts, the idempotency claim, booking in a slot. `idAttribute` names the record's id (`pickupId`),
 * `key` its item's key and `read` the record an item holds.
 */
export abstract class SlotRecordStore<R> {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
    private readonly kind: {
      readonly idAttribute: string;
      readonly key: (id: string) => Key;
      readonly sequence: (day: string) => Key;
      readonly read: (item: Record<string, unknown>) => R;
    },
  ) {}

  /** The record, read consistently. */
  async get(id: string): Promise<R | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.kind.key(id), ConsistentRead: true }),
    );
    return out.Item ? this.kind.read(out.Item) : undefined;
  }

  nextSequence(day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, this.kind.sequence(day));
  }

  bookedCounts(slotIds: readonly string[]): Promise<Map<string, number>> {
    return slotCounts(this.doc, this.tableName, slotIds);
  }

  async findByIdempotencyKey(key: string): Promise<R | undefined> {
    const id = await claimedRecordId(this.doc, this.tableName, key, this.kind.idAttribute);
    return id === undefined ? undefined : this.get(id);
  }

  /** `bookInSlot` for this kind of record: `record` when created, else the one the claim names. */
  protected async bookRecord(
    record: R,
    o: {
      readonly item: Record<string, unknown>;
      readonly id: string;
      readonly at: string;
      readonly slotId: string;
      readonly capacity: number;
      readonly idempotencyKey?: string | undefined;
    },
  ): Promise<{ created: boolean; record: R }> {
    const r = await bookInSlot(this.doc, this.tableName, {
      item: o.item,
      slotId: o.slotId,
      capacity: o.capacity,
      ...(o.idempotencyKey
        ? {
            idempotency: {
              key: o.idempotencyKey,
              idAttribute: this.kind.idAttribute,
              id: o.id,
              at: o.at,
              find: (key: string) => this.findByIdempotencyKey(key),
            },
          }
        : {}),
    });
    return r.created ? { created: true, record } : { created: false, record: r.existing };
  }
}
