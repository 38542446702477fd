/**
 * Analytics benchmark (F16): `hotline report` over synthetic contact records (default one million,
 * BENCH_ANALYTICS_ROWS): export to Parquet (rows/s), then every named query on DuckDB plus the HTML page
 * (rows/s), and the process's peak memory (RSS high-water mark; DuckDB runs in-process, so it counts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { CONTACTS_DATASET } from '../../schemas/analytics.js';
import { syntheticContacts } from '../support/analytics-data.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

export async function analyticsReport(
  row: (cells: string[]) => void = (c) => console.log(c.join('  ')),
): Promise<void> {
  const ROWS = Number(process.env.BENCH_ANALYTICS_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-analytics-'));
  try {
    const peakBefore = peakRss();
    const t0 = performance.now();
    const written = await writeDataset(dir, CONTACTS_DATASET, syntheticContacts(ROWS));
    const exportSeconds = (performance.now() - t0) / 1000;
    const peakAfterExport = peakRss();
    // The report in a fresh process, as `hotline report` runs: its own time and peak memory.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'analytics-report-child.ts'), dir],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`report child failed: ${child.stderr}`);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      seconds: number;
      bytes: number;
      maxRssBytes: number;
    };
    const reportSeconds = report.seconds;
    const parquetBytes = written.partitions.reduce(
      (sum, dt) => sum + statSync(join(dir, 'contacts', `dt=${dt}`, 'part-0.parquet')).size,
      0,
    );
    console.log(
      `\nAnalytics: ${ROWS.toLocaleString('en')} synthetic contacts, ${written.partitions.length} days (Parquet ${mb(parquetBytes)}, report ${(report.bytes / 1024).toFixed(0)} KB)`,
    );
    row(['', 'seconds', 'rows/s', 'peak RSS']);
    row([
      'export (rows → Parquet)',
      exportSeconds.toFixed(2),
      (ROWS / exportSeconds).toFixed(0),
      `${mb(peakAfterExport)}${peakAfterExport > peakBefore ? '' : ' (earlier)'}`,
    ]);
    row([
      'report (own process)',
      reportSeconds.toFixed(2),
      (ROWS / reportSeconds).toFixed(0),
      mb(report.maxRssBytes),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
