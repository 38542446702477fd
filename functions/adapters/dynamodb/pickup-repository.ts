import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Pickup, PickupSchema, type PickupStatus } from '../../../schemas/pickups.js';
import { isOpenPickup } from '../../core/pickups.js';
import { PickupConflictError, type PickupRepository, SlotFullError } from '../../ports/pickup-repository.js';
import { nextDaySequence } from './day-counter.js';
import { claimSlot, releaseSlot, slotCounts, slotKey, type TransactItem } from './slot-capacity.js';

/** Key builders for the Pickups table (schemas/tables.ts PICKUPS_TABLE). */
export const pickupKeys = {
  pickup: (id: string) => ({ pk: `PICKUP#${id}`, sk: 'PICKUP' as const }),
  slot: slotKey,
  sequence: (day: string) => ({ pk: `PICKUPSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const }),
  escPk: 'ESC',
};

/** The pickup's item: the escalation index holds it only while open and not escalated. */
export function pickupItem(p: Pickup): Record<string, unknown> {
  return {
    ...p,
    ...pickupKeys.pickup(p.pickupId),
    entity: 'pickup',
    branchpk: `BRANCH#${p.branch}`,
    branchsk: `${p.slotStart}#${p.pickupId}`,
    ...(isOpenPickup(p.status) && !p.escalatedAt
      ? { escpk: pickupKeys.escPk, escsk: `${p.slotEnd}#${p.pickupId}` }
      : {}),
  };
}

const fromItem = (raw: Record<string, unknown>): Pickup => {
  const { pk: _a, sk: _b, entity: _c, branchpk: _d, branchsk: _e, escpk: _f, escsk: _g, ...rest } = raw;
  return PickupSchema.parse(rest);
};

export class DynamoPickupRepository implements PickupRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  nextSequence(day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, pickupKeys.sequence(day));
  }

  bookedCounts(slotIds: readonly string[]): Promise<Map<string, number>> {
    return slotCounts(this.doc, this.tableName, slotIds);
  }

  async findByIdempotencyKey(key: string): Promise<Pickup | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: pickupKeys.idempotency(key), ConsistentRead: true }),
    );
    const id = out.Item?.pickupId;
    return typeof id === 'string' ? this.get(id) : undefined;
  }

  async book({
    pickup,
    capacity,
    idempotencyKey,
  }: {
    pickup: Pickup;
    capacity: number;
    idempotencyKey?: string;
  }): Promise<{ created: boolean; pickup: Pickup }> {
    const items: TransactItem[] = [
      claimSlot(this.tableName, pickup.slotId, capacity),
      {
        Put: {
          TableName: this.tableName,
          Item: pickupItem(pickup),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (idempotencyKey)
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...pickupKeys.idempotency(idempotencyKey),
            entity: 'idempotency',
            pickupId: pickup.pickupId,
            at: pickup.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true, pickup };
    } catch (err) {
      if (err instanceof TransactionCanceledException) {
        const reasons = err.CancellationReasons ?? [];
        if (idempotencyKey && reasons[2]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.findByIdempotencyKey(idempotencyKey);
          if (existing) return { created: false, pickup: existing };
        }
        if (reasons[0]?.Code === 'ConditionalCheckFailed')
          throw new SlotFullError(`slot ${pickup.slotId} is full`);
      }
      throw err;
    }
  }

  async get(pickupId: string): Promise<Pickup | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: pickupKeys.pickup(pickupId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async save(pickup: Pickup, expectedUpdatedAt: string, opts: { releaseSlot?: boolean } = {}): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: pickupItem(pickup),
          ConditionExpression: 'updatedAt = :u',
          ExpressionAttributeValues: { ':u': expectedUpdatedAt },
        },
      },
    ];
    if (opts.releaseSlot) items.push(releaseSlot(this.tableName, pickup.slotId));
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        throw new PickupConflictError(`pickup ${pickup.pickupId} changed meanwhile; read it again`);
      throw err;
    }
  }

  async listByBranch(
    branch: string,
    opts: { from?: string; to?: string; status?: PickupStatus } = {},
  ): Promise<Pickup[]> {
    const out: Pickup[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'branch',
          KeyConditionExpression: 'branchpk = :b AND branchsk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':b': `BRANCH#${branch}`,
            ':from': opts.from ?? '0',
            ':to': `${opts.to ?? '9999'}~`,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const p = await this.get(String(item.pickupId));
        if (p && (!opts.status || p.status === opts.status)) out.push(p);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async listOverdue(at: Date): Promise<Pickup[]> {
    const out: Pickup[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'escalation',
          KeyConditionExpression: 'escpk = :p AND escsk <= :at',
          ExpressionAttributeValues: { ':p': pickupKeys.escPk, ':at': `${at.toISOString()}~` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
