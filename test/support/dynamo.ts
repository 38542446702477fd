import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { ensureLocalTables } from '../../infra/local/tables.js';

export interface TestTables {
  readonly endpoint: string;
  /** Table names keyed by the env var the Lambdas read (e.g. CRM_TABLE_NAME). */
  readonly env: Record<string, string>;
  readonly doc: DynamoDBDocumentClient;
  readonly crm: DynamoCrmRepository;
}

/** Fresh tables with a unique prefix in the run's DynamoDB Local (see global-setup.ts). */
export async function createTestTables(): Promise<TestTables> {
  const endpoint = inject('dynamoEndpoint');
  const env = await ensureLocalTables(endpoint, `t${randomUUID().slice(0, 8)}`);
  const doc = createDocumentClient({ endpoint, requestTimeoutMs: 5000, connectionTimeoutMs: 2000 });
  const table = env.CRM_TABLE_NAME;
  if (!table) throw new Error('CRM table missing');
  return { endpoint, env, doc, crm: new DynamoCrmRepository(doc, table) };
}

/**
 * An item as JSON text, for tests that search what was stored: binary attributes (a call record's CTR is the bytes
 * of its JSON text) are read as UTF-8, so what they hold is searched too.
 */
export const itemText = (item: unknown): string =>
  JSON.stringify(item, (_key, value: unknown) =>
    value instanceof Uint8Array
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')
      : value,
  );

/** Every item of a table (paginated), for tests that check what was stored. */
export async function scanAll(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await doc.send(
      new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
