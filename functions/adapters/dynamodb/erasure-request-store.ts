/**
 * Erasure requests in the audit table (schemas/tables.ts AUDIT_TABLE: retained, encrypted, admin-read): pk
 * ERASURE#<requestId> sk REQUEST, beside the audit log's DAY#<day> partitions (which never read these). The
 * customer (`who`) is stored only while the request is pending: the claim removes it in the same write.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ErasureReport,
  type ErasureRequest,
  ErasureRequestSchema,
} from '../../../schemas/api-privacy.js';
import type { ErasureRequestStore } from '../../ports/erasure-requests.js';

const key = (requestId: string) => ({ pk: `ERASURE#${requestId}`, sk: 'REQUEST' });

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === 'ConditionalCheckFailedException');

export class DynamoErasureRequestStore implements ErasureRequestStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(request: ErasureRequest, who: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...ErasureRequestSchema.parse(request), ...key(request.requestId), entity: 'erasure', who },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(requestId: string): Promise<ErasureRequest | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key(requestId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _e, who: _who, ...rest } = out.Item;
    return ErasureRequestSchema.parse(rest);
  }

  async claim(requestId: string, at: Date): Promise<string | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(requestId),
          UpdateExpression: 'SET #s = :running, claimedAt = :at REMOVE who',
          ConditionExpression: '#s = :pending AND attribute_exists(who)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':pending': 'pending',
            ':at': at.toISOString(),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const who = out.Attributes?.who;
      return typeof who === 'string' ? who : undefined;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async finish(
    requestId: string,
    outcome: { report: ErasureReport } | { error: string },
    at: Date,
  ): Promise<void> {
    const done = 'report' in outcome;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(requestId),
        UpdateExpression: 'SET #s = :s, finishedAt = :at, #o = :o',
        ExpressionAttributeNames: { '#s': 'status', '#o': done ? 'report' : 'error' },
        ExpressionAttributeValues: {
          ':s': done ? 'done' : 'failed',
          ':at': at.toISOString(),
          ':o': done ? outcome.report : outcome.error,
        },
      }),
    );
  }
}
