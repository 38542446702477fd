/**
 * Athena adapter for analytics (F16): runs a named query's SQL in the deployment's workgroup over the Glue tables
 * the analytics stack defines (the Parquet the export and Firehose write), for a period, and reads the rows back
 * typed as DuckDB's adapter gives them (numbers, booleans, null), so one SQL serves both engines.
 *
 * The period is applied as DuckDB's adapter applies it (views filtered by the `dt` partition): each dataset is
 * shadowed by a `WITH <dataset> AS (SELECT * FROM "<database>"."<dataset>" WHERE dt BETWEEN …)` clause in front of
 * the named query, so partition projection reads only the period's partitions.
 *
 * A query has a time budget (the API answers within API Gateway's 30 s): past it the query is stopped
 * (StopQueryExecution) and AthenaQueryTimeoutError raised. Each start carries a fresh ClientRequestToken, so the
 * SDK's own retries of StartQueryExecution never start a second query.
 */
import { randomUUID } from 'node:crypto';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { ANALYTICS_DATASETS } from '../../../schemas/analytics.js';
import type { QueryRow } from '../duckdb/analytics-duckdb.js';

/** The query failed or was cancelled in Athena: its reason, as Athena gives it. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
}
/** The query did not finish within its budget (it was stopped). */
export class AthenaQueryTimeoutError extends Error {
  override readonly name = 'AthenaQueryTimeoutError';
}

export interface AthenaAnalyticsOptions {
  readonly client: AthenaClient;
  /** The analytics workgroup (enforced settings: its result location and KMS encryption). */
  readonly workGroup: string;
  /** The Glue database of the analytics tables. */
  readonly database: string;
  /** The most a query may take, start to last page (the API function has 28 s, API Gateway 30 s). @default 24 000 */
  readonly budgetMs?: number;
  /** First wait between two status polls; doubles up to 1 s. @default 200 */
  readonly firstPollMs?: number;
  /** For tests: how to wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** For tests: the clock. */
  readonly now?: () => number;
}

export interface Period {
  readonly from?: string;
  readonly to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const IDENTIFIER = /^[a-z0-9_]+$/;

/** The analytics datasets a query reads (by name, as a whole word): what it needs in Glue and S3. */
export function referencedDatasets(sql: string): string[] {
  return ANALYTICS_DATASETS.map((d) => d.name).filter((name) => new RegExp(`\\b${name}\\b`, 'i').test(sql));
}

/** `sql` with each dataset it reads shadowed by its rows of the period (as it is when neither bound is given). */
export function withPeriod(sql: string, database: string, period: Period): string {
  for (const day of [period.from, period.to])
    if (day !== undefined && !DAY.test(day)) throw new AthenaQueryError(`not a day (yyyy-mm-dd): ${day}`);
  if (!IDENTIFIER.test(database)) throw new AthenaQueryError(`not a Glue database name: ${database}`);
  const where = [
    ...(period.from ? [`dt >= '${period.from}'`] : []),
    ...(period.to ? [`dt <= '${period.to}'`] : []),
  ];
  if (where.length === 0) return sql;
  const views = referencedDatasets(sql)
    .map((name) => `${name} AS (SELECT * FROM "${database}"."${name}" WHERE ${where.join(' AND ')})`)
    .join(',\n  ');
  if (!views) return sql;
  const body = sql.trim();
  // A query with its own WITH clause gets ours first, in the same clause.
  return /^with\s/i.test(body) ? `WITH ${views},\n${body.slice(4).trimStart()}` : `WITH ${views}\n${body}`;
}

const NUMERIC = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'double',
  'float',
  'real',
  'decimal',
]);

/** One Athena cell as DuckDB's adapter gives it: numbers and booleans typed, a missing value null. */
function cell(value: string | undefined, type: string | undefined): string | number | boolean | null {
  if (value === undefined) return null;
  const t = (type ?? 'varchar').toLowerCase().replace(/\(.*$/, '');
  if (NUMERIC.has(t)) {
    const n = Number(value);
    return Number.isNaN(n) ? value : n;
  }
  if (t === 'boolean') return value === 'true';
  return value;
}

/** Run `sql` for `period` and read every row (the header row Athena puts first is skipped). */
export async function runAthenaQuery(
  opts: AthenaAnalyticsOptions,
  sql: string,
  period: Period = {},
): Promise<QueryRow[]> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (opts.budgetMs ?? 24_000);
  const started = await opts.client.send(
    new StartQueryExecutionCommand({
      QueryString: withPeriod(sql, opts.database, period),
      WorkGroup: opts.workGroup,
      QueryExecutionContext: { Database: opts.database },
      ClientRequestToken: randomUUID(),
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena started no query (no QueryExecutionId)');
  let wait = opts.firstPollMs ?? 200;
  for (;;) {
    const out = await opts.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const status = out.QueryExecution?.Status;
    if (status?.State === 'SUCCEEDED') break;
    if (status?.State === 'FAILED' || status?.State === 'CANCELLED')
      throw new AthenaQueryError(
        `Athena query ${id} ${status.State.toLowerCase()}: ${status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given'}`,
      );
    if (now() + wait > deadline) {
      await opts.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      throw new AthenaQueryTimeoutError(
        `Athena query ${id} did not finish within ${Math.round((opts.budgetMs ?? 24_000) / 1000)} s: it was stopped; run the named query in the Athena console`,
      );
    }
    await sleep(wait);
    wait = Math.min(1000, wait * 2);
  }
  const rows: QueryRow[] = [];
  let columns: { name: string; type: string | undefined }[] | undefined;
  let token: string | undefined;
  let first = true;
  do {
    const page: GetQueryResultsCommandOutput = await opts.client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) }),
    );
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
      name: c.Name ?? c.Label ?? '',
      type: c.Type,
    }));
    const data = page.ResultSet?.Rows ?? [];
    // The first page of a SELECT starts with the column names.
    for (const [i, row] of data.entries()) {
      if (first && i === 0) continue;
      const values = row.Data ?? [];
      const out: QueryRow = {};
      for (const [j, c] of (columns ?? []).entries()) out[c.name] = cell(values[j]?.VarCharValue, c.type);
      rows.push(out);
    }
    first = false;
    token = page.NextToken;
  } while (token);
  return rows;
}
