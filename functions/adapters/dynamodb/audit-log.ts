import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, AuditEntrySchema } from '../../../schemas/api.js';
import type { AuditLog } from '../../ports/audit-log.js';

/** The audit table (schemas/tables.ts AUDIT_TABLE): one partition per UTC day, entries sorted by time. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const full = AuditEntrySchema.parse({ ...entry, id: randomUUID() });
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...full, pk: `DAY#${full.at.slice(0, 10)}`, sk: `${full.at}#${full.id}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return full;
  }

  async listDay(day: string, limit = 100): Promise<AuditEntry[]> {
    const r = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `DAY#${day}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => AuditEntrySchema.parse(i));
  }
}
