/**
 * The order centre on DynamoDB Local: imports, atomic placement (50 concurrent orders for the last 10 units sell
 * exactly 10), limits, idempotency per contact, cancellation giving supply and limit back, lifecycle, shortfall.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { OrderRuleError, periodOf } from '../../functions/core/orders/orders.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import {
  advanceOrder,
  cancelOrder,
  checkCartLine,
  orderHistory,
  shortfall,
} from '../../functions/use-cases/orders/manage-orders.js';
import { confirmOrder, placeOrder, type Retailer } from '../../functions/use-cases/orders/place-order.js';
import { createTestTables } from '../support/dynamo.js';

const MONDAY = '2026-11-23T10:00:00+08:00';
const PERIOD = '2026-W48';

async function* rows(list: Array<Record<string, unknown>>): AsyncGenerator<CustomerSourceRow> {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

let deps: OrderCentreDeps;
let home: string;
const clock = { now: new Date(MONDAY) };
const retailer = (customerId: string, tier: Retailer['tier'] = 'standard'): Retailer => ({
  customerId,
  tier,
  phone: '+8613800138000',
  language: 'zh-CN',
});

beforeEach(async () => {
  const t = await createTestTables();
  home = mkdtempSync(join(tmpdir(), 'hotline-orders-'));
  clock.now = new Date(MONDAY);
  const d = orderDepsFromEnv(
    { ...t.env, DYNAMODB_ENDPOINT: t.endpoint, HOTLINE_PROFILE: 'distribution', HOTLINE_OUTBOX_HOME: home },
    { now: () => clock.now, requestTimeoutMs: 30_000, connectionTimeoutMs: 10_000 },
  );
  if ('configError' in d) throw new Error(d.configError);
  deps = d;
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
      { customerId: 'R-BIG', code: '1001', min: '0', max: '50' },
    ]),
  );
});

describe('imports', () => {
  it('reports bad rows by line, keeps the good ones, and a re-import changes nothing', async () => {
    const file = [
      { code: '2001', brand: 'A', specification: 'B', unit: '条', price: '10' },
      { code: 'abc', brand: 'A', specification: 'B', unit: '条', price: '10' },
      { code: '2002', brand: 'A', specification: 'B', unit: '条', price: '-1' },
    ];
    const first = await importOrderData(deps, 'catalogue', rows(file));
    expect(first).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(first.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(first.rejected[0]?.reason).toMatch(/code/);
    const again = await importOrderData(deps, 'catalogue', rows(file));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const supply = await importOrderData(
      deps,
      'supply',
      rows([{ period: PERIOD, code: '1001', supplied: '10' }]),
    );
    expect(supply).toMatchObject({ unchanged: 1 });
    const limit = await importOrderData(
      deps,
      'limits',
      rows([{ tier: 'gold', customerId: 'X', code: '1', max: '1' }]),
    );
    expect(limit.rejected[0]?.reason).toMatch(/exactly one of tier and customerId/);
  });
});

describe('placing an order', () => {
  it('decrements the supply and raises the period total by exactly the ordered quantities', async () => {
    const r = await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [
        { code: '1001', quantity: 2 },
        { code: '1002', quantity: 3 },
      ],
      source: 'agent',
      createdBy: 'agent-ma',
    });
    if (!r.ok) throw new Error('refused');
    expect(r.order).toMatchObject({ status: 'placed', period: PERIOD, totalCents: 2 * 45000 + 3 * 23050 });
    expect(r.order.orderId).toMatch(/^O20261123-\d{6}$/);
    const supply = await deps.orders.listSupply(PERIOD);
    expect(Object.fromEntries(supply.map((s) => [s.code, s.remaining]))).toEqual({ '1001': 8, '1002': 997 });
    const totals = await deps.orders.listTotals(PERIOD);
    expect(Object.fromEntries(totals.map((t) => [t.code, t.ordered]))).toEqual({ '1001': 2, '1002': 3 });
    expect((await confirmOrder(deps, r.order)).status).toBe('sent');
    expect((await readOutbox(home)).at(-1)?.body).toContain(r.order.orderId);
  });

  it('fifty concurrent orders for the last ten units sell exactly ten, never below zero', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        placeOrder(deps, {
          retailer: retailer('R-BIG'),
          lines: [{ code: '1001', quantity: 1 }],
          source: 'ivr',
          createdBy: 'ivr',
          contactId: `c-${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    for (const r of results.filter((x) => !x.ok))
      expect(r.ok ? undefined : r.refusals[0]?.reason).toBe('sold_out');
    const [supply] = (await deps.orders.listSupply(PERIOD)).filter((s) => s.code === '1001');
    expect(supply?.remaining).toBe(0);
  }, 60_000);

  it('is idempotent per contact: a retry gives the same order', async () => {
    const input = {
      retailer: retailer('R-1'),
      lines: [{ code: '1002', quantity: 1 }],
      source: 'ivr' as const,
      createdBy: 'ivr',
      contactId: 'c-retry',
    };
    const a = await placeOrder(deps, input);
    const b = await placeOrder(deps, input);
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(b.created).toBe(false);
    expect(b.order.orderId).toBe(a.order.orderId);
    expect((await deps.orders.listTotals(PERIOD))[0]?.ordered).toBe(1);
  });

  it('refuses a line over the limit, naming the limit; a retailer override wins', async () => {
    const r = await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [{ code: '1001', quantity: 6 }],
      source: 'agent',
      createdBy: 'a',
    });
    expect(r.ok ? undefined : r.refusals[0]).toMatchObject({ reason: 'over_limit', limit: 5, allowed: 5 });
    const cart = await checkCartLine(deps, retailer('R-1'), [{ code: '1001', quantity: 4 }], {
      code: '1001',
      quantity: 2,
    });
    expect(cart.check).toMatchObject({ ok: false, reason: 'over_limit', allowed: 1 });
    const big = await placeOrder(deps, {
      retailer: retailer('R-BIG'),
      lines: [{ code: '1001', quantity: 6 }],
      source: 'agent',
      createdBy: 'a',
    });
    expect(big.ok).toBe(true);
  });

  it('refuses everything once the period has closed (Thursday 17:00)', async () => {
    clock.now = new Date('2026-11-26T17:00:00+08:00');
    const r = await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [{ code: '1002', quantity: 1 }],
      source: 'agent',
      createdBy: 'a',
    });
    expect(r.ok ? undefined : r.refusals[0]?.reason).toBe('period_closed');
    expect(periodOf(clock.now)).toBe(PERIOD);
  });
});

describe('history, cancellation, lifecycle, shortfall', () => {
  it('cancelling gives the supply and the limit back; after the cutoff the retailer cannot', async () => {
    const r = await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [{ code: '1001', quantity: 5 }],
      source: 'ivr',
      createdBy: 'ivr',
    });
    if (!r.ok) throw new Error('refused');
    const history = await orderHistory(deps, 'R-1', 3);
    expect(history).toEqual([{ order: r.order, cancellable: true }]);
    await cancelOrder(deps, r.order.orderId, { by: 'retailer', customerId: 'R-1' });
    expect((await deps.orders.listSupply(PERIOD)).find((s) => s.code === '1001')?.remaining).toBe(10);
    expect((await deps.orders.listTotals(PERIOD)).find((t) => t.code === '1001')?.ordered).toBe(0);
    await expect(
      cancelOrder(deps, r.order.orderId, { by: 'retailer', customerId: 'R-1' }),
    ).rejects.toBeInstanceOf(OrderRuleError);

    const second = await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [{ code: '1001', quantity: 5 }],
      source: 'ivr',
      createdBy: 'ivr',
    });
    if (!second.ok) throw new Error('refused');
    clock.now = new Date('2026-11-27T09:00:00+08:00');
    await expect(
      cancelOrder(deps, second.order.orderId, { by: 'retailer', customerId: 'R-1' }),
    ).rejects.toThrow(/period 2026-W48 has closed/);
    const confirmed = await advanceOrder(deps, second.order.orderId, 'ops');
    expect(confirmed.status).toBe('confirmed');
    const picked = await advanceOrder(deps, second.order.orderId, 'ops', 'picked');
    expect(picked.history.map((h) => h.status)).toEqual(['placed', 'confirmed', 'picked']);
    await expect(cancelOrder(deps, second.order.orderId, { by: 'operator', name: 'ops' })).rejects.toThrow(
      /picked/,
    );
    await expect(advanceOrder(deps, second.order.orderId, 'ops', 'confirmed')).rejects.toThrow(
      /only move to delivered/,
    );
  });

  it('lists the retailers below their lower limit', async () => {
    await placeOrder(deps, {
      retailer: retailer('R-1'),
      lines: [{ code: '1002', quantity: 1 }],
      source: 'agent',
      createdBy: 'a',
    });
    const list = await shortfall(deps, PERIOD, [
      { customerId: 'R-1', tier: 'standard' },
      { customerId: 'R-2', tier: 'standard' },
      { customerId: 'R-3', tier: 'gold' },
    ]);
    expect(list).toEqual([
      { customerId: 'R-1', code: '1002', min: 2, ordered: 1, missing: 1, limitSource: 'tier' },
      { customerId: 'R-2', code: '1002', min: 2, ordered: 0, missing: 2, limitSource: 'tier' },
    ]);
  });
});
