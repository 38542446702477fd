/**
 * Analytics datasets as Parquet in S3 (F16, AWS): the scheduled export's DatasetWriter. Parquet is encoded by
 * parquet-encoder.ts (Rust's Parquet writer as WebAssembly, SNAPPY), so the Lambda bundle needs no native module. Layout as locally and in Glue:
 * `<dataset>/dt=<yyyy-mm-dd>/part-<n>.parquet`; each run rewrites the partitions it has rows for (same keys, so no
 * duplicates) and deletes the parts a previous, larger run left beyond its own. Columns and types come from
 * schemas/analytics.ts; timestamps are milliseconds since the epoch (UTC wall time, no time zone in the file).
 *
 * Memory is bounded by the batch size, not by the row count (issue 17): rows are buffered per day, and a day's
 * buffer is written as its next part when it reaches `batchRows`, or the largest buffer when all of them together
 * do. So at most about `batchRows` rows (and one Parquet file's bytes) are held, whatever the table's size.
 */
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type AnalyticsDataset, dtOf, partitionPrefix } from '../../../schemas/analytics.js';
import type { DatasetWriter, DatasetWritten } from '../../use-cases/analytics/export-analytics.js';
import { parquetOf } from './parquet-encoder.js';

export { parquetOf };

export interface S3ParquetWriterOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Datasets this writer writes; the others are left untouched (and their rows never read). */
  readonly datasets: readonly string[];
  /** Rows held before a part is written (bounds the memory). @default 50,000 */
  readonly batchRows?: number;
}

export const DEFAULT_BATCH_ROWS = 50_000;

const PART = /\/part-(\d+)\.parquet$/;

/**
 * dtOf, once per day for UTC timestamps (`yyyy-mm-ddT…Z`, as the stored items hold them): their partition is their
 * first 10 characters, checked by dtOf the first time a day is seen. Anything else goes through dtOf every time.
 */
function dayOfRows(): (iso: string) => string {
  const days = new Map<string, string>();
  return (iso) => {
    if (
      iso.length <= 10 ||
      iso.charCodeAt(10) !== 84 /* T */ ||
      iso.charCodeAt(iso.length - 1) !== 90 /* Z */
    )
      return dtOf(iso);
    const prefix = iso.slice(0, 10);
    let day = days.get(prefix);
    if (day === undefined) {
      day = dtOf(iso);
      days.set(prefix, day);
    }
    return day;
  };
}

/** The S3 DatasetWriter: one PutObject per part of a day partition (SSE-KMS is the bucket's default encryption). */
export function s3ParquetWriter({
  s3,
  bucket,
  datasets,
  batchRows = DEFAULT_BATCH_ROWS,
}: S3ParquetWriterOptions): DatasetWriter {
  return async <Row extends object>(
    dataset: AnalyticsDataset<Row>,
    rows: AsyncIterable<Row>,
  ): Promise<DatasetWritten> => {
    const dir = `s3://${bucket}/${dataset.name}/`;
    if (!datasets.includes(dataset.name)) return { dataset: dataset.name, rows: 0, partitions: [], dir };
    const buffers = new Map<string, Row[]>();
    const parts = new Map<string, number>();
    let buffered = 0;
    let count = 0;
    const dayOf = dayOfRows();
    const flush = async (dt: string) => {
      const list = buffers.get(dt);
      buffers.delete(dt);
      if (!list || list.length === 0) return;
      const n = parts.get(dt) ?? 0;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${partitionPrefix(dataset.name, dt)}part-${n}.parquet`,
          Body: parquetOf(dataset, list),
          ContentType: 'application/vnd.apache.parquet',
        }),
      );
      parts.set(dt, n + 1);
      buffered -= list.length;
      count += list.length;
    };
    for await (const row of rows) {
      const dt = dayOf(String((row as Record<string, unknown>)[dataset.dateColumn]));
      const list = buffers.get(dt);
      if (list) list.push(row);
      else buffers.set(dt, [row]);
      buffered++;
      if ((list?.length ?? 1) >= batchRows) await flush(dt);
      else if (buffered >= batchRows) {
        const largest = [...buffers.entries()].reduce((a, b) => (b[1].length > a[1].length ? b : a));
        await flush(largest[0]);
      }
    }
    for (const dt of [...buffers.keys()].sort()) await flush(dt);
    // Parts a previous run wrote beyond this run's last part of a day would count twice: delete them.
    for (const [dt, written] of parts) {
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput | undefined = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: partitionPrefix(dataset.name, dt),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of page?.Contents ?? []) {
          const n = o.Key ? PART.exec(o.Key)?.[1] : undefined;
          if (n !== undefined && Number(n) >= written)
            await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
        }
        token = page?.NextContinuationToken;
      } while (token);
    }
    return { dataset: dataset.name, rows: count, partitions: [...parts.keys()].sort(), dir };
  };
}
