/**
 * The hourly export in AWS (issue 17 item 2): its S3 writer (Rust's Parquet writer as WebAssembly, parquet-wasm: the
 * Lambda bundle has no native module) against DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY dt) of rows with the same
 * columns and days, each in its own process (time and peak RSS), and the writer at 10× the rows with the same batch
 * size: its peak memory follows the batch, not the row count. `npx tsx test/bench/export-aws.ts` runs it alone.
 *
 * The writer and COPY are run BENCH_EXPORT_REPEAT times (5), interleaved, and each side's fastest run is shown (the
 * same rule for both: on a shared machine the fastest run is the one least slowed by other work); the writer's own
 * time is its fastest run less that process's generating pass; peak RSS is the largest of the runs. The writer's
 * encoding thread is started before its clock, as COPY's table is built before COPY's (the start is shown). CPU seconds (user + system, all threads) are shown beside the wall-clock time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildResult, fastest, runChild } from './child.js';

type Row = (cells: string[]) => void;

const child = (...args: string[]) => runChild('export-aws-child.ts', ...args);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export async function awsExportBench(row: Row): Promise<void> {
  const ROWS = Number(process.env.BENCH_AWS_EXPORT_ROWS ?? 1_000_000);
  const BATCH = Number(process.env.BENCH_AWS_EXPORT_BATCH ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-aws-export-'));
  const REPEAT = Math.max(1, Number(process.env.BENCH_EXPORT_REPEAT ?? 5));
  try {
    const small = child('aws', String(Math.ceil(ROWS / 10)), String(BATCH));
    // The writer as it was: every row of the run held until the end (one batch as large as the table).
    const whole = child('aws', String(ROWS), String(ROWS));
    const fulls: ChildResult[] = [];
    const copies: ChildResult[] = [];
    for (let r = 0; r < REPEAT; r++) {
      fulls.push(child('aws', String(ROWS), String(BATCH)));
      copies.push(child('copy', String(ROWS), join(dir, `copy-${r}`)));
    }
    // The fastest run, as for COPY; the writer's own time is that run less the same process's pass generating the
    // rows alone (same JIT, same moment of the machine's load). Not the run where the difference is least: that
    // would favour a run whose generating pass happened to be slowed.
    const full = fastest(fulls);
    const copy = fastest(copies);
    if (copy.rows !== ROWS || full.rows !== ROWS)
      throw new Error('export and COPY wrote different row counts');
    const generate = full.generateSeconds ?? 0;
    const generateCpu = full.generateCpuSeconds ?? 0;
    console.log(
      `\nHourly export in AWS (S3 writer): ${ROWS.toLocaleString('en')} survey rows over 30 days, batches of ${BATCH.toLocaleString('en')} (own processes, fastest of ${REPEAT})`,
    );
    row(['', 'seconds', 'CPU seconds', 'rows/s', 'peak RSS']);
    const line = (name: string, r: ChildResult, rows = ROWS, rss = r.maxRssBytes) =>
      row([name, r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), (rows / r.seconds).toFixed(0), mb(rss)]);
    line('S3 Parquet writer', full, ROWS, Math.max(...fulls.map((f) => f.maxRssBytes)));
    line(`same, ${small.rows.toLocaleString('en')} rows`, small, small.rows);
    line('all rows in one batch (unbounded)', whole);
    line('DuckDB COPY … TO parquet', copy, ROWS, Math.max(...copies.map((c) => c.maxRssBytes)));
    row(['rows generated alone', generate.toFixed(2), generateCpu.toFixed(2), (ROWS / generate).toFixed(0)]);
    row([
      full.threaded ? 'encoding thread start (before the clock)' : 'no encoding thread (one core)',
      (full.startSeconds ?? 0).toFixed(2),
    ]);
    row(['ratio S3 writer / COPY (goal ≤ 3)', ratio(full.seconds - generate, copy.seconds)]);
    row(['same, with generating the rows', ratio(full.seconds, copy.seconds)]);
    row(['CPU ratio, without generating', ratio(full.cpuSeconds - generateCpu, copy.cpuSeconds)]);
    row([
      'peak RSS, 10× the rows (goal ≈ 1)',
      ratio(Math.max(...fulls.map((f) => f.maxRssBytes)), small.maxRssBytes),
    ]);
    row(['peak RSS, one batch / batches', ratio(whole.maxRssBytes, full.maxRssBytes)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await awsExportBench((cells) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(14))).join('')),
  );
