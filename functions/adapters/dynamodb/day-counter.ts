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
