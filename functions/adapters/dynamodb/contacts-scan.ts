/**
 * Call records of a period, read by scanning the Contacts table (filter: record items with `initiatedAt` in
 * range; each contact once, its newest version). The table has no index by day, so this is for the local wallboard's day figures and QA's weekly
 * review selection (small or batch reads), never for a request path. In AWS the wallboard's day figures come
 * from Connect (GetMetricDataV2) instead.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type CallRecordItem, CallRecordItemSchema } from '../../../schemas/call-record.js';
import { RECORD_PREFIX } from './keys.js';
import { newestPerContact } from './record-versions.js';

/** Stored `initiatedAt` values are CTR-style (`…T02:00:00Z`, no milliseconds): compare like with like. */
const ctrTime = (d: Date): string =>
  new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export async function scanCallRecords(
  doc: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
): Promise<CallRecordItem[]> {
  async function* items() {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'begins_with(sk, :r) AND initiatedAt >= :f AND initiatedAt < :t',
          ExpressionAttributeValues: { ':r': RECORD_PREFIX, ':f': ctrTime(from), ':t': ctrTime(to) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield* out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
  }
  const found: CallRecordItem[] = [];
  for await (const item of newestPerContact(items())) {
    const parsed = CallRecordItemSchema.safeParse(item);
    if (parsed.success) found.push(parsed.data);
  }
  return found;
}
