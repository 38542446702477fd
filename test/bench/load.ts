/**
 * Load (issue 17 item 3): 1,000 calls through the real auto-dealer flows and handlers on one DynamoDB Local, 32 in
 * flight (test/support/load-calls.ts; test/integration/load-calls.test.ts proves nothing is lost or doubled), then
 * every CTR through the ingestion handler. Reports calls per second, the in-call Lambdas' latency (p50/p99, as the
 * interpreter measured each invocation) and how many answered their degraded default under that load, beside the
 * same calls one at a time. Runs alone too: `npx tsx test/bench/load.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import { type LoadRun, percentile, runLoad } from '../support/load-calls.js';

type Row = (cells: string[]) => void;

const degraded = (run: LoadRun) =>
  run.results.reduce(
    (n, r) =>
      n +
      r.lambdas.filter((l) => {
        const resp = l.response as Record<string, unknown> | undefined;
        return (
          l.error !== undefined ||
          l.timedOut === true ||
          resp?.lookupStatus === 'degraded' ||
          resp?.ticketStatus === 'degraded' ||
          resp?.surveyStatus === 'error'
        );
      }).length,
    0,
  );

export async function loadBench(row: Row): Promise<void> {
  const CALLS = Number(process.env.BENCH_LOAD_CALLS ?? 1000);
  const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 32);
  const db = await startDynamoDbLocal();
  const home = mkdtempSync(join(tmpdir(), 'hotline-bench-load-'));
  try {
    const measure = async (prefix: string, concurrency: number, calls: number) =>
      runLoad({
        tableEnv: await ensureLocalTables(db.endpoint, prefix),
        endpoint: db.endpoint,
        home,
        calls,
        concurrency,
      });
    // The same mix one call at a time (a tenth of the calls), for the latency without contention.
    const single = await measure('loadone', 1, Math.max(10, Math.floor(CALLS / 10)));
    const loaded = await measure('loadmany', CONCURRENCY, CALLS);
    console.log(
      `\nLoad: ${CALLS} calls through the auto-dealer flows and real handlers on DynamoDB Local, ${CONCURRENCY} in flight`,
    );
    row(['', 'calls/s', 'Lambda p50', 'Lambda p99', 'degraded']);
    for (const [name, run] of [
      ['one call at a time', single],
      [`${CONCURRENCY} in flight`, loaded],
    ] as const)
      row([
        name,
        (run.results.length / run.callSeconds).toFixed(1),
        `${percentile(run.lambdaLatencies, 50).toFixed(0)} ms`,
        `${percentile(run.lambdaLatencies, 99).toFixed(0)} ms`,
        `${degraded(run)} of ${run.lambdaLatencies.length}`,
      ]);
    row([
      'then ingestion of every CTR',
      `${(loaded.results.length / loaded.ingestSeconds).toFixed(0)} CTR/s`,
      `${loaded.deliveries} deliveries`,
    ]);
  } finally {
    rmSync(home, { recursive: true, force: true });
    await db.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  await loadBench((cells) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(14))).join('')),
  );
}
