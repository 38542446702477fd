/**
 * A dataset's rows as Parquet files partitioned by day (F16, issue 17 item 2), whatever stores them: the hourly
 * export puts them in S3 (analytics-parquet.ts), `hotline export` writes them to disk (analytics-duckdb.ts). Layout
 * `<dataset>/dt=<yyyy-mm-dd>/part-<n>.parquet`, n from 0 per day.
 *
 * Memory is bounded by the batch size, not by the row count: rows are held per day as columns (ParquetBatch: bytes,
 * not row objects), and a day's batch is written as its next part when it reaches `batchRows` rows, or the largest
 * batch when all of them together do; a day whose rows come together is one part per `batchRows` rows.
 *
 * A part is encoded while the next rows are taken apart (on a worker thread where there is a second core,
 * parquet-threads.ts), and stored as soon as it is encoded. The parts being encoded or stored hold at most
 * `batchRows` rows between them (many parts of a few rows each, or one of a full batch): the writer waits for them
 * before it takes more rows. So at most twice `batchRows` rows are held at once, whatever the table's size.
 */
import { type AnalyticsDataset, dtOf } from '../../../schemas/analytics.js';
import { isoMillis, ParquetBatch } from './parquet-encoder.js';
import { type BatchEncoder, batchEncoder } from './parquet-threads.js';

/** Rows held before a part is written (bounds the memory). */
export const DEFAULT_BATCH_ROWS = 50_000;

/** Stores part `part` of day `dt` (awaited before the next part is encoded). */
export type PutPart = (dt: string, part: number, body: Uint8Array) => Promise<void>;

export interface PartitionsWritten {
  readonly rows: number;
  /** Parts written per day (`yyyy-mm-dd` → how many). */
  readonly parts: ReadonlyMap<string, number>;
}

/** Writes `rows` as day partitions through `put`, at most `batchRows` rows held at once. */
export async function writeParquetPartitions<Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  put: PutPart,
  batchRows: number = DEFAULT_BATCH_ROWS,
  encoder?: BatchEncoder,
): Promise<PartitionsWritten> {
  const encoding = encoder ?? (await batchEncoder());
  const batches = new Map<string, ParquetBatch<Row>>();
  const parts = new Map<string, number>();
  /**
   * The partition of each UTC day seen (by days since the epoch): checked by dtOf once per day, not once per row.
   * The day comes from `isoMillis`, the same instant as `Date.parse` (so as dtOf), which the encoder then reads
   * again from its one-string memo instead of parsing the timestamp a second time.
   */
  const days = new Map<number, string>();
  let buffered = 0;
  let count = 0;
  /** Parts handed to the encoder and not yet stored, oldest first, and their rows. */
  const inFlight: { readonly stored: Promise<void>; readonly rows: number }[] = [];
  let inFlightRows = 0;
  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    inFlightRows -= oldest.rows;
    await oldest.stored;
  };
  const flush = async (dt: string) => {
    const batch = batches.get(dt);
    batches.delete(dt);
    if (!batch || batch.length === 0) return;
    const n = parts.get(dt) ?? 0;
    const held = batch.length;
    parts.set(dt, n + 1);
    buffered -= held;
    count += held;
    const stored = encoding.encode(batch.detach()).then((body) => put(dt, n, body));
    stored.catch(() => undefined); // awaited below, or settled with the rest when an earlier part failed
    inFlight.push({ stored, rows: held });
    inFlightRows += held;
    while (inFlightRows > batchRows) await settleOldest();
  };
  const dateColumn = dataset.dateColumn;
  /** Holds a row in its day's batch; returns the day whose batch is to be written now, if any. */
  const place = (row: Row): string | undefined => {
    const value = (row as Record<string, unknown>)[dateColumn];
    const iso =
      typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
    const ms = isoMillis(iso);
    const day = Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : undefined;
    let dt = day === undefined ? undefined : days.get(day);
    if (dt === undefined) {
      dt = dtOf(iso);
      if (day !== undefined) days.set(day, dt);
    }
    let batch = batches.get(dt);
    if (!batch) {
      batch = new ParquetBatch(dataset);
      batches.set(dt, batch);
    }
    batch.add(row);
    buffered++;
    if (batch.length >= batchRows) return dt;
    if (buffered < batchRows) return undefined;
    let largest = dt;
    let most = 0;
    for (const [day, b] of batches)
      if (b.length > most) {
        largest = day;
        most = b.length;
      }
    return largest;
  };
  try {
    // Rows in memory are taken without an await per row (a microtask each); rows from a source, as they come.
    if (Symbol.iterator in rows)
      for (const row of rows) {
        const full = place(row);
        if (full !== undefined) await flush(full);
      }
    else
      for await (const row of rows) {
        const full = place(row);
        if (full !== undefined) await flush(full);
      }
    for (const dt of [...batches.keys()].sort()) await flush(dt);
    while (inFlight.length > 0) await settleOldest();
  } catch (e) {
    // No part is left being written when the export reports its failure.
    await Promise.allSettled(inFlight.map((part) => part.stored));
    throw e;
  }
  return { rows: count, parts };
}
