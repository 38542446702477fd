/**
 * Analytics datasets as Parquet in S3 (F16, AWS): the scheduled export's DatasetWriter. Pure-JavaScript Parquet
 * (hyparquet-writer, SNAPPY), so the Lambda bundle needs no native module. Layout as locally and in Glue:
 * `<dataset>/dt=<yyyy-mm-dd>/part-0.parquet`; each run rewrites the partitions it has rows for (same key, so no
 * duplicates). Columns and types come from schemas/analytics.ts; timestamps are TIMESTAMP_MILLIS (UTC).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type BasicType, type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import {
  type AnalyticsDataset,
  type AnalyticsType,
  dtOf,
  partitionPrefix,
} from '../../../schemas/analytics.js';
import type { DatasetWriter, DatasetWritten } from '../../use-cases/analytics/export-analytics.js';

const PARQUET_TYPES: Readonly<Record<AnalyticsType, BasicType>> = {
  string: 'STRING',
  bigint: 'INT64',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

function cell(type: AnalyticsType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint':
      return BigInt(Math.trunc(Number(value)));
    case 'double':
      return Number(value);
    case 'timestamp':
      return new Date(Date.parse(String(value)));
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

/** One Parquet file of `rows`, with exactly the dataset's columns, in order. */
export function parquetOf<Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: readonly Row[],
): Uint8Array {
  const columnData: ColumnSource[] = dataset.columns.map((c) => ({
    name: c.name,
    type: PARQUET_TYPES[c.type],
    nullable: c.nullable,
    data: rows.map((r) => cell(c.type, (r as Record<string, unknown>)[c.name])),
  }));
  return new Uint8Array(
    parquetWriteBuffer({ columnData, codec: 'SNAPPY', createdBy: 'hotline analytics export' }),
  );
}

/** Rows by partition (`dt` of the dataset's date column). */
export async function rowsByDay<Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: AsyncIterable<Row>,
): Promise<Map<string, Row[]>> {
  const days = new Map<string, Row[]>();
  for await (const row of rows) {
    const dt = dtOf(String((row as Record<string, unknown>)[dataset.dateColumn]));
    const list = days.get(dt);
    if (list) list.push(row);
    else days.set(dt, [row]);
  }
  return days;
}

export interface S3ParquetWriterOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Datasets this writer writes; the others are left untouched (and their rows never read). */
  readonly datasets: readonly string[];
}

/** The S3 DatasetWriter: one PutObject per partition (SSE-KMS is the bucket's default encryption). */
export function s3ParquetWriter({ s3, bucket, datasets }: S3ParquetWriterOptions): DatasetWriter {
  return async (dataset, rows): Promise<DatasetWritten> => {
    const dir = `s3://${bucket}/${dataset.name}/`;
    if (!datasets.includes(dataset.name)) return { dataset: dataset.name, rows: 0, partitions: [], dir };
    const days = await rowsByDay(dataset, rows);
    let count = 0;
    for (const [dt, dayRows] of [...days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${partitionPrefix(dataset.name, dt)}part-0.parquet`,
          Body: parquetOf(dataset, dayRows),
          ContentType: 'application/vnd.apache.parquet',
        }),
      );
      count += dayRows.length;
    }
    return { dataset: dataset.name, rows: count, partitions: [...days.keys()].sort(), dir };
  };
}
