/**
 * The order centre's stored items for the analytics export (F20, F16): orders and supply by filtered Scans of the
 * Orders table (page by page), the catalogue, limits and period totals through the order repository, and the
 * retailers (id, class, branch) from the CRM table.
 */
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CustomerItemSchema } from '../../../schemas/crm.js';
import { type Order, OrderSchema, type SupplyItem, SupplyItemSchema } from '../../../schemas/orders.js';
import type { OrderAnalyticsSource } from '../../use-cases/analytics/export-analytics.js';
import { DynamoOrderRepository } from './order-repository.js';

async function* scanEntity(
  doc: DynamoDBDocumentClient,
  tableName: string,
  entity: string,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': entity },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const raw of out.Items ?? []) yield raw;
    start = out.LastEvaluatedKey;
  } while (start);
}

export class DynamoOrderAnalyticsSource implements OrderAnalyticsSource {
  private readonly repo: DynamoOrderRepository;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly ordersTable: string,
    private readonly crmTable: string,
  ) {
    this.repo = new DynamoOrderRepository(doc, ordersTable);
  }

  async *orders(): AsyncGenerator<Order> {
    for await (const raw of scanEntity(this.doc, this.ordersTable, 'order')) {
      const {
        pk: _pk,
        sk: _sk,
        entity: _e,
        custpk: _a,
        custsk: _b,
        periodpk: _c,
        periodsk: _d,
        ...rest
      } = raw;
      yield OrderSchema.parse(rest);
    }
  }

  async *supply(): AsyncGenerator<SupplyItem> {
    for await (const raw of scanEntity(this.doc, this.ordersTable, 'supply'))
      yield SupplyItemSchema.parse(raw);
  }

  products() {
    return this.repo.listProducts();
  }

  limits() {
    return this.repo.listLimits();
  }

  totals(period: string) {
    return this.repo.listTotals(period);
  }

  async retailers() {
    const found: Array<{ customerId: string; tier: string; branch?: string }> = [];
    for await (const raw of scanEntity(this.doc, this.crmTable, 'customer')) {
      const c = CustomerItemSchema.safeParse(raw);
      if (c.success)
        found.push({
          customerId: c.data.customerId,
          tier: c.data.tier,
          ...(c.data.branch ? { branch: c.data.branch } : {}),
        });
    }
    return found;
  }
}
