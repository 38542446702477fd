/**
 * The hourly export in AWS (issue 17 item 2): its S3 writer (Rust's Parquet writer as WebAssembly, parquet-wasm: the
 * Lambda bundle has no native module) against DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY dt) of rows with the same
 * columns and days, each in its own process (time and peak RSS), and the writer at 10× the rows with the same batch
 * size: its peak memory follows the batch, not the row count. `npx tsx test/bench/export-aws.ts` runs it alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Row = (cells: string[]) => void;

interface ChildResult {
  readonly seconds: number;
  /** Time to generate the rows alone (aws mode), measured in a pass of its own. */
  readonly generateSeconds?: number;
  readonly rows: number;
  readonly maxRssBytes: number;
}

function child(...args: string[]): ChildResult {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'export-aws-child.ts'), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (out.status !== 0) throw new Error(`export-aws child ${args[0]} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export async function awsExportBench(row: Row): Promise<void> {
  const ROWS = Number(process.env.BENCH_AWS_EXPORT_ROWS ?? 1_000_000);
  const BATCH = Number(process.env.BENCH_AWS_EXPORT_BATCH ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-aws-export-'));
  try {
    const small = child('aws', String(Math.ceil(ROWS / 10)), String(BATCH));
    const full = child('aws', String(ROWS), String(BATCH));
    // The writer as it was: every row of the run held until the end (one batch as large as the table).
    const whole = child('aws', String(ROWS), String(ROWS));
    const copy = child('copy', String(ROWS), join(dir, 'copy'));
    if (copy.rows !== ROWS || full.rows !== ROWS)
      throw new Error('export and COPY wrote different row counts');
    console.log(
      `\nHourly export in AWS (S3 writer): ${ROWS.toLocaleString('en')} survey rows over 30 days, batches of ${BATCH.toLocaleString('en')} (own processes)`,
    );
    row(['', 'seconds', 'rows/s', 'peak RSS']);
    row([
      'S3 Parquet writer',
      full.seconds.toFixed(2),
      (ROWS / full.seconds).toFixed(0),
      mb(full.maxRssBytes),
    ]);
    row([
      `same, ${small.rows.toLocaleString('en')} rows`,
      small.seconds.toFixed(2),
      (small.rows / small.seconds).toFixed(0),
      mb(small.maxRssBytes),
    ]);
    row([
      'all rows in one batch (unbounded)',
      whole.seconds.toFixed(2),
      (ROWS / whole.seconds).toFixed(0),
      mb(whole.maxRssBytes),
    ]);
    row([
      'DuckDB COPY … TO parquet',
      copy.seconds.toFixed(2),
      (ROWS / copy.seconds).toFixed(0),
      mb(copy.maxRssBytes),
    ]);
    const generate = full.generateSeconds ?? 0;
    row(['rows generated alone', generate.toFixed(2), (ROWS / generate).toFixed(0)]);
    row(['ratio S3 writer / COPY (goal ≤ 3)', ratio(full.seconds, copy.seconds)]);
    row(['same, without generating the rows', ratio(full.seconds - generate, copy.seconds)]);
    row(['peak RSS, 10× the rows (goal ≈ 1)', ratio(full.maxRssBytes, small.maxRssBytes)]);
    row(['peak RSS, one batch / batches', ratio(whole.maxRssBytes, full.maxRssBytes)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await awsExportBench((cells) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(14))).join('')),
  );
