/**
 * The Shipments table (schemas/tables.ts SHIPMENTS_TABLE). Newest-wins without a read: each event's history item
 * and the latest-status item are written in one transaction, the latest status under a condition (no item yet, an
 * older time, or the same time and an earlier status), so replays and events arriving out of order never
 * overwrite a newer status nor count an event twice, whatever the order the writers run in.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
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

/** The per-item codes of a cancelled transaction ('None', 'ConditionalCheckFailed', 'TransactionConflict', …). */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const cancellationReasons = (err: unknown): string[] | undefined =>
  err instanceof TransactionCanceledException ||
  (err as { name?: string } | undefined)?.name === 'TransactionCanceledException'
    ? ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;

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
    const history: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { ...event, ...shipmentKeys.event(event), entity: 'shipment-event', recordedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
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
      ':one': 1,
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
    const latest = (condition: string): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: shipmentKeys.head(event.waybill),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''} ADD events :one`,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#place': 'place', '#rank': 'rank' },
        ExpressionAttributeValues: values,
      },
    });
    const counted: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: shipmentKeys.head(event.waybill),
        UpdateExpression: 'ADD events :one',
        // Only when what is on file is at least as new: three exclusive conditions, so exactly one applies.
        ConditionExpression: 'attribute_exists(pk) AND (#at > :at OR (#at = :at AND #rank >= :rank))',
        ExpressionAttributeNames: { '#at': 'at', '#rank': 'rank' },
        ExpressionAttributeValues: { ':one': 1, ':at': event.at, ':rank': statusRank(event.status) },
      },
    };
    // The history item and the latest status are written in one transaction, so no attempt can stop between
    // them and a replay (the history item is on file) changes nothing. Which latest-status write applies depends
    // on what is on file; each is tried under its own condition, so concurrent writers of the same waybill (SQS
    // delivers a batch in parallel, and twice) each see a consistent state, whatever the order they run in.
    const attempts: ReadonlyArray<readonly [ShipmentEventOutcome, TransactItem]> = [
      ['updated', latest('attribute_exists(pk) AND (#at < :at OR (#at = :at AND #rank < :rank))')],
      ['created', latest('attribute_not_exists(pk)')],
      ['older', counted],
    ];
    for (let round = 0; round < 8; round++) {
      for (const [outcome, head] of attempts) {
        try {
          await this.doc.send(new TransactWriteCommand({ TransactItems: [history, head] }));
          return outcome;
        } catch (err) {
          const reasons = cancellationReasons(err);
          if (!reasons) throw err;
          if (reasons[0] === 'ConditionalCheckFailed') return 'unchanged';
          if (reasons.includes('TransactionConflict')) break; // another writer of this waybill: start again
          if (reasons[1] !== 'ConditionalCheckFailed') throw err;
          // The state on file does not match this write (it changed since, or never did): try the next.
        }
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (round + 1)));
    }
    throw new Error(`shipment event of waybill ${event.waybill}: the latest status kept changing; try again`);
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
