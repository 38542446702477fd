/**
 * The one place the CDK app takes the analytics definitions from: the datasets (schemas/analytics.ts) and the
 * named queries (functions/core/analytics/queries.ts), both shared with the local DuckDB export and report.
 * The CDK code depends only on the shapes re-exported here.
 */
import type { AnalyticsDataset } from '../schemas/analytics.js';

export { NAMED_QUERIES, type NamedQuery } from '../functions/core/analytics/queries.js';
export {
  ANALYTICS_DATASETS,
  type AnalyticsColumn,
  type AnalyticsType,
  CONTACTS_DATASET,
  GLUE_TYPES,
} from '../schemas/analytics.js';

/** A dataset as CDK sees it (the row type does not matter here). */
export type AnalyticsDatasetDef = Pick<
  AnalyticsDataset<unknown>,
  'name' | 'description' | 'columns' | 'partitionColumn'
>;
