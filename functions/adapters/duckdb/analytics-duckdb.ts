/**
 * DuckDB adapter for analytics (F16): writes the datasets as Parquet in the S3 layout
 * (`<root>/<dataset>/dt=<yyyy-mm-dd>/part-0.parquet`) and opens the same files as views named like the Athena
 * tables, to run the named queries locally.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  ANALYTICS_DATASETS,
  type AnalyticsColumn,
  type AnalyticsDataset,
  type AnalyticsDatasetName,
  DUCKDB_TYPES,
} from '../../../schemas/analytics.js';

export type QueryRow = Record<string, string | number | boolean | null>;

const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Rows handed to DuckDB per write (and the most the export holds in memory at once). */
export const EXPORT_BATCH_ROWS = 20_000;

/**
 * A timestamp column's value as DuckDB reads it: ISO UTC strings (`…Z`, what the core functions emit) pass as they
 * are; any other offset is converted in JavaScript, because DuckDB's cast to TIMESTAMP drops an offset instead of
 * applying it.
 */
function utcIso(value: unknown): unknown {
  if (typeof value !== 'string' || value.endsWith('Z')) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** SQL that casts the staged timestamp texts, then `dt` (UTC date of the date column). */
function selectList(dataset: AnalyticsDataset<object>): string {
  const cast = (c: AnalyticsColumn) =>
    c.type === 'timestamp' ? `CAST(${c.name} AS TIMESTAMP) AS ${c.name}` : c.name;
  return [
    ...dataset.columns.map(cast),
    `strftime(CAST(${dataset.dateColumn} AS TIMESTAMP), '%Y-%m-%d') AS dt`,
  ].join(', ');
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
 * Streaming and columnar where it counts: each row becomes one JSON line (V8's JSON.stringify, no per-field
 * JavaScript), written to a scratch file every EXPORT_BATCH_ROWS rows, so memory is bounded by the batch, never
 * by the row count. DuckDB then reads the file with its parallel JSON reader and writes the partitioned Parquet in
 * one COPY, under a memory limit (spilling to the scratch folder).
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
  const staged = join(scratch, 'rows.ndjson');
  const batchRows = opts.batchRows ?? EXPORT_BATCH_ROWS;
  const timestamps = dataset.columns.filter((c) => c.type === 'timestamp').map((c) => c.name);
  let count = 0;
  try {
    const file = await open(staged, 'w');
    try {
      let lines: string[] = [];
      for await (const row of rows) {
        let r = row as Record<string, unknown>;
        for (const name of timestamps) {
          const v = r[name];
          if (typeof v === 'string' && !v.endsWith('Z')) r = { ...r, [name]: utcIso(v) };
        }
        lines.push(JSON.stringify(r));
        count++;
        if (lines.length >= batchRows) {
          await file.write(`${lines.join('\n')}\n`);
          lines = [];
        }
      }
      if (lines.length > 0) await file.write(`${lines.join('\n')}\n`);
    } finally {
      await file.close();
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (count > 0) {
      const instance = await DuckDBInstance.create(':memory:', {
        memory_limit: opts.memoryLimit ?? '512MB',
        temp_directory: scratch,
      });
      const con = await instance.connect();
      try {
        // Timestamps are read as text and cast (ISO with `Z`); the other types are read as they are.
        const columns = dataset.columns
          .map(
            (c) => `${quoteLiteral(c.name)}: '${c.type === 'timestamp' ? 'VARCHAR' : DUCKDB_TYPES[c.type]}'`,
          )
          .join(', ');
        await con.run(
          `COPY (SELECT ${selectList(dataset as AnalyticsDataset<object>)} FROM read_json(${quoteLiteral(staged)}, format = 'newline_delimited', columns = {${columns}})) TO ${quoteLiteral(dir)} (FORMAT PARQUET, PARTITION_BY (dt), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)`,
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
