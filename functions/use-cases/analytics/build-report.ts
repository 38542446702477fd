/**
 * `hotline report` (F16): every named query over the exported datasets, rendered into one HTML page.
 */
import { NAMED_QUERIES, type NamedQuery } from '../../core/analytics/queries.js';
import { type QueryResult, type ResultRow, renderReport } from '../../core/analytics/report.js';

export interface AnalyticsQueryEngine {
  query(sql: string): Promise<ResultRow[]>;
  counts(): Promise<Readonly<Record<string, number>>>;
}

export interface BuildReportInput {
  readonly engine: AnalyticsQueryEngine;
  readonly now: () => Date;
  readonly from?: string;
  readonly to?: string;
  readonly title?: string;
  readonly queries?: readonly NamedQuery[];
}

export interface BuiltReport {
  readonly html: string;
  readonly results: readonly QueryResult[];
  readonly counts: Readonly<Record<string, number>>;
}

export async function runNamedQueries(
  engine: AnalyticsQueryEngine,
  queries: readonly NamedQuery[] = NAMED_QUERIES,
): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const query of queries) {
    const started = performance.now();
    let rows: ResultRow[];
    try {
      rows = await engine.query(query.sql);
    } catch (err) {
      throw new Error(`named query ${query.key} failed: ${(err as Error).message}`);
    }
    results.push({ query, rows, millis: performance.now() - started });
  }
  return results;
}

export async function buildReport(input: BuildReportInput): Promise<BuiltReport> {
  const counts = await input.engine.counts();
  const results = await runNamedQueries(input.engine, input.queries);
  const html = renderReport({
    title: input.title ?? 'Hotline contact-centre report',
    generatedAt: input.now(),
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    counts,
    results,
  });
  return { html, results, counts };
}
