/**
 * Spoken FAQ answers (issue 14), on DynamoDB Local, side by side with the bare read in one run: the faqAnswer
 * in-call handler (a Connect event in, the wrapper's parsing and budget, the use case's GetItem, the answer out) vs a
 * bare GetItem of the same article item.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoKnowledgeRepository } from '../../functions/adapters/dynamodb/knowledge-repository.js';
import { createFaqAnswerHandler } from '../../functions/faq-answer/handler.js';
import {
  type KnowledgeDeps,
  newKnowledgeDeps,
  saveArticle,
} from '../../functions/use-cases/knowledge/knowledge-base.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';

type Row = (cells: string[]) => void;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

const event = (contactId: string) => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      ContactId: contactId,
      InitialContactId: contactId,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InstanceARN: 'arn:aws:connect:ap-southeast-1:111122223333:instance/bench',
      Attributes: {},
      CustomerEndpoint: { Address: '+8613900139000', Type: 'TELEPHONE_NUMBER' },
      SystemEndpoint: { Address: '+861088880000', Type: 'TELEPHONE_NUMBER' },
    },
    Parameters: { topic: 'faq-payment', language: 'zh-CN' },
  },
});

export async function faqBench(row: Row, iterations = Number(process.env.BENCH_FAQ_ITERATIONS ?? 500)) {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const db = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  try {
    const env = await ensureLocalTables(db.endpoint, 'benchfaq');
    const table = env[KNOWLEDGE_TABLE.envVar] as string;
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    const kb: KnowledgeDeps = newKnowledgeDeps(
      new DynamoKnowledgeRepository(doc, table),
      knowledgeOf('distribution'),
    );
    await saveArticle(
      kb,
      'faq-payment',
      {
        title: '货款结算方式',
        body: '货款通过银行代扣结算。',
        category: 'faq',
        spoken: '货款通过银行代扣结算，扣款日前一天会发送结算短信。',
      },
      'bench',
    );
    let requests = 0;
    const counted = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    counted.middlewareStack.add(
      (next) => (args) => {
        requests++;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countRequests', priority: 'low' },
    );
    const handler = createFaqAnswerHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Bench' }),
      faq: { articles: new DynamoKnowledgeRepository(counted, table), env: { FAQ_BUDGET_MS: 5000 } as never },
    });
    const context = { functionName: 'bench', awsRequestId: 'bench' } as never;
    // Warm both paths, then interleave them.
    for (let i = 0; i < 20; i++) {
      await handler(event(`warm-${i}`), context);
      await doc.send(new GetCommand({ TableName: table, Key: { pk: 'ARTICLE#faq-payment', sk: 'CURRENT' } }));
    }
    requests = 0;
    const handlerTimes: number[] = [];
    const getTimes: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      const answer = await handler(event(`c-${i}`), context);
      handlerTimes.push(performance.now() - t);
      if (answer.faqStatus !== 'ok') throw new Error(`faqAnswer answered ${answer.faqStatus}`);
      const t2 = performance.now();
      await doc.send(
        new GetCommand({
          TableName: table,
          Key: { pk: 'ARTICLE#faq-payment', sk: 'CURRENT' },
          ConsistentRead: true,
        }),
      );
      getTimes.push(performance.now() - t2);
    }
    console.log(`\nSpoken FAQ answers on DynamoDB Local (${iterations} answers)`);
    row(['', 'p50', 'p99', 'requests']);
    row([
      'faqAnswer handler',
      pct(handlerTimes, 50).toFixed(3),
      pct(handlerTimes, 99).toFixed(3),
      (requests / iterations).toFixed(2),
    ]);
    row(['bare GetItem', pct(getTimes, 50).toFixed(3), pct(getTimes, 99).toFixed(3), '1.00']);
    row([
      'ratio handler / GetItem',
      `${(pct(handlerTimes, 50) / pct(getTimes, 50)).toFixed(2)}×`,
      `${(pct(handlerTimes, 99) / pct(getTimes, 99)).toFixed(2)}×`,
      'goal ≤ 1.3',
    ]);
  } finally {
    await db.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await faqBench((cells) => console.log(cells.map((c) => c.padEnd(26)).join('')));
