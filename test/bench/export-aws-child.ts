/**
 * Child process of the AWS export benchmark (export-aws.ts), so each measure has its own peak RSS:
 *   export-aws-child.ts aws N BATCH   the scheduled export's S3 writer (s3ParquetWriter, parquet-wasm) of N
 *                                     survey rows streamed from a generator, `BATCH` rows per part, to an S3
 *                                     client that counts the bytes and keeps nothing (the network is not measured);
 *                                     the generator alone is timed too (generateSeconds), in a pass before
 *   export-aws-child.ts copy N DIR    DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY dt) of N rows with the
 *                                     same columns and days, built in a DuckDB table first (not timed)
 * Prints one JSON line: seconds, cpuSeconds (user + system, all threads, of the timed part), generateSeconds (and CPU), rows,
 * bytes and maxRssBytes.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { s3ParquetWriter } from '../../functions/adapters/s3/analytics-parquet.js';
import { batchEncoder } from '../../functions/adapters/s3/parquet-threads.js';
import { SURVEYS_DATASET, type SurveyRow } from '../../schemas/analytics.js';
import { isoOfMillis } from '../support/analytics-data.js';

const DAYS = 30;
const DAY0 = Date.parse('2026-11-01T00:00:00Z');

function* surveys(n: number): Generator<SurveyRow> {
  for (let i = 0; i < n; i++)
    yield {
      contact_id: `c-${i.toString(36).padStart(8, '0')}`,
      score: (i % 5) + 1,
      answer2: i % 3 === 0 ? null : (i % 2) + 1,
      agent_id: `agent-${i % 40}`,
      queue: `queue-${i % 6}`,
      customer_id: i % 4 === 0 ? null : `C-${i % 100_000}`,
      answered_at: isoOfMillis(DAY0 + (i % DAYS) * 86_400_000 + (i % 86_400) * 1000),
    };
}

async function* streamed<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

const [mode, a, b] = process.argv.slice(2);
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
let seconds = 0;
let cpuSeconds = 0;
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
let generateSeconds = 0;
let startSeconds = 0;
let threaded = false;
let generateCpuSeconds = 0;
let rows = 0;
let bytes = 0;
if (mode === 'aws' && a && b) {
  const s3 = {
    send: async (cmd: { input: { Body?: Uint8Array } }) => {
      bytes += cmd.input.Body?.byteLength ?? 0;
      return {};
    },
  } as unknown as S3Client;
  // The encoding thread is started before the clock, as DuckDB's instance and table are made before COPY's: it is
  // started once per process (a warm Lambda keeps it), and run from the sources it loads TypeScript through tsx.
  const s0 = performance.now();
  threaded = (await batchEncoder()).threaded;
  startSeconds = (performance.now() - s0) / 1000;
  const write = s3ParquetWriter({ s3, bucket: 'bench', datasets: ['surveys'], batchRows: Number(b) });
  // The rows' own cost (building N objects and their ISO timestamps, streamed), timed alone in a pass before the
  // export: the second of two passes, warm as the generator is during the export (a first, cold pass is slower, and
  // subtracting it would flatter the writer).
  for (let pass = 0; pass < 2; pass++) {
    const g0 = performance.now();
    const gc0 = process.cpuUsage();
    let generated = 0;
    for await (const _ of streamed(surveys(Number(a)))) generated++;
    generateSeconds = (performance.now() - g0) / 1000;
    generateCpuSeconds = cpu(gc0);
    if (generated !== Number(a)) throw new Error('generator miscounted');
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  rows = (await write(SURVEYS_DATASET, streamed(surveys(Number(a))))).rows;
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
} else if (mode === 'copy' && a && b) {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`CREATE TABLE base AS SELECT
      'c-' || lpad(to_base(i, 36), 8, '0') AS contact_id,
      CAST(i % 5 + 1 AS BIGINT) AS score,
      CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(i % 2 + 1 AS BIGINT) END AS answer2,
      'agent-' || (i % 40) AS agent_id,
      'queue-' || (i % 6) AS queue,
      CASE WHEN i % 4 = 0 THEN NULL ELSE 'C-' || (i % 100000) END AS customer_id,
      TIMESTAMP '2026-11-01' + to_days(CAST(i % ${DAYS} AS INTEGER)) + to_seconds(i % 86400) AS answered_at,
      strftime(TIMESTAMP '2026-11-01' + to_days(CAST(i % ${DAYS} AS INTEGER)), '%Y-%m-%d') AS dt
    FROM range(${Number(a)}) t(i)`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await con.run(
    `COPY base TO ${q(b)} (FORMAT PARQUET, COMPRESSION snappy, PARTITION_BY (dt), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)`,
  );
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
  rows = Number((await con.runAndReadAll('SELECT COUNT(*) AS n FROM base')).getRowObjects()[0]?.n ?? 0);
  con.closeSync();
  instance.closeSync();
} else throw new Error('usage: export-aws-child.ts aws N BATCH | copy N DIR');
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds, generateSeconds, startSeconds, threaded, generateCpuSeconds, rows, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
