import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Lead, LeadSchema, type LeadStatus } from '../../../schemas/leads.js';
import { LeadConflictError, type LeadRepository } from '../../ports/lead-repository.js';
import { checkedItem } from './checked-item.js';
import { nextDaySequence } from './day-counter.js';

/** Key builders for the Leads table (schemas/tables.ts LEADS_TABLE). */
export const leadKeys = {
  lead: (id: string) => ({ pk: `LEAD#${id}`, sk: 'LEAD' as const }),
  sequence: (day: string) => ({ pk: `LEADSEQ#${day}`, sk: 'SEQ' as const }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' as const }),
};

export function leadItem(l: Lead): Record<string, unknown> {
  return {
    ...checkedItem(LeadSchema, l, `lead ${l.leadId}`),
    ...leadKeys.lead(l.leadId),
    entity: 'lead',
    statuspk: `STATUS#${l.status}`,
    statussk: `${l.createdAt}#${l.leadId}`,
  };
}

const INDEX_KEYS = ['pk', 'sk', 'entity', 'statuspk', 'statussk'];
const fromItem = (raw: Record<string, unknown>): Lead =>
  LeadSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !INDEX_KEYS.includes(k))));

export class DynamoLeadRepository implements LeadRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  nextSequence(day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, leadKeys.sequence(day));
  }

  async create(lead: Lead, idempotencyKey?: string): Promise<{ created: boolean; lead: Lead }> {
    const put = {
      TableName: this.tableName,
      Item: leadItem(lead),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (!idempotencyKey) {
      await this.doc.send(new PutCommand(put));
      return { created: true, lead };
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...leadKeys.idempotency(idempotencyKey),
                  entity: 'idempotency',
                  leadId: lead.leadId,
                  at: lead.createdAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { created: true, lead };
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed'
      ) {
        const claim = await this.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: leadKeys.idempotency(idempotencyKey),
            ConsistentRead: true,
          }),
        );
        const first = typeof claim.Item?.leadId === 'string' ? await this.get(claim.Item.leadId) : undefined;
        if (first) return { created: false, lead: first };
      }
      throw err;
    }
  }

  async get(leadId: string): Promise<Lead | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: leadKeys.lead(leadId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async save(lead: Lead, expectedUpdatedAt: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: leadItem(lead),
          ConditionExpression: 'updatedAt = :u',
          ExpressionAttributeValues: { ':u': expectedUpdatedAt },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException)
        throw new LeadConflictError(`lead ${lead.leadId} changed meanwhile; read it again`);
      throw err;
    }
  }

  async listByStatus(
    status: LeadStatus,
    opts: { from?: string; to?: string; limit?: number } = {},
  ): Promise<Lead[]> {
    const out: Lead[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'status',
          KeyConditionExpression: 'statuspk = :s AND statussk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':s': `STATUS#${status}`,
            ':from': opts.from ?? '0',
            ':to': opts.to ?? '9999',
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        out.push(fromItem(item));
        if (opts.limit !== undefined && out.length >= opts.limit) return out;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
