/**
 * Many items in few requests: BatchWriteItem, 25 items a request, requests sent with bounded concurrency, with a
 * precise outcome per item. Used by contact-record ingestion, whose items are immutable versions (a key names one
 * version of one contact), so a write needs no condition: writing the same version again writes the same item.
 * Items DynamoDB leaves unprocessed (throttling) are sent again with backoff; what is still unprocessed after the
 * last round, or whose request failed after the SDK's own retries, is `failed` (the caller retries it).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { backoff, chunk, mapLimit } from '../../shared/concurrency.js';

export type WriteOutcome =
  | { readonly status: 'written' }
  /** Worth retrying (throttled, unavailable, timed out). */
  | { readonly status: 'failed'; readonly error: unknown }
  /** Can never be written (refused by the write guard, or by DynamoDB as invalid): retrying cannot help. */
  | { readonly status: 'invalid'; readonly error: unknown };

export interface BatchWriteOptions {
  /** Requests in flight. @default 8 */
  readonly concurrency?: number;
  /** Rounds for items left unprocessed before they are reported failed. @default 6 */
  readonly rounds?: number;
}

/** One write of a batch: put an item, or delete one by key. Every table here is keyed `pk`/`sk`. */
export type BatchWrite =
  | { readonly table: string; readonly put: Record<string, unknown> }
  | { readonly table: string; readonly delete: { readonly pk: string; readonly sk: string } };

/** DynamoDB's limit: 25 writes a request (and 400 KB an item, so a request stays under its 16 MB). */
const WRITES_PER_REQUEST = 25;

const keyOf = (table: string, item: Record<string, unknown>) => `${table}\u0000${item.pk}\u0000${item.sk}`;
const request = (w: BatchWrite) =>
  'put' in w ? { PutRequest: { Item: w.put } } : { DeleteRequest: { Key: w.delete } };

const isInvalid = (err: unknown) =>
  err instanceof Error && (err.name === 'ValidationException' || err.name === 'InvalidItemError');

/**
 * Write `count` items, `build(i)` making the i-th when its request is about to go (so the first request leaves while
 * the rest are still being built, and one the write guard refuses is `invalid` alone). At most one write per key:
 * DynamoDB refuses a request naming one key twice. A request DynamoDB refuses as invalid is split, so only the
 * invalid item is `invalid` and the others are written. One outcome per write, in input order.
 */
export async function writeBatch(
  doc: DynamoDBDocumentClient,
  count: number,
  build: (i: number) => BatchWrite,
  opts: BatchWriteOptions = {},
): Promise<WriteOutcome[]> {
  const outcomes = new Array<WriteOutcome>(count);
  const built = new Array<BatchWrite | undefined>(count);
  const index = new Map<string, number>();
  const send = async (indices: readonly number[]): Promise<void> => {
    let pending = indices;
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await backoff(round, 20, 1000);
      const items: Record<string, ReturnType<typeof request>[]> = {};
      for (const i of pending) {
        const w = built[i] as BatchWrite;
        const list = items[w.table] ?? [];
        list.push(request(w));
        items[w.table] = list;
      }
      let out: BatchWriteCommandOutput;
      try {
        out = await doc.send(new BatchWriteCommand({ RequestItems: items }));
      } catch (error) {
        if (isInvalid(error) && pending.length > 1) {
          // One item spoils the request (a key too long…): each on its own finds which.
          for (const i of pending) await send([i]);
          return;
        }
        for (const i of pending) outcomes[i] = { status: isInvalid(error) ? 'invalid' : 'failed', error };
        return;
      }
      const left: number[] = [];
      for (const [table, reqs] of Object.entries(out.UnprocessedItems ?? {}))
        for (const r of reqs ?? []) {
          const item = (r.PutRequest?.Item ?? r.DeleteRequest?.Key) as Record<string, unknown> | undefined;
          const i = item ? index.get(keyOf(table, item)) : undefined;
          if (i !== undefined) left.push(i);
        }
      const unprocessed = new Set(left);
      for (const i of pending) if (!unprocessed.has(i)) outcomes[i] = { status: 'written' };
      pending = left;
      if (pending.length > 0 && round + 1 >= (opts.rounds ?? 6)) {
        const error = new Error(
          `BatchWriteItem: ${pending.length} item(s) still unprocessed after ${round + 1} rounds`,
        );
        for (const i of pending) outcomes[i] = { status: 'failed', error };
        return;
      }
    }
  };
  const parts = chunk(
    Array.from({ length: count }, (_, i) => i),
    WRITES_PER_REQUEST,
  );
  await mapLimit(parts, opts.concurrency ?? 8, async (indices) => {
    const ready: number[] = [];
    for (const i of indices)
      try {
        const w = build(i);
        built[i] = w;
        index.set(keyOf(w.table, 'put' in w ? w.put : w.delete), i);
        ready.push(i);
      } catch (error) {
        outcomes[i] = { status: isInvalid(error) ? 'invalid' : 'failed', error };
      }
    await send(ready);
  });
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
