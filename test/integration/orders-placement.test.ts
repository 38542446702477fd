/**
 * Placing an order without a read before its transaction (issue 11, performance): a warm catalogue cache sends one
 * request (the TransactWriteItems); a changed catalogue is never used stale (the transaction checks its version);
 * idempotency rests on the order id derived from the contact and retailer (a taken id moves on; a retry just
 * after midnight finds the order of the day before).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { localDateKey } from '../../functions/core/business-time.js';
import { orderIdFor } from '../../functions/core/orders/orders.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import { placeOrder, type Retailer } from '../../functions/use-cases/orders/place-order.js';
import type { Order } from '../../schemas/orders.js';
import { createTestTables } from '../support/dynamo.js';

const MONDAY = '2026-11-23T10:00:00+08:00';
const PERIOD = '2026-W48';

async function* rows(list: Array<Record<string, unknown>>): AsyncGenerator<CustomerSourceRow> {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

let deps: OrderCentreDeps;
const clock = { now: new Date(MONDAY) };
const sent: string[] = [];
const retailer = (customerId: string): Retailer => ({ customerId, tier: 'standard', language: 'zh-CN' });
const order = (customerId: string, contactId: string, quantity = 1) =>
  placeOrder(deps, {
    retailer: retailer(customerId),
    lines: [{ code: '1001', quantity }],
    source: 'ivr',
    createdBy: 'ivr',
    contactId,
  });

beforeEach(async () => {
  const t = await createTestTables();
  clock.now = new Date(MONDAY);
  const d = orderDepsFromEnv(
    {
      ...t.env,
      DYNAMODB_ENDPOINT: t.endpoint,
      HOTLINE_PROFILE: 'distribution',
      HOTLINE_OUTBOX_HOME: mkdtempSync(join(tmpdir(), 'hotline-placement-')),
    },
    { now: () => clock.now, requestTimeoutMs: 30_000, connectionTimeoutMs: 10_000 },
  );
  if ('configError' in d) throw new Error(d.configError);
  deps = d;
  await importOrderData(
    deps,
    'catalogue',
    rows([{ code: '1001', brand: '中华', specification: '（硬）', unit: '条', price: '450' }]),
  );
  await importOrderData(deps, 'supply', rows([{ period: PERIOD, code: '1001', supplied: '100' }]));
  await importOrderData(deps, 'limits', rows([{ tier: 'standard', code: '1001', min: '0', max: '5' }]));
  // Every request the order repository's client sends, by command.
  sent.length = 0;
  const doc = (deps.orders as unknown as { doc: { middlewareStack: { add: (...a: unknown[]) => void } } })
    .doc;
  doc.middlewareStack.add(
    (next: (a: unknown) => unknown, context: { commandName: string }) => (args: unknown) => {
      sent.push(context.commandName);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

describe('placing an order without a read before the transaction', () => {
  it('sends only the TransactWriteItems once the catalogue is cached', async () => {
    expect((await order('R-1', 'c-1')).ok).toBe(true);
    sent.length = 0;
    const second = await order('R-2', 'c-2');
    expect(second.ok).toBe(true);
    expect(sent).toEqual(['TransactWriteItemsCommand']);
  });

  it('never uses a changed price or limit: the version check fails and the catalogue is loaded again', async () => {
    expect((await order('R-1', 'c-1')).ok).toBe(true);
    await importOrderData(
      deps,
      'catalogue',
      rows([{ code: '1001', brand: '中华', specification: '（硬）', unit: '条', price: '480' }]),
    );
    const repriced = await order('R-2', 'c-2');
    if (!repriced.ok) throw new Error('refused');
    expect(repriced.order.lines[0]?.unitPriceCents).toBe(48_000);
    await importOrderData(deps, 'limits', rows([{ customerId: 'R-3', code: '1001', min: '0', max: '1' }]));
    const limited = await order('R-3', 'c-3', 2);
    expect(limited.ok ? undefined : limited.refusals[0]).toMatchObject({
      reason: 'over_limit',
      limit: 1,
      allowed: 1,
    });
    // The limit of R-1 stays its class's: 5 in all, 1 already ordered.
    const over = await order('R-1', 'c-4', 5);
    expect(over.ok ? undefined : over.refusals[0]).toMatchObject({
      reason: 'over_limit',
      limit: 5,
      allowed: 4,
    });
  });

  it("moves to the next id when another contact's order holds it", async () => {
    const day = localDateKey(clock.now, deps.settings.timeZone);
    const taken = orderIdFor(day, 'c-9#R-9', 0);
    const first = await order('R-1', 'c-1');
    if (!first.ok) throw new Error('refused');
    // Another order under the id c-9 / R-9 would take first (a collision of the six digits).
    const squatter: Order = { ...first.order, orderId: taken, contactId: 'someone-else' };
    await deps.orders.placeOrder(squatter, new Map());
    const placed = await order('R-9', 'c-9');
    if (!placed.ok) throw new Error('refused');
    expect(placed.created).toBe(true);
    expect(placed.order.orderId).toBe(orderIdFor(day, 'c-9#R-9', 1));
    const retry = await order('R-9', 'c-9');
    expect(retry.ok && retry.created).toBe(false);
    expect(retry.ok && retry.order.orderId).toBe(placed.order.orderId);
  });

  it('gives the first order back to a retry just after midnight (its id carries the day before)', async () => {
    clock.now = new Date('2026-11-23T23:59:58+08:00');
    const first = await order('R-1', 'c-midnight');
    clock.now = new Date('2026-11-24T00:00:03+08:00');
    const retry = await order('R-1', 'c-midnight');
    if (!first.ok || !retry.ok) throw new Error('refused');
    expect(retry.created).toBe(false);
    expect(retry.order.orderId).toBe(first.order.orderId);
    expect((await deps.orders.listTotals(PERIOD))[0]?.ordered).toBe(1);
  });
});
