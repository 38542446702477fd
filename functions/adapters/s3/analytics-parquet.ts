/**
 * Analytics datasets as Parquet in S3 (F16, AWS): the scheduled export's DatasetWriter. Parquet is encoded by
 * parquet-encoder.ts (Rust's Parquet writer as WebAssembly, SNAPPY), so the Lambda bundle needs no native module. Layout as locally and in Glue:
 * `<dataset>/dt=<yyyy-mm-dd>/part-<n>.parquet`; each run rewrites the partitions it has rows for (same keys, so no
 * duplicates) and deletes the parts a previous, larger run left beyond its own. Columns and types come from
 * schemas/analytics.ts; timestamps are milliseconds since the epoch (UTC wall time, no time zone in the file).
 *
 * Memory is bounded by the batch size, not by the row count (issue 17): rows are held per day as columns and a
 * day's rows are written as its next part when they reach `batchRows`, or the largest day's when all of them
 * together do (parquet-partitions.ts, shared with `hotline export`).
 */
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type AnalyticsDataset, partitionPrefix } from '../../../schemas/analytics.js';
import type { DatasetWriter, DatasetWritten } from '../../use-cases/analytics/export-analytics.js';
import { parquetOf } from './parquet-encoder.js';
import { DEFAULT_BATCH_ROWS, writeParquetPartitions } from './parquet-partitions.js';

export { DEFAULT_BATCH_ROWS, parquetOf };

export interface S3ParquetWriterOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Datasets this writer writes; the others are left untouched (and their rows never read). */
  readonly datasets: readonly string[];
  /** Rows held before a part is written (bounds the memory). @default 50,000 */
  readonly batchRows?: number;
}

const PART = /\/part-(\d+)\.parquet$/;

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
    const { rows: count, parts } = await writeParquetPartitions(
      dataset,
      rows,
      async (dt, n, body) => {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `${partitionPrefix(dataset.name, dt)}part-${n}.parquet`,
            Body: body,
            ContentType: 'application/vnd.apache.parquet',
          }),
        );
      },
      batchRows,
    );
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
