import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type OptOutItem,
  OptOutItemSchema,
  type SmsLogItem,
  SmsLogItemSchema,
} from '../../../schemas/sms.js';
import type { SmsStore } from '../../ports/sms.js';
import { checkedItem } from './checked-item.js';

/** Key builders for the SMS table (see schemas/tables.ts SMS_TABLE). */
export const smsKeys = {
  message: (id: string) => ({ pk: `MSG#${id}`, sk: 'MSG' as const }),
  optOut: (e164: string) => ({ pk: `OPTOUT#${e164}`, sk: 'OPTOUT' as const }),
  rate: (e164: string, hour: string) => ({ pk: `RATE#${e164}#${hour}`, sk: 'RATE' as const }),
  dedupe: (key: string) => ({ pk: `DEDUPE#${key}`, sk: 'DEDUPE' as const }),
  /** All messages in one partition for "latest first" listings; by number in its own. */
  all: 'TO#*',
  to: (e164: string) => `TO#${e164}`,
};

const isConditionFailure = (err: unknown) =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export class DynamoSmsStore implements SmsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isOptedOut(e164: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: smsKeys.optOut(e164), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async optOut(item: Omit<OptOutItem, 'pk' | 'sk' | 'entity'>): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: checkedItem(
          OptOutItemSchema,
          { ...smsKeys.optOut(item.phone), entity: 'optout', ...item },
          `the opt-out of ${item.phone}`,
        ),
      }),
    );
  }

  async optIn(e164: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: smsKeys.optOut(e164) }));
  }

  async takeRateToken(e164: string, hourKey: string, limit: number, expiresAt: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: smsKeys.rate(e164, hourKey),
          UpdateExpression: 'ADD #n :one SET expiresAt = :exp, entity = :e',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': epoch(expiresAt), ':e': 'rate' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async claimDedupe(key: string, messageId: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...smsKeys.dedupe(key), entity: 'dedupe', messageId, expiresAt: epoch(expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async releaseDedupe(key: string, messageId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: smsKeys.dedupe(key),
          ConditionExpression: 'messageId = :m',
          ExpressionAttributeValues: { ':m': messageId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async log(item: Omit<SmsLogItem, 'pk' | 'sk' | 'entity' | 'bynumpk' | 'bynumsk'>): Promise<void> {
    const full: SmsLogItem = {
      ...item,
      ...smsKeys.message(item.messageId),
      entity: 'sms',
      bynumpk: smsKeys.to(item.to),
      bynumsk: `${item.at}#${item.messageId}`,
    };
    checkedItem(SmsLogItemSchema, full, `message ${item.messageId}`);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: full }));
  }

  async listLog(opts: { to?: string; limit?: number } = {}): Promise<SmsLogItem[]> {
    if (!opts.to)
      throw new Error('listing the message log needs a number (the outbox lists everything locally)');
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byNumber',
        KeyConditionExpression: 'bynumpk = :pk',
        ExpressionAttributeValues: { ':pk': smsKeys.to(opts.to) },
        ScanIndexForward: false,
        Limit: opts.limit ?? 50,
      }),
    );
    return (out.Items ?? []).map((i) => SmsLogItemSchema.parse(i));
  }
}
