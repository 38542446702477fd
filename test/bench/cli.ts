/**
 * CLI benchmark (issue 10, "a CLI that answers at once"), each figure against a bare baseline run
 * beside it in the same run:
 * - `hotline --help` vs a bare `node -e ""` process (goal within 3×);
 * - `hotline crm show` with the home's DynamoDB Local up vs a bare Node script making the same
 *   GetItem (test/bench/cli-get-item.mjs) (goal within 2×);
 * - `hotline crm import` of BENCH_IMPORT_ROWS customers (default 20,000) vs a bare BatchWriteItem
 *   loop writing the same items (customer, lookup item per number, card claim) (goal at least 0.5×).
 * Process timings are medians of BENCH_CLI_RUNS runs (default 15), interleaved.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import { closeDocumentClient } from '../../infra/local/local-data.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import { CRM_TABLE } from '../../schemas/tables.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = resolve(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Wall time of one child process, in ms; throws if it fails. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const elapsed = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return elapsed;
}

/** Alternate the two commands RUNS times; medians in ms. */
function sideBySide(a: readonly string[], b: readonly string[], env: NodeJS.ProcessEnv) {
  const ta: number[] = [];
  const tb: number[] = [];
  timed(a, env); // warm the disk cache for both
  timed(b, env);
  for (let i = 0; i < RUNS; i++) {
    ta.push(timed(a, env));
    tb.push(timed(b, env));
  }
  return { a: median(ta), b: median(tb) };
}

/** `n` customers as an operator's CSV: one number each, a second for every third, a card for every other. */
function customersCsv(n: number): { csv: string; customers: BenchCustomer[] } {
  const customers: BenchCustomer[] = [];
  const lines = ['customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId'];
  for (let i = 0; i < n; i++) {
    const first = 13_000_000_000 + i * 2;
    const phones = i % 3 === 0 ? [`+86${first}`, `+86${first + 1}`] : [`+86${first}`];
    const c: BenchCustomer = {
      customerId: `BX-${String(i).padStart(6, '0')}`,
      name: `客户${i}`,
      phones,
      tier: (['standard', 'silver', 'gold', 'platinum'] as const)[i % 4] as string,
      vip: i % 10 === 0,
      branch: `b${i % 7}`,
      language: 'zh-CN',
      ...(i % 2 ? { cardNumber: `CARD-${i}` } : {}),
    };
    customers.push(c);
    lines.push(
      [
        c.customerId,
        c.name,
        phones.join(';'),
        c.tier,
        c.vip ? 'yes' : 'no',
        c.branch,
        c.language,
        c.cardNumber ?? '',
        '',
      ].join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, customers };
}

interface BenchCustomer {
  customerId: string;
  name: string;
  phones: string[];
  tier: string;
  vip: boolean;
  branch: string;
  language: string;
  cardNumber?: string;
}

/** The items an import writes for these customers, as plain puts. */
function importItems(customers: readonly BenchCustomer[]): Record<string, unknown>[] {
  const at = new Date().toISOString();
  return customers.flatMap((c) => {
    const copy = {
      customerId: c.customerId,
      name: c.name,
      tier: c.tier,
      vip: c.vip,
      branch: c.branch,
      language: c.language,
    };
    return [
      { ...crmKeys.customer(c.customerId), entity: 'customer', ...c, createdAt: at, updatedAt: at },
      ...c.phones.map((phone) => ({
        ...crmKeys.phone(phone),
        entity: 'phone',
        phone,
        ...copy,
        updatedAt: at,
      })),
      ...(c.cardNumber
        ? [{ ...crmKeys.card(c.cardNumber), entity: 'card', customerId: c.customerId, updatedAt: at }]
        : []),
    ];
  });
}

/** BatchWriteItem, 25 items a request, `concurrency` requests in flight; seconds. */
async function bareBatchWrite(
  endpoint: string,
  table: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
) {
  const doc = createDocumentClient({ endpoint, requestTimeoutMs: 30_000, maxAttempts: 5 });
  try {
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25)
      chunks.push(items.slice(i, i + 25) as Record<string, unknown>[]);
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let pending: Record<string, unknown>[] | undefined = (
          chunks[next++] as Record<string, unknown>[]
        ).map((Item) => ({ PutRequest: { Item } }));
        while (pending?.length) {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
          pending = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (performance.now() - t0) / 1000;
  } finally {
    closeDocumentClient(doc);
  }
}

export async function cliBench(
  row: (cells: string[]) => void = (c) => console.log(c.join('  ')),
): Promise<void> {
  // What users run: the prebuilt CLI (built on install; rebuilt here in case sources changed).
  // (BENCH_CLI_NO_BUILD=1: use bin/dist as it is, e.g. while tests run the CLI from it.)
  if (!process.env.BENCH_CLI_NO_BUILD) {
    const built = spawnSync(process.execPath, ['bin/build.mjs', '--quiet'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`bin/build.mjs failed: ${built.stderr}`);
  }
  const home = mkdtempSync(join(tmpdir(), 'hotline-bench-cli-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOTLINE_HOME: home,
    HOTLINE_DYNAMODB_IDLE: '10m',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  try {
    const help = sideBySide(['-e', ''], ['bin/hotline.js', '--help'], env);
    console.log(`\nCLI start (medians of ${RUNS} runs, interleaved)`);
    row(['', 'ms']);
    row(['bare node -e ""', help.a.toFixed(0)]);
    row(['hotline --help', help.b.toFixed(0)]);
    row(['ratio (goal ≤ 3)', `${(help.b / help.a).toFixed(2)}×`]);

    // The first command starts the home's DynamoDB Local; the rest find it running.
    timed(['bin/hotline.js', 'crm', 'import', 'infra/local/seed/auto-dealer.csv'], env);
    const state = JSON.parse(readFileSync(join(home, 'dynamodb.json'), 'utf8')) as { endpoint: string };
    const crmTable = (await ensureLocalTables(state.endpoint))[CRM_TABLE.envVar] as string;
    const show = sideBySide(
      ['test/bench/cli-get-item.mjs', state.endpoint, crmTable, '+8613800138000'],
      ['bin/hotline.js', 'crm', 'show', '138-0013-8000'],
      env,
    );
    console.log(`\nhotline crm show, DynamoDB Local up (medians of ${RUNS} runs, interleaved)`);
    row(['', 'ms']);
    row(['bare node script, one GetItem', show.a.toFixed(0)]);
    row(['hotline crm show', show.b.toFixed(0)]);
    row(['ratio (goal ≤ 2)', `${(show.b / show.a).toFixed(2)}×`]);

    const { csv, customers } = customersCsv(IMPORT_ROWS);
    const file = join(home, 'customers.csv');
    writeFileSync(file, csv);
    const importSeconds = timed(['bin/hotline.js', 'crm', 'import', file], env) / 1000;
    const againSeconds = timed(['bin/hotline.js', 'crm', 'import', file], env) / 1000;
    const bareTable = (await ensureLocalTables(state.endpoint, 'benchbare'))[CRM_TABLE.envVar] as string;
    const items = importItems(customers);
    const bareSeconds = await bareBatchWrite(state.endpoint, bareTable, items);
    const importRate = IMPORT_ROWS / importSeconds;
    const bareRate = IMPORT_ROWS / bareSeconds;
    console.log(
      `\nhotline crm import of ${IMPORT_ROWS} customers (${items.length} items), DynamoDB Local up`,
    );
    row(['', 'customers/s']);
    row([`hotline crm import (${importSeconds.toFixed(1)} s, whole command)`, importRate.toFixed(0)]);
    row([
      `same file again, unchanged (${againSeconds.toFixed(1)} s)`,
      (IMPORT_ROWS / againSeconds).toFixed(0),
    ]);
    row([`bare BatchWriteItem, 25/request, 8 in flight (${bareSeconds.toFixed(1)} s)`, bareRate.toFixed(0)]);
    row(['ratio import / BatchWriteItem (goal ≥ 0.5)', `${(importRate / bareRate).toFixed(2)}×`]);
  } finally {
    spawnSync(process.execPath, ['bin/hotline.js', 'db', 'stop'], { cwd: root, env });
    rmSync(home, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/cli.ts`: this benchmark alone.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await cliBench();
