/**
 * Analytics datasets on disk (F16, local): `hotline export` writes them as Parquet in the S3 layout
 * (`<root>/<dataset>/dt=<yyyy-mm-dd>/part-<n>.parquet`) with the hourly AWS export's writer, and DuckDB opens the same
 * files as views named like the Athena tables, to run the named queries locally.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  ANALYTICS_DATASETS,
  type AnalyticsDataset,
  type AnalyticsDatasetName,
  DUCKDB_TYPES,
} from '../../../schemas/analytics.js';
import { DEFAULT_BATCH_ROWS, writeParquetPartitions } from '../s3/parquet-partitions.js';

export type QueryRow = Record<string, string | number | boolean | null>;

const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Rows held per write (the most the export holds in memory at once), as in the AWS export. */
export const EXPORT_BATCH_ROWS = DEFAULT_BATCH_ROWS;

export interface WriteResult {
  readonly dataset: AnalyticsDatasetName;
  readonly rows: number;
  readonly partitions: readonly string[];
  readonly dir: string;
}

/**
 * Replace `<root>/<dataset>/` with the rows as Parquet, one folder per `dt` (the UTC date of the dataset's date
 * column). Rows are trusted to match the dataset's row schema (the use case built them with the core functions).
 *
 * The same writer as the hourly AWS export (parquet-partitions.ts): rows held per day as columns and encoded by
 * Rust's Parquet writer (parquet-wasm) straight into the day's files, `part-0.parquet`, `part-1.parquet`, … (one
 * part per EXPORT_BATCH_ROWS rows of a day whose rows come together), so memory is bounded by the batch, never by
 * the row count. Written into a scratch folder beside the dataset's, which then replaces it.
 */
export async function writeDataset<Row extends object>(
  root: string,
  dataset: AnalyticsDataset<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  opts: { readonly batchRows?: number } = {},
): Promise<WriteResult> {
  const dir = join(root, dataset.name);
  mkdirSync(root, { recursive: true });
  const scratch = mkdtempSync(join(root, `.${dataset.name}-`));
  try {
    const written = await writeParquetPartitions(
      dataset,
      rows,
      async (dt, n, body) => {
        const day = join(scratch, `dt=${dt}`);
        if (n === 0) mkdirSync(day);
        await writeFile(join(day, `part-${n}.parquet`), body);
      },
      opts.batchRows ?? EXPORT_BATCH_ROWS,
    );
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    return {
      dataset: dataset.name,
      rows: written.rows,
      partitions: [...written.parts.keys()].sort(),
      dir,
    };
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
