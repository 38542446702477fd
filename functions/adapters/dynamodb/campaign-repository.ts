/**
 * Campaigns in DynamoDB (schemas/tables.ts CAMPAIGNS_TABLE): one item collection per campaign. Every item is
 * checked by the schema that reads it before it is written (checked-item.ts).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Attempt,
  AttemptItemSchema,
  AttemptSchema,
  type Campaign,
  CampaignItemSchema,
  CampaignSchema,
  type CampaignStatus,
  type ListEntry,
  ListEntryItemSchema,
  ListEntrySchema,
  OptOutItemSchema,
} from '../../../schemas/campaigns.js';
import { CampaignConflictError, type CampaignRepository } from '../../ports/campaign-repository.js';
import { chunk } from '../../shared/concurrency.js';
import { checkedItem } from './checked-item.js';

export const campaignKeys = {
  pk: (name: string) => `CAMPAIGN#${name}`,
  campaign: (name: string) => ({ pk: `CAMPAIGN#${name}`, sk: 'CAMPAIGN' as const }),
  entry: (name: string, entryId: string) => ({ pk: `CAMPAIGN#${name}`, sk: `ENTRY#${entryId}` }),
  attempt: (name: string, entryId: string, n: number) => ({
    pk: `CAMPAIGN#${name}`,
    sk: `ATTEMPT#${entryId}#${String(n).padStart(2, '0')}`,
  }),
  optOut: (name: string, phone: string) => ({ pk: `CAMPAIGN#${name}`, sk: `OPTOUT#${phone}` }),
};

const strip = (raw: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _a, sk: _b, entity: _c, listpk: _d, listsk: _e, ...rest } = raw;
  return rest;
};

const campaignItem = (c: Campaign) =>
  checkedItem(
    CampaignItemSchema,
    { ...c, ...campaignKeys.campaign(c.name), entity: 'campaign', listpk: 'CAMPAIGNS', listsk: c.name },
    `campaign ${c.name}`,
  );
const entryItem = (e: ListEntry) =>
  checkedItem(
    ListEntryItemSchema,
    { ...e, ...campaignKeys.entry(e.campaign, e.entryId), entity: 'entry' as const },
    `entry ${e.entryId} of campaign ${e.campaign}`,
  );
const attemptItem = (a: Attempt) =>
  checkedItem(
    AttemptItemSchema,
    { ...a, ...campaignKeys.attempt(a.campaign, a.entryId, a.n), entity: 'attempt' as const },
    `attempt ${a.n} of entry ${a.entryId}`,
  );

export class DynamoCampaignRepository implements CampaignRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(campaign: Campaign, entries: readonly ListEntry[]): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: campaignItem(campaign),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException')
        throw new CampaignConflictError(`a campaign "${campaign.name}" exists already`);
      throw err;
    }
    // The list after the campaign: entries are only ever read through their campaign.
    for (const part of chunk(entries, 25))
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: part.map((e) => ({ Put: { TableName: this.tableName, Item: entryItem(e) } })),
        }),
      );
  }

  async get(name: string): Promise<Campaign | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKeys.campaign(name), ConsistentRead: true }),
    );
    return out.Item ? CampaignSchema.parse(strip(out.Item)) : undefined;
  }

  async list(): Promise<Campaign[]> {
    const items = await this.queryAll({
      IndexName: 'list',
      KeyConditionExpression: 'listpk = :pk',
      ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
    });
    return items.map((i) => CampaignSchema.parse(strip(i)));
  }

  async setStatus(name: string, status: CampaignStatus, at: Date): Promise<Campaign> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignKeys.campaign(name),
          UpdateExpression: 'SET #s = :s, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return CampaignSchema.parse(strip(out.Attributes ?? {}));
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException')
        throw new CampaignConflictError(`no campaign "${name}"`);
      throw err;
    }
  }

  async entries(name: string): Promise<ListEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': campaignKeys.pk(name), ':sk': 'ENTRY#' },
      ConsistentRead: true,
    });
    return items.map((i) => ListEntrySchema.parse(strip(i)));
  }

  async entry(name: string, entryId: string): Promise<ListEntry | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: campaignKeys.entry(name, entryId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? ListEntrySchema.parse(strip(out.Item)) : undefined;
  }

  async attempts(name: string): Promise<Attempt[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': campaignKeys.pk(name), ':sk': 'ATTEMPT#' },
      ConsistentRead: true,
    });
    return items.map((i) => AttemptSchema.parse(strip(i)));
  }

  async attempt(name: string, entryId: string, n: number): Promise<Attempt | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: campaignKeys.attempt(name, entryId, n),
        ConsistentRead: true,
      }),
    );
    return out.Item ? AttemptSchema.parse(strip(out.Item)) : undefined;
  }

  async recordAttempt(
    attempt: Attempt,
    before: ListEntry,
    after: ListEntry,
  ): Promise<{ recorded: boolean; attempt: Attempt }> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: attemptItem(attempt),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: entryItem(after),
                ConditionExpression: 'attempts = :a AND updatedAt = :u',
                ExpressionAttributeValues: { ':a': before.attempts, ':u': before.updatedAt },
              },
            },
          ],
        }),
      );
      return { recorded: true, attempt };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const stored = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: campaignKeys.attempt(attempt.campaign, attempt.entryId, attempt.n),
          ConsistentRead: true,
        }),
      );
      if (stored.Item) return { recorded: false, attempt: AttemptSchema.parse(strip(stored.Item)) };
      throw new CampaignConflictError(
        `entry ${before.entryId} of campaign ${before.campaign} changed meanwhile; read it again`,
      );
    }
  }

  async setDialling(before: ListEntry, dialling: NonNullable<ListEntry['dialling']>): Promise<ListEntry> {
    const after: ListEntry = { ...before, dialling, updatedAt: dialling.at };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: entryItem(after),
          ConditionExpression: 'attempts = :a AND updatedAt = :u',
          ExpressionAttributeValues: { ':a': before.attempts, ':u': before.updatedAt },
        }),
      );
      return after;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException')
        throw new CampaignConflictError(
          `entry ${before.entryId} of campaign ${before.campaign} changed meanwhile; read it again`,
        );
      throw err;
    }
  }

  async setEffect(attempt: Attempt, effect: string): Promise<void> {
    const value = effect.slice(0, 200);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: campaignKeys.attempt(attempt.campaign, attempt.entryId, attempt.n),
              UpdateExpression: 'SET effect = :e',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':e': value },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: campaignKeys.entry(attempt.campaign, attempt.entryId),
              UpdateExpression: 'SET effect = :e',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':e': value },
            },
          },
        ],
      }),
    );
  }

  async isOptedOut(name: string, phone: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: campaignKeys.optOut(name, phone),
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  async optOut(name: string, phone: string, at: Date, by: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: checkedItem(
          OptOutItemSchema,
          {
            ...campaignKeys.optOut(name, phone),
            entity: 'campaign-opt-out',
            phone,
            at: at.toISOString(),
            by,
          },
          `opt-out of ${phone}`,
        ),
      }),
    );
  }

  private async queryAll(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }
}
