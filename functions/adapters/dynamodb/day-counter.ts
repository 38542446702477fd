/**
 * A per-day sequence number (ticket and pickup ids): one atomic `ADD` on the day's counter item, so ids stay
 * unique under concurrency.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export async function nextDaySequence(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
): Promise<number> {
  const out = await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'ADD #n :one SET entity = :e',
      ExpressionAttributeNames: { '#n': 'counter' },
      ExpressionAttributeValues: { ':one': 1, ':e': 'sequence' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.counter);
}

/**
 * A per-day sequence spread over `shards` counter items (issue 17: one item takes at most 1,000 writes/s). Shard 0
 * is the unsharded key itself and shard s > 0 is `<pk>#<s>`; shard s hands out s+1, s+1+shards, s+1+2·shards…, so
 * numbers from different shards never meet, and with one shard this is `nextDaySequence` exactly (1, 2, 3…).
 * Numbers stay unique and short but, with several shards, are no longer in creation order. Keep `shards` fixed for
 * a day: a change mid-day can hand out a number again (the ticket's own conditional write then refuses it).
 */
export async function nextShardedDaySequence(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: { readonly pk: string; readonly sk: string },
  shards: number,
  pick: () => number = Math.random,
): Promise<number> {
  const n = Math.max(1, Math.floor(shards));
  const shard = Math.min(n - 1, Math.floor(pick() * n));
  const counter = await nextDaySequence(
    doc,
    tableName,
    shard === 0 ? key : { ...key, pk: `${key.pk}#${shard}` },
  );
  return (counter - 1) * n + shard + 1;
}
