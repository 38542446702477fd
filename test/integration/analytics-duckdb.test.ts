import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsDb,
  openAnalyticsDb,
  writeDataset,
} from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { NAMED_QUERIES } from '../../functions/core/analytics/queries.js';
import { buildReport } from '../../functions/use-cases/analytics/build-report.js';
import { CONTACTS_DATASET, SURVEYS_DATASET, TICKETS_DATASET } from '../../schemas/analytics.js';
import { analyticsData, EXPECTED } from '../support/analytics-data.js';

let root: string;
let db: AnalyticsDb;

async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hotline-analytics-'));
  const data = analyticsData();
  await writeDataset(root, CONTACTS_DATASET, each(data.contacts));
  await writeDataset(root, TICKETS_DATASET, each(data.tickets));
  await writeDataset(root, SURVEYS_DATASET, each(data.surveys));
  db = await openAnalyticsDb(root);
});

afterAll(() => {
  db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Exact match, doubles to 9 decimals. */
function expectRows(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
) {
  expect(actual.map((r) => Object.keys(r))).toEqual(expected.map((r) => Object.keys(r)));
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => {
    for (const [k, v] of Object.entries(expected[i] ?? {})) {
      if (typeof v === 'number' && !Number.isInteger(v)) expect(row[k], `row ${i} ${k}`).toBeCloseTo(v, 9);
      else expect(row[k], `row ${i} ${k}`).toEqual(v);
    }
  });
}

describe('analytics on DuckDB (generated data, known answers)', () => {
  it('writes the S3 layout: <dataset>/dt=<yyyy-mm-dd>/part-0.parquet, dt not a column in the files', async () => {
    expect(readdirSync(join(root, 'contacts')).sort()).toEqual([
      'dt=2026-11-23',
      'dt=2026-11-25',
      'dt=2026-12-05',
    ]);
    expect(readdirSync(join(root, 'contacts', 'dt=2026-11-23'))).toEqual(['part-0.parquet']);
    expect(readdirSync(join(root, 'surveys')).sort()).toEqual(['dt=2026-11-23', 'dt=2026-11-24']);
    expect(existsSync(join(root, 'tickets', 'dt=2026-11-23', 'part-0.parquet'))).toBe(true);
    const cols = await db.query(
      `SELECT name FROM parquet_schema('${join(root, 'contacts', 'dt=2026-11-23', 'part-0.parquet')}') WHERE num_children IS NULL`,
    );
    expect(cols.map((c) => c.name)).toEqual(CONTACTS_DATASET.columns.map((c) => c.name));
    const types = await db.query(`SELECT column_name, column_type FROM (DESCRIBE contacts)`);
    expect(types.find((t) => t.column_name === 'initiated_at')?.column_type).toBe('TIMESTAMP');
    expect(types.find((t) => t.column_name === 'dt')?.column_type).toBe('VARCHAR');
  });

  it('has a known answer for every named query', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(NAMED_QUERIES.map((q) => q.key).sort());
  });

  for (const q of NAMED_QUERIES) {
    it(`${q.key}: ${q.name}`, async () => {
      expectRows(await db.query(q.sql), EXPECTED[q.key] ?? []);
    });
  }

  it('limits the views to --from/--to (inclusive days)', async () => {
    const limited = await openAnalyticsDb(root, { from: '2026-11-24', to: '2026-11-30' });
    try {
      expect(await limited.counts()).toEqual({
        contacts: 2,
        tickets: 0,
        surveys: 5,
        evaluations: 0,
        campaign_attempts: 0,
        bookings: 0,
        leads: 0,
        pickups: 0,
        orders: 0,
        order_supply: 0,
        order_positions: 0,
      });
      const abandonment = NAMED_QUERIES.find((q) => q.key === 'abandonment_rate');
      expect(await limited.query(abandonment?.sql ?? '')).toEqual([
        { dt: '2026-11-25', queued: 0, abandoned: 0, abandonment_rate: null },
      ]);
    } finally {
      limited.close();
    }
  });

  it('runs every query over an empty export (no files): empty views of the right columns', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hotline-analytics-empty-'));
    const none = await openAnalyticsDb(empty);
    try {
      const report = await buildReport({ engine: none, now: () => new Date('2026-12-01T00:00:00Z') });
      expect(report.results).toHaveLength(NAMED_QUERIES.length);
      expect(report.counts).toEqual({
        contacts: 0,
        tickets: 0,
        surveys: 0,
        evaluations: 0,
        campaign_attempts: 0,
        bookings: 0,
        leads: 0,
        pickups: 0,
        orders: 0,
        order_supply: 0,
        order_positions: 0,
      });
      expect(report.html).toContain('no data in this period');
    } finally {
      none.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('re-export replaces a dataset (no stale partitions)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-analytics-re-'));
    try {
      const data = analyticsData();
      await writeDataset(dir, CONTACTS_DATASET, each(data.contacts));
      const again = await writeDataset(dir, CONTACTS_DATASET, each(data.contacts.slice(0, 5)));
      expect(again).toMatchObject({ rows: 5, partitions: ['2026-11-23'] });
      expect(readdirSync(join(dir, 'contacts'))).toEqual(['dt=2026-11-23']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
