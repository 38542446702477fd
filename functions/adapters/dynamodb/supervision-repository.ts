/**
 * The Supervision table (schemas/tables.ts SUPERVISION_TABLE): open wallboard breaches and QA evaluations.
 *
 * | access pattern | request | key |
 * |---|---|---|
 * | open breaches | `Query` | `pk=BREACH` |
 * | claim a breach once | `PutItem` if `attribute_not_exists(pk)` | `pk=BREACH`, `sk=<breach key>` |
 * | close breaches | `BatchWriteItem` deletes | as above |
 * | store an evaluation once | `PutItem` if `attribute_not_exists(pk)` | `pk=EVAL#<contactId>`, `sk=EVAL` |
 * | an agent's evaluations | `Query` on `byAgent` | `agentpk=AGENT#<agentId>` |
 * | comment / acknowledge | `UpdateItem` (`list_append`, `SET`) if the evaluation exists | as above |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Breach,
  type Evaluation,
  type EvaluationComment,
  EvaluationSchema,
} from '../../../schemas/supervision.js';
import type { BreachLedger, EvaluationRepository } from '../../ports/supervision.js';

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === 'ConditionalCheckFailedException');

const evalKey = (contactId: string) => ({ pk: `EVAL#${contactId}`, sk: 'EVAL' });

export class EvaluationNotFoundError extends Error {
  constructor(contactId: string) {
    super(`no evaluation for contact ${contactId}`);
    this.name = 'EvaluationNotFoundError';
  }
}

function toEvaluation(item: Record<string, unknown> | undefined): Evaluation | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, agentpk: _a, agentsk: _b, entity: _e, ...rest } = item;
  return EvaluationSchema.parse(rest);
}

export class DynamoSupervisionRepository implements BreachLedger, EvaluationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- breaches

  async openKeys(): Promise<Set<string>> {
    const keys = new Set<string>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'BREACH' },
          ProjectionExpression: 'sk',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of out.Items ?? []) keys.add(String(i.sk));
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async claim(breach: Breach, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'BREACH', sk: breach.key, entity: 'breach', ...breach, openedAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async close(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests: Record<string, unknown[]> | undefined = {
        [this.tableName]: keys
          .slice(i, i + 25)
          .map((sk) => ({ DeleteRequest: { Key: { pk: 'BREACH', sk } } })),
      };
      for (let attempt = 0; requests && Object.keys(requests).length > 0 && attempt < 8; attempt++) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: requests as never }));
        requests = out.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }

  // ---- evaluations

  #item(e: Evaluation): Record<string, unknown> {
    return {
      ...evalKey(e.contactId),
      entity: 'evaluation',
      agentpk: `AGENT#${e.agentId}`,
      agentsk: `${e.evaluatedAt}#${e.contactId}`,
      ...EvaluationSchema.parse(e),
    };
  }

  async create(evaluation: Evaluation): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.#item(evaluation),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async replace(evaluation: Evaluation): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.#item(evaluation) }));
  }

  async get(contactId: string): Promise<Evaluation | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: evalKey(contactId), ConsistentRead: true }),
    );
    return toEvaluation(out.Item);
  }

  async listByAgent(agentId: string): Promise<Evaluation[]> {
    const found: Evaluation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byAgent',
          KeyConditionExpression: 'agentpk = :a',
          ExpressionAttributeValues: { ':a': `AGENT#${agentId}` },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of out.Items ?? []) {
        const e = toEvaluation(i);
        if (e) found.push(e);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }

  /** Every evaluation (a scan: for exports and the CLI's overview, never a request path). */
  async listAll(): Promise<Evaluation[]> {
    const found: Evaluation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entity = :e',
          ExpressionAttributeValues: { ':e': 'evaluation' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of out.Items ?? []) {
        const e = toEvaluation(i);
        if (e) found.push(e);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return found.sort(
      (a, b) => a.evaluatedAt.localeCompare(b.evaluatedAt) || a.contactId.localeCompare(b.contactId),
    );
  }

  async #update(contactId: string, expression: string, values: Record<string, unknown>): Promise<Evaluation> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: evalKey(contactId),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const e = toEvaluation(out.Attributes);
      if (!e) throw new EvaluationNotFoundError(contactId);
      return e;
    } catch (err) {
      if (isConditionFailure(err)) throw new EvaluationNotFoundError(contactId);
      throw err;
    }
  }

  addComment(contactId: string, comment: EvaluationComment): Promise<Evaluation> {
    return this.#update(contactId, 'SET comments = list_append(comments, :c)', { ':c': [comment] });
  }

  acknowledge(contactId: string, at: Date): Promise<Evaluation> {
    return this.#update(contactId, 'SET acknowledgedAt = :at', { ':at': at.toISOString() });
  }
}
