/**
 * The analytics export's Parquet encoder as it runs in the Lambda: bundled by esbuild with the Lambda bundles'
 * options (ESM, the require shim, the `.wasm` binary loader of infra/constructs/hotline-function.ts) into one file
 * in a directory outside the repository (no node_modules to fall back on), run by plain Node, and its file read
 * back by DuckDB. The whole stack bundled by CDK is checked in test/infra/functions-stack.test.ts.
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_LOADERS,
  ESM_REQUIRE_SHIM,
  workerBundleCommand,
} from '../../infra/constructs/hotline-function.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hotline-parquet-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `script` (TypeScript, imports relative to the repository root) with the Lambda bundles' options. */
async function bundleAsLambda(script: string, outfile: string): Promise<void> {
  await build({
    stdin: { contents: script, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    banner: { js: ESM_REQUIRE_SHIM },
    loader: { ...BUNDLE_LOADERS },
    logLevel: 'silent',
  });
}

describe('Parquet encoder in a Lambda-style bundle', () => {
  it('is one self-contained file that writes Parquet DuckDB reads', async () => {
    const script = `
      import { writeFileSync } from 'node:fs';
      import { parquetOf } from './functions/adapters/s3/parquet-encoder.ts';
      import { SURVEYS_DATASET } from './schemas/analytics.ts';
      writeFileSync(process.argv[2], parquetOf(SURVEYS_DATASET, [
        { contact_id: 'c1', score: 5, answer2: null, agent_id: 'agent-1', queue: '售后', customer_id: 'C-1',
          answered_at: '2026-11-23T02:05:00.000Z' },
        { contact_id: 'c2', score: 1, answer2: 2, agent_id: 'agent-2', queue: 'Sales', customer_id: null,
          answered_at: '2026-11-23T23:59:59Z' },
      ]));`;
    await bundleAsLambda(script, join(dir, 'index.mjs'));
    expect(readdirSync(dir).filter((f) => f !== 'threaded')).toEqual(['index.mjs']);
    // The WebAssembly module is inside the bundle (base64 of "\0asm").
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('"AGFzbQ');
    const file = join(dir, 'surveys.parquet');
    execFileSync(process.execPath, [join(dir, 'index.mjs'), file], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      timeout: 30_000,
    });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const got = (
      await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY contact_id`)
    ).getRowObjectsJson();
    expect(got).toEqual([
      {
        contact_id: 'c1',
        score: '5',
        answer2: null,
        agent_id: 'agent-1',
        queue: '售后',
        customer_id: 'C-1',
        answered_at: '2026-11-23 02:05:00',
      },
      {
        contact_id: 'c2',
        score: '1',
        answer2: '2',
        agent_id: 'agent-2',
        queue: 'Sales',
        customer_id: null,
        answered_at: '2026-11-23 23:59:59',
      },
    ]);
    conn.closeSync();
    db.closeSync();
  }, 60_000);

  it('encodes on its worker thread when the worker script is bundled beside it, as the Lambda asset holds it', async () => {
    const threaded = join(dir, 'threaded');
    mkdirSync(threaded);
    const script = `
      import { writeFileSync } from 'node:fs';
      import { writeParquetPartitions } from './functions/adapters/s3/parquet-partitions.ts';
      import { batchEncoder } from './functions/adapters/s3/parquet-threads.ts';
      import { SURVEYS_DATASET } from './schemas/analytics.ts';
      const encoder = await batchEncoder(true);
      const rows = Array.from({ length: 3000 }, (_, i) => ({
        contact_id: 'c' + i, score: (i % 5) + 1, answer2: null, agent_id: 'agent-1', queue: '售后',
        customer_id: null, answered_at: new Date(Date.UTC(2026, 10, 1 + (i % 3))).toISOString() }));
      const written = await writeParquetPartitions(SURVEYS_DATASET, rows, async (dt, n, body) => {
        writeFileSync(process.argv[2] + '/' + dt + '-' + n + '.parquet', body);
      }, 500, encoder);
      process.stdout.write(JSON.stringify({ threaded: encoder.threaded, rows: written.rows }));`;
    await bundleAsLambda(script, join(threaded, 'index.mjs'));
    // The very command CDK runs after bundling the export's handler.
    execSync(
      workerBundleCommand(
        join(root, 'node_modules', '.bin', 'esbuild'),
        join(root, 'functions/adapters/s3/parquet-worker.ts'),
        join(threaded, 'parquet-worker.mjs'),
      ),
      { cwd: root, stdio: 'pipe' },
    );
    expect(readdirSync(threaded).sort()).toEqual([
      'index.mjs',
      'parquet-worker.mjs',
      'parquet-worker.mjs.map',
    ]);
    const out = join(threaded, 'out');
    mkdirSync(out);
    const stdout = execFileSync(process.execPath, [join(threaded, 'index.mjs'), out], {
      cwd: threaded,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({ threaded: true, rows: 3000 });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const got = (
      await conn.runAndReadAll(`SELECT count(DISTINCT contact_id) AS n FROM read_parquet('${out}/*.parquet')`)
    ).getRowObjectsJson();
    expect(got).toEqual([{ n: '3000' }]);
    conn.closeSync();
    db.closeSync();
  }, 60_000);
});
