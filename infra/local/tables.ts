import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { localTableName, TABLES, type TableDefinition } from '../../schemas/tables.js';

/** Table names for the local runtime, as the environment variables the Lambdas read. */
export function localTableEnv(prefix?: string): Record<string, string> {
  return Object.fromEntries(TABLES.map((t) => [t.envVar, localTableName(t, prefix)]));
}

function createInput(def: TableDefinition, name: string): CreateTableCommandInput {
  const gsis = def.globalSecondaryIndexes ?? [];
  const attrs = new Set([def.partitionKey, def.sortKey, ...gsis.flatMap((g) => [g.partitionKey, g.sortKey])]);
  const keySchema = (pk: string, sk?: string) => [
    { AttributeName: pk, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs]
      .filter((a): a is string => a !== undefined)
      .map((a) => ({ AttributeName: a, AttributeType: 'S' as const })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(gsis.length
      ? {
          GlobalSecondaryIndexes: gsis.map((g) => ({
            IndexName: g.indexName,
            KeySchema: keySchema(g.partitionKey, g.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

/**
 * Create every table of schemas/tables.ts that DynamoDB Local does not have yet.
 * Returns the table names keyed by the environment variable each Lambda reads.
 */
export async function ensureLocalTables(endpoint: string, prefix?: string): Promise<Record<string, string>> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    for (const def of TABLES) {
      const name = localTableName(def, prefix);
      try {
        await client.send(new DescribeTableCommand({ TableName: name }));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
        await client.send(new CreateTableCommand(createInput(def, name)));
      }
    }
  } finally {
    client.destroy();
  }
  return localTableEnv(prefix);
}
