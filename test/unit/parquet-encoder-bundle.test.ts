/**
 * The analytics export's Parquet encoder as it runs in the Lambda: bundled by esbuild with the Lambda bundles'
 * options (ESM, the require shim, the `.wasm` binary loader of infra/constructs/hotline-function.ts) into one file
 * in a directory outside the repository (no node_modules to fall back on), run by plain Node, and its file read
 * back by DuckDB. The whole stack bundled by CDK is checked in test/infra/functions-stack.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_LOADERS } from '../../infra/constructs/hotline-function.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hotline-parquet-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    await build({
      stdin: { contents: script, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(dir, 'index.mjs'),
      banner: {
        js: "import { createRequire as __hotlineCreateRequire } from 'node:module'; const require = __hotlineCreateRequire(import.meta.url);",
      },
      loader: { ...BUNDLE_LOADERS },
      logLevel: 'silent',
    });
    expect(readdirSync(dir)).toEqual(['index.mjs']);
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
});
