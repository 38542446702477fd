/**
 * Many independent conditional writes in few requests: chunks of TransactWriteItems (each action keeps its own
 * condition), sent with bounded concurrency, with a precise outcome per action. A transaction is all-or-nothing,
 * so when one is cancelled the actions whose condition failed are taken out (`condition-failed`) and the others are
 * sent again; anything a transaction cannot settle is finally written one request per action. Used by ingestion:
 * a Kinesis batch of 100 CTRs becomes 4 requests instead of 100.
 *
 * Cost note: a transactional write costs 2 write units per item in AWS (against 1 for PutItem/UpdateItem). For CTR
 * ingestion the extra units buy 25× fewer requests per batch (Lambda time, throttling headroom); set
 * `chunkSize: 1` to trade back (each action is then sent as a plain conditional write).
 */
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchExecuteStatementCommand,
  type BatchExecuteStatementCommandOutput,
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { backoff, chunk, mapLimit } from '../../shared/concurrency.js';

/** One action of a document-client transaction (Put or Update; conditions allowed). */
export type WriteAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type WriteOutcome =
  | { readonly status: 'written' }
  | { readonly status: 'condition-failed' }
  | { readonly status: 'failed'; readonly error: unknown };

export interface BatchWriteOptions {
  /** Actions per transaction (≤ 100). @default 25 */
  readonly chunkSize?: number;
  /** Transactions in flight. @default 4 */
  readonly concurrency?: number;
  /** Transaction rounds per chunk before the rest is written one by one. @default 4 */
  readonly rounds?: number;
}

/** Transactions are limited to 4 MB: keep a margin for the request envelope. */
const MAX_CHUNK_BYTES = 3_500_000;

const isConditionFailure = (err: unknown) =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';

function reasonsOf(err: unknown): readonly CancellationReason[] | undefined {
  if (
    err instanceof TransactionCanceledException ||
    (err instanceof Error && err.name === 'TransactionCanceledException')
  )
    return (err as TransactionCanceledException).CancellationReasons;
  return undefined;
}

/** One action as its own request (same condition). */
async function writeOne(doc: DynamoDBDocumentClient, action: WriteAction): Promise<WriteOutcome> {
  try {
    if (action.Put) await doc.send(new PutCommand(action.Put));
    else if (action.Update) await doc.send(new UpdateCommand(action.Update as never));
    else throw new Error('only Put and Update actions are supported');
    return { status: 'written' };
  } catch (err) {
    return isConditionFailure(err) ? { status: 'condition-failed' } : { status: 'failed', error: err };
  }
}

export async function writeEach(
  doc: DynamoDBDocumentClient,
  actions: readonly WriteAction[],
  opts: BatchWriteOptions = {},
): Promise<WriteOutcome[]> {
  const outcomes = new Array<WriteOutcome>(actions.length);
  const size = Math.max(1, Math.min(100, opts.chunkSize ?? 25));
  const indexes = actions.map((_, i) => i);
  const chunks = chunk(indexes, size, MAX_CHUNK_BYTES, (i) => JSON.stringify(actions[i]).length);
  await mapLimit(chunks, opts.concurrency ?? 4, async (indices) => {
    let pending = indices;
    for (let round = 0; pending.length > 1 && round < (opts.rounds ?? 4); round++) {
      try {
        await doc.send(
          new TransactWriteCommand({ TransactItems: pending.map((i) => actions[i] as WriteAction) }),
        );
        for (const i of pending) outcomes[i] = { status: 'written' };
        pending = [];
      } catch (err) {
        const reasons = reasonsOf(err);
        if (!reasons || reasons.length !== pending.length) {
          // Not a cancellation we can read (throttled after the SDK's retries, network…): settle one by one.
          break;
        }
        const retry: number[] = [];
        pending.forEach((i, k) => {
          if (reasons[k]?.Code === 'ConditionalCheckFailed') outcomes[i] = { status: 'condition-failed' };
          else retry.push(i);
        });
        pending = retry;
        // Only conditions failed: the others go again at once; a conflict or throttle waits a little first.
        if (reasons.some((r) => r.Code && r.Code !== 'None' && r.Code !== 'ConditionalCheckFailed'))
          await backoff(round);
      }
    }
    for (const i of pending) outcomes[i] = await writeOne(doc, actions[i] as WriteAction);
  });
  return outcomes;
}

/** Statements per BatchExecuteStatement (DynamoDB's limit). */
const STATEMENTS_PER_BATCH = 25;

/** Per-statement errors that a later attempt can clear. */
const RETRYABLE_STATEMENT_ERRORS = new Set([
  'ProvisionedThroughputExceeded',
  'ThrottlingError',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionConflict',
]);

/** `INSERT INTO "table" VALUE {'a': ?, …}` for an item (undefined attributes left out, as the document client does). */
function insertStatement(tableName: string, item: Record<string, unknown>) {
  const entries = Object.entries(item).filter(([, v]) => v !== undefined);
  return {
    Statement: `INSERT INTO "${tableName.replace(/"/g, '""')}" VALUE {${entries
      .map(([k]) => `'${k.replace(/'/g, "''")}': ?`)
      .join(', ')}}`,
    Parameters: entries.map(([, v]) => v),
  };
}

/**
 * Conditional puts at the price of a batch write, for items that are usually new (ingestion): first each item as a
 * PartiQL `INSERT` (refused per statement when the key exists, never overwriting), 25 to a non-transactional
 * BatchExecuteStatement, sent with bounded concurrency; only the items that already exist go on to their own
 * conditional Put (`writeEach`, so an older or equal version still never replaces a newer one). One outcome per
 * action, in order. A transaction costs 2 write units per item in AWS; an INSERT costs 1.
 */
export async function insertEach(
  doc: DynamoDBDocumentClient,
  puts: readonly { readonly Put: NonNullable<WriteAction['Put']> }[],
  opts: BatchWriteOptions = {},
): Promise<WriteOutcome[]> {
  const outcomes = new Array<WriteOutcome>(puts.length);
  const existing: number[] = [];
  await mapLimit(
    chunk(
      puts.map((_, i) => i),
      STATEMENTS_PER_BATCH,
    ),
    opts.concurrency ?? 4,
    async (indices) => {
      let pending = indices;
      for (let round = 0; pending.length > 0; round++) {
        if (round > 0) await backoff(round);
        let out: BatchExecuteStatementCommandOutput;
        try {
          out = await doc.send(
            new BatchExecuteStatementCommand({
              Statements: pending.map((i) => {
                const put = (puts[i] as (typeof puts)[number]).Put;
                return insertStatement(put.TableName as string, put.Item as Record<string, unknown>);
              }),
            }),
          );
        } catch (err) {
          // The request as a whole failed after the SDK's own retries: every statement of it is to be retried.
          for (const i of pending) outcomes[i] = { status: 'failed', error: err };
          return;
        }
        const again: number[] = [];
        pending.forEach((i, k) => {
          const error = out.Responses?.[k]?.Error;
          if (!error) outcomes[i] = { status: 'written' };
          else if (error.Code === 'DuplicateItem') existing.push(i);
          else if (error.Code && RETRYABLE_STATEMENT_ERRORS.has(error.Code) && round < (opts.rounds ?? 4))
            again.push(i);
          else outcomes[i] = { status: 'failed', error: new Error(`${error.Code}: ${error.Message ?? ''}`) };
        });
        pending = again;
      }
    },
  );
  if (existing.length > 0) {
    const settled = await writeEach(
      doc,
      existing.map((i) => puts[i] as WriteAction),
      opts,
    );
    existing.forEach((i, k) => {
      outcomes[i] = settled[k] as WriteOutcome;
    });
  }
  return outcomes;
}

/** Read many items by key (BatchGetItem, 100 keys a request, unprocessed keys sent again). */
export async function getMany(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, string>[],
  opts: {
    readonly consistent?: boolean;
    readonly projection?: readonly string[];
    readonly concurrency?: number;
  } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const names = opts.projection
    ? Object.fromEntries(opts.projection.map((n, i) => [`#p${i}`, n]))
    : undefined;
  await mapLimit(chunk(keys, 100), opts.concurrency ?? 4, async (part) => {
    let pending: Record<string, unknown>[] | undefined = part;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt, 20, 1000);
      if (attempt > 8)
        throw new Error(`BatchGetItem on ${tableName}: keys still unprocessed after ${attempt} attempts`);
      const out: BatchGetCommandOutput = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(opts.consistent ? { ConsistentRead: true } : {}),
              ...(names
                ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }
                : {}),
            },
          },
        }),
      );
      found.push(...((out.Responses?.[tableName] ?? []) as Record<string, unknown>[]));
      pending = out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  });
  return found;
}
