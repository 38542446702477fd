import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Pickup, PickupSchema, type PickupStatus } from '../../../schemas/pickups.js';
import { isOpenPickup } from '../../core/pickups.js';
import { PickupConflictError, type PickupRepository } from '../../ports/pickup-repository.js';
import { checkedItem } from './checked-item.js';
import { slotKey } from './slot-capacity.js';
import { idempotencyKey, queryAll, SlotRecordStore, saveUnchanged } from './slot-records.js';

/** Key builders for the Pickups table (schemas/tables.ts PICKUPS_TABLE). */
export const pickupKeys = {
  pickup: (id: string) => ({ pk: `PICKUP#${id}`, sk: 'PICKUP' as const }),
  slot: slotKey,
  sequence: (day: string) => ({ pk: `PICKUPSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: idempotencyKey,
  escPk: 'ESC',
};

/** The pickup's item: the escalation index holds it only while open and not escalated. */
export function pickupItem(p: Pickup): Record<string, unknown> {
  return {
    ...checkedItem(PickupSchema, p, `pickup ${p.pickupId}`),
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

export class DynamoPickupRepository extends SlotRecordStore<Pickup> implements PickupRepository {
  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    super(doc, tableName, {
      idAttribute: 'pickupId',
      key: pickupKeys.pickup,
      sequence: pickupKeys.sequence,
      read: fromItem,
    });
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
    const r = await this.bookRecord(pickup, {
      item: pickupItem(pickup),
      id: pickup.pickupId,
      at: pickup.createdAt,
      slotId: pickup.slotId,
      capacity,
      idempotencyKey,
    });
    return { created: r.created, pickup: r.record };
  }

  save(pickup: Pickup, expectedUpdatedAt: string, opts: { releaseSlot?: boolean } = {}): Promise<void> {
    return saveUnchanged(this.doc, this.tableName, {
      item: pickupItem(pickup),
      expectedUpdatedAt,
      release: opts.releaseSlot ? pickup.slotId : undefined,
      conflict: () => new PickupConflictError(`pickup ${pickup.pickupId} changed meanwhile; read it again`),
    });
  }

  async listByBranch(
    branch: string,
    opts: { from?: string; to?: string; status?: PickupStatus } = {},
  ): Promise<Pickup[]> {
    // The index is eventually consistent: each pickup is read again, consistently, for its latest status.
    const found = await queryAll(
      this.doc,
      this.tableName,
      {
        IndexName: 'branch',
        KeyConditionExpression: 'branchpk = :b AND branchsk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':b': `BRANCH#${branch}`,
          ':from': opts.from ?? '0',
          ':to': `${opts.to ?? '9999'}~`,
        },
      },
      (item) => this.get(String(item.pickupId)),
    );
    return found.filter((p): p is Pickup => p !== undefined && (!opts.status || p.status === opts.status));
  }

  listOverdue(at: Date): Promise<Pickup[]> {
    return queryAll(
      this.doc,
      this.tableName,
      {
        IndexName: 'escalation',
        KeyConditionExpression: 'escpk = :p AND escsk <= :at',
        ExpressionAttributeValues: { ':p': pickupKeys.escPk, ':at': `${at.toISOString()}~` },
      },
      fromItem,
    );
  }
}
