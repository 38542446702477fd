import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CallRecord,
  type CallRecordItem,
  CallRecordItemSchema,
  type SurveyItem,
  SurveyItemSchema,
  type TranscriptItem,
  TranscriptItemSchema,
  type TranscriptionItem,
  TranscriptionItemSchema,
} from '../../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../../schemas/contact-record.js';
import { RECENT_CONTACT_TTL_DAYS, RecentContactItemSchema } from '../../../schemas/crm.js';
import type {
  BatchRecordOutcome,
  CallRecordRepository,
  ContactView,
  RecentContactsWriter,
  RecentContactWrite,
  SaveRecordResult,
} from '../../ports/call-records.js';
import { type BatchWriteOptions, getMany, insertEach, type WriteAction } from './batch-writes.js';
import { checkedItem } from './checked-item.js';
import { contactKeys, crmKeys } from './keys.js';

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === 'ConditionalCheckFailedException');

/** The stored form of a call record (keys, caller index, the CTR as received). */
function recordItem(record: CallRecord, ctr: ContactTraceRecord, now: Date): CallRecordItem {
  // Checked with the schema that reads it back (a write must never break a read).
  return checkedItem(
    CallRecordItemSchema,
    {
      ...contactKeys.record(record.contactId),
      entity: 'call',
      ...record,
      gsi1pk: contactKeys.caller(record.callerNumber),
      gsi1sk: contactKeys.callerSort(record.initiatedAt, record.contactId),
      ctr: ctr as Record<string, unknown>,
      ingestedAt: now.toISOString(),
    },
    `the call record of ${record.contactId}`,
  );
}

export class DynamoCallRecordRepository implements CallRecordRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How batches are written (see batch-writes.ts). */
    private readonly batch: BatchWriteOptions = {},
  ) {}

  async saveRecord(record: CallRecord, ctr: ContactTraceRecord, now: Date): Promise<SaveRecordResult> {
    const item = recordItem(record, ctr, now);
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // ISO UTC strings of one format compare as times; equal (a replay) or older never overwrites.
          ConditionExpression:
            'attribute_not_exists(pk) OR (lastUpdateTimestamp < :new AND attribute_not_exists(forgottenAt))',
          ExpressionAttributeValues: { ':new': record.lastUpdateTimestamp },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes ? 'updated' : 'created';
    } catch (err) {
      if (isConditionFailure(err)) return 'stale';
      throw err;
    }
  }

  async saveRecords(
    records: readonly { readonly record: CallRecord; readonly ctr: ContactTraceRecord }[],
    now: Date,
  ): Promise<BatchRecordOutcome[]> {
    const outcomes = await insertEach(
      this.doc,
      records.map(({ record, ctr }) => ({
        Put: {
          TableName: this.tableName,
          Item: recordItem(record, ctr, now),
          ConditionExpression:
            'attribute_not_exists(pk) OR (lastUpdateTimestamp < :new AND attribute_not_exists(forgottenAt))',
          ExpressionAttributeValues: { ':new': record.lastUpdateTimestamp },
        },
      })),
      this.batch,
    );
    return outcomes.map((o) =>
      o.status === 'written'
        ? { status: 'stored' }
        : o.status === 'condition-failed'
          ? { status: 'stale' }
          : { status: 'failed', error: o.error },
    );
  }

  async getRecords(contactIds: readonly string[]): Promise<Map<string, CallRecordItem>> {
    const items = await getMany(
      this.doc,
      this.tableName,
      [...new Set(contactIds)].map((id) => contactKeys.record(id)),
      { consistent: true },
    );
    const out = new Map<string, CallRecordItem>();
    for (const raw of items) {
      const item = CallRecordItemSchema.parse(raw);
      out.set(item.contactId, item);
    }
    return out;
  }

  async getContact(contactId: string): Promise<ContactView> {
    const out: QueryCommandOutput = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': contactKeys.collection(contactId) },
        ConsistentRead: true,
      }),
    );
    const view: {
      record?: CallRecordItem;
      transcript?: TranscriptItem;
      transcription?: TranscriptionItem;
      survey?: SurveyItem;
    } = {};
    for (const raw of out.Items ?? []) {
      if (raw.sk === 'RECORD') view.record = CallRecordItemSchema.parse(raw);
      else if (raw.sk === 'TRANSCRIPT') view.transcript = TranscriptItemSchema.parse(raw);
      else if (raw.sk === 'TRANSCRIPTION') view.transcription = TranscriptionItemSchema.parse(raw);
      else if (raw.sk === 'SURVEY') view.survey = SurveyItemSchema.parse(raw);
    }
    return view;
  }

  async listByCaller(e164: string | undefined, limit: number): Promise<CallRecordItem[]> {
    const out: QueryCommandOutput = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCaller',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': contactKeys.caller(e164) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => CallRecordItemSchema.parse(i));
  }

  async startTranscription(item: TranscriptionItem): Promise<boolean> {
    checkedItem(TranscriptionItemSchema, item, `the transcription of ${item.contactId}`);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :failed AND attempt < :attempt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'FAILED', ':attempt': item.attempt },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async updateTranscription(item: TranscriptionItem): Promise<void> {
    checkedItem(TranscriptionItemSchema, item, `the transcription of ${item.contactId}`);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR attempt <= :attempt',
          ExpressionAttributeValues: { ':attempt': item.attempt },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err; // a later attempt is stored: this event is old news
    }
  }

  async getTranscription(contactId: string): Promise<TranscriptionItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: contactKeys.transcription(contactId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? TranscriptionItemSchema.parse(out.Item) : undefined;
  }

  async saveTranscript(item: TranscriptItem): Promise<void> {
    // The same job's output always normalizes to the same turns: a replay rewrites the same item.
    checkedItem(TranscriptItemSchema, item, `the transcript of ${item.contactId}`);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async saveSurvey(item: SurveyItem): Promise<boolean> {
    checkedItem(SurveyItemSchema, item, `the survey of ${item.contactId}`);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async setSurveyTicket(contactId: string, ticketId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: contactKeys.survey(contactId),
        UpdateExpression: 'SET followUpTicketId = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': ticketId },
      }),
    );
  }

  /** Every survey result (a filtered scan: fine for the operator's stats command). */
  async listSurveys(): Promise<SurveyItem[]> {
    const found: SurveyItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out: ScanCommandOutput = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entity = :e',
          ExpressionAttributeValues: { ':e': 'survey' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const raw of out.Items ?? []) found.push(SurveyItemSchema.parse(raw));
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }
}

/**
 * Writes the screen-pop history on the CRM table: each contact is its own item under each of the numbers it belongs
 * to (`PHONE#<e164>` / `CONTACT#<at>#<contactId>`), put under a condition that only a newer version of the same
 * contact replaces it. No list is read and rewritten, so writers of one number never contend; the caller lookup
 * reads the newest ten with the lookup item in one Query (crm-repository.ts `getPhone`).
 */
export class DynamoRecentContactsWriter implements RecentContactsWriter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly crmTableName: string,
    private readonly batch: BatchWriteOptions = {},
  ) {}

  async customersPhones(customerIds: readonly string[]): Promise<Map<string, readonly string[]>> {
    const ids = [...new Set(customerIds)];
    const out = new Map<string, readonly string[]>();
    if (ids.length === 0) return out;
    const items = await getMany(
      this.doc,
      this.crmTableName,
      ids.map((id) => crmKeys.customer(id)),
      { projection: ['pk', 'customerId', 'phones'] },
    );
    for (const item of items) {
      const phones = item.phones;
      if (typeof item.customerId === 'string' && Array.isArray(phones))
        out.set(
          item.customerId,
          phones.filter((p): p is string => typeof p === 'string'),
        );
    }
    return out;
  }

  async putRecentContacts(
    entries: readonly RecentContactWrite[],
    now: Date,
  ): Promise<(unknown | undefined)[]> {
    const owners: number[] = [];
    const actions: { Put: NonNullable<WriteAction['Put']> }[] = [];
    entries.forEach((e, k) => {
      for (const e164 of new Set(e.numbers)) {
        const item = checkedItem(
          RecentContactItemSchema,
          {
            ...crmKeys.recentContact(e164, e.entry.at, e.entry.contactId),
            entity: 'recent',
            phone: e164,
            ...e.entry,
            ...(e.customerId ? { customerId: e.customerId } : {}),
            lastUpdateTimestamp: e.lastUpdateTimestamp,
            expiresAt: Math.floor(Date.parse(e.entry.at) / 1000) + RECENT_CONTACT_TTL_DAYS * 86_400,
            updatedAt: now.toISOString(),
          },
          `the recent contact ${e.entry.contactId} of ${e164}`,
        );
        owners.push(k);
        actions.push({
          Put: {
            TableName: this.crmTableName,
            Item: item,
            // Equal (a replay) or older never replaces the entry: the same rule as the call record's.
            ConditionExpression: 'attribute_not_exists(pk) OR lastUpdateTimestamp < :new',
            ExpressionAttributeValues: { ':new': e.lastUpdateTimestamp },
          },
        });
      }
    });
    const errors = new Array<unknown>(entries.length).fill(undefined);
    const outcomes = await insertEach(this.doc, actions, this.batch);
    outcomes.forEach((o, i) => {
      const k = owners[i] as number;
      if (o.status === 'failed' && errors[k] === undefined) errors[k] = o.error ?? new Error('not written');
    });
    return errors;
  }
}
