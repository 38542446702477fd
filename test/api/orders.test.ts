/**
 * Order entry through the API (distribution): the retailer's catalogue with supply left and their limits, an
 * order placed through the order centre's placement use case (audited, idempotent per request id), refusals
 * explained line by line as problem JSON, and the retailer's last orders. Other profiles take no orders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { DynamoOrderRepository } from '../../functions/adapters/dynamodb/order-repository.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

// Tuesday 24 November 2026, 10:00 in Shanghai: period 2026-W48, open until Thursday 17:00.
const NOW = new Date('2026-11-24T02:00:00Z');
let home: string;
let tables: TestTables;
let app: ReturnType<typeof createWorkspaceApp>['app'];
let password: string;
const tokens: Record<string, string> = {};

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON answers
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: JSON.parse(text) as any };
}

async function* rows(...list: Record<string, unknown>[]) {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-api-orders-'));
  tables = await createTestTables();
  const made = createWorkspaceApp({
    profile: getProfile('distribution'),
    home,
    tableEnv: tables.env,
    endpoint: tables.endpoint,
    now: () => NOW,
  });
  app = made.app;
  password = made.password;
  for (const username of ['agent-ma', 'admin']) {
    const r = await call('POST', '/auth/login', undefined, { username, password });
    expect(r.status, username).toBe(200);
    tokens[username] = r.json.token;
  }
  await importCustomers(
    { crm: tables.crm, now: () => NOW },
    rows(
      { customerId: 'DS-2001', name: '城北便民超市', phones: '13904512001', tier: 'gold', branch: 'north' },
      {
        customerId: 'DS-2003',
        name: '南岗区百货商店',
        phones: '13504512003',
        tier: 'standard',
        branch: 'south',
      },
    ),
    { region: 'CN' },
  );
  const orders = {
    orders: new DynamoOrderRepository(tables.doc, tables.env.ORDERS_TABLE_NAME as string),
    now: () => NOW,
  };
  await importOrderData(
    orders,
    'catalogue',
    rows(
      {
        code: '1001',
        brand: '中华',
        specification: '（硬）',
        unit: '条',
        price: '450',
        spokenName: '中华硬盒',
      },
      { code: '1003', brand: '黄鹤楼', specification: '（1916）', unit: '条', price: '1000' },
      { code: '1004', brand: '云烟', specification: '（紫）', unit: '条', price: '110' },
    ),
  );
  await importOrderData(
    orders,
    'supply',
    rows(
      { period: '2026-W48', code: '1001', supplied: '200' },
      { period: '2026-W48', code: '1003', supplied: '5' },
      { period: '2026-W48', code: '1004', supplied: '1000' },
    ),
  );
  await importOrderData(
    orders,
    'limits',
    rows(
      { tier: 'gold', code: '1001', min: '2', max: '20' },
      { tier: 'standard', code: '1003', min: '0', max: '5' },
    ),
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('order entry', () => {
  it('shows the retailer what is left for them this period', async () => {
    const r = await call('GET', '/api/orders/catalogue?customerId=DS-2001', tokens['agent-ma']);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ customerId: 'DS-2001', tier: 'gold', period: '2026-W48', closed: false });
    expect(r.json.cutoff).toBe('2026-11-26T09:00:00.000Z');
    expect(r.json.timeZone).toBe('Asia/Shanghai');
    const chunghwa = r.json.products.find((p: { code: string }) => p.code === '1001');
    expect(chunghwa).toMatchObject({
      name: '中华硬盒',
      priceCents: 45000,
      remaining: 200,
      limit: { min: 2, max: 20, source: 'tier' },
      ordered: 0,
      allowed: 20,
    });
    const yunyan = r.json.products.find((p: { code: string }) => p.code === '1004');
    expect(yunyan).toMatchObject({ limit: { max: null, source: 'none' }, allowed: 1000 });
  });

  it('places an order once per request id, audited, and the catalogue shows what is left', async () => {
    const body = {
      customerId: 'DS-2001',
      lines: [{ code: '1001', quantity: 5 }],
      requestId: 'form-0001-abcd',
    };
    const placed = await call('POST', '/api/orders', tokens['agent-ma'], body);
    expect(placed.status).toBe(200);
    expect(placed.json).toMatchObject({
      created: true,
      order: { customerId: 'DS-2001', source: 'agent', createdBy: 'agent-ma', totalCents: 225000 },
    });
    const again = await call('POST', '/api/orders', tokens['agent-ma'], body);
    expect(again.json).toMatchObject({ created: false, order: { orderId: placed.json.order.orderId } });

    const cat = await call('GET', '/api/orders/catalogue?customerId=DS-2001', tokens['agent-ma']);
    expect(cat.json.products.find((p: { code: string }) => p.code === '1001')).toMatchObject({
      remaining: 195,
      ordered: 5,
      allowed: 15,
    });
    const list = await call('GET', '/api/orders?customerId=DS-2001', tokens['agent-ma']);
    expect(list.json.orders).toHaveLength(1);
    expect(list.json.orders[0]).toMatchObject({ orderId: placed.json.order.orderId, cancellable: true });

    const audit = await call('GET', '/api/audit', tokens.admin);
    const entries = audit.json.entries.filter(
      (e: { target: string }) => e.target === `order:${placed.json.order.orderId}`,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'placeOrder', actor: 'agent-ma' });
  });

  it('refuses an order over the limit or the supply, explaining each line, and places nothing', async () => {
    const r = await call('POST', '/api/orders', tokens['agent-ma'], {
      customerId: 'DS-2001',
      lines: [
        { code: '1001', quantity: 16 },
        { code: '1003', quantity: 6 },
        { code: '9999', quantity: 1 },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.refusals).toEqual([
      { code: '1001', reason: 'over_limit', name: '中华硬盒', limit: 20, allowed: 15 },
      { code: '1003', reason: 'sold_out', name: '黄鹤楼（1916）', remaining: 5 },
      { code: '9999', reason: 'unknown_product' },
    ]);
    const list = await call('GET', '/api/orders?customerId=DS-2001', tokens['agent-ma']);
    expect(list.json.orders).toHaveLength(1);
  });

  it('validates the body and names an unknown retailer', async () => {
    const bad = await call('POST', '/api/orders', tokens['agent-ma'], { customerId: 'DS-2001', lines: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('lines');
    const missing = await call('GET', '/api/orders/catalogue?customerId=DS-9999', tokens['agent-ma']);
    expect(missing.status).toBe(404);
    expect(missing.json.detail).toContain('DS-9999');
  });
});

describe('a profile without an order centre', () => {
  it('answers 404, saying it takes no orders', async () => {
    const made = createWorkspaceApp({
      profile: getProfile('auto-dealer'),
      home,
      tableEnv: tables.env,
      endpoint: tables.endpoint,
    });
    const login = await made.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent-liu', password: made.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const r = await made.app.request('/api/orders/catalogue?customerId=DS-2001', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { detail: string }).detail).toContain('takes no orders');
  });
});
