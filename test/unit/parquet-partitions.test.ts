/**
 * The export's Parquet writer (issue 17 item 2), shared by `hotline export` and the hourly AWS export: rows held per
 * day as typed columns and encoded by parquet-wasm. Read back by DuckDB, as the analytics queries read them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { isoMillis } from '../../functions/adapters/s3/parquet-encoder.js';
import {
  CONTACTS_DATASET,
  type ContactRow,
  SURVEYS_DATASET,
  type SurveyRow,
} from '../../schemas/analytics.js';

const root = mkdtempSync(join(tmpdir(), 'hotline-parquet-partitions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

describe('isoMillis (timestamps of the stored items)', () => {
  it('reads every ISO string exactly as Date.parse does, fast path or not', () => {
    const forms = fc.oneof(
      fc
        .date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      fc
        .date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      fc.constantFrom(
        '2026-11-23T10:00:00+08:00',
        '2026-02-29T00:00:00Z',
        '2024-02-29T12:00:00.000Z',
        '2026-11-31T00:00:00Z',
        '2026-11-23T24:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-11-23',
        '2026-11-23T1a:00:00Z',
        'not a date',
      ),
    );
    const run = fc.check(
      fc.property(forms, (s) => Object.is(isoMillis(s), Date.parse(s))),
      { numRuns: 2000 },
    );
    process.stdout.write(`isoMillis = Date.parse: ${run.numRuns} case(s) tried\n`);
    expect(run.failed, String(run.counterexample)).toBe(false);
  });
});

const survey = (i: number, answered_at: string): SurveyRow => ({
  contact_id: `c-${i}`,
  score: (i % 5) + 1,
  answer2: i % 3 === 0 ? null : 2,
  agent_id: `agent-${i % 3}`,
  queue: i % 2 ? '售后服务' : 'Sales',
  customer_id: i % 4 === 0 ? null : `C-${i}`,
  answered_at,
});

describe('writeDataset (hotline export)', () => {
  it('writes each day as parts of at most batchRows rows that DuckDB reads back exactly', async () => {
    // Days interleaved (the writer holds all of them), one day with more rows than a batch.
    const rows = Array.from({ length: 23 }, (_, i) =>
      survey(
        i,
        i < 15
          ? `2026-11-23T0${i % 10}:05:00.${String(i).padStart(3, '0')}Z`
          : `2026-11-2${i % 2 ? 2 : 4}T23:59:59Z`,
      ),
    );
    const out = join(root, 'parts');
    const written = await writeDataset(out, SURVEYS_DATASET, rows, { batchRows: 4 });
    expect(written).toMatchObject({ rows: 23, partitions: ['2026-11-22', '2026-11-23', '2026-11-24'] });
    expect(readdirSync(join(out, 'surveys', 'dt=2026-11-23')).sort()).toEqual([
      'part-0.parquet',
      'part-1.parquet',
      'part-2.parquet',
      'part-3.parquet',
    ]);
    const counts = await query(
      `SELECT filename, COUNT(*) AS n FROM read_parquet('${out}/surveys/*/*.parquet', filename = true) GROUP BY ALL`,
    );
    for (const c of counts) expect(Number(c.n)).toBeLessThanOrEqual(4);
    const back = await query(
      `SELECT * EXCLUDE (dt), strftime(answered_at, '%Y-%m-%dT%H:%M:%S.%g') AS at, dt
       FROM read_parquet('${out}/surveys/*/*.parquet', hive_partitioning = true) ORDER BY contact_id`,
    );
    const expected = [...rows]
      .sort((a, b) => (a.contact_id < b.contact_id ? -1 : 1))
      .map((r) => ({
        contact_id: r.contact_id,
        score: String(r.score),
        answer2: r.answer2 === null ? null : String(r.answer2),
        agent_id: r.agent_id,
        queue: r.queue,
        customer_id: r.customer_id,
        at: new Date(r.answered_at).toISOString().slice(0, 23),
        dt: r.answered_at.slice(0, 10),
      }));
    expect(back.map(({ answered_at: _, ...r }) => r)).toEqual(expected);
  });

  it('compresses with Snappy and keeps min/max statistics per column (engines skip files by them)', async () => {
    const out = join(root, 'statistics');
    await writeDataset(
      out,
      SURVEYS_DATASET,
      Array.from({ length: 200 }, (_, i) =>
        survey(i, `2026-11-23T${String(i % 24).padStart(2, '0')}:00:00Z`),
      ),
    );
    const meta: Record<string, Record<string, unknown>> = Object.fromEntries(
      (
        await query(
          `SELECT path_in_schema AS col, compression, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls
           FROM parquet_metadata('${out}/surveys/dt=2026-11-23/part-0.parquet')`,
        )
      ).map((r) => [r.col, r]),
    );
    expect(Object.values(meta).map((m) => m.compression)).toEqual(Array(7).fill('SNAPPY'));
    expect(meta.answered_at).toMatchObject({
      lo: '2026-11-23 00:00:00',
      hi: '2026-11-23 23:00:00',
      nulls: '0',
    });
    expect(meta.score).toMatchObject({ lo: '1', hi: '5' });
    expect(meta.customer_id).toMatchObject({ nulls: '50' });
  });

  it('writes contacts with every column type and nulls; a timestamp with an offset goes to its UTC day', async () => {
    const base: ContactRow = {
      contact_id: 'c1',
      channel: 'VOICE',
      initiation_method: 'INBOUND',
      initiated_at: '2026-11-23T10:00:00+08:00',
      disconnected_at: null,
      caller_number: '+8613900000000',
      customer_id: null,
      queue: 'Sales',
      agent_id: null,
      disconnect_reason: null,
      enqueued_at: null,
      dequeued_at: null,
      agent_connected_at: null,
      queue_seconds: 1.5,
      talk_seconds: null,
      hold_seconds: null,
      acw_seconds: null,
      handle_seconds: null,
      queued: true,
      answered: false,
      abandoned: true,
      vip: false,
      last_updated_at: '2026-11-23T02:01:00Z',
      agent_queue: false,
      transferred: false,
    };
    const out = join(root, 'contacts');
    const written = await writeDataset(out, CONTACTS_DATASET, [base]);
    // 10:00 at +08:00 is 02:00 UTC: the UTC day is the partition.
    expect(written.partitions).toEqual(['2026-11-23']);
    const [row] = await query(
      `SELECT strftime(initiated_at, '%H:%M') AS at, disconnected_at, queue_seconds, queued, answered, caller_number
       FROM read_parquet('${out}/contacts/*/*.parquet')`,
    );
    expect(row).toEqual({
      at: '02:00',
      disconnected_at: null,
      queue_seconds: 1.5,
      queued: true,
      answered: false,
      caller_number: '+8613900000000',
    });
  });

  it('writes each part from its own rows only, when later parts reuse the arrays of earlier, larger ones', async () => {
    // The first parts have long strings and few nulls, the later ones short strings, many nulls and other numbers:
    // arrays lent again (validity bits, offsets, bytes, values) must hold nothing of the parts before.
    const rows: ContactRow[] = Array.from({ length: 600 }, (_, i) => {
      const early = i < 200;
      const none = !early && i % 3 === 0;
      return {
        contact_id: `c-${String(i).padStart(4, '0')}`,
        channel: early ? 'VOICE'.repeat(40) : 'V',
        initiation_method: 'INBOUND',
        initiated_at: `2026-11-${early ? 22 : 23}T10:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z`,
        disconnected_at: none ? null : `2026-11-23T11:00:00Z`,
        caller_number: none ? null : `+86139${String(i).padStart(8, '0')}`,
        customer_id: early ? `客户-${i}-${'x'.repeat(i % 50)}` : none ? null : '',
        queue: early ? 'Sales and after-sales service' : 'S',
        agent_id: none ? null : `agent-${i % 7}`,
        disconnect_reason: null,
        enqueued_at: null,
        dequeued_at: null,
        agent_connected_at: none ? null : '2026-11-23T10:30:00Z',
        queue_seconds: none ? null : i / 4,
        talk_seconds: early ? 1000 + i : null,
        hold_seconds: null,
        acw_seconds: null,
        handle_seconds: null,
        queued: i % 2 === 0,
        answered: !none,
        abandoned: none,
        vip: i % 5 === 0,
        last_updated_at: '2026-11-23T12:00:00Z',
        agent_queue: false,
        transferred: i % 7 === 3,
      };
    });
    const out = join(root, 'reused');
    const written = await writeDataset(out, CONTACTS_DATASET, rows, { batchRows: 64 });
    expect(written.rows).toBe(600);
    const back = await query(
      `SELECT contact_id, channel, customer_id, queue, caller_number, agent_id, queue_seconds, talk_seconds, queued,
              answered, vip, transferred, strftime(initiated_at, '%Y-%m-%dT%H:%M:%S.%g') AS at,
              strftime(disconnected_at, '%H:%M') AS disconnected, strftime(agent_connected_at, '%H:%M') AS connected
       FROM read_parquet('${out}/contacts/*/*.parquet') ORDER BY contact_id`,
    );
    expect(back).toEqual(
      rows.map((r) => ({
        contact_id: r.contact_id,
        channel: r.channel,
        customer_id: r.customer_id,
        queue: r.queue,
        caller_number: r.caller_number,
        agent_id: r.agent_id,
        queue_seconds: r.queue_seconds,
        talk_seconds: r.talk_seconds,
        queued: r.queued,
        answered: r.answered,
        vip: r.vip,
        transferred: r.transferred,
        at: r.initiated_at.slice(0, 23),
        disconnected: r.disconnected_at === null ? null : '11:00',
        connected: r.agent_connected_at === null ? null : '10:30',
      })),
    );
  });
});
