import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  PENDING_NOTICES_PARTITION,
  type Pickup,
  PickupSchema,
  type PickupStatus,
} from '../../../schemas/pickups.js';
import { isOpenPickup } from '../../core/pickups.js';
import {
  type PendingNotice,
  PickupConflictError,
  type PickupRepository,
} from '../../ports/pickup-repository.js';
import { checkedItem } from './checked-item.js';
import { queryAll } from './query-all.js';
import { slotKey } from './slot-capacity.js';
import { branchQuery, idempotencyKey, SlotRecordStore, saveUnchanged } from './slot-records.js';

/** Key builders for the Pickups table (schemas/tables.ts PICKUPS_TABLE). */
export const pickupKeys = {
  pickup: (id: string) => ({ pk: `PICKUP#${id}`, sk: 'PICKUP' as const }),
  slot: slotKey,
  sequence: (day: string) => ({ pk: `PICKUPSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: idempotencyKey,
  escPk: 'ESC',
  /** The partition of the notices SNS refused, sorted by key (`<pickupId>#<type>#<topic>`). */
  pendingNotice: (key: string) => ({ pk: PENDING_NOTICES_PARTITION, sk: key }),
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
    const found = await queryAll(this.doc, this.tableName, branchQuery(branch, opts), (item) =>
      this.get(String(item.pickupId)),
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

  async keepNotice(n: Omit<PendingNotice, 'attempts'>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: pickupKeys.pendingNotice(n.key),
        UpdateExpression:
          'SET entity = :e, topic = :t, subject = :s, body = :b, customerId = :c, #at = if_not_exists(#at, :at), #error = :err' +
          `${n.phone ? ', phone = :p' : ''} ADD attempts :one`,
        ExpressionAttributeNames: { '#at': 'at', '#error': 'error' },
        ExpressionAttributeValues: {
          ':e': 'pickup-notice',
          ':t': n.topic,
          ':s': n.subject,
          ':b': n.body,
          ':c': n.customerId,
          ':at': n.at,
          ':err': n.error.slice(0, 500),
          ':one': 1,
          ...(n.phone ? { ':p': n.phone } : {}),
        },
      }),
    );
  }

  async listPendingNotices(limit: number): Promise<PendingNotice[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': PENDING_NOTICES_PARTITION },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      key: String(i.sk),
      topic: String(i.topic),
      subject: String(i.subject),
      body: String(i.body),
      customerId: String(i.customerId),
      ...(typeof i.phone === 'string' ? { phone: i.phone } : {}),
      at: String(i.at),
      attempts: Number(i.attempts ?? 0),
      error: String(i.error ?? ''),
    }));
  }

  async dropNotice(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: pickupKeys.pendingNotice(key) }));
  }
}
