/**
 * Editing the knowledge base through the API (admins): create, publish a new version (refused when the article
 * moved on since the editor opened it), read every version, publish an old one again. Each route refuses an
 * agent and a supervisor; each write is audited; agents read the result at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createWorkspaceApp } from '../../infra/local/workspace-server.js';
import { createTestTables } from '../support/dynamo.js';

let home: string;
let app: ReturnType<typeof createWorkspaceApp>['app'];
const tokens: Record<string, string> = {};

/** A request to `target` (an app of createWorkspaceApp), with the answer's JSON. */
async function request(
  target: typeof app,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
) {
  const res = await target.request(path, {
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

const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  request(app, method, path, token, body);

const ARTICLE = {
  title: '道路救援怎么收费',
  body: '保修期内的车辆，50 公里内的道路救援免费；超出部分按里程收费。',
  category: 'rescue',
  tags: ['救援', '收费'],
  spoken: '保修期内五十公里以内的道路救援免费，超出部分按里程收费。',
};

/** The workspace's app on fresh tables (on the clock `now`, if given). */
async function newApp(now?: () => Date) {
  const tables = await createTestTables();
  return createWorkspaceApp({
    profile: getProfile('auto-dealer'),
    home,
    tableEnv: tables.env,
    endpoint: tables.endpoint,
    ...(now ? { now } : {}),
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-kb-admin-'));
  const made = await newApp();
  app = made.app;
  for (const username of ['agent-liu', 'supervisor', 'admin']) {
    const r = await call('POST', '/auth/login', undefined, { username, password: made.password });
    tokens[username] = r.json.token;
  }
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the knowledge editor routes', () => {
  const adminRoutes: Array<[string, string, unknown]> = [
    ['POST', '/api/kb/articles', { articleId: 'x', ...ARTICLE }],
    ['POST', '/api/kb/articles/rescue-fees/versions', { ...ARTICLE, baseVersion: 1 }],
    ['GET', '/api/kb/articles/rescue-fees/versions', undefined],
    ['POST', '/api/kb/articles/rescue-fees/versions/1/restore', { baseVersion: 1 }],
  ];

  it.each(adminRoutes)(
    '%s %s refuses an agent and a supervisor (403) and anyone logged out (401)',
    async (method, path, body) => {
      for (const who of ['agent-liu', 'supervisor']) {
        const r = await call(method, path, tokens[who], body);
        expect(r.status, who).toBe(403);
        expect(r.type).toContain('application/problem+json');
        expect(r.json.detail).toContain('needs the admin role');
      }
      expect((await call(method, path, undefined, body)).status).toBe(401);
    },
  );

  it('creates an article once, publishes versions, refuses a stale editor, restores an old version', async () => {
    const created = await call('POST', '/api/kb/articles', tokens.admin, {
      articleId: 'rescue-fees',
      ...ARTICLE,
    });
    expect(created.status).toBe(200);
    expect(created.json.result).toBe('created');
    expect(created.json.article).toMatchObject({ version: 1, owner: 'admin', spoken: ARTICLE.spoken });
    const taken = await call('POST', '/api/kb/articles', tokens.admin, {
      articleId: 'rescue-fees',
      ...ARTICLE,
    });
    expect(taken.status).toBe(409);
    expect(taken.json.detail).toContain('already exists');

    const v2 = await call('POST', '/api/kb/articles/rescue-fees/versions', tokens.admin, {
      ...ARTICLE,
      body: '保修期内的车辆，100 公里内的道路救援免费。',
      baseVersion: 1,
    });
    expect(v2.status).toBe(200);
    expect(v2.json).toMatchObject({ result: 'updated', article: { version: 2, updatedBy: 'admin' } });
    // The spoken answer is kept when a save leaves it out, and removed by an empty string.
    expect(v2.json.article.spoken).toBe(ARTICLE.spoken);

    // A second editor who opened version 1 is refused, and nothing is lost.
    const stale = await call('POST', '/api/kb/articles/rescue-fees/versions', tokens.admin, {
      ...ARTICLE,
      title: '另一个标题',
      baseVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.json.detail).toContain('version 2');

    const same = await call('POST', '/api/kb/articles/rescue-fees/versions', tokens.admin, {
      ...ARTICLE,
      body: '保修期内的车辆，100 公里内的道路救援免费。',
      baseVersion: 2,
    });
    expect(same.json).toMatchObject({ result: 'unchanged', article: { version: 2 } });

    const missing = await call('POST', '/api/kb/articles/no-such/versions', tokens.admin, {
      ...ARTICLE,
      baseVersion: 1,
    });
    expect(missing.status).toBe(404);

    const restored = await call('POST', '/api/kb/articles/rescue-fees/versions/1/restore', tokens.admin, {
      baseVersion: 2,
    });
    expect(restored.json).toMatchObject({ result: 'updated', article: { version: 3, body: ARTICLE.body } });

    const versions = await call('GET', '/api/kb/articles/rescue-fees/versions', tokens.admin);
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions.json.versions[1].body).toContain('100 公里');

    // Agents read the current version (and search finds it) at once.
    const read = await call('GET', '/api/kb/articles/rescue-fees', tokens['agent-liu']);
    expect(read.json).toMatchObject({ version: 3, spoken: ARTICLE.spoken });
    const found = await call(
      'GET',
      `/api/kb/search?q=${encodeURIComponent('救援收费')}`,
      tokens['agent-liu'],
    );
    expect(found.json.hits[0].articleId).toBe('rescue-fees');

    const unspoken = await call('POST', '/api/kb/articles/rescue-fees/versions', tokens.admin, {
      ...ARTICLE,
      spoken: '',
      baseVersion: 3,
    });
    expect(unspoken.json.article.version).toBe(4);
    expect(unspoken.json.article.spoken).toBeUndefined();

    const audit = await call('GET', '/api/audit', tokens.admin);
    const mine = audit.json.entries.filter((e: { target: string }) => e.target === 'article:rescue-fees');
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual([
      'createArticle',
      'publishArticleVersion',
      'publishArticleVersion',
      'restoreArticleVersion',
    ]);
    const restore = mine.find((e: { action: string }) => e.action === 'restoreArticleVersion');
    expect(restore.changes.restoredFrom).toEqual({ after: 1 });
    expect(restore.changes.version).toEqual({ before: 2, after: 3 });
  });

  it('refuses a bad body with a validation problem naming the field', async () => {
    const long = await call('POST', '/api/kb/articles', tokens.admin, {
      articleId: 'too-long',
      ...ARTICLE,
      spoken: '长'.repeat(301),
    });
    expect(long.status).toBe(400);
    expect(long.json.errors[0].path).toBe('spoken');
    const badId = await call('POST', '/api/kb/articles', tokens.admin, { articleId: 'Bad Id', ...ARTICLE });
    expect(badId.status).toBe(400);
    expect(badId.json.errors[0].path).toBe('articleId');
    const noVersion = await call('POST', '/api/kb/articles/rescue-fees/versions/99/restore', tokens.admin, {
      baseVersion: 4,
    });
    expect(noVersion.status).toBe(404);
  });
});

describe("the versions' order and times", () => {
  it('lists versions by number, and a version is never stamped before the one it replaces (the console clock moved back)', async () => {
    // The local console's clock: the articles were seeded at 11:40, then `:time 09:00` and the admin edits.
    const clock = { at: new Date('2026-11-30T03:40:00Z') };
    const made = await newApp(() => clock.at);
    const send = (method: string, path: string, token?: string, body?: unknown) =>
      request(made.app, method, path, token, body);
    const token = String(
      (await send('POST', '/auth/login', undefined, { username: 'admin', password: made.password })).json
        .token,
    );
    expect(
      (await send('POST', '/api/kb/articles', token, { articleId: 'clock-back', ...ARTICLE })).status,
    ).toBe(200);
    clock.at = new Date('2026-11-30T01:00:00Z');
    for (const [n, km] of [
      [1, 80],
      [2, 90],
    ] as const)
      expect(
        (
          await send('POST', '/api/kb/articles/clock-back/versions', token, {
            ...ARTICLE,
            body: `保修期内的车辆，${km} 公里内的道路救援免费。`,
            baseVersion: n,
          })
        ).status,
      ).toBe(200);
    const { json } = await send('GET', '/api/kb/articles/clock-back/versions', token);
    const versions = json.versions as { version: number; updatedAt: string }[];
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    // Newest first by number is newest first by time too.
    const times = versions.map((v) => v.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(times[0]).toBe('2026-11-30T03:40:00.000Z');
  });
});
