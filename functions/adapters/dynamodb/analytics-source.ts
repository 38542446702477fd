/**
 * The stored items an analytics export reads (F16): call records and survey results from the Contacts table,
 * tickets from the Tickets table. Filtered Scans, page by page (an export reads everything anyway).
 */
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import {
  type CallRecordItem,
  CallRecordItemSchema,
  type SurveyItem,
  SurveyItemSchema,
} from '../../../schemas/call-record.js';
import {
  type Attempt,
  AttemptSchema,
  type Campaign,
  CampaignSchema,
  type ListEntry,
  ListEntrySchema,
} from '../../../schemas/campaigns.js';
import { type Evaluation, EvaluationSchema } from '../../../schemas/supervision.js';
import { type TicketItem, TicketItemSchema } from '../../../schemas/ticket.js';
import type { OrderAnalyticsSource } from '../../use-cases/analytics/export-analytics.js';
import { newestPerContact } from './record-versions.js';

export async function* scanEntity(
  doc: DynamoDBDocumentClient,
  tableName: string,
  entity: string,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': entity },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const raw of out.Items ?? []) yield raw;
    start = out.LastEvaluatedKey;
  } while (start);
}

export class DynamoAnalyticsSource {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly contactsTable: string,
    private readonly ticketsTable: string,
    /** The Supervision table (QA evaluations); absent: no evaluations are exported. */
    private readonly supervisionTable?: string,
    /** The Campaigns table (outbound attempts); absent: no campaign attempts are exported. */
    private readonly campaignsTable?: string,
    /** The order centre's data (Orders and CRM tables); absent: the order datasets are exported empty. */
    readonly orderCentre?: OrderAnalyticsSource,
  ) {
    if (!supervisionTable) this.evaluations = undefined;
    if (!campaignsTable) this.campaignAttempts = undefined;
  }

  campaignAttempts:
    | (() => AsyncGenerator<{ attempt: Attempt; campaign: Campaign; entry: ListEntry | undefined }>)
    | undefined = async function* (this: DynamoAnalyticsSource) {
    const table = this.campaignsTable as string;
    const strip = (raw: Record<string, unknown>) => {
      const { pk: _pk, sk: _sk, entity: _e, listpk: _l, listsk: _m, ...rest } = raw;
      return rest;
    };
    // Campaigns and their lists first (small), then the attempts streamed.
    const campaigns = new Map<string, Campaign>();
    for await (const raw of scanEntity(this.doc, table, 'campaign')) {
      const c = CampaignSchema.parse(strip(raw));
      campaigns.set(c.name, c);
    }
    const entries = new Map<string, ListEntry>();
    for await (const raw of scanEntity(this.doc, table, 'entry')) {
      const e = ListEntrySchema.parse(strip(raw));
      entries.set(`${e.campaign}#${e.entryId}`, e);
    }
    for await (const raw of scanEntity(this.doc, table, 'attempt')) {
      const attempt = AttemptSchema.parse(strip(raw));
      const campaign = campaigns.get(attempt.campaign);
      if (campaign) yield { attempt, campaign, entry: entries.get(`${attempt.campaign}#${attempt.entryId}`) };
    }
  };

  /** Each contact once: its newest version (a Scan returns a contact's items together, in key order). */
  async *callRecords(): AsyncGenerator<CallRecordItem> {
    for await (const raw of newestPerContact(scanEntity(this.doc, this.contactsTable, 'call')))
      yield CallRecordItemSchema.parse(raw);
  }

  async *surveys(): AsyncGenerator<SurveyItem> {
    for await (const raw of scanEntity(this.doc, this.contactsTable, 'survey'))
      yield SurveyItemSchema.parse(raw);
  }

  evaluations: (() => AsyncGenerator<Evaluation>) | undefined = async function* (
    this: DynamoAnalyticsSource,
  ) {
    for await (const raw of scanEntity(this.doc, this.supervisionTable as string, 'evaluation')) {
      const { pk: _pk, sk: _sk, agentpk: _a, agentsk: _b, entity: _e, ...rest } = raw;
      yield EvaluationSchema.parse(rest);
    }
  };

  async *tickets(): AsyncGenerator<TicketItem> {
    for await (const raw of scanEntity(this.doc, this.ticketsTable, 'ticket'))
      yield TicketItemSchema.parse(raw);
  }
}
