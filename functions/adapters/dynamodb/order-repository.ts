/**
 * The order centre on DynamoDB (ORDERS_TABLE, schemas/tables.ts). Placing an order is one TransactWriteItems:
 * per line a conditional decrement of the period's remaining supply and a conditional raise of the retailer's
 * period total, then the order and its idempotency claim. Every item is validated with the schema that reads it
 * before it is written.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Limit,
  type LimitItem,
  LimitItemSchema,
  ORDER_LIMITS_PARTITION,
  type Order,
  type OrderItem,
  OrderItemSchema,
  OrderSchema,
  type Product,
  type ProductItem,
  ProductItemSchema,
  type Supply,
  type SupplyItem,
  SupplyItemSchema,
  type TotalItem,
  TotalItemSchema,
} from '../../../schemas/orders.js';
import {
  CatalogueChangedError,
  type CatalogueSnapshot,
  type ImportOutcome,
  type LineData,
  OrderConflictError,
  OrderIdTakenError,
  OrderRejectedError,
  type OrderRepository,
  type PlaceOpts,
  type ReadOpts,
} from '../../ports/order-repository.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const LIMITS_PK = ORDER_LIMITS_PARTITION;

export const orderKeys = {
  product: (code: string) => ({ pk: `PRODUCT#${code}`, sk: 'PRODUCT' as const }),
  supply: (period: string, code: string) => ({ pk: `SUPPLY#${period}`, sk: `PRODUCT#${code}` }),
  /** Every limit in one partition: placement loads them all at once (and caches them per catalogue version). */
  tierLimit: (tier: string, code: string) => ({ pk: LIMITS_PK, sk: `TIER#${tier}#PRODUCT#${code}` }),
  customerLimit: (customerId: string, code: string) => ({
    pk: LIMITS_PK,
    sk: `CUSTOMER#${customerId}#PRODUCT#${code}`,
  }),
  /** The catalogue's version: raised with every product or limit written (in the same transaction). */
  catalogueVersion: () => ({ pk: 'CATALOGUE', sk: 'VERSION' as const }),
  total: (period: string, customerId: string, code: string) => ({
    pk: `TOTALS#${period}`,
    sk: `CUSTOMER#${customerId}#PRODUCT#${code}`,
  }),
  order: (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' as const }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const }),
};

const isConditionFailure = (err: unknown) =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';

const isTransactionConflict = (err: unknown) =>
  ((err as TransactionCanceledException).CancellationReasons ?? []).some(
    (r) => r.Code === 'TransactionConflict',
  );

const same = (a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]) =>
  keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

export function orderItem(order: Order): OrderItem {
  return OrderItemSchema.parse({
    ...orderKeys.order(order.orderId),
    entity: 'order',
    ...order,
    custpk: `CUSTOMER#${order.customerId}`,
    custsk: `${order.createdAt}#${order.orderId}`,
    periodpk: `PERIOD#${order.period}`,
    periodsk: `${order.createdAt}#${order.orderId}`,
  });
}

const toOrder = (raw: Record<string, unknown>): Order => {
  const {
    pk: _pk,
    sk: _sk,
    entity: _e,
    custpk: _a,
    custsk: _b,
    periodpk: _c,
    periodsk: _d,
    ...rest
  } = OrderItemSchema.parse(raw);
  return OrderSchema.parse(rest);
};

export class DynamoOrderRepository implements OrderRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saveProduct(product: Product, at: Date): Promise<ImportOutcome> {
    const key = orderKeys.product(product.code);
    const old = (
      await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
    ).Item;
    const fields = ['brand', 'specification', 'unit', 'priceCents', 'spokenName', 'active'] as const;
    if (old && same(old, product, fields)) return 'unchanged';
    const item: ProductItem = ProductItemSchema.parse({
      ...key,
      entity: 'product',
      ...product,
      updatedAt: at.toISOString(),
    });
    await this.putCatalogueItem(item, at);
    return old ? 'updated' : 'created';
  }

  async saveSupply(supply: Supply, at: Date): Promise<ImportOutcome> {
    const key = orderKeys.supply(supply.period, supply.code);
    const raw = (
      await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
    ).Item;
    if (!raw) {
      const item: SupplyItem = SupplyItemSchema.parse({
        ...key,
        entity: 'supply',
        ...supply,
        remaining: supply.supplied,
        updatedAt: at.toISOString(),
      });
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return this.saveSupply(supply, at);
      }
    }
    const old = SupplyItemSchema.parse(raw);
    const delta = supply.supplied - old.supplied;
    if (delta === 0) return 'unchanged';
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET supplied = :s, remaining = remaining + :d, updatedAt = :at',
          // Less supply than is already sold cannot be set; a concurrent change is retried by reading again.
          ConditionExpression: 'supplied = :old AND remaining >= :neg',
          ExpressionAttributeValues: {
            ':s': supply.supplied,
            ':d': delta,
            ':old': old.supplied,
            ':neg': -delta,
            ':at': at.toISOString(),
          },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const now = SupplyItemSchema.parse(
        (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })))
          .Item,
      );
      if (now.supplied !== old.supplied) return this.saveSupply(supply, at);
      throw new Error(
        `supply of ${supply.code} in ${supply.period} cannot go down to ${supply.supplied}: ${now.supplied - now.remaining} already sold`,
      );
    }
    return 'updated';
  }

  async saveLimit(limit: Limit, at: Date): Promise<ImportOutcome> {
    const key = limit.customerId
      ? orderKeys.customerLimit(limit.customerId, limit.code)
      : orderKeys.tierLimit(limit.tier ?? 'standard', limit.code);
    const old = (
      await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
    ).Item;
    if (old && same(old, limit, ['min', 'max'])) return 'unchanged';
    const item: LimitItem = LimitItemSchema.parse({
      ...key,
      entity: 'limit',
      code: limit.code,
      ...(limit.tier ? { tier: limit.tier } : {}),
      ...(limit.customerId ? { customerId: limit.customerId } : {}),
      min: limit.min,
      max: limit.max,
      updatedAt: at.toISOString(),
    });
    await this.putCatalogueItem(item, at);
    return old ? 'updated' : 'created';
  }

  /** A product or limit, and the catalogue version raised in the same transaction (placement's caches see it). */
  private async putCatalogueItem(item: ProductItem | LimitItem, at: Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: item } },
              {
                Update: {
                  TableName: this.tableName,
                  Key: orderKeys.catalogueVersion(),
                  UpdateExpression: 'ADD version :one SET entity = :e, updatedAt = :at',
                  ExpressionAttributeValues: { ':one': 1, ':e': 'catalogue', ':at': at.toISOString() },
                },
              },
            ],
          }),
        );
        return;
      } catch (err) {
        if (attempt >= 6 || !isTransactionConflict(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  async loadCatalogue(opts?: ReadOpts): Promise<CatalogueSnapshot> {
    const send = opts?.abortSignal ? { abortSignal: opts.abortSignal } : {};
    // The version first: data read after it is at least as new, so a stale pair fails the placement's check.
    const version = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: orderKeys.catalogueVersion(), ConsistentRead: true }),
      send,
    );
    const limits = await this.queryAll(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': LIMITS_PK },
        ConsistentRead: true,
      },
      opts,
    );
    return {
      version: typeof version.Item?.version === 'number' ? version.Item.version : 0,
      limits: limits.map((raw) => LimitItemSchema.parse(raw)),
    };
  }

  private async batchGet(keys: Array<{ pk: string; sk: string }>, opts?: ReadOpts) {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
          opts?.abortSignal ? { abortSignal: opts.abortSignal } : {},
        );
        found.push(...(out.Responses?.[this.tableName] ?? []));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  async readLineData(
    q: { period: string; customerId: string; tier: string; codes: readonly string[] },
    opts?: ReadOpts,
  ): Promise<LineData> {
    const codes = [...new Set(q.codes)];
    const keys = codes.flatMap((code) => [
      orderKeys.product(code),
      orderKeys.supply(q.period, code),
      orderKeys.customerLimit(q.customerId, code),
      orderKeys.tierLimit(q.tier, code),
      orderKeys.total(q.period, q.customerId, code),
    ]);
    const items = await this.batchGet(keys, opts);
    const products = new Map<string, ProductItem>();
    const supply = new Map<string, SupplyItem>();
    const customerLimits = new Map<string, LimitItem>();
    const tierLimits = new Map<string, LimitItem>();
    const totals = new Map<string, TotalItem>();
    for (const raw of items) {
      if (raw.entity === 'product') {
        const p = ProductItemSchema.parse(raw);
        products.set(p.code, p);
      } else if (raw.entity === 'supply') {
        const s = SupplyItemSchema.parse(raw);
        supply.set(s.code, s);
      } else if (raw.entity === 'limit') {
        const l = LimitItemSchema.parse(raw);
        (String(raw.sk).startsWith('CUSTOMER#') ? customerLimits : tierLimits).set(l.code, l);
      } else if (raw.entity === 'total') {
        const t = TotalItemSchema.parse(raw);
        totals.set(t.code, t);
      }
    }
    return { products, supply, customerLimits, tierLimits, totals };
  }

  async getProducts(codes: readonly string[], opts?: ReadOpts): Promise<Map<string, ProductItem>> {
    const items = await this.batchGet(
      [...new Set(codes)].map((c) => orderKeys.product(c)),
      opts,
    );
    return new Map(items.map((raw) => ProductItemSchema.parse(raw)).map((p) => [p.code, p]));
  }

  async placeOrder(
    order: Order,
    maxByCode: ReadonlyMap<string, number>,
    opts: PlaceOpts = {},
  ): Promise<{ order: Order; created: boolean }> {
    const at = order.createdAt;
    const items: TransactItem[] = [];
    for (const line of order.lines) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: orderKeys.supply(order.period, line.code),
          UpdateExpression: 'SET remaining = remaining - :q, updatedAt = :at',
          ConditionExpression: 'remaining >= :q',
          ExpressionAttributeValues: { ':q': line.quantity, ':at': at },
        },
      });
      const max = maxByCode.get(line.code);
      const capped = max !== undefined && max < Number.MAX_SAFE_INTEGER;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: orderKeys.total(order.period, order.customerId, line.code),
          UpdateExpression: 'ADD ordered :q SET entity = :e, period = :p, customerId = :c, code = :code',
          ...(capped ? { ConditionExpression: 'attribute_not_exists(ordered) OR ordered <= :cap' } : {}),
          ExpressionAttributeValues: {
            ':q': line.quantity,
            ':e': 'total',
            ':p': order.period,
            ':c': order.customerId,
            ':code': line.code,
            ...(capped ? { ':cap': (max as number) - line.quantity } : {}),
          },
        },
      });
    }
    // The order under its id: taken already means a replay of the same contact (its id is derived from the
    // contact) or another order's id, told apart on that failure path only.
    items.push({
      Put: {
        TableName: this.tableName,
        Item: orderItem(order),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    if (opts.idempotencyKey) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...orderKeys.idempotency(opts.idempotencyKey),
            entity: 'idempotency',
            orderId: order.orderId,
            at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (opts.catalogueVersion !== undefined) {
      // The prices and limits used are those of this catalogue version (a cache): checked, not read.
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: orderKeys.catalogueVersion(),
          ConditionExpression:
            opts.catalogueVersion === 0 ? 'attribute_not_exists(version) OR version = :v' : 'version = :v',
          ExpressionAttributeValues: { ':v': opts.catalogueVersion },
        },
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(
          new TransactWriteCommand({ TransactItems: items }),
          opts.abortSignal ? { abortSignal: opts.abortSignal } : {},
        );
        return { order, created: true };
      } catch (err) {
        // Concurrent transactions on the same supply item conflict: try again shortly (the SDK does not).
        if (attempt < 6 && isTransactionConflict(err) && !opts.abortSignal?.aborted) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          continue;
        }
        return this.explainPlacement(err, order, opts);
      }
    }
  }

  private async explainPlacement(
    err: unknown,
    order: Order,
    opts: PlaceOpts,
  ): Promise<{ order: Order; created: boolean }> {
    if (
      !(err instanceof TransactionCanceledException) &&
      !(err instanceof Error && err.name === 'TransactionCanceledException')
    )
      throw err;
    const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
    const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
    const n = order.lines.length;
    if (failed(2 * n) && order.contactId !== undefined) {
      const existing = await this.getOrder(order.orderId, opts);
      if (existing?.contactId === order.contactId && existing.customerId === order.customerId)
        return { order: existing, created: false };
    }
    if (opts.idempotencyKey && failed(2 * n + 1)) {
      const claim = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: orderKeys.idempotency(opts.idempotencyKey),
          ConsistentRead: true,
        }),
      );
      const first =
        typeof claim.Item?.orderId === 'string' ? await this.getOrder(claim.Item.orderId) : undefined;
      if (first) return { order: first, created: false };
    }
    const failures: Array<{ lineIndex: number; reason: 'sold_out' | 'over_limit' }> = [];
    order.lines.forEach((_, i) => {
      if (failed(2 * i)) failures.push({ lineIndex: i, reason: 'sold_out' });
      else if (failed(2 * i + 1)) failures.push({ lineIndex: i, reason: 'over_limit' });
    });
    if (failed(2 * n)) throw new OrderIdTakenError(order.orderId);
    if (opts.catalogueVersion !== undefined && failed(reasons.length - 1))
      throw new CatalogueChangedError(opts.catalogueVersion);
    if (failures.length) throw new OrderRejectedError(failures);
    throw err;
  }

  async getOrder(orderId: string, opts?: ReadOpts): Promise<Order | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: orderKeys.order(orderId), ConsistentRead: true }),
      opts?.abortSignal ? { abortSignal: opts.abortSignal } : {},
    );
    return out.Item ? toOrder(out.Item) : undefined;
  }

  async listByCustomer(customerId: string, limit: number, opts?: ReadOpts): Promise<Order[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'customer',
        KeyConditionExpression: 'custpk = :p',
        ExpressionAttributeValues: { ':p': `CUSTOMER#${customerId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
      opts?.abortSignal ? { abortSignal: opts.abortSignal } : {},
    );
    return (out.Items ?? []).map(toOrder);
  }

  private async queryAll(input: ConstructorParameters<typeof QueryCommand>[0], opts?: ReadOpts) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
        opts?.abortSignal ? { abortSignal: opts.abortSignal } : {},
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async scanEntity(entity: string) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entity = :e',
          ExpressionAttributeValues: { ':e': entity },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listByPeriod(period: string): Promise<Order[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'period',
      KeyConditionExpression: 'periodpk = :p',
      ExpressionAttributeValues: { ':p': `PERIOD#${period}` },
    });
    return items.map(toOrder);
  }

  async cancelOrder(order: Order, cancelled: Order): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: orderItem(cancelled),
          ConditionExpression: '#s = :s AND updatedAt = :u',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': order.status, ':u': order.updatedAt },
        },
      },
    ];
    for (const line of order.lines) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: orderKeys.supply(order.period, line.code),
          UpdateExpression: 'ADD remaining :q',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':q': line.quantity },
        },
      });
      items.push({
        Update: {
          TableName: this.tableName,
          Key: orderKeys.total(order.period, order.customerId, line.code),
          UpdateExpression: 'ADD ordered :q',
          ConditionExpression: 'ordered >= :min',
          ExpressionAttributeValues: { ':q': -line.quantity, ':min': line.quantity },
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (err instanceof Error && err.name === 'TransactionCanceledException')
        throw new OrderConflictError(order.orderId);
      throw err;
    }
  }

  async updateStatus(order: Order, updated: Order): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: orderItem(updated),
          ConditionExpression: '#s = :s AND updatedAt = :u',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': order.status, ':u': order.updatedAt },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new OrderConflictError(order.orderId);
      throw err;
    }
  }

  async listProducts(): Promise<ProductItem[]> {
    return (await this.scanEntity('product'))
      .map((raw) => ProductItemSchema.parse(raw))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  async listSupply(period: string): Promise<SupplyItem[]> {
    return (
      await this.queryAll({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `SUPPLY#${period}` },
      })
    ).map((raw) => SupplyItemSchema.parse(raw));
  }

  async listLimits(): Promise<LimitItem[]> {
    return (
      await this.queryAll({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': LIMITS_PK },
      })
    ).map((raw) => LimitItemSchema.parse(raw));
  }

  async listTotals(period: string): Promise<TotalItem[]> {
    return (
      await this.queryAll({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `TOTALS#${period}` },
      })
    ).map((raw) => TotalItemSchema.parse(raw));
  }
}
