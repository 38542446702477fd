/**
 * Child process of the export benchmark (scale.ts), so each measure has its own peak RSS:
 *   export-child.ts generate N      time to generate N synthetic contact rows (the input's own cost)
 *   export-child.ts export N DIR    `writeDataset` of N rows (streamed from the generator) into DIR; the generator
 *                                   alone is timed too (generateSeconds), in a pass before
 *   export-child.ts memory N DIR    `writeDataset` of N rows already in memory (an array made before the clock, as COPY's
 *                                   table is loaded before its clock): no input to subtract
 *   export-child.ts copy DIR OUT    DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY dt) of the same rows,
 *                                   loaded into a DuckDB table first (not timed)
 * Prints one JSON line: seconds, cpuSeconds (user + system, all threads, of the timed part), rows and maxRssBytes.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { batchEncoder } from '../../functions/adapters/s3/parquet-threads.js';
import { CONTACTS_DATASET } from '../../schemas/analytics.js';
import { syntheticContacts } from '../support/analytics-data.js';

const [mode, a, b] = process.argv.slice(2);
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
let seconds = 0;
let cpuSeconds = 0;
let generateSeconds = 0;
let startSeconds = 0;
let threaded = false;
let generateCpuSeconds = 0;
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
let rows = 0;
if (mode === 'generate') {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const r of syntheticContacts(Number(a))) rows += r.contact_id ? 1 : 0;
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
} else if (mode === 'export' && b) {
  // The encoding thread is started before the clock, as DuckDB's instance and table are made before COPY's (see
  // export-aws-child.ts).
  const s0 = performance.now();
  threaded = (await batchEncoder()).threaded;
  startSeconds = (performance.now() - s0) / 1000;
  // The rows' own cost, timed alone in a pass before the export (same process: same JIT, same moment): the second
  // of two passes, warm as the generator is during the export (subtracting a cold pass would flatter the export).
  for (let pass = 0; pass < 2; pass++) {
    const g0 = performance.now();
    const gc0 = process.cpuUsage();
    let generated = 0;
    for (const r of syntheticContacts(Number(a))) generated += r.contact_id ? 1 : 0;
    generateSeconds = (performance.now() - g0) / 1000;
    generateCpuSeconds = cpu(gc0);
    if (generated !== Number(a)) throw new Error('generator miscounted');
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  rows = (await writeDataset(b, CONTACTS_DATASET, syntheticContacts(Number(a)))).rows;
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
} else if (mode === 'memory' && b) {
  threaded = (await batchEncoder()).threaded;
  const input = [...syntheticContacts(Number(a))];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  rows = (await writeDataset(b, CONTACTS_DATASET, input)).rows;
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
} else if (mode === 'copy' && a && b) {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(
    `CREATE TABLE base AS SELECT * FROM read_parquet(${q(join(a, 'contacts', '*', '*.parquet'))}, hive_partitioning = true, hive_types = {'dt': VARCHAR})`,
  );
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await con.run(
    `COPY base TO ${q(b)} (FORMAT PARQUET, PARTITION_BY (dt), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)`,
  );
  seconds = (performance.now() - t0) / 1000;
  cpuSeconds = cpu(c0);
  rows = Number((await con.runAndReadAll('SELECT COUNT(*) AS n FROM base')).getRowObjects()[0]?.n ?? 0);
  con.closeSync();
  instance.closeSync();
} else throw new Error('usage: export-child.ts generate N | export N DIR | memory N DIR | copy DIR OUT');
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds, generateSeconds, startSeconds, threaded, generateCpuSeconds, rows, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
