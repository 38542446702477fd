/**
 * The workspace API through its public surface (HTTP requests to the one router), on DynamoDB Local:
 * every route refuses a request without a user (401) and, for supervisor/admin routes, an agent (403);
 * validation errors are problem JSON naming the field; writes leave audit entries; no stack traces.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { RouteInfo } from '../../functions/api/app.js';
import { generateOpenApi, OPENAPI_FILE } from '../../functions/api/openapi.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const profile = getProfile('auto-dealer');
let home: string;
let tables: TestTables;
let app: ReturnType<typeof createWorkspaceApp>['app'];
let routes: RouteInfo[];
let password: string;
const tokens: Record<string, string> = {};

async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON answers
    json: json as Record<string, any>,
    text,
  };
}

const samplePath = (p: string) =>
  p
    .replace('{customerId}', 'AD-0001')
    .replace('{ticketId}', 'T20261123-0001')
    .replace('{contactId}', 'c-1')
    .replace('{articleId}', 'some-article')
    .replace('{version}', '1');

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-api-'));
  tables = await createTestTables();
  const made = createWorkspaceApp({ profile, home, tableEnv: tables.env, endpoint: tables.endpoint });
  app = made.app;
  routes = made.routes;
  password = made.password;
  for (const username of ['agent-liu', 'supervisor', 'admin']) {
    const r = await call('POST', '/auth/login', { body: { username, password } });
    expect(r.status).toBe(200);
    tokens[username] = r.json.token;
  }
  await importCustomers(
    { crm: tables.crm, now: () => new Date() },
    (async function* () {
      yield {
        line: 2,
        fields: { customerId: 'AD-0001', name: '张伟', phones: '13800138000', tier: 'gold', vip: 'true' },
      };
    })(),
    { region: 'CN' },
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('login and authentication', () => {
  it('refuses a wrong password with problem JSON', async () => {
    const r = await call('POST', '/auth/login', { body: { username: 'admin', password: 'nope' } });
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.title).toBeTruthy();
  });

  it('refuses a forged token', async () => {
    const r = await call('GET', '/api/me', { token: `${tokens.admin?.slice(0, -4)}AAAA` });
    expect(r.status).toBe(401);
  });

  it('serves the OpenAPI document only to a logged-in user, and it lists every route with its role', async () => {
    expect((await call('GET', '/api/openapi.json')).status).toBe(401);
    const r = await call('GET', '/api/openapi.json', { token: tokens['agent-liu'] });
    expect(r.status).toBe(200);
    for (const route of routes) {
      const op = r.json.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op['x-hotline-role']).toBe(route.role);
    }
  });
});

describe('every route is authorized', () => {
  it('has routes for each role', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.some((r) => r.role === 'supervisor')).toBe(true);
    expect(routes.some((r) => r.role === 'admin')).toBe(true);
  });

  it('answers 401 to every route without a user', async () => {
    for (const r of routes) {
      const res = await call(r.method, samplePath(r.path), r.write ? { body: {} } : {});
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect(res.type).toContain('application/problem+json');
    }
  });

  it('answers 403 to an agent on every supervisor and admin route, and lets a higher role in', async () => {
    const restricted = routes.filter((r) => r.role !== 'agent');
    for (const r of restricted) {
      const res = await call(r.method, samplePath(r.path), {
        token: tokens['agent-liu'],
        ...(r.write ? { body: {} } : {}),
      });
      expect(res.status, `${r.method} ${r.path} as agent`).toBe(403);
      const asAdmin = await call(r.method, samplePath(r.path), {
        token: tokens.admin,
        ...(r.write ? { body: {} } : {}),
      });
      expect(asAdmin.status, `${r.method} ${r.path} as admin`).not.toBe(403);
      expect(asAdmin.status).not.toBe(401);
    }
    const supervisorOnly = restricted.filter((r) => r.role === 'supervisor');
    for (const r of supervisorOnly) {
      const res = await call(r.method, samplePath(r.path), {
        token: tokens.supervisor,
        ...(r.write ? { body: {} } : {}),
      });
      expect(res.status, `${r.method} ${r.path} as supervisor`).not.toBe(403);
    }
    for (const r of restricted.filter((x) => x.role === 'admin')) {
      const res = await call(r.method, samplePath(r.path), {
        token: tokens.supervisor,
        ...(r.write ? { body: {} } : {}),
      });
      expect(res.status, `${r.method} ${r.path} as supervisor`).toBe(403);
    }
  });
});

describe('routes', () => {
  it('gives the screen pop of a known number in any format', async () => {
    const r = await call('GET', `/api/screen-pop?phone=${encodeURIComponent('138-0013-8000')}`, {
      token: tokens['agent-liu'],
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ phone: '+8613800138000', known: true, vip: true, tier: 'gold' });
    expect(r.json.customer.name).toBe('张伟');
  });

  it('rejects a bad query or body with a validation problem naming the field, never a stack trace', async () => {
    const bad = await call('GET', '/api/screen-pop', { token: tokens['agent-liu'] });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.json.errors[0].path).toBe('phone');
    const body = await call('POST', '/api/tickets', { token: tokens['agent-liu'], body: { category: 42 } });
    expect(body.status).toBe(400);
    expect(body.json.detail).toContain('category');
    expect(body.text).not.toMatch(/at .*\.ts:\d+/);
    const rule = await call('POST', '/api/tickets', {
      token: tokens['agent-liu'],
      body: { category: 'nonsense' },
    });
    expect(rule.status).toBe(422);
    const missing = await call('GET', '/api/tickets/T20991231-0001', { token: tokens['agent-liu'] });
    expect(missing.status).toBe(404);
  });

  it('creates and updates a ticket, each write audited with who and what changed', async () => {
    const created = await call('POST', '/api/tickets', {
      token: tokens['agent-liu'],
      body: { category: 'complaint', phone: '13800138000', customerId: 'AD-0001', description: '刹车异响' },
    });
    expect(created.status).toBe(200);
    const id = created.json.ticket.ticketId as string;
    expect(created.json.ticket.history[0].by).toBe('agent-liu');
    const updated = await call('PATCH', `/api/tickets/${id}`, {
      token: tokens['agent-liu'],
      body: { status: 'assigned', assignee: 'agent-hu' },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.status).toBe('assigned');
    const illegal = await call('PATCH', `/api/tickets/${id}`, {
      token: tokens['agent-liu'],
      body: { status: 'new' },
    });
    expect(illegal.status).toBe(422);

    const c360 = await call('GET', '/api/customers/AD-0001', { token: tokens['agent-liu'] });
    expect(c360.json.tickets.map((t: { ticketId: string }) => t.ticketId)).toContain(id);

    const audit = await call('GET', '/api/audit', { token: tokens.admin });
    expect(audit.status).toBe(200);
    const mine = audit.json.entries.filter((e: { target: string }) => e.target === `ticket:${id}`);
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['createTicket', 'updateTicket']);
    const upd = mine.find((e: { action: string }) => e.action === 'updateTicket');
    expect(upd).toMatchObject({ actor: 'agent-liu', role: 'agent' });
    expect(upd.changes.status).toEqual({ before: 'new', after: 'assigned' });
  });

  it('lets a supervisor block a number (audited) and refuses promotions to an agent', async () => {
    const r = await call('POST', '/api/blocks', {
      token: tokens.supervisor,
      body: { number: '139 1000 2000', reason: 'spam' },
    });
    expect(r.status).toBe(200);
    const pop = await call('GET', '/api/screen-pop?phone=13910002000', { token: tokens['agent-liu'] });
    expect(pop.json.block.reason).toBe('spam');
    const promo = await call('POST', '/api/sms', {
      token: tokens['agent-liu'],
      body: { to: '13800138000', template: 'promotion', variables: { offer: 'x' } },
    });
    expect(promo.status).toBe(403);
    const audit = await call('GET', '/api/audit', { token: tokens.admin });
    expect(
      audit.json.entries.some(
        (e: { action: string; actor: string }) => e.action === 'blockNumber' && e.actor === 'supervisor',
      ),
    ).toBe(true);
  });

  it('saves knowledge articles as versions (admin) and finds them in Chinese', async () => {
    const body = {
      title: '保险理赔需要准备哪些材料',
      body: '报案后请准备行驶证、驾驶证、事故认定书和维修发票。',
      category: 'insurance',
      tags: ['理赔'],
    };
    const first = await call('PUT', '/api/kb/articles/claim-documents', { token: tokens.admin, body });
    expect(first.json.result).toBe('created');
    const again = await call('PUT', '/api/kb/articles/claim-documents', { token: tokens.admin, body });
    expect(again.json.result).toBe('unchanged');
    const second = await call('PUT', '/api/kb/articles/claim-documents', {
      token: tokens.admin,
      body: { ...body, body: `${body.body}（复印件即可）` },
    });
    expect(second.json.article.version).toBe(2);
    const unknown = await call('PUT', '/api/kb/articles/x1', {
      token: tokens.admin,
      body: { ...body, category: 'nope' },
    });
    expect(unknown.status).toBe(422);

    const found = await call('GET', `/api/kb/search?q=${encodeURIComponent('理赔材料')}`, {
      token: tokens['agent-liu'],
    });
    expect(found.json.hits[0].articleId).toBe('claim-documents');
    const sug = await call('GET', '/api/kb/search?menuKey=2', { token: tokens['agent-liu'] });
    expect(sug.json.mode).toBe('suggestions');
    expect(sug.json.hits[0].articleId).toBe('claim-documents');
    const art = await call('GET', '/api/kb/articles/claim-documents', { token: tokens['agent-liu'] });
    expect(art.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});

describe('the OpenAPI document', () => {
  it('is committed and up to date (npm run openapi)', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generateOpenApi())));
  });
});
