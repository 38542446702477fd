/**
 * The order centre's analytics (issue 11 item 7) through the export use case: orders placed, cancelled and
 * imported on DynamoDB Local → `orders`, `order_supply`, `order_positions` as Parquet (DuckDB, the local layout)
 * → the named queries with known answers → the report's order charts.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { DynamoOrderAnalyticsSource } from '../../functions/adapters/dynamodb/order-analytics-source.js';
import { ORDER_QUERY_DEFINITIONS } from '../../functions/core/analytics/order-queries.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { ORDER_REPORT_CHARTS } from '../../functions/core/analytics/report.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { buildReport } from '../../functions/use-cases/analytics/build-report.js';
import { exportAnalytics } from '../../functions/use-cases/analytics/export-analytics.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import { cancelOrder } from '../../functions/use-cases/orders/manage-orders.js';
import { placeOrder, type Retailer } from '../../functions/use-cases/orders/place-order.js';
import { createTestTables } from '../support/dynamo.js';

const MONDAY = new Date('2026-11-23T10:00:00+08:00');
const TUESDAY = new Date('2026-11-24T11:00:00+08:00');
const EXPORTED = new Date('2026-11-28T12:00:00+08:00');
const PERIOD = '2026-W48';

async function* rows(list: Array<Record<string, unknown>>): AsyncGenerator<CustomerSourceRow> {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

let root: string;
let home: string;
let exported: Awaited<ReturnType<typeof exportAnalytics>>;

const retailer = (customerId: string, branch: string): Retailer => ({
  customerId,
  tier: 'standard',
  branch,
  language: 'zh-CN',
});

beforeAll(async () => {
  const t = await createTestTables();
  home = mkdtempSync(join(tmpdir(), 'hotline-orders-analytics-'));
  root = mkdtempSync(join(tmpdir(), 'hotline-orders-parquet-'));
  const clock = { now: MONDAY };
  const deps = orderDepsFromEnv(
    { ...t.env, DYNAMODB_ENDPOINT: t.endpoint, HOTLINE_PROFILE: 'distribution', HOTLINE_OUTBOX_HOME: home },
    { now: () => clock.now, requestTimeoutMs: 30_000, connectionTimeoutMs: 10_000 },
  );
  if ('configError' in deps) throw new Error(deps.configError);
  await importOrderData(
    deps,
    'catalogue',
    rows([
      { code: '1001', brand: '中华', specification: '（硬）', unit: '条', price: '450' },
      { code: '1002', brand: '玉溪', specification: '（软）', unit: '条', price: '230.5' },
    ]),
  );
  await importOrderData(
    deps,
    'supply',
    rows([
      { period: PERIOD, code: '1001', supplied: '10' },
      { period: PERIOD, code: '1002', supplied: '1000' },
    ]),
  );
  await importOrderData(
    deps,
    'limits',
    rows([
      { tier: 'standard', code: '1001', min: '0', max: '5' },
      { tier: 'standard', code: '1002', min: '2', max: '20' },
      { customerId: 'R3', code: '1002', min: '4', max: '20' },
    ]),
  );
  for (const [customerId, branch, tier, phone] of [
    ['R1', 'north', 'standard', '+8613800000001'],
    ['R2', 'south', 'standard', '+8613800000002'],
    ['R3', 'south', 'standard', '+8613800000003'],
    ['R4', 'north', 'gold', '+8613800000004'],
  ] as const)
    await t.crm.saveCustomer(
      { customerId, name: customerId, phones: [phone], tier, vip: false, language: 'zh-CN', branch },
      undefined,
      MONDAY,
    );
  const place = async (
    r: Retailer,
    lines: Array<{ code: string; quantity: number }>,
    source: 'ivr' | 'agent',
  ) => {
    const out = await placeOrder(deps, {
      retailer: r,
      lines,
      source,
      createdBy: source === 'ivr' ? 'ivr' : 'agent-li',
      ...(source === 'ivr' ? { contactId: `c-${r.customerId}-${lines.length}` } : {}),
    });
    if (!out.ok) throw new Error(`refused: ${JSON.stringify(out.refusals)}`);
    return out.order;
  };
  await place(
    retailer('R1', 'north'),
    [
      { code: '1001', quantity: 3 },
      { code: '1002', quantity: 5 },
    ],
    'ivr',
  );
  const cancelled = await place(retailer('R1', 'north'), [{ code: '1001', quantity: 2 }], 'agent');
  await cancelOrder(deps, cancelled.orderId, { by: 'operator', name: 'agent-li' }, 'duplicate');
  clock.now = TUESDAY;
  await place(retailer('R2', 'south'), [{ code: '1002', quantity: 1 }], 'agent');
  deps.close();

  exported = await exportAnalytics({
    source: new DynamoAnalyticsSource(
      t.doc,
      t.env.CONTACTS_TABLE_NAME as string,
      t.env.TICKETS_TABLE_NAME as string,
      undefined, // no Supervision table
      undefined, // no Campaigns table
      new DynamoOrderAnalyticsSource(
        t.doc,
        t.env.ORDERS_TABLE_NAME as string,
        t.env.CRM_TABLE_NAME as string,
      ),
    ),
    write: (dataset, r) => writeDataset(root, dataset, r),
    now: () => EXPORTED,
  });
});

afterAll(() => {
  for (const d of [root, home]) if (d) rmSync(d, { recursive: true, force: true });
});

async function run(key: Parameters<typeof namedQuery>[0]) {
  const db = await openAnalyticsDb(root);
  try {
    return await db.query(namedQuery(key).sql);
  } finally {
    db.close();
  }
}

describe('order centre analytics (DynamoDB Local → Parquet → DuckDB)', () => {
  it('exports one row per order line, the supply per product and period, and the positions', () => {
    const by = Object.fromEntries(exported.map((w) => [w.dataset, w]));
    expect(by.orders?.rows).toBe(4);
    expect(by.orders?.partitions).toEqual(['2026-11-23', '2026-11-24']);
    expect(by.order_supply?.rows).toBe(2);
    // Cutoff Thursday 17:00 Shanghai = 09:00 UTC: the period's rows sit in that day.
    expect(by.order_supply?.partitions).toEqual(['2026-11-26']);
    expect(readdirSync(join(root, 'order_positions'))).toEqual(['dt=2026-11-26']);
  });

  it('orders by period, branch and product leave cancelled orders out', async () => {
    expect(await run('orders_by_period_branch_product')).toEqual([
      {
        period: PERIOD,
        branch_name: 'north',
        product_code: '1001',
        product_name: '中华（硬）',
        order_count: 1,
        quantity: 3,
        amount_cents: 135_000,
      },
      {
        period: PERIOD,
        branch_name: 'north',
        product_code: '1002',
        product_name: '玉溪（软）',
        order_count: 1,
        quantity: 5,
        amount_cents: 115_250,
      },
      {
        period: PERIOD,
        branch_name: 'south',
        product_code: '1002',
        product_name: '玉溪（软）',
        order_count: 1,
        quantity: 1,
        amount_cents: 23_050,
      },
    ]);
  });

  it('orders per branch and day count the cancelled ones apart', async () => {
    expect(await run('orders_by_branch_daily')).toEqual([
      {
        dt: '2026-11-23',
        branch_name: 'north',
        order_count: 2,
        cancelled_orders: 1,
        quantity: 8,
        amount_cents: 250_250,
      },
      {
        dt: '2026-11-24',
        branch_name: 'south',
        order_count: 1,
        cancelled_orders: 0,
        quantity: 1,
        amount_cents: 23_050,
      },
    ]);
  });

  it('supply fill rate: sold (cancellations given back) / supplied', async () => {
    const rows = await run('supply_fill_rate');
    expect(rows.map((r) => [r.product_code, r.supplied, r.sold, r.remaining, r.period_closed])).toEqual([
      ['1001', 10, 3, 7, true],
      ['1002', 1000, 6, 994, true],
    ]);
    expect(rows[0]?.fill_rate).toBeCloseTo(0.3, 9);
    expect(rows[1]?.fill_rate).toBeCloseTo(0.006, 9);
  });

  it("lists retailers below their lower limit, their own limit winning over their class's", async () => {
    expect(
      (await run('retailers_below_lower_limit')).map((r) => [
        r.customer_id,
        r.product_code,
        r.lower_limit,
        r.ordered,
        r.missing,
        r.limit_source,
      ]),
    ).toEqual([
      ['R2', '1002', 2, 1, 1, 'tier'],
      ['R3', '1002', 4, 0, 4, 'customer'],
    ]);
  });

  it('IVR self-service share and cancellations', async () => {
    const share = await run('ivr_self_service_share');
    expect(share.map((r) => [r.dt, r.order_count, r.ivr_orders, r.agent_orders, r.ivr_share])).toEqual([
      ['2026-11-23', 2, 1, 1, 0.5],
      ['2026-11-24', 1, 0, 1, 0],
    ]);
    const cancellations = await run('order_cancellations');
    expect(cancellations).toHaveLength(1);
    expect(cancellations[0]).toMatchObject({
      period: PERIOD,
      order_count: 3,
      cancelled_orders: 1,
      cancelled_quantity: 2,
    });
    expect(cancellations[0]?.cancellation_rate).toBeCloseTo(1 / 3, 9);
  });

  it('the report runs every order query and draws the order charts', async () => {
    const db = await openAnalyticsDb(root);
    try {
      const report = await buildReport({ engine: db, now: () => EXPORTED });
      for (const q of ORDER_QUERY_DEFINITIONS) expect(report.html).toContain(`data-query="${q.key}"`);
      expect(report.html).toContain('<h2>Order centre</h2>');
      for (const c of ORDER_REPORT_CHARTS) {
        const svg = new RegExp(`data-chart="${c.id}" data-points="(\\d+)"`).exec(report.html);
        expect(Number(svg?.[1]), c.id).toBeGreaterThan(0);
      }
      expect(report.counts).toMatchObject({ orders: 4, order_supply: 2, order_positions: 4 });
    } finally {
      db.close();
    }
  });
});
