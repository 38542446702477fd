/**
 * Slot capacity counters shared by the bookable resources (pickups, repair bookings): one counter item per slot
 * (`booked`), read in one BatchGetItem, claimed only below the slot's capacity and released, each as one item of
 * the caller's transaction, so a slot never takes more than its capacity even with callers booking at once.
 */
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The counter item's key: pk `SLOT#<slotId>`, sk `SLOT`. */
export const slotKey = (slotId: string) => ({ pk: `SLOT#${slotId}`, sk: 'SLOT' as const });

/** Bookings held per slot id (missing: none). At most 100 slots; unprocessed keys are retried. */
export async function slotCounts(
  doc: DynamoDBDocumentClient,
  tableName: string,
  slotIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (slotIds.length === 0) return counts;
  let keys: Record<string, unknown>[] = [...new Set(slotIds)].map((id) => slotKey(id));
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
    const out = await doc.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[tableName] ?? [])
      counts.set(String(item.pk).slice('SLOT#'.length), Number(item.booked ?? 0));
    keys = (out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return counts;
}

/** Count one more on the slot, only while it holds fewer than `capacity` (else the transaction is cancelled). */
export const claimSlot = (tableName: string, slotId: string, capacity: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: slotKey(slotId),
    UpdateExpression: 'ADD booked :one SET entity = :e',
    ConditionExpression: 'attribute_not_exists(booked) OR booked < :cap',
    ExpressionAttributeValues: { ':one': 1, ':cap': capacity, ':e': 'slot' },
  },
});

/** Count one less on the slot (never below zero). */
export const releaseSlot = (tableName: string, slotId: string): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: slotKey(slotId),
    UpdateExpression: 'ADD booked :minus',
    ConditionExpression: 'booked > :zero',
    ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
  },
});
