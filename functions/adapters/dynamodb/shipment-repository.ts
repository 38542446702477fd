/**
 * The Shipments table (schemas/tables.ts SHIPMENTS_TABLE). Newest-wins without a read: the latest-status item is
 * updated under a condition (no item yet, an older time, or the same time and an earlier status), so replays and
 * events arriving out of order never overwrite a newer status, whatever the order the writers run in.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Shipment,
  type ShipmentEvent,
  ShipmentEventSchema,
  ShipmentSchema,
} from '../../../schemas/shipments.js';
import { statusRank } from '../../core/shipments.js';
import type { ShipmentEventOutcome, ShipmentRepository } from '../../ports/shipment-repository.js';
import { checkedItem } from './checked-item.js';

export const shipmentKeys = {
  head: (waybill: string) => ({ pk: `SHIPMENT#${waybill}`, sk: 'SHIPMENT' as const }),
  event: (e: Pick<ShipmentEvent, 'waybill' | 'at' | 'status'>) => ({
    pk: `SHIPMENT#${e.waybill}`,
    sk: `EVENT#${e.at}#${e.status}`,
  }),
};

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

const strip = (raw: Record<string, unknown>) => {
  const { pk: _a, sk: _b, entity: _c, rank: _d, recordedAt: _e, ...rest } = raw;
  return rest;
};

export class DynamoShipmentRepository implements ShipmentRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(raw: ShipmentEvent, now: Date): Promise<ShipmentEventOutcome> {
    const event = checkedItem(ShipmentEventSchema, raw, `shipment event of waybill ${raw.waybill}`);
    const recordedAt = now.toISOString();
    // 1. The history item: a replay finds it there (same key) and changes nothing.
    let newEvent = true;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...event, ...shipmentKeys.event(event), entity: 'shipment-event', recordedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      newEvent = false;
    }
    // 2. The latest status, only if this event is newer. Tried for a replay too: an earlier attempt may have
    // stopped between the two writes.
    const set: string[] = ['#status = :status', '#at = :at', '#place = :place', '#rank = :rank'];
    const remove: string[] = [];
    const values: Record<string, unknown> = {
      ':status': event.status,
      ':at': event.at,
      ':place': event.place,
      ':rank': statusRank(event.status),
      ':now': recordedAt,
      ':waybill': event.waybill,
      ':entity': 'shipment',
    };
    set.push('updatedAt = :now', 'waybill = :waybill', 'entity = :entity');
    for (const field of ['placeEn', 'note'] as const) {
      const value = event[field];
      if (value === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    // A new event is counted; a replay that writes the latest status (an earlier attempt stopped between the two
    // writes) counts itself only if nothing was counted yet.
    values[':one'] = 1;
    const add = newEvent ? ' ADD events :one' : '';
    if (!newEvent) set.push('events = if_not_exists(events, :one)');
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: shipmentKeys.head(event.waybill),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}${add}`,
          ConditionExpression: 'attribute_not_exists(pk) OR #at < :at OR (#at = :at AND #rank < :rank)',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#place': 'place', '#rank': 'rank' },
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return out.Attributes?.at === undefined ? 'created' : 'updated';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    if (!newEvent) return 'unchanged';
    // An older event: counted in the history, the newer status stays.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: shipmentKeys.head(event.waybill),
        UpdateExpression: 'ADD events :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return 'older';
  }

  async get(waybill: string, opts: { signal?: AbortSignal } = {}): Promise<Shipment | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: shipmentKeys.head(waybill) }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    return out.Item ? ShipmentSchema.parse(strip(out.Item)) : undefined;
  }

  async history(waybill: string): Promise<ShipmentEvent[]> {
    const events: ShipmentEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
          ExpressionAttributeValues: { ':pk': shipmentKeys.head(waybill).pk, ':ev': 'EVENT#' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) events.push(ShipmentEventSchema.parse(strip(item)));
      start = out.LastEvaluatedKey;
    } while (start);
    return events;
  }
}
