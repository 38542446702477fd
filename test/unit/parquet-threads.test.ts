/**
 * The exports' Parquet encoding thread (issue 17 item 2, functions/adapters/s3/parquet-threads.ts): batches handed
 * to a worker thread give the same files as on this thread, an encoding failure is reported and the thread goes on,
 * a failing store fails the export with nothing left being written, and the rows held while parts are being encoded
 * or stored stay bounded by the batch size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { DetachedBatch } from '../../functions/adapters/s3/parquet-encoder.js';
import { writeParquetPartitions } from '../../functions/adapters/s3/parquet-partitions.js';
import { batchEncoder, inlineEncoder } from '../../functions/adapters/s3/parquet-threads.js';
import { SURVEYS_DATASET, type SurveyRow } from '../../schemas/analytics.js';

const DAYS = 5;

function* surveys(n: number, counter = { yielded: 0 }): Generator<SurveyRow> {
  for (let i = 0; i < n; i++) {
    counter.yielded++;
    yield {
      contact_id: `c-${i}`,
      score: (i % 5) + 1,
      answer2: i % 3 === 0 ? null : (i % 2) + 1,
      agent_id: `agent-${i % 7}`,
      queue: i % 11 === 0 ? '售后' : `queue-${i % 3}`,
      customer_id: i % 4 === 0 ? null : `C-${i}`,
      answered_at: new Date(Date.UTC(2026, 10, 1 + (i % DAYS), 8, 0, i % 60)).toISOString(),
    };
  }
}

/** Every part written, by `<day>/<n>`, through the given encoder. */
async function parts(
  encoder: Awaited<ReturnType<typeof batchEncoder>>,
  rows: Iterable<SurveyRow>,
  batch: number,
) {
  const files = new Map<string, Uint8Array>();
  const written = await writeParquetPartitions(
    SURVEYS_DATASET,
    rows,
    async (dt, n, body) => {
      files.set(`${dt}/${n}`, body);
    },
    batch,
    encoder,
  );
  return { files, written };
}

describe('Parquet encoding thread', () => {
  it('writes, on a worker thread, byte for byte the files this thread writes', async () => {
    const threaded = await batchEncoder(true);
    expect(threaded.threaded).toBe(true);
    const there = await parts(threaded, surveys(5_000), 700);
    const here = await parts(inlineEncoder, surveys(5_000), 700);
    expect(there.written.rows).toBe(5_000);
    expect([...there.files.keys()].sort()).toEqual([...here.files.keys()].sort());
    expect(there.files.size).toBeGreaterThan(DAYS);
    for (const [key, body] of here.files)
      expect(Buffer.from(there.files.get(key) ?? [])).toEqual(Buffer.from(body));
    // And DuckDB reads every row back from them, each once.
    const dir = mkdtempSync(join(tmpdir(), 'hotline-parquet-threads-'));
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      for (const [key, body] of there.files)
        writeFileSync(join(dir, `${key.replace('/', '-')}.parquet`), body);
      const got = (
        await con.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT contact_id) AS contacts, min(answered_at) AS first FROM '${dir}/*.parquet'`,
        )
      ).getRowObjectsJson()[0];
      expect(got).toEqual({ n: '5000', contacts: '5000', first: '2026-11-01 08:00:00' });
    } finally {
      con.closeSync();
      db.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a batch it cannot encode, and encodes the next one', async () => {
    const threaded = await batchEncoder(true);
    const broken: DetachedBatch = {
      columns: [{ name: 'contact_id', type: 'string', nullable: false, description: '' }],
      length: 3,
      // Offsets past the end of the bytes: not a valid UTF-8 column.
      arrays: [
        {
          type: 'string',
          length: 3,
          nulls: 0,
          valid: new Uint8Array(1).fill(7),
          bytes: new Uint8Array(4),
          offsets: Int32Array.from([0, 100, 200, 300]),
        },
      ],
    };
    await expect(threaded.encode(broken)).rejects.toThrow(/Parquet encoding failed|Parquet encoding thread/);
    const again = await batchEncoder(true);
    const { written } = await parts(again, surveys(50), 1_000);
    expect(written.rows).toBe(50);
  });

  it('rejects at once when its thread has stopped, and the next export gets a new thread', async () => {
    const threaded = await batchEncoder(true);
    await (threaded as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(parts(threaded, surveys(50), 1_000)).rejects.toThrow(/Parquet encoding thread exited/);
    const again = await batchEncoder(true);
    expect(again).not.toBe(threaded);
    expect(again.threaded).toBe(true);
    expect((await parts(again, surveys(50), 1_000)).written.rows).toBe(50);
  });

  it('fails the export when a part cannot be stored, with no part still being written', async () => {
    const threaded = await batchEncoder(true);
    let settled = 0;
    let calls = 0;
    const run = writeParquetPartitions(
      SURVEYS_DATASET,
      surveys(3_000),
      async (dt, n) => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        settled++;
        if (dt === '2026-11-03' && n === 1) throw new Error('S3 said no');
      },
      200,
      threaded,
    );
    await expect(run).rejects.toThrow('S3 said no');
    // Every store that began had ended when the export reported its failure.
    expect(settled).toBe(calls);
  });

  it('holds at most twice the batch while parts wait to be stored', async () => {
    const threaded = await batchEncoder(true);
    const counter = { yielded: 0 };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const run = writeParquetPartitions(SURVEYS_DATASET, surveys(5_000, counter), () => gate, 300, threaded);
    // Stores hang: the writer stops taking rows once its parts in flight hold more than a batch.
    await new Promise((r) => setTimeout(r, 300));
    expect(counter.yielded).toBeGreaterThan(300);
    expect(counter.yielded).toBeLessThanOrEqual(2 * 300 + 1);
    release();
    expect((await run).rows).toBe(5_000);
    expect(counter.yielded).toBe(5_000);
  });
});
