import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type Ticket, type TicketItem, TicketItemSchema, TicketSchema } from '../../../schemas/ticket.js';
import { mergeSorted, shardKeys, shardOf } from '../../core/sharding.js';
import { isOpen } from '../../core/tickets.js';
import {
  type NewTicketWrite,
  TicketConflictError,
  type TicketRepository,
} from '../../ports/ticket-repository.js';
import { checkedItem } from './checked-item.js';
import { nextShardedDaySequence } from './day-counter.js';
import { crmKeys } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Key builders for the Tickets table (see schemas/tables.ts TICKETS_TABLE). */
/** Shards of the `due` and `escalation` index partitions (10 × 1,000 writes/s). */
export const INDEX_SHARDS = 10;
/** Shards of the `day` index partition of each day (every ticket created or changed that day writes it). */
export const DAY_SHARDS = 10;

export const ticketKeys = {
  ticket: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' as const }),
  sequence: (day: string) => ({ pk: `TICKETSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const }),
  /**
   * Open tickets by deadline and pending escalations: every ticket created, resolved or escalated writes these index
   * partitions, so each is sharded by ticket id (`OPEN#<n>`, `ESC#<n>`, n < INDEX_SHARDS) to stay under 1,000
   * writes/s per partition; readers query every shard (and the unsharded `OPEN`/`ESC` of older items) and merge.
   */
  duePk: (ticketId: string) => `OPEN#${shardOf(ticketId, INDEX_SHARDS)}`,
  escPk: (ticketId: string) => `ESC#${shardOf(ticketId, INDEX_SHARDS)}`,
  duePks: ['OPEN', ...shardKeys('OPEN', INDEX_SHARDS)],
  escPks: ['ESC', ...shardKeys('ESC', INDEX_SHARDS)],
  /** The day index: `DAY#<yyyymmdd>#<n>` by ticket id; readers query every shard and the unsharded `DAY#<day>`. */
  dayPk: (day: string, ticketId: string) => `DAY#${day}#${shardOf(ticketId, DAY_SHARDS)}`,
  dayPks: (day: string) => [`DAY#${day}`, ...shardKeys(`DAY#${day}`, DAY_SHARDS)],
};

/** The ticket's item, checked against the schema that reads it back (InvalidItemError otherwise). */
const writableItem = (t: Ticket): TicketItem =>
  checkedItem(TicketItemSchema, ticketItem(t), `ticket ${t.ticketId}`);

/** The ticket's item: index attributes follow its state (sparse indexes hold only what they must). */
export function ticketItem(t: Ticket): TicketItem {
  const open = isOpen(t.status);
  const nextEscalation = t.escalationLevel === 0 ? t.remindAt : t.escalationLevel === 1 ? t.dueAt : undefined;
  const day = t.ticketId.slice(1, 9);
  return {
    ...t,
    ...ticketKeys.ticket(t.ticketId),
    entity: 'ticket',
    ...(open ? { duepk: ticketKeys.duePk(t.ticketId), duesk: `${t.dueAt}#${t.ticketId}` } : {}),
    ...(open && nextEscalation
      ? { escpk: ticketKeys.escPk(t.ticketId), escsk: `${nextEscalation}#${t.ticketId}` }
      : {}),
    ...(t.customerId ? { custpk: `CUSTOMER#${t.customerId}`, custsk: `${t.createdAt}#${t.ticketId}` } : {}),
    daypk: ticketKeys.dayPk(day, t.ticketId),
    daysk: t.ticketId,
  };
}

const fromItem = (raw: Record<string, unknown>): Ticket => {
  const {
    pk: _pk,
    sk: _sk,
    entity: _e,
    duepk: _a,
    duesk: _b,
    escpk: _c,
    escsk: _d,
    custpk: _f,
    custsk: _g,
    daypk: _h,
    daysk: _i,
    ...rest
  } = TicketItemSchema.parse(raw);
  return TicketSchema.parse(rest);
};

export class DynamoTicketRepository implements TicketRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The CRM table, whose per-number items carry `openTickets`. */
    private readonly crmTableName: string,
    /**
     * Counter items per day for ticket numbers (`TICKET_SEQUENCE_SHARDS`): 1 keeps numbers in creation order and
     * takes up to ~1,000 tickets/s; N takes N× that (see nextShardedDaySequence). `pick` chooses the shard.
     */
    private readonly sequence: { readonly shards?: number; readonly pick?: () => number } = {},
  ) {}

  nextSequence(day: string): Promise<number> {
    return nextShardedDaySequence(
      this.doc,
      this.tableName,
      ticketKeys.sequence(day),
      this.sequence.shards ?? 1,
      this.sequence.pick,
    );
  }

  async findByIdempotencyKey(key: string): Promise<Ticket | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKeys.idempotency(key), ConsistentRead: true }),
    );
    const id = out.Item?.ticketId;
    return typeof id === 'string' ? this.get(id) : undefined;
  }

  async create({ ticket, idempotencyKey }: NewTicketWrite): Promise<{ created: boolean; ticket: Ticket }> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: writableItem(ticket),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (idempotencyKey)
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...ticketKeys.idempotency(idempotencyKey),
            entity: 'idempotency',
            ticketId: ticket.ticketId,
            at: ticket.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    for (const phone of ticket.countedPhones) items.push(this.adjust(phone, +1, ticket.createdAt));
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true, ticket };
    } catch (err) {
      if (idempotencyKey && err instanceof TransactionCanceledException) {
        if (err.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.findByIdempotencyKey(idempotencyKey);
          if (existing) return { created: false, ticket: existing };
        }
      }
      throw err;
    }
  }

  async get(ticketId: string): Promise<Ticket | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKeys.ticket(ticketId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async update(previous: Ticket, next: Ticket): Promise<void> {
    const wasOpen = isOpen(previous.status);
    const nowOpen = isOpen(next.status);
    const delta = wasOpen === nowOpen ? 0 : nowOpen ? 1 : -1;
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: writableItem(next),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': previous.version },
      },
    };
    let phones = delta === 0 ? [] : [...previous.countedPhones];
    // A number that lost its counter meanwhile (e.g. it moved to another customer) is skipped, not driven negative.
    for (let attempt = 0; attempt < 3; attempt++) {
      const items = [put, ...phones.map((p) => this.adjust(p, delta, next.updatedAt))];
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const reasons = err.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed')
          throw new TicketConflictError(
            `ticket ${next.ticketId} was changed by someone else meanwhile; try again`,
          );
        const failed = new Set(phones.filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed'));
        if (failed.size === 0) throw err;
        phones = phones.filter((p) => !failed.has(p));
      }
    }
    throw new TicketConflictError(`could not update ticket ${next.ticketId}`);
  }

  async listDue(before: Date, limit = 100): Promise<Ticket[]> {
    return this.querySharded('due', 'duepk', ticketKeys.duePks, 'duesk', `${before.toISOString()}#~`, limit);
  }

  async listEscalationsDue(now: Date, limit = 100): Promise<Ticket[]> {
    return this.querySharded(
      'escalation',
      'escpk',
      ticketKeys.escPks,
      'escsk',
      `${now.toISOString()}#~`,
      limit,
    );
  }

  async recordEscalation(ticket: Ticket, level: 1 | 2, at: Date, note: string): Promise<boolean> {
    const next: Ticket = {
      ...ticket,
      escalationLevel: level,
      updatedAt: at.toISOString(),
      version: ticket.version + 1,
      history: [
        ...ticket.history,
        { at: at.toISOString(), by: 'escalation', action: 'escalated', to: String(level), note },
      ],
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: writableItem(next),
                // Once per level, whatever runs overlap; and never over a concurrent human change.
                ConditionExpression: 'escalationLevel < :level AND #v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':level': level, ':v': ticket.version },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }

  async releaseEscalation(ticket: Ticket, level: 1 | 2, at: Date, reason: string): Promise<boolean> {
    const back: Ticket = {
      ...ticket,
      updatedAt: at.toISOString(),
      version: ticket.version + 2,
      history: [
        ...ticket.history,
        {
          at: at.toISOString(),
          by: 'escalation',
          action: 'note',
          note: `level ${level} notice not sent (${reason.slice(0, 300)}); the next run sends it`.slice(
            0,
            1000,
          ),
        },
      ],
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: writableItem(back),
                // Only the write recordEscalation made: nobody has touched the ticket since.
                ConditionExpression: 'escalationLevel = :level AND #v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':level': level, ':v': ticket.version + 1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }

  async listByCustomer(customerId: string, limit = 50): Promise<Ticket[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'customer',
        KeyConditionExpression: 'custpk = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromItem);
  }

  async listRecent(limit = 50): Promise<Ticket[]> {
    // Newest days first: walk back from today's day partition (at most 31 days).
    const found: Ticket[] = [];
    const today = new Date();
    for (let d = 0; d < 31 && found.length < limit; d++) {
      const day = new Date(today.getTime() - (d - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10)
        .replace(/-/g, '');
      // Every shard of the day, newest first, merged: what one unsharded query would have answered.
      const want = limit - found.length;
      const lists = await Promise.all(
        ticketKeys.dayPks(day).map(async (pk) => {
          const out = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'day',
              KeyConditionExpression: 'daypk = :pk',
              ExpressionAttributeValues: { ':pk': pk },
              ScanIndexForward: false,
              Limit: want,
            }),
          );
          return [...((out.Items ?? []) as Record<string, unknown>[])].reverse();
        }),
      );
      found.push(
        ...mergeSorted(lists, (r) => String(r.daysk), Number.POSITIVE_INFINITY)
          .reverse()
          .slice(0, want)
          .map(fromItem),
      );
    }
    return found;
  }

  /** The same answer as one unsharded query: each shard up to `limit`, merged by sort key. */
  private async querySharded(
    index: string,
    pkName: string,
    pks: readonly string[],
    skName: string,
    skMax: string,
    limit: number,
  ): Promise<Ticket[]> {
    const lists = await Promise.all(pks.map((pk) => this.query(index, pkName, pk, skName, skMax, limit)));
    return mergeSorted(lists, (r) => String(r[skName]), limit).map(fromItem);
  }

  private async query(
    index: string,
    pkName: string,
    pk: string,
    skName: string,
    skMax: string,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: `${pkName} = :pk AND ${skName} <= :max`,
          ExpressionAttributeValues: { ':pk': pk, ':max': skMax },
          Limit: limit - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found;
  }

  /** `openTickets` on a number's lookup item: +1 creates the item for an unknown caller; -1 never goes below 0. */
  private adjust(phone: string, delta: number, at: string): TransactItem {
    return {
      Update: {
        TableName: this.crmTableName,
        Key: crmKeys.phone(phone),
        UpdateExpression:
          'SET #entity = if_not_exists(#entity, :entity), phone = if_not_exists(phone, :phone), updatedAt = :at ADD openTickets :d',
        ...(delta < 0 ? { ConditionExpression: 'openTickets > :zero' } : {}),
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: {
          ':entity': 'phone',
          ':phone': phone,
          ':at': at,
          ':d': delta,
          ...(delta < 0 ? { ':zero': 0 } : {}),
        },
      },
    };
  }
}
