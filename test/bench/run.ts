/**
 * `npm run bench`: figures measured side by side in one run, printed as ratios so they mean
 * the same on any machine. Nothing here asserts; the tests prove behaviour, this shows cost.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { createProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import {
  DynamoCrmRepository,
  RECENT_CONTACT_ITEMS_READ,
} from '../../functions/adapters/dynamodb/crm-repository.js';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import { InMemoryCrmRepository } from '../../functions/adapters/memory/crm-repository.js';
import { createCallerLookupHandler } from '../../functions/caller-lookup/handler.js';
import { degradedLead } from '../../functions/capture-lead/handler.js';
import { degradedTicket } from '../../functions/create-ticket/handler.js';
import { degradedPickup } from '../../functions/pickup/handler.js';
import type { CrmRepository } from '../../functions/ports/crm-repository.js';
import { degradedBooking } from '../../functions/repair-booking/handler.js';
import { degradedTrack } from '../../functions/track-shipment/handler.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import type { Customer } from '../../schemas/crm.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';
import { analyticsReport } from './analytics.js';
import { cliBench } from './cli.js';
import { awsExportBench } from './export-aws.js';
import { faqBench } from './faq.js';
import { loadBench } from './load.js';
import { ordersBench } from './orders.js';
import { scaleBenchmarks } from './scale.js';
import { supervisorBench } from './supervisor.js';
import { workspaceBench } from './workspace.js';

// Metrics go to stdout as EMF lines in Lambda; here they would drown the report.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(3)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const row = (cells: string[]) =>
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(14))).join(''));

async function lookupVsGetItem() {
  const db = await startDynamoDbLocal();
  try {
    const env = await ensureLocalTables(db.endpoint, 'bench');
    const table = env.CRM_TABLE_NAME as string;
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    let requests = 0;
    doc.middlewareStack.add(
      (next) => (args) => {
        requests++;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countRequests', priority: 'low' },
    );
    const crm = new DynamoCrmRepository(doc, table);
    const customers: Customer[] = Array.from({ length: 200 }, (_, i) => ({
      customerId: `B${i}`,
      name: `客户${i}`,
      phones: [`+86138${String(i).padStart(8, '0')}`],
      tier: 'gold',
      vip: i % 10 === 0,
      language: 'zh-CN',
      branch: 'north',
    }));
    for (const c of customers) await crm.saveCustomer(c, undefined, new Date());
    const handler = createCallerLookupHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Bench' }),
      lookup: {
        crm,
        policy: { vipQueue: 'vip', branchQueues: { north: 'branch-north' } },
        phoneRegion: 'CN',
        budgetMs: 1500,
      },
    });
    const events = customers.map((c) => connectEvent(c.phones[0] as string));
    const ctx = lambdaContext('bench');
    // warm up both paths
    for (let i = 0; i < 200; i++) {
      await handler(events[i % events.length], ctx);
      await doc.send(
        new GetCommand({
          TableName: table,
          Key: crmKeys.phone(customers[i % customers.length]?.phones[0] as string),
        }),
      );
    }
    const hTimes: number[] = [];
    const gTimes: number[] = [];
    // The lookup's own request, bare: the number's partition up to its item, newest first, as many at most.
    const qTimes: number[] = [];
    const bareQuery = (phone: string) =>
      doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk <= :phone',
          ExpressionAttributeValues: { ':pk': crmKeys.phone(phone).pk, ':phone': 'PHONE' },
          ScanIndexForward: false,
          Limit: RECENT_CONTACT_ITEMS_READ + 1,
        }),
      );
    let handlerRequests = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const c = customers[i % customers.length] as Customer;
      // alternate which goes first so neither gets a systematically warmer socket
      const runHandler = async () => {
        const before = requests;
        const t0 = performance.now();
        await handler(events[i % events.length], ctx);
        hTimes.push(performance.now() - t0);
        handlerRequests += requests - before;
      };
      const runGet = async () => {
        const t0 = performance.now();
        await doc.send(new GetCommand({ TableName: table, Key: crmKeys.phone(c.phones[0] as string) }));
        gTimes.push(performance.now() - t0);
        const t1 = performance.now();
        await bareQuery(c.phones[0] as string);
        qTimes.push(performance.now() - t1);
      };
      if (i % 2) {
        await runHandler();
        await runGet();
      } else {
        await runGet();
        await runHandler();
      }
    }
    console.log(`\nCaller lookup on DynamoDB Local (${ITERATIONS} calls each, interleaved)`);
    row(['', 'p50', 'p99']);
    row(['bare GetItem', ms(pct(gTimes, 50)), ms(pct(gTimes, 99))]);
    row(["bare Query (the lookup's request)", ms(pct(qTimes, 50)), ms(pct(qTimes, 99))]);
    row(['lookup handler (middy+Powertools)', ms(pct(hTimes, 50)), ms(pct(hTimes, 99))]);
    row([
      'ratio handler / GetItem (goal ≤ 1.3)',
      ratio(pct(hTimes, 50), pct(gTimes, 50)),
      ratio(pct(hTimes, 99), pct(gTimes, 99)),
    ]);
    row([
      'ratio handler / bare Query',
      ratio(pct(hTimes, 50), pct(qTimes, 50)),
      ratio(pct(hTimes, 99), pct(qTimes, 99)),
    ]);
    console.log(`DynamoDB requests per lookup (goal 1): ${(handlerRequests / ITERATIONS).toFixed(2)}`);
  } finally {
    await db.stop();
  }
}

async function bundleAndColdStart() {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  try {
    writeFileSync(join(dir, 'empty.ts'), 'export const handler = async () => ({});\n');
    const entries = { 'caller-lookup': 'functions/caller-lookup/handler.ts', empty: join(dir, 'empty.ts') };
    const sizes: Record<string, number> = {};
    for (const [name, entry] of Object.entries(entries)) {
      const outfile = join(dir, `${name}.mjs`);
      // The same options the CDK construct uses for the Lambda bundle.
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        minify: true,
        mainFields: ['module', 'main'],
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
      sizes[name] = statSync(outfile).size;
    }
    const cold = (name: string) => {
      const times: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const r = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const t=performance.now();await import(${JSON.stringify(join(dir, `${name}.mjs`))});process.stdout.write(String(performance.now()-t));`,
          ],
          { encoding: 'utf8', env: { ...process.env, CRM_TABLE_NAME: 'crm', AWS_REGION: 'ap-east-1' } },
        );
        times.push(Number(r.stdout));
      }
      return pct(times, 50);
    };
    const coldHandler = cold('caller-lookup');
    const coldEmpty = cold('empty');
    console.log(
      `\nLambda bundle (esbuild, ESM, minified) and cold import (median of ${COLD_RUNS} fresh processes)`,
    );
    row(['', 'size', 'cold import']);
    row(['empty handler', `${(sizes.empty as number).toLocaleString()} B`, ms(coldEmpty)]);
    row(['caller-lookup', `${((sizes['caller-lookup'] as number) / 1024).toFixed(0)} KiB`, ms(coldHandler)]);
    row([
      'ratio caller-lookup / empty',
      ratio(sizes['caller-lookup'] as number, sizes.empty as number),
      ratio(coldHandler, coldEmpty),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Simulated calls through the auto-dealer inbound flow (interpreter + real lookup handler), by data store. */
async function callsPerSecond() {
  const profile = getProfile('auto-dealer');
  const customers: Customer[] = Array.from({ length: 100 }, (_, i) => ({
    customerId: `S${i}`,
    name: `客户${i}`,
    phones: [`+86139${String(i).padStart(8, '0')}`],
    tier: 'gold',
    vip: i % 5 === 0,
    language: 'zh-CN',
  }));
  // A Monday morning; each call 2 minutes after the previous, so agents are free again.
  const start = Date.parse('2026-11-23T10:00:00+08:00');
  const run = async (crm: CrmRepository, n: number) => {
    for (const c of customers)
      if (!(await crm.getCustomer(c.customerId))) await crm.saveCustomer(c, undefined, new Date());
    const { runtime, entryFlowArn } = createProfileRuntime(profile, {
      lambdas: {
        callerLookup: createCallerLookupHandler({
          logger: new Logger({ logLevel: 'SILENT' }),
          metrics: new Metrics({ namespace: 'Bench' }),
          lookup: { crm, policy: profile, phoneRegion: 'CN', budgetMs: 1500 },
        }) as LambdaInvoker,
        // The bench measures the lookup path; the ticket submenu is not dialled.
        createTicket: (async () => degradedTicket()) as LambdaInvoker,
        // Nor is the survey answered (no keys left after the agent).
        recordSurvey: (async () => ({ surveyStatus: 'invalid', followUp: 'false' })) as LambdaInvoker,
        // Nor the order centre (the auto-dealer profile has none).
        authenticateCard: (async () => ({})) as LambdaInvoker,
        orderDesk: (async () => ({})) as LambdaInvoker,
        // Pickups are the carrier's; the auto-dealer bench never dials them.
        pickup: (async () => degradedPickup()) as LambdaInvoker,
        trackShipment: (async () => degradedTrack()) as LambdaInvoker,
        // Unknown callers on key 1 (repair) get the degraded answer: sorry, then the repair queue. No leads here.
        repairBooking: (async () => degradedBooking()) as LambdaInvoker,
        captureLead: (async () => degradedLead()) as LambdaInvoker,
        faqAnswer: (async () => ({ faqStatus: 'degraded' })) as LambdaInvoker,
      },
    });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const known = i % 2 === 0;
      await runtime.call({
        entryFlowArn,
        from: known
          ? (customers[i % customers.length]?.phones[0] as string)
          : `+86136${String(i).padStart(8, '0')}`,
        inputs: known ? [] : [String([1, 2, 3, 5, 6, 0][i % 6])],
        at: start + i * 120_000,
      });
    }
    return n / ((performance.now() - t0) / 1000);
  };
  const memory = await run(new InMemoryCrmRepository(), CALLS);
  const db = await startDynamoDbLocal();
  let dynamo: number;
  try {
    const env = await ensureLocalTables(db.endpoint, 'benchcalls');
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 5000 });
    dynamo = await run(new DynamoCrmRepository(doc, env.CRM_TABLE_NAME as string), CALLS);
  } finally {
    await db.stop();
  }
  console.log(
    `\nSimulated calls through the auto-dealer inbound flow (${CALLS} calls each: VIPs, known callers, menu keys)`,
  );
  row(['', 'calls/s']);
  row(['in-memory CRM', memory.toFixed(0)]);
  row(['DynamoDB Local CRM', dynamo.toFixed(0)]);
  row(['ratio DynamoDB Local / in-memory', ratio(dynamo, memory)]);
}

await lookupVsGetItem();
await callsPerSecond();
await scaleBenchmarks(row);
await awsExportBench(row);
await loadBench(row);
await bundleAndColdStart();
await analyticsReport(row);
await cliBench(row);
await workspaceBench(row);
await ordersBench(row);
await supervisorBench(row);
await faqBench(row);
