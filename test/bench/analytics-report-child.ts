/**
 * Child process of the analytics benchmark: the report over an exported folder in a fresh process (as
 * `hotline report` runs), printing its seconds and its own peak RSS as JSON on stdout.
 */
import { openAnalyticsDb } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { buildReport } from '../../functions/use-cases/analytics/build-report.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: analytics-report-child.ts <exported dir>');
const t0 = performance.now();
const db = await openAnalyticsDb(dir);
let bytes = 0;
try {
  bytes = (await buildReport({ engine: db, now: () => new Date() })).html.length;
} finally {
  db.close();
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
