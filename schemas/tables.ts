/**
 * DynamoDB table definitions: the one description of each table's keys, read by the CDK
 * construct (infra/constructs/hotline-table.ts), by the local runtime that creates the
 * same tables in DynamoDB Local (infra/local/tables.ts) and by the repositories.
 */
export interface TableDefinition {
  /** Construct id in CDK and suffix of the local table name. */
  readonly id: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly globalSecondaryIndexes?: readonly { indexName: string; partitionKey: string; sortKey?: string }[];
  /** Attribute holding an epoch-seconds expiry, if the table expires items. */
  readonly timeToLiveAttribute?: string;
  /** Environment variable that tells a Lambda (and the local runtime) the table's name. */
  readonly envVar: string;
  /** True when the table holds customer data: retained on stack deletion, point-in-time recovery. */
  readonly customerData: boolean;
}

/**
 * CRM: customers, the per-number lookup items, card-number claims.
 * Access patterns are listed in README "DynamoDB access patterns".
 */
export const CRM_TABLE = {
  id: 'Crm',
  partitionKey: 'pk',
  sortKey: 'sk',
  envVar: 'CRM_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

export const TABLES = [CRM_TABLE] as const satisfies readonly TableDefinition[];

/** Table name used by the local runtime (DynamoDB Local); tests pass their own prefix. */
export const localTableName = (def: TableDefinition, prefix = 'hotline'): string =>
  `${prefix}-${def.id.toLowerCase()}`;
