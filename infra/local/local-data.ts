import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { CRM_TABLE, TABLES } from '../../schemas/tables.js';
import { type LocalDynamo, openLocalDynamo } from './dynamodb-local.js';
import { ensureLocalTables, localTableEnv } from './tables.js';

/** The local data under `$HOTLINE_HOME`: DynamoDB Local with every table, and the CRM on it. */
export interface LocalData {
  readonly home: string;
  readonly endpoint: string;
  /** Table names keyed by the env var the Lambdas read (e.g. CRM_TABLE_NAME). */
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly doc: DynamoDBDocumentClient;
  readonly crm: DynamoCrmRepository;
  /** Release connections and stop the DynamoDB Local this process started. Idempotent. */
  close(): Promise<void>;
}

/** Close the HTTP handler a document client shares (its destroy() leaves it open). */
export function closeDocumentClient(doc: DynamoDBDocumentClient): void {
  const handler = doc.config.requestHandler as { destroy?: () => void } | undefined;
  handler?.destroy?.();
}

/**
 * Open the local data kept in `home`: reuse the DynamoDB Local another Hotline process runs
 * there, or start one (stopped by `close()`), and create any missing table.
 */
export async function openLocalData(homeDir: string): Promise<LocalData> {
  const home = resolve(homeDir);
  mkdirSync(home, { recursive: true });
  const dynamo = await openLocalDynamo(home);
  try {
    const tableEnv = await ensureTablesOnce(home, dynamo);
    const crmTableName = tableEnv[CRM_TABLE.envVar];
    if (!crmTableName) throw new Error('the local CRM table is missing');
    const doc = createDocumentClient({
      endpoint: dynamo.endpoint,
      connectionTimeoutMs: 2000,
      requestTimeoutMs: 10_000,
      maxAttempts: 3,
    });
    let closed: Promise<void> | undefined;
    return {
      home,
      endpoint: dynamo.endpoint,
      tableEnv,
      doc,
      crm: new DynamoCrmRepository(doc, crmTableName),
      close: () => {
        closed ??= (async () => {
          closeDocumentClient(doc);
          await dynamo.stop();
        })();
        return closed;
      },
    };
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
}

/**
 * Create any missing table, once per run of the home's DynamoDB Local and version of the table
 * definitions: a marker in the home records it, so a command on a running database makes no
 * request for it.
 */
async function ensureTablesOnce(home: string, dynamo: LocalDynamo): Promise<Record<string, string>> {
  const marker = join(home, 'dynamodb-tables.json');
  const key = JSON.stringify({ session: dynamo.session ?? dynamo.endpoint, tables: TABLES });
  try {
    if (dynamo.session && readFileSync(marker, 'utf8') === key) return localTableEnv();
  } catch {
    // no marker yet
  }
  const env = await ensureLocalTables(dynamo.endpoint);
  if (dynamo.session) writeFileSync(marker, key);
  return env;
}
