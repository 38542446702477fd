import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { mockClient } from 'aws-sdk-client-mock';
import { readParquet } from 'parquet-wasm/esm';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetOf, s3ParquetWriter } from '../../functions/adapters/s3/analytics-parquet.js';
import {
  CONTACTS_DATASET,
  SURVEYS_DATASET,
  type SurveyRow,
  TICKETS_DATASET,
} from '../../schemas/analytics.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const survey = (contact_id: string, answered_at: string, score = 4): SurveyRow => ({
  contact_id,
  score,
  answer2: null,
  agent_id: 'agent-1',
  queue: 'Sales',
  customer_id: null,
  answered_at,
});

async function* rows<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('analytics Parquet for S3 (scheduled export, F16)', () => {
  it('writes the dataset columns with their portable types (read back by DuckDB)', async () => {
    const file = join(dir, 'surveys.parquet');
    writeFileSync(file, parquetOf(SURVEYS_DATASET, [survey('c1', '2026-11-23T02:05:00Z', 2)]));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const types = (
      await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)
    ).getRowObjectsJson();
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(
      SURVEYS_DATASET.columns.map((c) => [
        c.name,
        { string: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' }[
          c.type
        ],
      ]),
    );
    const got = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson();
    expect(got).toEqual([
      {
        contact_id: 'c1',
        score: '2',
        answer2: null,
        agent_id: 'agent-1',
        queue: 'Sales',
        customer_id: null,
        answered_at: '2026-11-23 02:05:00',
      },
    ]);
    conn.closeSync();
  });

  it('reads every kind of timestamp value: ISO text in any form, Dates, nulls, and what is not a time (0)', async () => {
    const dataset = {
      ...SURVEYS_DATASET,
      columns: [
        ...SURVEYS_DATASET.columns,
        { name: 'at', type: 'timestamp', nullable: true, description: 'a timestamp of every kind' },
      ],
    } as typeof SURVEYS_DATASET;
    const values: [unknown, number | null][] = [
      ['2026-11-23T02:05:00Z', Date.parse('2026-11-23T02:05:00Z')],
      ['2026-11-23T02:05:00.123Z', Date.parse('2026-11-23T02:05:00.123Z')],
      ['2026-11-23T10:05:00+08:00', Date.parse('2026-11-23T02:05:00Z')],
      ['1969-07-20T20:17:40Z', Date.parse('1969-07-20T20:17:40Z')],
      [new Date('2024-02-29T12:00:00.5Z'), Date.parse('2024-02-29T12:00:00.500Z')],
      [new Date(Number.NaN), 0],
      ['2026-02-29T00:00:00Z', Date.parse('2026-02-29T00:00:00Z')], // Date.parse rolls it over to 1 March
      ['２026-11-23T02:05:00Z', 0],
      ['not a time', 0],
      ['', 0],
      [null, null],
    ];
    const file = join(dir, 'timestamps.parquet');
    writeFileSync(
      file,
      parquetOf(
        dataset,
        values.map(([at], i) => ({ ...survey(`c${i}`, '2026-11-23T02:05:00Z'), at }) as SurveyRow),
      ),
    );
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const got = (
      await conn.runAndReadAll(`SELECT epoch_ms("at") AS ms FROM read_parquet('${file}') ORDER BY contact_id`)
    ).getRowObjectsJson();
    conn.closeSync();
    const byId = values
      .map(([, ms], i) => ({ id: `c${i}`, ms }))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((v) => (v.ms === null ? null : String(v.ms)));
    expect(got.map((r) => r.ms)).toEqual(byId);
  });

  it('puts one object per day partition, and leaves datasets it does not own unread', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const write = s3ParquetWriter({
      s3: new S3Client({ region: 'us-east-1' }),
      bucket: 'b',
      datasets: ['surveys'],
    });
    const done = await write(
      SURVEYS_DATASET,
      rows([
        survey('c1', '2026-11-22T23:59:00Z'),
        survey('c2', '2026-11-23T00:01:00Z'),
        survey('c3', '2026-11-23T09:00:00Z'),
      ]),
    );
    expect(done).toMatchObject({ dataset: 'surveys', rows: 3, partitions: ['2026-11-22', '2026-11-23'] });
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'surveys/dt=2026-11-22/part-0.parquet',
      'surveys/dt=2026-11-23/part-0.parquet',
    ]);
    let read = false;
    const untouched = await write(
      CONTACTS_DATASET,
      (async function* () {
        read = true;
        yield* [];
      })(),
    );
    expect(untouched.rows).toBe(0);
    expect(read).toBe(false);
    expect(await write(TICKETS_DATASET, rows([]))).toMatchObject({ rows: 0 });
    s3.restore();
  });

  it('holds at most a batch of rows: a day larger than the batch is written in parts, and stale parts are deleted', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    // A previous, larger run left part-0 … part-4 of 2026-11-23: parts beyond this run's are deleted.
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({
      Contents: [0, 1, 2, 3, 4].map((n) => ({ Key: `${input.Prefix}part-${n}.parquet` })),
    }));
    s3.on(DeleteObjectCommand).resolves({});
    const write = s3ParquetWriter({
      s3: new S3Client({ region: 'us-east-1' }),
      bucket: 'b',
      datasets: ['surveys'],
      batchRows: 3,
    });
    const input = [
      survey('c1', '2026-11-23T01:00:00Z'),
      survey('c2', '2026-11-22T01:00:00Z'),
      survey('c3', '2026-11-23T02:00:00Z'),
      survey('c4', '2026-11-23T03:00:00Z'),
      survey('c5', '2026-11-23T04:00:00Z'),
      survey('c6', '2026-11-23T05:00:00Z'),
      survey('c7', '2026-11-22T02:00:00Z'),
    ];
    const done = await write(SURVEYS_DATASET, rows(input));
    expect(done).toMatchObject({ rows: 7, partitions: ['2026-11-22', '2026-11-23'] });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input as PutObjectCommandInput);
    // Read back by parquet-wasm (already compiled by the writer) into Arrow.
    const read = async (body: unknown) =>
      [...(tableFromIPC(readParquet(body as Uint8Array).intoIPCStream()).getChild('contact_id') ?? [])].map(
        String,
      );
    const byKey = new Map<string, string[]>();
    for (const p of puts) byKey.set(String(p.Key), await read(p.Body));
    // No part holds more than the batch; every row is written once.
    for (const ids of byKey.values()) expect(ids.length).toBeLessThanOrEqual(3);
    expect([...byKey.values()].flat().sort()).toEqual(input.map((r) => r.contact_id).sort());
    expect([...byKey.keys()].sort()).toEqual([
      'surveys/dt=2026-11-22/part-0.parquet',
      'surveys/dt=2026-11-23/part-0.parquet',
      'surveys/dt=2026-11-23/part-1.parquet',
      'surveys/dt=2026-11-23/part-2.parquet',
    ]);
    const deleted = s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key);
    expect(deleted.sort()).toEqual([
      'surveys/dt=2026-11-22/part-1.parquet',
      'surveys/dt=2026-11-22/part-2.parquet',
      'surveys/dt=2026-11-22/part-3.parquet',
      'surveys/dt=2026-11-22/part-4.parquet',
      'surveys/dt=2026-11-23/part-3.parquet',
      'surveys/dt=2026-11-23/part-4.parquet',
    ]);
    s3.restore();
  });
});
