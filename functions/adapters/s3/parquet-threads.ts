/**
 * Where the exports' Parquet files are encoded (issue 17 item 2). Taking rows apart into columns and encoding the
 * columns as Parquet take about as long as each other; with a second core, the encoding runs on a worker thread
 * (parquet-worker.ts) while this thread takes the next rows apart, as DuckDB's COPY uses its threads. Each batch's
 * arrays are transferred to the thread and back (no copy), and the next batches reuse them.
 *
 * The thread's script lies beside the module that holds this code: `parquet-worker.ts` from the sources (loaded
 * through tsx), `parquet-worker.mjs` beside the Lambda bundle (infra/constructs/analytics.ts), `parquet-worker.js`
 * beside the CLI build's chunk (bin/build.mjs). Where there is no second core, no such file, or the thread cannot
 * start, batches are encoded on this thread instead: the same files, only slower.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { batchBuffers, type DetachedBatch, encodeBatch, recycle } from './parquet-encoder.js';
import type { EncodeReply, EncodeRequest } from './parquet-worker.js';

/** Encodes detached batches, one Parquet file each. */
export interface BatchEncoder {
  /** Whether the batches go to a worker thread (else they are encoded on this one). */
  readonly threaded: boolean;
  encode(batch: DetachedBatch): Promise<Uint8Array>;
}

/** Encodes on this thread. */
export const inlineEncoder: BatchEncoder = {
  threaded: false,
  encode: async (batch) => {
    try {
      return encodeBatch(batch);
    } finally {
      recycle(batch);
    }
  },
};

/** How to start the worker script beside this module, if there is one: a file, or code that loads it. */
function workerScript(): { script: URL | string; eval: boolean } | undefined {
  const fromSources = import.meta.url.endsWith('.ts');
  const names = fromSources ? ['./parquet-worker.ts'] : ['./parquet-worker.mjs', './parquet-worker.js'];
  const url = names
    .map((name) => new URL(name, import.meta.url))
    .find((u) => u.protocol === 'file:' && existsSync(fileURLToPath(u)));
  if (!url) return undefined;
  if (!fromSources) return { script: url, eval: false };
  try {
    // From the sources, the thread loads the TypeScript through tsx's API (tsx is a development dependency, used by
    // the tests and the benches; Node 20 does not pass `--import` loaders on to worker threads). The API's ES module,
    // as its package.json exports it.
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      exports?: Record<string, { import?: { default?: string } }>;
    };
    const api = pkg.exports?.['./esm/api']?.import?.default;
    if (!api) return undefined;
    const apiUrl = new URL(api, pathToFileURL(pkgPath)).href;
    const code = `import(${JSON.stringify(apiUrl)}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`;
    return { script: code, eval: true };
  } catch {
    return undefined;
  }
}

/** One worker thread and its outstanding requests. */
class ThreadEncoder implements BatchEncoder {
  readonly threaded = true;
  /** Why the thread stopped (it failed or exited), once it has: it takes no more batches. */
  stopped: string | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (body: Uint8Array) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: EncodeReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      recycle(reply.batch);
      if (this.pending.size === 0) worker.unref();
      if ('body' in reply) job.resolve(reply.body);
      else job.reject(new Error(`Parquet encoding failed: ${reply.error}`));
    });
    const fail = (why: string) => {
      this.stopped = why;
      const jobs = [...this.pending.values()];
      this.pending.clear();
      for (const job of jobs) job.reject(new Error(`Parquet encoding thread ${why}`));
    };
    worker.on('error', (e) => fail(`failed: ${e.message}`));
    worker.on('exit', (code) => fail(`exited (code ${code})`));
    // Idle, the thread does not keep the process alive (a CLI command ends when its work does).
    worker.unref();
  }

  /** Starts the thread and waits until it has loaded its modules; undefined if it cannot. */
  static async start(): Promise<ThreadEncoder | undefined> {
    const script = workerScript();
    if (!script) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(script.script, { eval: script.eval });
    } catch {
      return undefined;
    }
    const started = await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => () => {
        worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure);
        resolve(ok);
      };
      const onFailure = done(false);
      const onMessage = (m: unknown) => done(m === 'ready')();
      worker.on('message', onMessage).on('error', onFailure).on('exit', onFailure);
    });
    if (!started) {
      await worker.terminate();
      return undefined;
    }
    return new ThreadEncoder(worker);
  }

  encode(batch: DetachedBatch): Promise<Uint8Array> {
    // A stopped thread would never answer: say so at once.
    if (this.stopped) return Promise.reject(new Error(`Parquet encoding thread ${this.stopped}`));
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      const request: EncodeRequest = { id, batch };
      this.worker.postMessage(request, batchBuffers(batch));
    });
  }
}

/** The process's encoding thread, started on first use (a stopped one is replaced on the next use). */
let shared: Promise<ThreadEncoder | undefined> | undefined;

/**
 * The encoder the exports use: the process's worker thread where there is a second core (`threads: true` asks for
 * it whatever the cores; `false` never), else this thread.
 */
export async function batchEncoder(threads: boolean = availableParallelism() > 1): Promise<BatchEncoder> {
  if (!threads) return inlineEncoder;
  shared ??= ThreadEncoder.start();
  let thread = await shared;
  if (thread?.stopped) {
    shared = ThreadEncoder.start();
    thread = await shared;
  }
  return thread ?? inlineEncoder;
}
