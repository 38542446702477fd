/**
 * Spoken FAQ answers in the IVR (issue 14, F13), end to end offline: the distribution profile's real flows and FAQ
 * module in the interpreter, with the real faqAnswer handler (and every other real handler) on DynamoDB Local, over
 * the seeded knowledge base; the handler's answers (ok / none / degraded, idempotent); and the scenario file that
 * holds the FAQ module to 100% transition coverage with `hotline test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAQ_TEXT } from '../../contact-flows/flows/faq-menu.js';
import { PROFILES } from '../../contact-flows/profiles/index.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { createProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import { DynamoKnowledgeRepository } from '../../functions/adapters/dynamodb/knowledge-repository.js';
import { parseMarkdownArticles } from '../../functions/core/knowledge/article-file.js';
import { createFaqAnswerHandler } from '../../functions/faq-answer/handler.js';
import { faqDepsFromEnv } from '../../functions/shared/faq-deps.js';
import {
  importArticles,
  type KnowledgeDeps,
  newKnowledgeDeps,
  saveArticle,
} from '../../functions/use-cases/knowledge/knowledge-base.js';
import { localHandlers } from '../../infra/local/contact-centre.js';
import { FaqResponseSchema } from '../../schemas/knowledge.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seedFile = join(root, 'infra/local/seed/knowledge/distribution.md');
const profile = PROFILES.distribution;
let tables: TestTables;
let kb: KnowledgeDeps;
const tmp = mkdtempSync(join(tmpdir(), 'hotline-faq-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const silent = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  tables = await createTestTables();
  const repo = new DynamoKnowledgeRepository(tables.doc, tables.env[KNOWLEDGE_TABLE.envVar] as string);
  kb = newKnowledgeDeps(repo, knowledgeOf('distribution'));
  const summary = await importArticles(kb, parseMarkdownArticles(readFileSync(seedFile, 'utf8')), 'admin');
  expect(summary.rejected).toEqual([]);
});

describe('the profiles’ FAQ settings', () => {
  it('every FAQ topic names a seeded article, in its language, with a spoken answer', () => {
    const articles = parseMarkdownArticles(readFileSync(seedFile, 'utf8'));
    const faq = knowledgeOf('distribution').ivrFaq;
    expect(faq?.topics.length).toBeGreaterThan(0);
    for (const topic of faq?.topics ?? [])
      for (const [language, id] of Object.entries(topic.articles)) {
        const row = articles.find((a) => 'articleId' in a && a.articleId === id);
        expect(row && 'input' in row ? row.input : undefined, id).toMatchObject({
          spoken: expect.stringMatching(/\S/),
          ...(language === 'en-US' ? { language: 'en-US' } : {}),
        });
      }
    // The FAQ's main-menu key is an option of the profile's menu, announced to callers.
    expect(profile.menu.map((o) => o.key)).toContain(faq?.menuKey);
  });
});

describe('the in-call faqAnswer handler', () => {
  const event = (params: Record<string, string>, contactId = 'faq-contact-1') => {
    const e = connectEvent('+8613900139000', contactId);
    e.Details.Parameters = params;
    return e;
  };
  const env = () => ({
    ...tables.env,
    DYNAMODB_ENDPOINT: tables.endpoint,
    HOTLINE_PROFILE: 'distribution',
  });

  it('answers the article’s spoken text by topic, or by FAQ key in the caller’s language; a retry answers the same', async () => {
    const deps = faqDepsFromEnv(env());
    const handler = createFaqAnswerHandler({ ...silent(), faq: deps });
    const byTopic = FaqResponseSchema.parse(
      await handler(event({ topic: 'faq-payment', language: 'zh-CN' }), lambdaContext()),
    );
    expect(byTopic).toMatchObject({ faqStatus: 'ok', articleId: 'faq-payment', articleVersion: '1' });
    expect(byTopic.prompt).toMatch(/^货款通过银行代扣结算/);
    // Connect retries: the same contact gets the same answer (the handler only reads).
    expect(await handler(event({ topic: 'faq-payment', language: 'zh-CN' }), lambdaContext())).toEqual(
      byTopic,
    );
    const byKey = FaqResponseSchema.parse(
      await handler(event({ key: '2', language: 'en-US' }), lambdaContext()),
    );
    expect(byKey).toMatchObject({ faqStatus: 'ok', articleId: 'order-limit-en' });
    expect(byKey.prompt).toMatch(/^Scarce products have a weekly limit/);
  });

  it('no such FAQ, or an article without a spoken answer: none; a bad parameter is not an exception', async () => {
    const handler = createFaqAnswerHandler({ ...silent(), faq: faqDepsFromEnv(env()) });
    const cases: Record<string, string>[] = [
      { topic: 'no-such-article' },
      { topic: 'product-catalogue' }, // seeded without a spoken answer
      { key: '9' },
      { topic: 'NOT AN ID' },
      {},
    ];
    for (const params of cases)
      expect(
        FaqResponseSchema.parse(await handler(event(params), lambdaContext())).faqStatus,
        JSON.stringify(params),
      ).toBe('none');
  });

  it('a failing table or a missing setting answers degraded, within its budget', async () => {
    const broken = faqDepsFromEnv({ ...env(), [KNOWLEDGE_TABLE.envVar]: 'no-such-table' });
    const failing = createFaqAnswerHandler({ ...silent(), faq: broken, budgetMs: 800 });
    expect((await failing(event({ topic: 'faq-payment' }), lambdaContext())).faqStatus).toBe('degraded');
    const missing = faqDepsFromEnv({ HOTLINE_PROFILE: 'distribution' });
    expect(missing).toHaveProperty('configError');
    const misconfigured = createFaqAnswerHandler({ ...silent(), faq: missing });
    expect((await misconfigured(event({ topic: 'faq-payment' }), lambdaContext())).faqStatus).toBe(
      'degraded',
    );
    expect((await misconfigured({ not: 'a Connect event' }, lambdaContext())).faqStatus).toBe('degraded');
  });
});

describe('a call through the distribution flows and the FAQ module, with the real handlers', () => {
  const call = async (inputs: (string | null)[], attributes?: Record<string, string>) => {
    const centre = createProfileRuntime(profile, {
      lambdas: localHandlers(profile, { tableEnv: tables.env, endpoint: tables.endpoint }),
      clock: '2026-11-30T10:00:00+08:00',
    });
    return centre.runtime.call({
      entryFlowArn: centre.entryFlowArn,
      from: '+8613900139001',
      inputs,
      ...(attributes ? { attributes } : {}),
    });
  };

  it('key 4, FAQ 1: the caller hears the seeded spoken answer; silence after it ends the call', async () => {
    const r = await call([null, '4', '1', null]);
    const heard = r.prompts.join('\n');
    expect(heard).toContain('常见问题请按4。');
    expect(heard).toContain('电话订货时间为每个订货日上午8点30分至下午4点。');
    expect(heard).toContain(FAQ_TEXT['zh-CN'].after);
    expect(r.attributes.faqResult).toBe('answered');
    expect(r.outcome.type).toBe('disconnected');
  });

  it('an admin’s new spoken answer is what the next caller hears', async () => {
    const before = await kb.articles.get('order-limit');
    if (!before) throw new Error('order-limit not seeded');
    await saveArticle(
      kb,
      'order-limit',
      { ...before, spoken: '本周紧俏品规限量已调整，请以订货时系统提示为准。' },
      'admin',
    );
    const r = await call([null, '4', '2', null]);
    expect(r.prompts.join('\n')).toContain('本周紧俏品规限量已调整，请以订货时系统提示为准。');
  });
});

describe('the FAQ scenario file (hotline test)', () => {
  it('every scenario passes and the FAQ module is at 100% transition coverage', () => {
    const junit = join(tmp, 'faq.xml');
    const run = spawnSync(
      process.execPath,
      ['bin/hotline.js', 'test', 'contact-flows/scenarios/distribution/faq.yaml', '--junit', junit],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    const report = `${run.stdout}\n${run.stderr}`;
    expect(run.status, report).toBe(0);
    expect(report).toContain('coverage distribution FAQ answers: 80/80 transitions (100%)');
    expect(readFileSync(junit, 'utf8')).toMatch(/failures="0"/);
  }, 300_000);
});
