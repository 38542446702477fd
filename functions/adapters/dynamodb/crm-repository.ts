import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type BlockEntry,
  BlockEntrySchema,
  type Customer,
  type CustomerItem,
  CustomerItemSchema,
  type PhoneItem,
  PhoneItemSchema,
  RECENT_CONTACTS_KEPT,
  type RecentContact,
  RecentContactItemSchema,
} from '../../../schemas/crm.js';
import { type CardItem, CardItemSchema } from '../../../schemas/orders.js';
import { mergeRecentContacts } from '../../core/call-record.js';
import { CrmConflictError, type CrmRepository, type SaveOutcome } from '../../ports/crm-repository.js';
import { forEachConcurrently } from '../../shared/concurrency.js';
import { checkedItem } from './checked-item.js';
import { crmKeys } from './keys.js';

/**
 * Items the lookup reads past the number's own: the newest contacts, with room for a few versions each (most
 * contacts have one CTR version, some two or three). Still one request, and at most a few KB.
 */
export const RECENT_CONTACT_ITEMS_READ = 3 * RECENT_CONTACTS_KEPT;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Customer fields copied onto each of the customer's phone items. */
const COPIED = [
  'customerId',
  'name',
  'tier',
  'vip',
  'branch',
  'language',
  'dedicatedAgentId',
  // Industry fields (issue 12 item 5), for the whisper.
  'pickupAddress',
  'vehicles',
  'client',
  'brand',
] as const;

export class DynamoCrmRepository implements CrmRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The lookup item with the number's newest contacts, in ONE request: a Query of the number's partition for
   * `sk <= PHONE`, newest first, limit 11 — the `PHONE` item sorts first, then the `CONTACT#<at>#<id>` items
   * (contact-record ingestion writes them). A `recentContacts` list stored on the item by earlier versions is
   * merged in. Undefined when the number has neither.
   */
  async getPhone(e164: string, opts: { abortSignal?: AbortSignal } = {}): Promise<PhoneItem | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk <= :phone',
        ExpressionAttributeValues: { ':pk': crmKeys.phone(e164).pk, ':phone': 'PHONE' },
        ScanIndexForward: false,
        // Each version of a contact is its own item (contact-record ingestion): room for a few per contact.
        Limit: RECENT_CONTACT_ITEMS_READ + 1,
      }),
      opts.abortSignal ? { abortSignal: opts.abortSignal } : {},
    );
    const items = out.Items ?? [];
    const raw = items.find((i) => i.sk === 'PHONE');
    const seen = new Set<string>();
    const recent = items.flatMap((i) => {
      if (i.sk === 'PHONE') return [];
      const parsed = RecentContactItemSchema.safeParse(i);
      // Newest first: a contact's first item is its newest version.
      if (!parsed.success || seen.has(parsed.data.contactId)) return [];
      seen.add(parsed.data.contactId);
      const { contactId, at, channel, queue, agentId } = parsed.data;
      return [
        {
          contactId,
          at,
          ...(channel ? { channel } : {}),
          ...(queue ? { queue } : {}),
          ...(agentId ? { agentId } : {}),
        },
      ];
    });
    if (!raw && recent.length === 0) return undefined;
    const item = raw
      ? PhoneItemSchema.parse(raw)
      : PhoneItemSchema.parse({ ...crmKeys.phone(e164), entity: 'phone', phone: e164 });
    if (recent.length === 0) return item;
    return {
      ...item,
      recentContacts: recent.reduce(
        (acc, entry) => mergeRecentContacts(acc, entry),
        (item.recentContacts ?? []) as RecentContact[],
      ),
    };
  }

  async getCustomer(customerId: string): Promise<CustomerItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: crmKeys.customer(customerId), ConsistentRead: true }),
    );
    return out.Item ? CustomerItemSchema.parse(out.Item) : undefined;
  }

  async getCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerItem>> {
    const found = new Map<string, CustomerItem>();
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => crmKeys.customer(id));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const raw of out.Responses?.[this.tableName] ?? []) {
          const item = CustomerItemSchema.parse(raw);
          found.set(item.customerId, item);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
        if (keys?.length) await sleep(Math.min(1000, 50 * 2 ** attempt));
      }
    }
    return found;
  }

  async findCustomerIdByCard(cardNumber: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: crmKeys.card(cardNumber) }),
    );
    return typeof out.Item?.customerId === 'string' ? out.Item.customerId : undefined;
  }

  /** The card item (the customer's copy on it, if written since cards carry one): one GetItem. */
  async getCard(cardNumber: string, opts: { abortSignal?: AbortSignal } = {}): Promise<CardItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: crmKeys.card(cardNumber) }),
      opts.abortSignal ? { abortSignal: opts.abortSignal } : {},
    );
    return out.Item ? CardItemSchema.parse(out.Item) : undefined;
  }

  async saveCustomer(customer: Customer, previous: CustomerItem | undefined, now: Date) {
    const items = this.transactItems(customer, previous, now.toISOString());
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (err instanceof TransactionCanceledException)
        throw this.explain(err.CancellationReasons ?? [], items, customer, err);
      throw err;
    }
    return previous ? 'updated' : 'created';
  }

  /**
   * Save many customers with few requests: their writes go together into transactions of up to
   * `maxItems` items (default 50: bigger ones gain little and take long on a busy DynamoDB Local; each customer's writes stay all-or-nothing, as with saveCustomer), sent
   * `concurrency` at a time. A transaction cancelled because of some customers' conditions is
   * sent again without them; they get their CrmConflictError. Anything else (a contended item,
   * a request too large) falls back to one transaction per customer.
   */
  async saveCustomers(
    entries: readonly { customer: Customer; previous: CustomerItem | undefined }[],
    now: Date,
    opts: { maxItems?: number; concurrency?: number } = {},
  ): Promise<SaveOutcome[]> {
    const at = now.toISOString();
    const maxItems = Math.max(1, Math.min(100, opts.maxItems ?? 50));
    const outcomes: SaveOutcome[] = new Array(entries.length);
    const planned = entries.map((e, index) => ({
      ...e,
      index,
      items: this.transactItems(e.customer, e.previous, at),
    }));
    // Group greedily; a group never writes the same item twice (DynamoDB refuses that).
    const groups: (typeof planned)[] = [];
    let group: typeof planned = [];
    let size = 0;
    let keys = new Set<string>();
    for (const p of planned) {
      const own = p.items.map(itemKey);
      if (group.length > 0 && (size + p.items.length > maxItems || own.some((k) => keys.has(k)))) {
        groups.push(group);
        group = [];
        size = 0;
        keys = new Set();
      }
      group.push(p);
      size += p.items.length;
      for (const k of own) keys.add(k);
    }
    if (group.length > 0) groups.push(group);

    const one = async (p: (typeof planned)[number]) => {
      try {
        outcomes[p.index] = await this.saveCustomer(p.customer, p.previous, now);
      } catch (err) {
        if (!(err instanceof CrmConflictError)) throw err;
        outcomes[p.index] = err;
      }
    };
    const send = async (members: typeof planned): Promise<void> => {
      if (members.length === 0) return;
      if (members.length === 1) return one(members[0] as (typeof planned)[number]);
      const items = members.flatMap((m) => m.items);
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        for (const m of members) outcomes[m.index] = m.previous ? 'updated' : 'created';
        return;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) {
          if (isRetryableAlone(err)) {
            for (const m of members) await one(m);
            return;
          }
          throw err;
        }
        const reasons = err.CancellationReasons ?? [];
        const codes = new Set(reasons.map((r) => r.Code ?? 'None'));
        codes.delete('None');
        codes.delete('ConditionalCheckFailed');
        if (codes.size > 0 || reasons.length !== items.length) {
          // Contention or a limit: each customer on its own.
          for (const m of members) await one(m);
          return;
        }
        const retry: typeof planned = [];
        let offset = 0;
        for (const m of members) {
          const own = reasons.slice(offset, offset + m.items.length);
          offset += m.items.length;
          if (own.some((r) => r.Code === 'ConditionalCheckFailed')) {
            const explained = this.explain(own, m.items, m.customer, err);
            outcomes[m.index] =
              explained instanceof CrmConflictError ? explained : new CrmConflictError(explained.message);
          } else retry.push(m);
        }
        return send(retry);
      }
    };
    await forEachConcurrently(groups, Math.max(1, opts.concurrency ?? 4), send);
    return outcomes;
  }

  /** The writes of one customer's save: the record, its numbers' lookup items, its card claim. */
  private transactItems(customer: Customer, previous: CustomerItem | undefined, at: string): TransactItem[] {
    const item: CustomerItem = checkedItem(
      CustomerItemSchema,
      {
        ...crmKeys.customer(customer.customerId),
        entity: 'customer',
        ...customer,
        createdAt: previous?.createdAt ?? at,
        updatedAt: at,
      },
      `customer ${customer.customerId}`,
    );
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ...(previous
            ? {
                ConditionExpression: 'updatedAt = :prev',
                ExpressionAttributeValues: { ':prev': previous.updatedAt },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ];
    for (const phone of customer.phones) items.push(this.claimPhone(phone, customer, at));
    for (const phone of previous?.phones ?? []) {
      if (!customer.phones.includes(phone)) items.push(this.releasePhone(phone, customer.customerId, at));
    }
    const oldCard = previous?.cardNumber?.toUpperCase();
    const newCard = customer.cardNumber?.toUpperCase();
    if (newCard) {
      // The card item carries a copy of the customer's fields (as the phone items do), so that card
      // authentication is one GetItem. Written on every save, so the copy follows the customer.
      const copy = Object.fromEntries(
        COPIED.flatMap((k) => (customer[k] === undefined ? [] : [[k, customer[k]]])),
      );
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...crmKeys.card(newCard), entity: 'card', ...copy, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk) OR customerId = :id',
          ExpressionAttributeValues: { ':id': customer.customerId },
        },
      });
    }
    if (oldCard && oldCard !== newCard) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: crmKeys.card(oldCard),
          ConditionExpression: 'attribute_not_exists(pk) OR customerId = :id',
          ExpressionAttributeValues: { ':id': customer.customerId },
        },
      });
    }
    return items;
  }

  async setBlock(e164: string, block: BlockEntry | undefined): Promise<void> {
    if (block) checkedItem(BlockEntrySchema, block, `the block of ${e164}`);
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crmKeys.phone(e164),
          ...(block
            ? {
                UpdateExpression: 'SET #entity = :entity, phone = :phone, #block = :block, updatedAt = :at',
                ExpressionAttributeNames: { '#entity': 'entity', '#block': 'block' },
                ExpressionAttributeValues: {
                  ':entity': 'phone',
                  ':phone': e164,
                  ':block': block,
                  ':at': block.blockedAt,
                },
              }
            : {
                // Unblocking a number nobody blocked is a no-op, not an empty lookup item.
                UpdateExpression: 'REMOVE #block',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#block': 'block' },
              }),
        }),
      )
      .catch((err: unknown) => {
        if (!block && err instanceof Error && err.name === 'ConditionalCheckFailedException') return;
        throw err;
      });
  }

  private claimPhone(phone: string, customer: Customer, at: string): TransactItem {
    const names: Record<string, string> = { '#entity': 'entity' };
    const values: Record<string, unknown> = {
      ':entity': 'phone',
      ':phone': phone,
      ':at': at,
      ':id': customer.customerId,
    };
    const sets = ['#entity = :entity', 'phone = :phone', 'updatedAt = :at'];
    const removes: string[] = [];
    for (const field of COPIED) {
      names[`#${field}`] = field;
      const value = customer[field];
      if (value === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: crmKeys.phone(phone),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(#customerId) OR #customerId = :id',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  private releasePhone(phone: string, customerId: string, at: string): TransactItem {
    const names: Record<string, string> = Object.fromEntries(COPIED.map((f) => [`#${f}`, f]));
    return {
      Update: {
        TableName: this.tableName,
        Key: crmKeys.phone(phone),
        UpdateExpression: `SET updatedAt = :at REMOVE ${COPIED.map((f) => `#${f}`).join(', ')}, recentContacts, openTickets`,
        ConditionExpression: '#customerId = :id',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':id': customerId, ':at': at },
      },
    };
  }

  /** Turn a cancelled transaction (its reasons, item by item) into a message that names what conflicted. */
  private explain(
    reasons: readonly { Code?: string; Message?: string }[],
    items: TransactItem[],
    customer: Customer,
    err: Error,
  ): Error {
    const problems: string[] = [];
    reasons.forEach((r, i) => {
      if (r.Code !== 'ConditionalCheckFailed') {
        if (r.Code && r.Code !== 'None') problems.push(`${r.Code}${r.Message ? `: ${r.Message}` : ''}`);
        return;
      }
      const key = (items[i]?.Put?.Item ?? items[i]?.Update?.Key ?? items[i]?.Delete?.Key) as
        | { pk?: string }
        | undefined;
      const pk = key?.pk ?? '';
      if (pk.startsWith('PHONE#')) problems.push(`number ${pk.slice(6)} belongs to another customer`);
      else if (pk.startsWith('CARD#'))
        problems.push(`card number ${pk.slice(5)} belongs to another customer`);
      else if (pk.startsWith('CUSTOMER#'))
        problems.push(`customer ${customer.customerId} was changed by someone else meanwhile; try again`);
    });
    if (problems.length === 0) return err;
    return new CrmConflictError(problems.join('; '));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The table item a transaction item writes, as a string (to keep two writes of one item apart). */
function itemKey(t: TransactItem): string {
  const key = (t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key ?? t.ConditionCheck?.Key) as
    | { pk?: unknown; sk?: unknown }
    | undefined;
  return `${String(key?.pk)}\u0000${String(key?.sk)}`;
}

/** Errors a smaller request avoids: a transaction DynamoDB refuses as a whole for its size or shape. */
function isRetryableAlone(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return (
    name === 'ValidationException' ||
    name === 'TransactionConflictException' ||
    name === 'TransactionInProgressException'
  );
}
