/**
 * Supervisor console benchmark (F16, F17), side by side in one run:
 * - the wallboard over 500 agents and 50 queues (snapshot of the local ACD + the tiles, thresholds and breaches)
 *   against only reading the ACD's state (every agent's state and since, every waiting contact, every queue);
 *   goal ≤ 2×;
 * - the agent-performance query over 1,000,000 contacts (BENCH_ANALYTICS_ROWS) through our DuckDB adapter (the
 *   views `hotline report` opens, rows converted for JS) against the same SQL in bare DuckDB over the same
 *   Parquet files; goal ≤ 1.5×.
 * The Connect adapter's API calls per refresh are counted in its unit test (7 at most for up to 100 queues).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalAcd } from '../../contact-flows/runtime/acd.js';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { snapshotOfAcd } from '../../functions/adapters/local/acd-wallboard.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { computeWallboard } from '../../functions/core/supervision/wallboard.js';
import {
  CONTACTS_DATASET,
  DUCKDB_TYPES,
  EVALUATIONS_DATASET,
  SURVEYS_DATASET,
} from '../../schemas/analytics.js';
import { syntheticContacts } from '../support/analytics-data.js';

const INSTANCE = 'arn:aws:connect:local:000000000000:instance/bench';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** 50 queues, 500 agents each serving 5 queues, 300 callers waiting, agents in every state. */
export function benchAcd(): LocalAcd {
  const acd = new LocalAcd({ instanceArn: INSTANCE });
  const queues = Array.from({ length: 50 }, (_, i) =>
    acd.addQueue({ arn: `${INSTANCE}/queue/q${i}`, name: `Queue ${i}` }),
  );
  const t0 = Date.parse('2026-11-23T02:00:00Z');
  const states = ['Available', 'Busy', 'AfterContactWork', 'Offline', 'NonProductive'] as const;
  for (let a = 0; a < 500; a++) {
    acd.addAgent({
      id: `agent-${a}`,
      username: `agent${a}`,
      routingProfile: {
        queues: Array.from({ length: 5 }, (_, k) => ({
          queueArn: queues[(a + k * 7) % 50]?.arn ?? '',
          priority: k + 1,
        })),
      },
    });
    acd.setAgentState(`agent-${a}`, states[a % states.length] ?? 'Available', t0 - (a % 300) * 1000);
  }
  for (let w = 0; w < 300; w++)
    acd.enqueue({ contactId: `w${w}`, queue: queues[w % 50]?.arn ?? '', enqueuedAt: t0 - (w % 120) * 1000 });
  return acd;
}

function wallboardBench(row: (cells: string[]) => void): void {
  const acd = benchAcd();
  const at = new Date('2026-11-23T02:05:00Z');
  const settings = {
    serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
    queueWaitSeconds: 60,
    agentAcwSeconds: 120,
    refreshSeconds: 15,
  };
  let sink = 0;
  // The ACD's own read API: each queue's waiting contacts and agents by state (what the runtime answers
  // GetCurrentMetricData with), and each agent's state and since.
  const queueArns = acd
    .queues()
    .filter((q) => q.type === 'STANDARD')
    .map((q) => q.arn);
  const readState = () => {
    const now = at.getTime();
    for (const arn of queueArns) {
      const q = acd.queueMetrics(arn, now);
      const c = acd.agentMetrics(arn, now);
      sink += q.size + (q.oldestAgeSeconds ?? 0) + c.available + c.busy + c.afterContactWork + c.online;
    }
    for (const a of acd.agents()) sink += acd.stateAt(a, now).lastActivityAt + acd.stateSinceAt(a, now);
  };
  // A bare loop over the raw fields, no metrics: the floor of any reading.
  const rawLoop = () => {
    const now = at.getTime();
    for (const a of acd.agents()) sink += acd.stateAt(a, now).lastActivityAt + acd.stateSinceAt(a, now);
    for (const w of acd.waiting()) sink += w.enqueuedAt;
  };
  const wallboard = () => {
    sink += computeWallboard(snapshotOfAcd(acd, at), settings).breaches.length;
  };
  const ITER = Number(process.env.BENCH_WALLBOARD_ITERATIONS ?? 300);
  for (let i = 0; i < 30; i++) {
    readState();
    wallboard();
  }
  const base: number[] = [];
  const raw: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < ITER; i++) {
    let t = performance.now();
    readState();
    base.push(performance.now() - t);
    t = performance.now();
    rawLoop();
    raw.push(performance.now() - t);
    t = performance.now();
    wallboard();
    ours.push(performance.now() - t);
  }
  const b = median(base);
  const o = median(ours);
  console.log(
    `\nSupervisor wallboard: 500 agents, 50 queues, 300 callers waiting (median of ${ITER}; sink ${sink % 7})`,
  );
  row(['', 'median', 'ratio']);
  row(['read the ACD state (its own API)', `${b.toFixed(3)} ms`, '1.00×']);
  row(['wallboard (snapshot + tiles)', `${o.toFixed(3)} ms`, `${(o / b).toFixed(2)}× (goal ≤ 2)`]);
  const r = median(raw);
  row(['(bare loop over raw fields)', `${r.toFixed(3)} ms`, `wallboard ${(o / r).toFixed(1)}× it`]);
}

async function agentPerformanceBench(row: (cells: string[]) => void): Promise<void> {
  const ROWS = Number(process.env.BENCH_ANALYTICS_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-agents-'));
  try {
    await writeDataset(dir, CONTACTS_DATASET, syntheticContacts(ROWS));
    const sql = namedQuery('agent_performance').sql;
    const ours = async () => {
      const t = performance.now();
      const db = await openAnalyticsDb(dir);
      try {
        const rows = await db.query(sql);
        if (rows.length === 0) throw new Error('no agents');
      } finally {
        db.close();
      }
      return performance.now() - t;
    };
    // Bare DuckDB: the same SQL over the same files, views defined by hand, rows left in DuckDB's format.
    const bare = async () => {
      const t = performance.now();
      const instance = await DuckDBInstance.create(':memory:');
      const con = await instance.connect();
      try {
        await con.run(
          `CREATE VIEW contacts AS SELECT * FROM read_parquet('${join(dir, 'contacts', '*', '*.parquet')}', hive_partitioning = true, hive_types = {'dt': VARCHAR})`,
        );
        for (const ds of [SURVEYS_DATASET, EVALUATIONS_DATASET])
          await con.run(
            `CREATE VIEW ${ds.name} AS SELECT ${ds.columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${c.name}`).join(', ')}, CAST(NULL AS VARCHAR) AS dt WHERE 1 = 0`,
          );
        const reader = await con.runAndReadAll(sql);
        if (reader.currentRowCount === 0) throw new Error('no agents');
      } finally {
        con.closeSync();
        instance.closeSync();
      }
      return performance.now() - t;
    };
    await ours();
    await bare();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i++) {
      b.push(await bare());
      a.push(await ours());
    }
    const mb = median(b);
    const ma = median(a);
    console.log(
      `\nAgent performance: ${ROWS.toLocaleString('en')} synthetic contacts, 50 agents (median of 3)`,
    );
    row(['', 'seconds', 'ratio']);
    row(['bare DuckDB, same SQL', (mb / 1000).toFixed(2), '1.00×']);
    row(['agent_performance (adapter)', (ma / 1000).toFixed(2), `${(ma / mb).toFixed(2)}× (goal ≤ 1.5)`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function supervisorBench(
  row: (cells: string[]) => void = (c) => console.log(c.join('  ')),
): Promise<void> {
  wallboardBench(row);
  await agentPerformanceBench(row);
}

// Run alone: `npx tsx test/bench/supervisor.ts`.
if (process.argv[1]?.endsWith('supervisor.ts') && import.meta.url === `file://${process.argv[1]}`)
  await supervisorBench();
