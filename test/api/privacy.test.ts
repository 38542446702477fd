/**
 * Erasure requests through the API (issue 17): admins only (an agent and a supervisor are refused, without a user
 * 401); an unknown customer is a 404 at once; a request is answered 202 and a worker erases in the background; its
 * record then says what was removed, and neither the record, its audit entry nor any table names the customer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { LOCAL_RECORDINGS_BUCKET, type LocalS3, startLocalS3 } from '../../infra/local/s3-local.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import { createTestTables, itemText, type TestTables } from '../support/dynamo.js';

let home: string;
let s3: LocalS3;
let tables: TestTables;
let app: ReturnType<typeof createWorkspaceApp>['app'];
const tokens: Record<string, string> = {};
const TRACES = ['+8613520003003', '13520003003', 'AD-0003', '李娜', 'MEM-880003'];

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
  return { status: res.status, text, json: JSON.parse(text) as any };
}

async function everyItem(): Promise<string[]> {
  const out: string[] = [];
  for (const table of Object.values(tables.env)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await tables.doc.send(
        new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const i of page.Items ?? []) out.push(itemText(i));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return out;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-privacy-api-'));
  tables = await createTestTables();
  s3 = await startLocalS3({ directory: join(home, 's3'), buckets: [LOCAL_RECORDINGS_BUCKET] });
  const made = createWorkspaceApp({
    profile: getProfile('auto-dealer'),
    home,
    tableEnv: tables.env,
    endpoint: tables.endpoint,
    s3Endpoint: s3.endpoint,
  });
  app = made.app;
  for (const username of ['agent-liu', 'supervisor', 'admin']) {
    const r = await call('POST', '/auth/login', undefined, { username, password: made.password });
    tokens[username] = r.json.token;
  }
  await importCustomers(
    { crm: tables.crm, now: () => new Date() },
    (async function* () {
      yield {
        line: 2,
        fields: { customerId: 'AD-0003', name: '李娜', phones: '135 2000 3003', cardNumber: 'MEM-880003' },
      };
      yield { line: 3, fields: { customerId: 'AD-0005', name: '陈静', phones: '15810005005' } };
    })(),
    { region: 'CN' },
  );
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('erasure requests (admin)', { timeout: 60_000 }, () => {
  it('refuses an agent and a supervisor, and a caller without a user', async () => {
    for (const who of ['agent-liu', 'supervisor']) {
      const post = await call('POST', '/api/privacy/erasures', tokens[who], { customer: 'AD-0003' });
      expect(post.status, who).toBe(403);
      const get = await call('GET', '/api/privacy/erasures/E0123456789abcdef01234567', tokens[who]);
      expect(get.status, who).toBe(403);
    }
    expect((await call('POST', '/api/privacy/erasures', undefined, { customer: 'AD-0003' })).status).toBe(
      401,
    );
    // Nothing was erased by the refused requests.
    expect((await everyItem()).some((i) => i.includes('AD-0003'))).toBe(true);
  });

  it('answers 404 for an unknown customer, 400 for an empty one, and 404 for an unknown request', async () => {
    const unknown = await call('POST', '/api/privacy/erasures', tokens.admin, { customer: 'NOPE-1' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toContain('NOPE-1');
    expect((await call('POST', '/api/privacy/erasures', tokens.admin, { customer: ' ' })).status).toBe(400);
    const none = await call('GET', '/api/privacy/erasures/E0123456789abcdef01234567', tokens.admin);
    expect(none.status).toBe(404);
  });

  it('lets an admin forget a customer: 202, then the report; no trace left, the other customer kept', async () => {
    // An audited write that names the customer: an agent's ticket for their number.
    const ticket = await call('POST', '/api/tickets', tokens['agent-liu'], {
      category: 'complaint',
      phone: '135 2000 3003',
      description: '李娜投诉：维修等待过久',
    });
    expect(ticket.status).toBe(200);
    const accepted = await call('POST', '/api/privacy/erasures', tokens.admin, { customer: 'AD-0003' });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ status: 'pending', requestedBy: 'admin' });
    const id = accepted.json.requestId as string;
    const done = await vi.waitFor(
      async () => {
        const r = await call('GET', `/api/privacy/erasures/${id}`, tokens.admin);
        if (r.json.status !== 'done') throw new Error(`still ${r.json.status}`);
        return r.json;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(done.report.removed).toMatchObject({
      customers: 1,
      phoneItems: 1,
      cardClaims: 1,
      ticketsAnonymised: 1,
    });
    expect(done.report.removed.records.auditEntriesRedacted).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(done)).not.toMatch(/13520003003|AD-0003|李娜/);

    const items = await everyItem();
    expect(TRACES.filter((t) => items.some((i) => i.includes(t)))).toEqual([]);
    expect(items.some((i) => i.includes('AD-0005'))).toBe(true);
    // The audit log says an admin asked, naming the request only.
    const day = new Date().toISOString().slice(0, 10);
    const audit = await call('GET', `/api/audit?day=${day}`, tokens.admin);
    expect(audit.json.entries).toContainEqual(
      expect.objectContaining({ action: 'requestErasure', target: `erasure:${id}`, actor: 'admin' }),
    );
    // Asking again: the customer is gone.
    expect((await call('POST', '/api/privacy/erasures', tokens.admin, { customer: 'AD-0003' })).status).toBe(
      404,
    );
  });
});
