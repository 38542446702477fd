/**
 * The supervisor console's API routes through the one router (the local server's app), on DynamoDB Local and
 * the S3 emulator: each route refuses an agent (403) and lets a supervisor in; the wallboard reads the console's
 * ACD file and notifies a breach once even when two servers refresh; agent performance lists every agent; a call
 * is reviewed (recording, transcript, flags), scored once with an audit entry, and its agent sees the result and
 * comments (on their own evaluations only); listen-in answers the live transcript locally.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { profileAcd, saveAcdState } from '../../functions/adapters/local/acd-wallboard.js';
import { athenaPerformance, presignedRecordingLink } from '../../functions/api/supervision-aws.js';
import { toCallRecord } from '../../functions/core/call-record.js';
import { isoWeek } from '../../functions/core/supervision/qa.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import type { LiveCall } from '../../schemas/supervisor-api.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import { createTestBucket, sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const profile = getProfile('auto-dealer');
const card = supervisionOf('auto-dealer').qa.scorecard;
const questions = card.sections.flatMap((s) => s.questions);
let home: string;
let tables: TestTables;
let made: ReturnType<typeof createWorkspaceApp>;
let bucket: string;
const tokens: Record<string, string> = {};
const live: LiveCall[] = [];

/** The supervisor console's routes: each needs the supervisor role. */
const SUPERVISOR_ROUTES = [
  ['GET', '/api/supervisor/wallboard'],
  ['POST', '/api/supervisor/listen-in'],
  ['GET', '/api/supervisor/performance'],
  ['GET', '/api/supervisor/qa/scorecard'],
  ['GET', '/api/supervisor/qa/queue'],
  ['GET', '/api/supervisor/qa/calls/{contactId}'],
  ['GET', '/api/supervisor/qa/calls/{contactId}/recording'],
  ['GET', '/api/supervisor/qa/calls/{contactId}/recording-link'],
  ['PUT', '/api/supervisor/qa/evaluations/{contactId}'],
  ['GET', '/api/supervisor/qa/evaluations'],
] as const;

async function call(
  method: string,
  path: string,
  opts: { as?: string; body?: unknown; app?: ReturnType<typeof createWorkspaceApp>['app'] } = {},
) {
  const res = await (opts.app ?? made.app).request(path, {
    method,
    headers: {
      ...(opts.as ? { authorization: `Bearer ${tokens[opts.as]}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON answers
  return { status: res.status, type, bytes, text, json: json as Record<string, any> };
}

const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const HOUR = 3_600_000;

async function storeCall(id: string, agent: string | null, at: string, caller: string, recorded = false) {
  const records = new DynamoCallRecordRepository(tables.doc, tables.env[CONTACTS_TABLE.envVar] as string);
  const ctr = sampleCtr({
    ContactId: id,
    InitiationTimestamp: at,
    LastUpdateTimestamp: at,
    CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' },
    ...(agent
      ? {
          Agent: {
            ARN: `arn:aws:connect:ap-southeast-1:123456789012:instance/x/agent/${agent}`,
            Username: agent,
            ConnectedToAgentTimestamp: at,
            AgentInteractionDuration: 120,
            AfterContactWorkDuration: 30,
            CustomerHoldDuration: 0,
          },
        }
      : { Agent: null }),
    ...(recorded
      ? {
          Recording: {
            Location: `${bucket}/connect/x/CallRecordings/2026/11/23/${id}_20261123T02:00_UTC.wav`,
            Status: 'AVAILABLE',
            Type: 'AUDIO',
          },
          Recordings: null,
        }
      : { Recording: null, Recordings: null }),
  } as never);
  await records.saveRecord(toCallRecord(ctr, 'CN'), ctr, new Date(at));
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-sup-api-'));
  tables = await createTestTables();
  const s3 = await createTestBucket();
  bucket = s3.bucket;
  made = createWorkspaceApp({
    profile,
    home,
    tableEnv: tables.env,
    endpoint: tables.endpoint,
    s3Endpoint: s3.endpoint,
    liveCalls: () => live,
  });
  for (const username of ['agent-liu', 'agent-wang', 'supervisor', 'admin']) {
    const r = await call('POST', '/auth/login', { body: { username, password: made.password } });
    expect(r.status).toBe(200);
    tokens[username] = r.json.token;
  }
  // This week: agent-liu takes two calls (one recorded, with a transcript), agent-wang one.
  await storeCall('sup-1', 'agent-liu', iso(2 * HOUR), '+8613800000001', true);
  await storeCall('sup-2', 'agent-liu', iso(HOUR), '+8613800000002');
  await storeCall('sup-3', 'agent-wang', iso(HOUR), '+8613800000003');
  await s3.objects.put(
    {
      bucket,
      key: `connect/x/CallRecordings/2026/11/23/sup-1_20261123T02:00_UTC.wav`,
    },
    new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]),
    'audio/wav',
  );
  const records = new DynamoCallRecordRepository(tables.doc, tables.env[CONTACTS_TABLE.envVar] as string);
  await records.saveTranscript({
    pk: 'CONTACT#sup-1',
    sk: 'TRANSCRIPT',
    entity: 'transcript',
    contactId: 'sup-1',
    jobName: 'job-sup-1',
    turns: [
      { speaker: 'agent', start: 0, end: 2, text: '您好,很高兴为您服务' },
      { speaker: 'customer', start: 2.5, end: 5, text: '我想查询理赔进度' },
    ],
    text: '您好,很高兴为您服务 我想查询理赔进度',
    storedAt: new Date(NOW).toISOString(),
  } as never);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('every supervisor console route', () => {
  it('is in the router with the supervisor role', () => {
    for (const [method, path] of SUPERVISOR_ROUTES) {
      const r = made.routes.find((x) => x.method === method && x.path === path);
      expect(r, `${method} ${path}`).toBeDefined();
      expect(r?.role).toBe('supervisor');
    }
  });

  for (const [method, path] of SUPERVISOR_ROUTES) {
    it(`${method} ${path} refuses an agent (403) and lets a supervisor in`, async () => {
      const p = path.replace('{contactId}', 'sup-1');
      const body = method === 'GET' ? undefined : {};
      const agent = await call(method, p, { as: 'agent-liu', ...(body ? { body } : {}) });
      expect(agent.status).toBe(403);
      expect(agent.type).toContain('application/problem+json');
      expect(agent.json.detail).toContain('needs the supervisor role');
      const sup = await call(method, p, { as: 'supervisor', ...(body ? { body } : {}) });
      expect(sup.status).not.toBe(403);
      expect(sup.status).not.toBe(401);
    });
  }
});

describe('wallboard', () => {
  it("shows the console's ACD, turns an agent red after too long in ACW and notifies once across servers", async () => {
    const acd = profileAcd(profile);
    const t0 = new Date(NOW - 300_000);
    acd.setAgentState('agent-hu', 'AfterContactWork', t0);
    await saveAcdState(home, profile, acd, new Date(NOW));

    // One refresh serves every viewer for a second (sharedRefresh): the role tests above may have just read the
    // board, so watch it as the page does until it shows the saved state (a few polls at most).
    let first = await call('GET', '/api/supervisor/wallboard', { as: 'supervisor' });
    for (
      let i = 0;
      i < 20 && first.json.board?.agents?.find((a: { id: string }) => a.id === 'agent-hu')?.state !== 'acw';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 250));
      first = await call('GET', '/api/supervisor/wallboard', { as: 'supervisor' });
    }
    expect(first.status).toBe(200);
    expect(first.json.source).toBe('local');
    expect(first.json.pollSeconds).toBe(2);
    const agents = first.json.board.agents as { id: string; state: string; breach: boolean }[];
    expect(agents.map((a) => a.id).sort()).toEqual(profile.agents.map((a) => a.id).sort());
    expect(agents.find((a) => a.id === 'agent-hu')).toMatchObject({ state: 'acw', breach: true });
    expect(agents.find((a) => a.id === 'agent-liu')).toMatchObject({ state: 'available', breach: false });
    expect(first.json.board.queues.length).toBe(profile.queues.length);

    // A second server on the same data (another supervisor's browser, another Lambda) refreshes too.
    const other = createWorkspaceApp({ profile, home, tableEnv: tables.env, endpoint: tables.endpoint });
    const second = await call('GET', '/api/supervisor/wallboard', { as: 'supervisor', app: other.app });
    expect(second.json.board.breaches).toHaveLength(1);
    const outbox = join(home, 'notifications.jsonl');
    expect(existsSync(outbox)).toBe(true);
    const breaches = readFileSync(outbox, 'utf8')
      .split('\n')
      .filter((l) => l.includes('wallboard_breach'));
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toContain('agent-hu');
  });

  it('lists the calls in progress with their live transcript, and listen-in answers it locally', async () => {
    live.push({
      contactId: 'live-1',
      caller: '•••••••••0001',
      startedAt: new Date(NOW).toISOString(),
      state: 'ivr',
      lines: [{ at: new Date(NOW).toISOString(), kind: 'prompt', text: '欢迎致电' }],
    });
    const board = await call('GET', '/api/supervisor/wallboard', { as: 'supervisor' });
    expect(board.json.liveCalls[0].lines[0].text).toBe('欢迎致电');
    expect(board.json.listenIn).toBe(false);
    const r = await call('POST', '/api/supervisor/listen-in', {
      as: 'supervisor',
      body: { contactId: 'live-1' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ mode: 'transcript', call: { contactId: 'live-1' } });
    expect(
      (await call('POST', '/api/supervisor/listen-in', { as: 'supervisor', body: { contactId: 'nope' } }))
        .status,
    ).toBe(404);
  });
});

describe('agent performance', () => {
  it('lists every agent of the profile with the named query measures', async () => {
    const r = await call('GET', '/api/supervisor/performance', { as: 'supervisor' });
    expect(r.status).toBe(200);
    expect(r.json.query).toBe('agent_performance');
    const rows = r.json.rows as { agent: string; contacts_handled: number; avg_talk_seconds: number }[];
    for (const a of profile.agents) expect(rows.map((x) => x.agent)).toContain(a.id);
    expect(rows.find((x) => x.agent === 'agent-liu')?.contacts_handled).toBe(2);
    expect(rows.find((x) => x.agent === 'agent-wang')?.contacts_handled).toBe(1);
    expect(rows.find((x) => x.agent === 'agent-hu')?.contacts_handled).toBe(0);
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await call('GET', '/api/supervisor/performance?from=2026-11-30&to=2026-11-01', {
      as: 'supervisor',
    });
    expect(r.status).toBe(422);
    expect(r.text).not.toContain('at ');
  });
});

describe('quality assurance', () => {
  it('queues the week’s calls, shows a call with its recording and transcript, and scores it once', async () => {
    const queue = await call('GET', '/api/supervisor/qa/queue', { as: 'supervisor' });
    expect(queue.status).toBe(200);
    expect(queue.json.week).toBe(isoWeek(new Date(), 'Asia/Shanghai'));
    expect(queue.json.calls).toBe(3);

    const detail = await call('GET', '/api/supervisor/qa/calls/sup-1', { as: 'supervisor' });
    expect(detail.status).toBe(200);
    expect(detail.json.transcript.turns).toHaveLength(2);
    expect(detail.json.recordingUrl).toBe('/api/supervisor/qa/calls/sup-1/recording');
    const audio = await call('GET', detail.json.recordingUrl, { as: 'supervisor' });
    expect(audio.status).toBe(200);
    expect(audio.type).toContain('audio/wav');
    expect([...audio.bytes]).toEqual([82, 73, 70, 70, 1, 2, 3, 4]);
    // Locally the player's link is that route, fetched with the bearer token (not a direct URL).
    const link = await call('GET', '/api/supervisor/qa/calls/sup-1/recording-link', { as: 'supervisor' });
    expect(link.json).toEqual({ contactId: 'sup-1', url: detail.json.recordingUrl, direct: false });
    expect(
      (await call('GET', '/api/supervisor/qa/calls/sup-2/recording-link', { as: 'supervisor' })).status,
    ).toBe(404);
    expect((await call('GET', '/api/supervisor/qa/calls/nope', { as: 'supervisor' })).status).toBe(404);

    const answers = Object.fromEntries(questions.map((q) => [q.key, 'yes']));
    const scored = await call('PUT', '/api/supervisor/qa/evaluations/sup-1', {
      as: 'supervisor',
      body: { answers, comment: '服务规范' },
    });
    expect(scored.status).toBe(200);
    expect(scored.json).toMatchObject({ agentId: 'agent-liu', scorePercent: 100, passed: true });
    const again = await call('PUT', '/api/supervisor/qa/evaluations/sup-1', {
      as: 'supervisor',
      body: { answers },
    });
    expect(again.status).toBe(422);
    expect(again.json.detail).toContain('already evaluated');

    const audit = await call('GET', `/api/audit?day=${new Date().toISOString().slice(0, 10)}`, {
      as: 'admin',
    });
    const entry = (audit.json.entries as { action: string; target: string; actor: string }[]).find(
      (e) => e.action === 'scoreCall',
    );
    expect(entry).toMatchObject({ target: 'evaluation:sup-1', actor: 'supervisor' });

    const results = await call('GET', '/api/supervisor/qa/evaluations?agentId=agent-liu', {
      as: 'supervisor',
    });
    expect(results.json.evaluations).toHaveLength(1);
    expect(results.json.scorecard.key).toBe(card.key);
  });

  it('refuses answers that are not on the scorecard', async () => {
    const r = await call('PUT', '/api/supervisor/qa/evaluations/sup-2', {
      as: 'supervisor',
      body: { answers: { nope: 'yes' } },
    });
    expect(r.status).toBe(422);
  });

  it('lets the agent see their result, mark it read and comment; never another agent', async () => {
    const mine = await call('GET', '/api/qa/my-evaluations', { as: 'agent-liu' });
    expect(mine.status).toBe(200);
    expect(mine.json.evaluations.map((e: { contactId: string }) => e.contactId)).toEqual(['sup-1']);
    const theirs = await call('GET', '/api/qa/my-evaluations', { as: 'agent-wang' });
    expect(theirs.json.evaluations).toEqual([]);

    const ack = await call('POST', '/api/qa/evaluations/sup-1/ack', { as: 'agent-liu' });
    expect(ack.status).toBe(200);
    expect(ack.json.acknowledgedAt).toBeTruthy();
    const comment = await call('POST', '/api/qa/evaluations/sup-1/comments', {
      as: 'agent-liu',
      body: { text: '收到,会注意' },
    });
    expect(comment.status).toBe(200);
    expect(comment.json.comments.at(-1)).toMatchObject({ by: 'agent-liu', role: 'agent' });

    for (const path of ['/api/qa/evaluations/sup-1/ack', '/api/qa/evaluations/sup-1/comments'])
      expect((await call('POST', path, { as: 'agent-wang', body: { text: 'x' } })).status).toBe(404);
  });
});

describe('in AWS (the console’s AWS parts: a presigned link, Athena through a mocked client)', () => {
  const athena = mockClient(AthenaClient);
  afterAll(() => athena.restore());
  const aws = () =>
    createWorkspaceApp({
      profile,
      home,
      tableEnv: tables.env,
      endpoint: tables.endpoint,
      awsParts: {
        recordingLink: presignedRecordingLink(
          new S3Client({
            region: 'ap-southeast-1',
            credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
          }),
        ),
        performance: athenaPerformance(
          new AthenaClient({ region: 'ap-southeast-1' }),
          'wg',
          'hotline_analytics',
        ),
      },
    }).app;

  it('a recording of any size plays from a presigned S3 URL; the recording route redirects to a fresh one', async () => {
    const app = aws();
    const link = await call('GET', '/api/supervisor/qa/calls/sup-1/recording-link', {
      as: 'supervisor',
      app,
    });
    expect(link.status).toBe(200);
    expect(link.json).toMatchObject({ contactId: 'sup-1', direct: true, expiresAt: expect.any(String) });
    const url = new URL(link.json.url);
    expect(url.host).toBe(`${bucket}.s3.ap-southeast-1.amazonaws.com`);
    expect(url.pathname).toBe('/connect/x/CallRecordings/2026/11/23/sup-1_20261123T02%3A00_UTC.wav');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    const redirect = await call('GET', '/api/supervisor/qa/calls/sup-1/recording', { as: 'supervisor', app });
    expect(redirect.status).toBe(307);
    expect(redirect.bytes).toHaveLength(0);
    // An agent gets neither.
    expect(
      (await call('GET', '/api/supervisor/qa/calls/sup-1/recording-link', { as: 'agent-liu', app })).status,
    ).toBe(403);
  });

  it('agent performance runs the named query in Athena for the period, every agent listed', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'agent', Type: 'varchar' },
            { Name: 'contacts_handled', Type: 'bigint' },
            { Name: 'avg_handle_seconds', Type: 'double' },
          ],
        },
        Rows: [
          {
            Data: [
              { VarCharValue: 'agent' },
              { VarCharValue: 'contacts_handled' },
              { VarCharValue: 'avg_handle_seconds' },
            ],
          },
          { Data: [{ VarCharValue: 'agent-liu' }, { VarCharValue: '2' }, { VarCharValue: '150' }] },
        ],
      },
    });
    const r = await call('GET', '/api/supervisor/performance?from=2026-11-01&to=2026-11-07', {
      as: 'supervisor',
      app: aws(),
    });
    expect(r.status).toBe(200);
    expect(r.json.rows.map((x: { agent: string }) => x.agent).sort()).toEqual(
      profile.agents.map((a) => a.id).sort(),
    );
    expect(r.json.rows.find((x: { agent: string }) => x.agent === 'agent-liu')).toMatchObject({
      contacts_handled: 2,
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString).toContain(
      "dt >= '2026-11-01' AND dt <= '2026-11-07'",
    );
    // Athena refuses: a 503 problem that says why, no stack trace.
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'HIVE_CURSOR_ERROR: bad file' } },
    });
    const failed = await call('GET', '/api/supervisor/performance', { as: 'supervisor', app: aws() });
    expect(failed.status).toBe(503);
    expect(failed.type).toContain('application/problem+json');
    expect(failed.json.detail).toContain('HIVE_CURSOR_ERROR: bad file');
    expect(failed.text).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
