/**
 * Order centre figures (issue 11), on DynamoDB Local, each side by side with its bare baseline in one run:
 * placing a one-line order (the use case as the order desk Lambda runs it: the catalogue cached per container, so
 * no read, then one TransactWriteItems of the three items and the catalogue version check) vs a bare
 * TransactWriteItems of the same three items; card authentication (the use case: one GetItem) vs a bare GetItem.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import {
  DynamoOrderRepository,
  orderItem,
  orderKeys,
} from '../../functions/adapters/dynamodb/order-repository.js';
import { DEFAULT_ORDERING, periodOf } from '../../functions/core/orders/orders.js';
import { authenticateCard } from '../../functions/use-cases/orders/authenticate-card.js';
import { CatalogueCache } from '../../functions/use-cases/orders/catalogue-cache.js';
import { placeOrder } from '../../functions/use-cases/orders/place-order.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';

type Row = (cells: string[]) => void;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

export async function ordersBench(row: Row, iterations = Number(process.env.BENCH_ORDER_ITERATIONS ?? 500)) {
  const db = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  try {
    const env = await ensureLocalTables(db.endpoint, 'benchorders');
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    let requests = 0;
    doc.middlewareStack.add(
      (next) => (args) => {
        requests++;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countRequests', priority: 'low' },
    );
    const orders = new DynamoOrderRepository(doc, env.ORDERS_TABLE_NAME as string);
    const crm = new DynamoCrmRepository(doc, env.CRM_TABLE_NAME as string);
    const now = new Date('2026-11-23T02:00:00Z');
    const period = periodOf(now);
    await orders.saveProduct(
      { code: '1001', brand: 'B', specification: 'S', unit: '条', priceCents: 100, active: true },
      now,
    );
    await orders.saveSupply({ period, code: '1001', supplied: 10_000_000 }, now);
    await crm.saveCustomer(
      {
        customerId: 'R1',
        name: 'Retailer',
        phones: ['+8613800000001'],
        tier: 'gold',
        vip: false,
        language: 'zh-CN',
        branch: 'north',
        cardNumber: '230100000001',
      },
      undefined,
      now,
    );
    // As orderDepsFromEnv builds them for the Lambda: one catalogue cache per container.
    const deps = { orders, settings: DEFAULT_ORDERING, now: () => now, catalogue: new CatalogueCache() };
    const place = (i: number) =>
      placeOrder(deps, {
        retailer: { customerId: `R${i % 100}`, tier: 'gold', language: 'zh-CN' },
        lines: [{ code: '1001', quantity: 1 }],
        source: 'ivr',
        createdBy: 'bench',
        contactId: `bench-${i}`,
      });
    // The same three items: the supply, the retailer's total, and an order item as placement writes it.
    const sample = await placeOrder(deps, {
      retailer: { customerId: 'BARE', tier: 'gold', language: 'zh-CN' },
      lines: [{ code: '1001', quantity: 1 }],
      source: 'ivr',
      createdBy: 'bench',
      contactId: 'bench-sample',
    });
    if (!sample.ok) throw new Error('the sample order was refused');
    const sampleItem = orderItem(sample.order);
    const bare = (i: number) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: env.ORDERS_TABLE_NAME as string,
                Key: orderKeys.supply(`${period}-bare`, '1001'),
                UpdateExpression: 'ADD remaining :q',
                ExpressionAttributeValues: { ':q': -1 },
              },
            },
            {
              Update: {
                TableName: env.ORDERS_TABLE_NAME as string,
                Key: orderKeys.total(period, `BARE${i % 100}`, '1001'),
                UpdateExpression: 'ADD ordered :q',
                ExpressionAttributeValues: { ':q': 1 },
              },
            },
            {
              Put: {
                TableName: env.ORDERS_TABLE_NAME as string,
                Item: { ...sampleItem, pk: `BAREORDER#${i}` },
              },
            },
          ],
        }),
      );
    for (let i = 0; i < 50; i++) {
      await place(1_000_000 + i);
      await bare(1_000_000 + i);
    }
    const placeTimes: number[] = [];
    const bareTimes: number[] = [];
    let placeRequests = 0;
    for (let i = 0; i < iterations; i++) {
      const a = async () => {
        const before = requests;
        const t = performance.now();
        await place(i);
        placeTimes.push(performance.now() - t);
        placeRequests += requests - before;
      };
      const b = async () => {
        const t = performance.now();
        await bare(i);
        bareTimes.push(performance.now() - t);
      };
      if (i % 2) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
    }
    const cards = { getCard: crm.getCard.bind(crm), getCustomer: crm.getCustomer.bind(crm) };
    const policy = { vipQueue: 'vip', branchQueues: { north: 'branch-north' } };
    const cardTimes: number[] = [];
    const getTimes: number[] = [];
    let cardRequests = 0;
    for (let i = 0; i < iterations * 2; i++) {
      const before = requests;
      const t = performance.now();
      await authenticateCard({ cards, policy }, { card: '230100000001' });
      cardTimes.push(performance.now() - t);
      cardRequests += requests - before;
      const t2 = performance.now();
      await doc.send(
        new GetCommand({ TableName: env.CRM_TABLE_NAME as string, Key: crmKeys.card('230100000001') }),
      );
      getTimes.push(performance.now() - t2);
    }
    console.log(
      `\nOrder centre on DynamoDB Local (${iterations} one-line orders, ${iterations * 2} card checks)`,
    );
    row(['', 'p50', 'p99', 'requests']);
    row([
      'place one-line order',
      pct(placeTimes, 50).toFixed(3),
      pct(placeTimes, 99).toFixed(3),
      (placeRequests / iterations).toFixed(2),
    ]);
    row([
      'bare TransactWriteItems (3 items)',
      pct(bareTimes, 50).toFixed(3),
      pct(bareTimes, 99).toFixed(3),
      '1.00',
    ]);
    row([
      'ratio order / bare',
      `${(pct(placeTimes, 50) / pct(bareTimes, 50)).toFixed(2)}×`,
      `${(pct(placeTimes, 99) / pct(bareTimes, 99)).toFixed(2)}×`,
      'goal ≤ 1.5',
    ]);
    row([
      'card authentication',
      pct(cardTimes, 50).toFixed(3),
      pct(cardTimes, 99).toFixed(3),
      (cardRequests / (iterations * 2)).toFixed(2),
    ]);
    row(['bare GetItem', pct(getTimes, 50).toFixed(3), pct(getTimes, 99).toFixed(3), '1.00']);
    row([
      'ratio card / GetItem',
      `${(pct(cardTimes, 50) / pct(getTimes, 50)).toFixed(2)}×`,
      `${(pct(cardTimes, 99) / pct(getTimes, 99)).toFixed(2)}×`,
      'goal ≤ 1.3',
    ]);
  } finally {
    await db.stop();
  }
}
