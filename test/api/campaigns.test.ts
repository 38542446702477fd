/**
 * The agent's disposition of a campaign call through the API (the one router, on DynamoDB Local): a return-visit
 * campaign over resolved complaints, created as `hotline campaigns create` does. The disposition goes through the
 * CLI's use case: the complaint is reopened, a call-back is called again at the time given, the agent is the
 * token's user, the write is audited, a repeated request records nothing twice, and bad input is a 4xx problem.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignPreset, DEFAULT_RETRY, defaultWindow } from '../../contact-flows/profiles/campaigns.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { RouteInfo } from '../../functions/api/app.js';
import { createCampaign } from '../../functions/use-cases/campaigns/manage-campaigns.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { updateTicket } from '../../functions/use-cases/tickets/manage-tickets.js';
import { type CampaignRuntime, campaignRuntimeOn } from '../../infra/local/campaign-runtime.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const profile = getProfile('auto-dealer');
const NAME = 'rv-dec';
let home: string;
let tables: TestTables;
let rt: CampaignRuntime;
let app: ReturnType<typeof createWorkspaceApp>['app'];
let routes: RouteInfo[];
const tokens: Record<string, string> = {};
/** Ticket of each entry of the list. */
const ticketOf: Record<string, string> = {};

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
  // No stack trace, whatever the answer.
  expect(text).not.toMatch(/\n\s+at |Error:/);
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON answers
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: JSON.parse(text) as any };
}

const agent = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: tokens['agent-liu'] as string, ...(body !== undefined ? { body } : {}) });
const dispose = (entryId: string, body: Record<string, unknown>) =>
  agent('POST', `/api/campaigns/${NAME}/entries/${entryId}/disposition`, body);

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-api-campaigns-'));
  tables = await createTestTables();
  const made = createWorkspaceApp({ profile, home, tableEnv: tables.env, endpoint: tables.endpoint });
  app = made.app;
  routes = made.routes;
  for (const username of ['agent-liu', 'admin']) {
    const r = await call('POST', '/auth/login', { body: { username, password: made.password } });
    expect(r.status).toBe(200);
    tokens[username] = r.json.token;
  }
  const now = () => new Date();
  rt = await campaignRuntimeOn(
    {
      home,
      endpoint: tables.endpoint,
      tableEnv: tables.env,
      doc: tables.doc,
      crm: tables.crm,
      close: async () => {},
    },
    { profile, region: profile.phoneRegion, now },
  );
  // Three resolved complaints awaiting their return visit: the campaign's list (0001…0003, oldest first or not).
  for (const phone of ['13800138000', '13520003003', '13600136000']) {
    const { ticket } = await createTicket(rt.tickets, {
      category: 'complaint',
      source: 'cli',
      createdBy: 'test',
      phone,
      confirmBySms: false,
    });
    await updateTicket({ ...rt.tickets, now }, ticket.ticketId, { status: 'resolved', by: 'test' });
  }
  const preset = campaignPreset('auto-dealer', 'return-visit');
  await createCampaign(
    { campaigns: rt.campaigns, phoneRegion: 'CN', defaultLanguage: profile.defaultLanguage, now },
    {
      name: NAME,
      profile: 'auto-dealer',
      purpose: 'return-visit',
      mode: 'agent',
      source: { kind: 'tickets' },
      ...(preset.queue ? { queue: preset.queue } : {}),
      window: defaultWindow('auto-dealer'),
      retry: { ...DEFAULT_RETRY },
      maxAttempts: 3,
      pacing: { kind: 'progressive', linesPerAgent: 1 },
      dispositions: [...preset.dispositions],
      script: preset.script,
      createdBy: 'test',
    },
    rt.sourceOf({ kind: 'tickets' }),
  );
  for (const e of await rt.campaigns.entries(NAME))
    if (e.ref.kind === 'ticket') ticketOf[e.entryId] = e.ref.ticketId;
  expect(Object.keys(ticketOf).sort()).toEqual(['0001', '0002', '0003']);
});
afterAll(async () => {
  await rt?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the campaign routes', () => {
  it('are declared for agents and refuse a request without a user', async () => {
    const mine = routes.filter((r) => r.path.startsWith('/api/campaigns/'));
    expect(mine.map((r) => `${r.method} ${r.path} ${r.role}`).sort()).toEqual([
      'GET /api/campaigns/{name}/entries/{entryId} agent',
      'POST /api/campaigns/{name}/entries/{entryId}/disposition agent',
    ]);
    expect((await call('GET', `/api/campaigns/${NAME}/entries/0001`)).status).toBe(401);
    const r = await call('POST', `/api/campaigns/${NAME}/entries/0001/disposition`, {
      body: { disposition: 'satisfied', contactId: 'c-x' },
    });
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect((await rt.campaigns.entry(NAME, '0001'))?.attempts).toBe(0);
  });

  it("show the campaign's dispositions and where the contact stands", async () => {
    const r = await agent('GET', `/api/campaigns/${NAME}/entries/0001`);
    expect(r.status).toBe(200);
    expect(r.json.campaign.purpose).toBe('return-visit');
    expect(r.json.campaign.dispositions.map((d: { key: string }) => d.key)).toEqual([
      'satisfied',
      'unsatisfied',
      'call-back',
      'wrong-number',
      'do-not-call',
    ]);
    expect(r.json.entry).toMatchObject({ entryId: '0001', status: 'pending', attempts: 0 });
    expect(r.json.lastAttempt).toBeUndefined();
  });
});

describe("recording the agent's disposition", () => {
  it('reopens the complaint, as the agent of the token, audited, once however often it is sent', async () => {
    const body = { disposition: 'unsatisfied', contactId: 'contact-0001', agentId: 'someone-else' };
    const first = await dispose('0001', body);
    expect(first.status).toBe(200);
    expect(first.json.recorded).toBe(true);
    expect(first.json.attempt).toMatchObject({
      n: 1,
      result: 'answered',
      disposition: 'unsatisfied',
      agentId: 'agent-liu',
      contactId: 'contact-0001',
    });
    expect(first.json.entry).toMatchObject({ status: 'done', disposition: 'unsatisfied', attempts: 1 });
    const ticketId = ticketOf['0001'] as string;
    expect(first.json.attempt.effect).toBe(`ticket ${ticketId} reopened (unsatisfied)`);
    const ticket = await agent('GET', `/api/tickets/${ticketId}`);
    expect(ticket.json.status).toBe('in_progress');
    expect(ticket.json.returnVisit).toMatchObject({ status: 'done', result: 'unsatisfied' });

    // The same request again (a retry, a double click): nothing changes.
    const again = await dispose('0001', body);
    expect(again.status).toBe(200);
    expect(again.json.recorded).toBe(false);
    expect(again.json.attempt).toMatchObject({ n: 1, disposition: 'unsatisfied', agentId: 'agent-liu' });
    const attempts = (await rt.campaigns.attempts(NAME)).filter((a) => a.entryId === '0001');
    expect(attempts).toHaveLength(1);
    const after = await agent('GET', `/api/tickets/${ticketId}`);
    expect(after.json.history).toHaveLength(ticket.json.history.length);

    // Another disposition for the same call is refused, and so is a new call on a finished contact.
    const changed = await dispose('0001', { disposition: 'satisfied', contactId: 'contact-0001' });
    expect(changed.status).toBe(409);
    expect(changed.json.detail).toContain('already recorded as "unsatisfied"');
    const finished = await dispose('0001', { disposition: 'satisfied', contactId: 'contact-0001b' });
    expect(finished.status).toBe(422);
    expect(finished.json.detail).toContain('is done (unsatisfied)');

    const audit = await call('GET', '/api/audit', { token: tokens.admin as string });
    const entries = audit.json.entries.filter(
      (e: { action: string }) => e.action === 'recordCampaignDisposition',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'agent-liu', target: `campaign:${NAME}/0001` });
    expect(entries[0].changes.disposition).toEqual({ after: 'unsatisfied' });

    const state = await agent('GET', `/api/campaigns/${NAME}/entries/0001`);
    expect(state.json.entry).toMatchObject({ status: 'done', disposition: 'unsatisfied' });
    expect(state.json.lastAttempt).toMatchObject({ n: 1, contactId: 'contact-0001', agentId: 'agent-liu' });
  });

  it('a call-back is called again at the time given; the next call records the next attempt', async () => {
    const callbackAt = new Date(Date.now() + 2 * 86_400_000);
    callbackAt.setUTCSeconds(0, 0);
    const body = {
      disposition: 'call-back',
      contactId: 'contact-0002a',
      callbackAt: callbackAt.toISOString(),
    };
    const first = await dispose('0002', body);
    expect(first.status).toBe(200);
    expect(first.json.attempt).toMatchObject({ n: 1, disposition: 'call-back' });
    expect(first.json.attempt.callbackAt).toBe(callbackAt.toISOString());
    expect(first.json.entry).toMatchObject({ status: 'pending', nextAt: callbackAt.toISOString() });
    // Still pending: a retry of the same call must not become a second attempt.
    const again = await dispose('0002', body);
    expect(again.json.recorded).toBe(false);
    expect((await rt.campaigns.entry(NAME, '0002'))?.attempts).toBe(1);

    const next = await dispose('0002', { disposition: 'satisfied', contactId: 'contact-0002b' });
    expect(next.status).toBe(200);
    expect(next.json.attempt).toMatchObject({ n: 2, disposition: 'satisfied' });
    expect(next.json.entry).toMatchObject({ status: 'done', disposition: 'satisfied' });
    const ticket = await agent('GET', `/api/tickets/${ticketOf['0002']}`);
    expect(ticket.json.status).toBe('closed');
  });

  it('answers bad input with a 4xx problem and records nothing', async () => {
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      [
        'unknown campaign',
        '/api/campaigns/no-such/entries/0003/disposition',
        { disposition: 'satisfied', contactId: 'c' },
        404,
        /no campaign "no-such"/,
      ],
      [
        'unknown entry',
        `/api/campaigns/${NAME}/entries/0999/disposition`,
        { disposition: 'satisfied', contactId: 'c' },
        404,
        /has no entry 0999/,
      ],
      [
        'a disposition the campaign does not have',
        `/api/campaigns/${NAME}/entries/0003/disposition`,
        { disposition: 'ordered', contactId: 'c' },
        400,
        /has satisfied, unsatisfied, call-back, wrong-number, do-not-call/,
      ],
      [
        'a call-back time with another disposition',
        `/api/campaigns/${NAME}/entries/0003/disposition`,
        {
          disposition: 'satisfied',
          contactId: 'c',
          callbackAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        400,
        /call-back time goes with a call-back disposition \(call-back\)/,
      ],
      [
        'a call-back time in the past',
        `/api/campaigns/${NAME}/entries/0003/disposition`,
        { disposition: 'call-back', contactId: 'c', callbackAt: '2020-01-01T00:00:00Z' },
        400,
        /later than the call/,
      ],
      [
        'no contact id',
        `/api/campaigns/${NAME}/entries/0003/disposition`,
        { disposition: 'satisfied' },
        400,
        /contactId/,
      ],
      [
        'not a time',
        `/api/campaigns/${NAME}/entries/0003/disposition`,
        { disposition: 'call-back', contactId: 'c', callbackAt: 'tomorrow' },
        400,
        /callbackAt/,
      ],
      [
        'an entry that is not a number',
        `/api/campaigns/${NAME}/entries/x1/disposition`,
        { disposition: 'satisfied', contactId: 'c' },
        400,
        /entryId/,
      ],
    ];
    for (const [what, path, body, status, detail] of cases) {
      const r = await agent('POST', path, body);
      expect(r.status, what).toBe(status);
      expect(r.type, what).toContain('application/problem+json');
      expect(r.json.detail, what).toMatch(detail);
    }
    expect((await agent('GET', `/api/campaigns/no-such/entries/0001`)).status).toBe(404);
    expect((await rt.campaigns.entry(NAME, '0003'))?.attempts).toBe(0);
  });
});
