/**
 * Scale benchmarks (issue 17), measured side by side in one run:
 * - contact-record ingestion through the real Kinesis handler against a bare BatchWriteItem loop writing the same
 *   number of items, on one DynamoDB Local, interleaved in rounds so neither gets a systematically quieter machine;
 * - analytics export against DuckDB's own COPY … TO (FORMAT parquet) of the same rows (see export section).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoPersonalDataStore } from '../../functions/adapters/dynamodb/personal-data-store.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureLocalTables } from '../../infra/local/tables.js';
import { CONTACTS_TABLE, CRM_TABLE, SMS_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { lambdaContext } from '../support/lambda-context.js';
import { type ChildResult, fastest, runChild } from './child.js';

type Row = (cells: string[]) => void;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/**
 * Contact-record ingestion (F10): CTRs per second through the real Kinesis handler (decode, parse, one immutable
 * item per CTR version and one screen-pop item per number, the forgotten-contact check), against bare
 * BatchWriteItem loops of the records alone (the goal's baseline) and of the same items. 200 callers, 5 calls each
 * on average; no erasure has run (so the forgotten check reads the erasure horizon only: see personal-data-store.ts).
 */
export async function ingestionVsBatchWrite(row: Row): Promise<void> {
  const RECORDS = Number(process.env.BENCH_CTRS ?? 1000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const db = await startDynamoDbLocal();
  try {
    const env = await ensureLocalTables(db.endpoint, 'benchctr');
    const doc = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 10000 });
    const quiet = new Logger({ logLevel: 'SILENT' });
    const handlerOn = (tables: Record<string, string>) =>
      createContactRecordsHandler({
        logger: quiet,
        metrics: new Metrics({ namespace: 'Bench', logger: quiet }),
        deadLetters: new MemoryDeadLetterQueue(),
        ingest: {
          records: new DynamoCallRecordRepository(doc, tables[CONTACTS_TABLE.envVar] as string),
          recent: new DynamoRecentContactsWriter(doc, tables[CRM_TABLE.envVar] as string),
          phoneRegion: 'CN',
          now: () => new Date(),
        },
      });
    const handler = handlerOn(env);
    // The same on tables where an erasure has just run: its horizon is past every contact of the run, so every
    // contact of every batch is looked up (as for the quarter of an hour after each real erasure).
    const erasedEnv = await ensureLocalTables(db.endpoint, 'benchctrerased');
    await new DynamoPersonalDataStore(doc, {
      crm: erasedEnv[CRM_TABLE.envVar] as string,
      contacts: erasedEnv[CONTACTS_TABLE.envVar] as string,
      tickets: erasedEnv[TICKETS_TABLE.envVar] as string,
      sms: erasedEnv[SMS_TABLE.envVar] as string,
    }).raiseErasureHorizon(new Date('2100-01-01T00:00:00Z'));
    const afterErasure = handlerOn(erasedEnv);
    // The deployed function's timeout (infra/constructs/call-records.ts), so middy's own deadline is the real one.
    const context = { ...lambdaContext('hotline-contact-records'), getRemainingTimeInMillis: () => 60_000 };
    const ctrsOf = (round: number) =>
      Array.from({ length: RECORDS }, (_, i) =>
        sampleCtr({
          ContactId: `bench-${round}-${String(i).padStart(6, '0')}`,
          CustomerEndpoint: {
            Address: `+86138${String(i % 200).padStart(8, '0')}`,
            Type: 'TELEPHONE_NUMBER',
          },
          InitiationTimestamp: new Date(Date.parse('2026-11-01T00:00:00Z') + (round * RECORDS + i) * 60_000)
            .toISOString()
            .replace('.000', ''),
        }),
      );
    const ingest = async (round: number, h = handler) => {
      const ctrs = ctrsOf(round);
      // The batches as Kinesis delivers them (base64 data), made before the clock starts, as the bare loop makes its
      // items: the input is Kinesis's work, not ingestion's.
      const batches = Array.from({ length: Math.ceil(ctrs.length / 100) }, (_, b) =>
        kinesisEvent(ctrs.slice(b * 100, b * 100 + 100)),
      );
      const t0 = performance.now();
      for (const batch of batches) {
        // Delivered as Kinesis does: again from the first failed record (a request that timed out on a busy
        // machine), the time of every delivery counted.
        let records = batch.Records;
        for (let delivery = 0; records.length > 0; delivery++) {
          if (delivery >= 10) throw new Error('ingestion still failing after 10 deliveries in the benchmark');
          const first = (await h({ Records: records }, context)).batchItemFailures[0]?.itemIdentifier;
          records =
            first === undefined
              ? []
              : records.slice(records.findIndex((r) => r.kinesis.sequenceNumber === first));
        }
      }
      return performance.now() - t0;
    };
    const bareTable = env[CONTACTS_TABLE.envVar] as string;
    const crmTable = env[CRM_TABLE.envVar] as string;
    /**
     * The baseline: the same CTRs as plain items (the CTR as a map, as the document client writes an object),
     * unconditional, 25 to a BatchWriteItem, one request at a time. `shape`:
     * - `map`: one item per CTR, the goal's baseline;
     * - `bytes`: the same with the CTR as the bytes of its JSON text, as ingestion stores it (what that choice alone
     *   gains);
     * - `same`: the items ingestion writes, the record with the CTR as bytes and one small screen-pop item per CTR
     *   (on the CRM table), so the ratio then measures only the cost of the guarantees and the work around them.
     */
    const bare = async (round: number, shape: 'map' | 'bytes' | 'same') => {
      const items = ctrsOf(round).flatMap((c) => [
        {
          table: bareTable,
          item: {
            pk: `BARE#${c.ContactId}`,
            sk: 'RECORD',
            ctr: shape === 'map' ? c : Buffer.from(JSON.stringify(c)),
          },
        },
        ...(shape === 'same'
          ? [
              {
                table: crmTable,
                item: {
                  pk: `BARE#${c.CustomerEndpoint?.Address}`,
                  sk: `CONTACT#${c.InitiationTimestamp}#${c.ContactId}`,
                  contactId: c.ContactId,
                  at: c.InitiationTimestamp,
                  channel: c.Channel,
                  lastUpdateTimestamp: c.LastUpdateTimestamp,
                },
              },
            ]
          : []),
      ]);
      const t0 = performance.now();
      for (let i = 0; i < items.length; i += 25) {
        let pending: Record<string, Record<string, unknown>[]> | undefined = {};
        for (const { table, item } of items.slice(i, i + 25)) {
          const list = pending[table] ?? [];
          list.push({ PutRequest: { Item: item } });
          pending[table] = list;
        }
        while (pending && Object.keys(pending).length > 0) {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: pending as never }));
          pending = out.UnprocessedItems as typeof pending;
        }
      }
      return performance.now() - t0;
    };
    // Warm-up of every path (connections, JIT, table files).
    await ingest(-1);
    await ingest(-1, afterErasure);
    await bare(-1, 'map');
    await bare(-2, 'bytes');
    await bare(-3, 'same');
    let ingestMs = 0;
    let bareMs = 0;
    let bareBytesMs = 0;
    let bareSameMs = 0;
    let replayMs = 0;
    let erasedMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Interleaved, the order turning each round, so no path gets a systematically quieter machine.
      const order = [
        async () => {
          ingestMs += await ingest(r);
        },
        async () => {
          bareMs += await bare(r, 'map');
        },
        async () => {
          bareBytesMs += await bare(r + 1000, 'bytes');
        },
        async () => {
          bareSameMs += await bare(r + 2000, 'same');
        },
        async () => {
          erasedMs += await ingest(r, afterErasure);
        },
      ];
      for (let k = 0; k < order.length; k++) await (order[(k + r) % order.length] as () => Promise<void>)();
      // The same batches delivered again (Kinesis retries): the same items written again.
      replayMs += await ingest(r);
    }
    const total = RECORDS * ROUNDS;
    const rate = (ms: number) => total / (ms / 1000);
    console.log(
      `\nContact-record ingestion on DynamoDB Local (${RECORDS} CTRs × ${ROUNDS} rounds, batches of 100, 200 callers)`,
    );
    row(['', 'records/s']);
    row(['ingestion handler', rate(ingestMs).toFixed(0)]);
    row(['bare BatchWriteItem loop, the records', rate(bareMs).toFixed(0)]);
    row(['bare loop, the records, CTR as bytes', rate(bareBytesMs).toFixed(0)]);
    row(['bare loop, the same items (CTR as bytes)', rate(bareSameMs).toFixed(0)]);
    row(['replayed batches', rate(replayMs).toFixed(0)]);
    row(['ingestion right after an erasure', rate(erasedMs).toFixed(0)]);
    row(['ratio ingestion / bare records (goal ≥ 0.8)', ratio(rate(ingestMs), rate(bareMs))]);
    row(['ratio ingestion / bare, CTR as bytes', ratio(rate(ingestMs), rate(bareBytesMs))]);
    row(['ratio ingestion / bare same items', ratio(rate(ingestMs), rate(bareSameMs))]);
    row(['ratio right after an erasure / bare records', ratio(rate(erasedMs), rate(bareMs))]);
  } finally {
    await db.stop();
  }
}

const child = (...args: string[]) => runChild('export-child.ts', ...args);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * Analytics export (F16) against DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY dt) of the same rows, each in
 * its own process (time and peak RSS). The export's rows come from a generator; generating them is the input's cost,
 * measured alone and shown, and the ratio uses the export time without it. The export at a tenth of the rows shows
 * that peak memory follows the batch size, not the row count. The export (with its generating pass) and COPY are run
 * BENCH_EXPORT_REPEAT times (5), interleaved, and each side's fastest run is shown (the same rule for both: on a
 * shared machine the fastest run is the one least slowed by other work); peak RSS is the largest of the runs. The
 * export's encoding thread is started before its clock, as COPY's table is built before COPY's (the start is shown).
 *
 * A second measure needs no subtraction: the export of the same rows already in memory (an array made before the
 * clock), as COPY reads a table already in memory. It shows the writer's own work; the first also charges the export
 * with what streaming costs the rows' producer (the two share the thread and its garbage collector), and its
 * difference of two timings moves with the machine.
 */
export async function exportVsDuckDbCopy(row: Row): Promise<void> {
  const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-export-'));
  const REPEAT = Math.max(1, Number(process.env.BENCH_EXPORT_REPEAT ?? 5));
  try {
    const small = child('export', String(Math.ceil(ROWS / 10)), join(dir, 'small'));
    const fulls: ChildResult[] = [];
    const memories: ChildResult[] = [];
    const copies: ChildResult[] = [];
    for (let r = 0; r < REPEAT; r++) {
      fulls.push(child('export', String(ROWS), join(dir, 'full')));
      memories.push(child('memory', String(ROWS), join(dir, 'memory')));
      copies.push(child('copy', join(dir, 'full'), join(dir, `copy-${r}`)));
    }
    // The fastest run, as for COPY; the export's own time is that run less the same process's pass generating the
    // rows alone. Not the run where the difference is least: that would favour a slowed generating pass.
    const full = fastest(fulls);
    const memory = fastest(memories);
    const copy = fastest(copies);
    const generate: ChildResult = {
      seconds: full.generateSeconds ?? 0,
      cpuSeconds: full.generateCpuSeconds ?? 0,
      rows: ROWS,
      maxRssBytes: 0,
    };
    const peak = (runs: ChildResult[]) => mb(Math.max(...runs.map((r) => r.maxRssBytes)));
    if (copy.rows !== ROWS || full.rows !== ROWS || memory.rows !== ROWS)
      throw new Error('export and COPY wrote different row counts');
    const exportOnly = Math.max(0.001, full.seconds - generate.seconds);
    console.log(
      `\nAnalytics export: ${ROWS.toLocaleString('en')} contact rows to partitioned Parquet (own processes, fastest of ${REPEAT})`,
    );
    row(['', 'seconds', 'CPU seconds', 'rows/s', 'peak RSS']);
    const line = (name: string, r: ChildResult, rss: string, rows = ROWS) =>
      row([name, r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), (rows / r.seconds).toFixed(0), rss]);
    line('generating the rows (input)', generate, '');
    row([
      full.threaded ? 'encoding thread start (before the clock)' : 'no encoding thread (one core)',
      (full.startSeconds ?? 0).toFixed(2),
    ]);
    line('hotline export (incl. input)', full, peak(fulls));
    line(`same, ${small.rows.toLocaleString('en')} rows`, small, mb(small.maxRssBytes), small.rows);
    line('hotline export, rows already in memory', memory, '');
    line('DuckDB COPY … TO parquet', copy, peak(copies));
    row(['ratio export (less input) / COPY (goal ≤ 3)', ratio(exportOnly, copy.seconds)]);
    row(['ratio export, rows in memory / COPY', ratio(memory.seconds, copy.seconds)]);
    row(['ratio export incl. input / COPY', ratio(full.seconds, copy.seconds)]);
    row([
      'CPU ratio, export less input / COPY',
      ratio(full.cpuSeconds - generate.cpuSeconds, copy.cpuSeconds),
    ]);
    row(['peak RSS, 10× the rows', ratio(Math.max(...fulls.map((r) => r.maxRssBytes)), small.maxRssBytes)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function scaleBenchmarks(row: Row): Promise<void> {
  await ingestionVsBatchWrite(row);
  await exportVsDuckDbCopy(row);
}
