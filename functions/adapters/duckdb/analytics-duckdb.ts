/**
 * DuckDB adapter for analytics (F16): writes the datasets as Parquet in the S3 layout
 * (`<root>/<dataset>/dt=<yyyy-mm-dd>/part-0.parquet`) and opens the same files as views named like the Athena
 * tables, to run the named queries locally.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  ANALYTICS_DATASETS,
  type AnalyticsDataset,
  type AnalyticsDatasetName,
  DUCKDB_TYPES,
} from '../../../schemas/analytics.js';
import { parquetOf } from '../s3/parquet-encoder.js';

export type QueryRow = Record<string, string | number | boolean | null>;

const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Rows handed to DuckDB per write (and the most the export holds in memory at once). */
export const EXPORT_BATCH_ROWS = 20_000;

/** The Parquet columns as they are, then `dt` (UTC date of the date column). */
function selectList(dataset: AnalyticsDataset<object>): string {
  return [...dataset.columns.map((c) => c.name), `strftime(${dataset.dateColumn}, '%Y-%m-%d') AS dt`].join(
    ', ',
  );
}

export interface WriteResult {
  readonly dataset: AnalyticsDatasetName;
  readonly rows: number;
  readonly partitions: readonly string[];
  readonly dir: string;
}

/**
 * Replace `<root>/<dataset>/` with the rows as Parquet, one folder per `dt`. Rows are trusted to match the
 * dataset's row schema (the use case built them with the core functions).
 *
 * Streaming and columnar where it counts: every EXPORT_BATCH_ROWS rows are encoded as one Parquet file in a scratch
 * folder (parquet-encoder.ts, the AWS export's encoder: typed columns, no text to parse back), so memory is bounded
 * by the batch, never by the row count. DuckDB then reads those files in parallel and writes the partitioned
 * Parquet in one COPY, under a memory limit (spilling to the scratch folder). Timestamps with any UTC offset are
 * stored as their instant (UTC), so `dt` is the UTC date.
 */
export async function writeDataset<Row extends object>(
  root: string,
  dataset: AnalyticsDataset<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  opts: { readonly batchRows?: number; readonly memoryLimit?: string } = {},
): Promise<WriteResult> {
  const dir = join(root, dataset.name);
  mkdirSync(root, { recursive: true });
  const scratch = mkdtempSync(join(root, '.export-'));
  const batchRows = opts.batchRows ?? EXPORT_BATCH_ROWS;
  let count = 0;
  let parts = 0;
  try {
    let batch: Row[] = [];
    const flush = async () => {
      await writeFile(
        join(scratch, `batch-${parts++}.parquet`),
        parquetOf(dataset, batch, { scratch: true }),
      );
      batch = [];
    };
    for await (const row of rows) {
      batch.push(row);
      count++;
      if (batch.length >= batchRows) await flush();
    }
    if (batch.length > 0) await flush();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (count > 0) {
      const instance = await DuckDBInstance.create(':memory:', {
        memory_limit: opts.memoryLimit ?? '512MB',
        temp_directory: scratch,
      });
      const con = await instance.connect();
      try {
        await con.run(
          `COPY (SELECT ${selectList(dataset as AnalyticsDataset<object>)} FROM read_parquet(${quoteLiteral(join(scratch, 'batch-*.parquet'))})) TO ${quoteLiteral(dir)} (FORMAT PARQUET, PARTITION_BY (dt), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)`,
        );
      } finally {
        con.closeSync();
        instance.closeSync();
      }
    }
    const partitions = readdirSync(dir)
      .filter((d) => d.startsWith('dt='))
      .map((d) => d.slice(3))
      .sort();
    return { dataset: dataset.name, rows: count, partitions, dir };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some(
    (d) =>
      d.isDirectory() &&
      d.name.startsWith('dt=') &&
      readdirSync(join(dir, d.name)).some((f) => f.endsWith('.parquet')),
  );
}

export interface AnalyticsDb {
  /** Run one query; BIGINT comes back as number, timestamps as strings. */
  query(sql: string): Promise<QueryRow[]>;
  /** Rows per dataset (after the date filter). */
  counts(): Promise<Record<AnalyticsDatasetName, number>>;
  close(): void;
}

export interface OpenOptions {
  /** Inclusive `yyyy-mm-dd` bounds on `dt`. */
  readonly from?: string;
  readonly to?: string;
  /** DuckDB threads (default: DuckDB's). */
  readonly threads?: number;
}

function convert(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/**
 * Views `contacts`, `tickets`, `surveys` over the Parquet under `root` (a dataset with no files is an empty
 * view of the right columns), optionally limited to `dt` between `from` and `to`.
 */
export async function openAnalyticsDb(root: string, opts: OpenOptions = {}): Promise<AnalyticsDb> {
  const instance = await DuckDBInstance.create(
    ':memory:',
    opts.threads ? { threads: String(opts.threads) } : {},
  );
  const con: DuckDBConnection = await instance.connect();
  try {
    for (const ds of ANALYTICS_DATASETS) {
      const dir = join(root, ds.name);
      const where = [
        ...(opts.from ? [`dt >= ${quoteLiteral(opts.from)}`] : []),
        ...(opts.to ? [`dt <= ${quoteLiteral(opts.to)}`] : []),
      ];
      const source = hasParquet(dir)
        ? `SELECT * FROM read_parquet(${quoteLiteral(join(dir, '*', '*.parquet'))}, hive_partitioning = true, hive_types = {'dt': VARCHAR})`
        : `SELECT ${[...ds.columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${c.name}`), 'CAST(NULL AS VARCHAR) AS dt'].join(', ')} WHERE 1 = 0`;
      await con.run(
        `CREATE VIEW ${ds.name} AS SELECT * FROM (${source}) src${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      );
    }
  } catch (err) {
    con.closeSync();
    instance.closeSync();
    throw err;
  }
  const query = async (sql: string): Promise<QueryRow[]> => {
    const reader = await con.runAndReadAll(sql);
    return reader.getRowObjects().map((r) => {
      const out: QueryRow = {};
      for (const [k, v] of Object.entries(r)) out[k] = convert(v);
      return out;
    });
  };
  return {
    query,
    counts: async () => {
      const rows = await query(
        ANALYTICS_DATASETS.map((d) => `SELECT '${d.name}' AS name, COUNT(*) AS n FROM ${d.name}`).join(
          ' UNION ALL ',
        ),
      );
      const out = Object.fromEntries(ANALYTICS_DATASETS.map((d) => [d.name, 0])) as Record<
        AnalyticsDatasetName,
        number
      >;
      for (const r of rows) out[r.name as AnalyticsDatasetName] = Number(r.n);
      return out;
    },
    close: () => {
      con.closeSync();
      instance.closeSync();
    },
  };
}
