/** Reading a whole DynamoDB query: one helper for the repositories that page through a partition or an index. */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every item of a query, page after page, each as `read` makes it (in order). */
export async function queryAll<R>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  read: (item: Record<string, unknown>) => R | Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) out.push(await read(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
