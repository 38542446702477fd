/**
 * Agent workspace benchmark (issue 14): the screen pop through the API (auth, routing, validation, the two
 * reads it makes: the number's partition, as the lookup reads it, and the customer) against the same two reads made
 * bare, side by side on DynamoDB Local; knowledge search over
 * 10,000 articles against a bare lookup in the same index; the web app's initial JavaScript, gzipped.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { RECENT_CONTACT_ITEMS_READ } from '../../functions/adapters/dynamodb/crm-repository.js';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import { KnowledgeIndex } from '../../functions/core/knowledge/search-index.js';
import { segmenter, tokenize } from '../../functions/core/knowledge/tokenize.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import { createWorkspaceApp, ensureWebBuild, WEB_DIST } from '../../infra/local/workspace-server.js';
import type { Article } from '../../schemas/knowledge.js';

type Row = (cells: string[]) => void;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(3)} ms`;

async function screenPop(row: Row) {
  const N = Number(process.env.BENCH_SCREEN_POPS ?? 500);
  const db = await startDynamoDbLocal();
  const home = mkdtempSync(join(tmpdir(), 'hotline-bench-ws-'));
  try {
    const env = await ensureLocalTables(db.endpoint, 'benchws');
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    const crm = env.CRM_TABLE_NAME as string;
    const phone = '+8613800138000';
    await doc.send(
      new GetCommand({ TableName: crm, Key: crmKeys.phone(phone) }), // warm the connection
    );
    const { DynamoCrmRepository } = await import('../../functions/adapters/dynamodb/crm-repository.js');
    await new DynamoCrmRepository(doc, crm).saveCustomer(
      { customerId: 'B-1', name: '张伟', phones: [phone], tier: 'gold', vip: true, language: 'zh-CN' },
      undefined,
      new Date(),
    );
    const { app, auth } = createWorkspaceApp({
      profile: getProfile('auto-dealer'),
      home,
      tableEnv: env,
      endpoint: db.endpoint,
    });
    const token = await auth.sign('agent-liu', ['agent']);
    const viaApi = async () => {
      const res = await app.request('/api/screen-pop?phone=13800138000', {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`screen pop answered ${res.status}`);
      await res.json();
    };
    const bare = async () => {
      // What the API reads (DynamoCrmRepository.getPhone): the number's partition up to its item, newest first, with
      // its recent-contact items; then the customer.
      await doc.send(
        new QueryCommand({
          TableName: crm,
          KeyConditionExpression: 'pk = :pk AND sk <= :phone',
          ExpressionAttributeValues: { ':pk': crmKeys.phone(phone).pk, ':phone': 'PHONE' },
          ScanIndexForward: false,
          Limit: RECENT_CONTACT_ITEMS_READ + 1,
        }),
      );
      await doc.send(new GetCommand({ TableName: crm, Key: crmKeys.customer('B-1'), ConsistentRead: true }));
    };
    for (let i = 0; i < 50; i++) {
      await viaApi();
      await bare();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < N; i++) {
      let t = performance.now();
      await viaApi();
      a.push(performance.now() - t);
      t = performance.now();
      await bare();
      b.push(performance.now() - t);
    }
    console.log(
      `\nScreen pop on DynamoDB Local (${N} requests; the API makes the same 2 reads: the number's Query, the customer's GetItem)`,
    );
    row(['', 'p50', 'p99']);
    row(['GET /api/screen-pop', ms(pct(a, 50)), ms(pct(a, 99))]);
    row(['bare Query + GetItem', ms(pct(b, 50)), ms(pct(b, 99))]);
    row([
      'ratio API / bare (goal ≤ 1.5)',
      `${(pct(a, 50) / pct(b, 50)).toFixed(2)}×`,
      `${(pct(a, 99) / pct(b, 99)).toFixed(2)}×`,
    ]);
  } finally {
    rmSync(home, { recursive: true, force: true });
    await db.stop();
  }
}

const WORDS =
  '保养 预约 理赔 材料 救援 拖车 爆胎 积分 投诉 质保 发票 驾驶证 行驶证 订货 配送 结算 密码 系统 品牌 营销 订单 退货 价格 时效 网点 车辆 轮胎 机油 空调 发动机 刹车 电瓶 保险 事故 维修 客户 会员 活动 短信 回访'.split(
    ' ',
  );

function syntheticArticles(n: number): Article[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // A vocabulary of the seed words and 2,000 made-up two-character words, picked Zipf-like (a few words are
  // everywhere, most are rare), as in real articles.
  const CHARS = '的车保险理赔订单配送系统客户会员积分品牌营销价格时效网点轮胎机油空调电瓶事故维修短信回访';
  const vocab = [...WORDS];
  for (let i = 0; vocab.length < WORDS.length + 2000; i++)
    vocab.push(`${CHARS[i % CHARS.length]}${CHARS[Math.floor(i / CHARS.length) % CHARS.length]}${i}`);
  const pick = () => vocab[Math.min(vocab.length - 1, Math.floor(vocab.length * rnd() ** 3))] as string;
  return Array.from({ length: n }, (_, i) => ({
    articleId: `a-${i}`,
    title: `${pick()}${pick()}的处理办法 ${i}`,
    body: Array.from({ length: 30 }, () => `${pick()}和${pick()}`).join('，'),
    category: 'faq',
    tags: [pick(), pick()],
    language: 'zh-CN' as const,
    owner: 'admin',
    version: 1,
    updatedAt: '2026-11-23T02:00:00.000Z',
    updatedBy: 'admin',
  }));
}

function knowledgeSearch(row: Row) {
  const N = Number(process.env.BENCH_KB_ARTICLES ?? 10_000);
  const articles = syntheticArticles(N);
  const t0 = performance.now();
  const index = new KnowledgeIndex(articles);
  const buildMs = performance.now() - t0;
  const queries = [
    '理赔需要什么材料',
    '发动机保养预约',
    '订单配送时效',
    'how to reset the 系统密码',
    '轮胎爆胎救援',
  ];
  // Bare: the same query's words looked up in the same inverted index, no scoring or ranking.
  const bareLookup = (q: string) => {
    let hits = 0;
    for (const t of tokenize(q)) hits += index.documentFrequency(t);
    return hits;
  };
  for (const q of queries) {
    index.search(q);
    bareLookup(q);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 200; i++) {
    const q = queries[i % queries.length] as string;
    let t = performance.now();
    index.search(q);
    a.push(performance.now() - t);
    t = performance.now();
    bareLookup(q);
    b.push(performance.now() - t);
  }
  console.log(
    `\nKnowledge search over ${N.toLocaleString('en')} articles (segmenter ${segmenter()}; index built in ${buildMs.toFixed(0)} ms)`,
  );
  row(['', 'p50', 'p99']);
  row(['ranked search (goal < 20 ms)', ms(pct(a, 50)), ms(pct(a, 99))]);
  row(['bare segment + postings lookup', ms(pct(b, 50)), ms(pct(b, 99))]);
}

async function webBundle(row: Row) {
  await ensureWebBuild((l) => console.log(l));
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const css = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1] as string);
  const gz = (f: string) => gzipSync(readFileSync(join(WEB_DIST, f))).length;
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const js = initial.reduce((s, f) => s + gz(f), 0);
  const all = readdirSync(join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'));
  console.log('\nWeb app (web/dist, gzipped)');
  row(['initial JS (goal < 300 KiB)', kib(js), `${initial.length} files`]);
  row(['initial CSS', kib(css.reduce((s, f) => s + gz(f), 0)), `${css.length} files`]);
  row([
    'all JS (pages load lazily)',
    kib(all.reduce((s, f) => s + gz(`assets/${f}`), 0)),
    `${all.length} files`,
  ]);
}

export async function workspaceBench(row: Row): Promise<void> {
  await screenPop(row);
  knowledgeSearch(row);
  if (existsSync(join(WEB_DIST, '..', 'index.html'))) await webBundle(row);
}
