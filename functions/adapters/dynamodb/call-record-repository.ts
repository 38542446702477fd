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
import { PhoneItemSchema, type RecentContact, RecentContactSchema } from '../../../schemas/crm.js';
import { mergeRecentContacts } from '../../core/call-record.js';
import type {
  BatchRecordOutcome,
  CallRecordRepository,
  ContactView,
  RecentContactsWriter,
  SaveRecordResult,
} from '../../ports/call-records.js';
import { backoff } from '../../shared/concurrency.js';
import { type BatchWriteOptions, getMany, writeEach } from './batch-writes.js';
import { checkedItem } from './checked-item.js';
import { contactKeys, crmKeys } from './keys.js';

/** Optimistic-lock attempts on one number's recent-contact list before the record is retried by Kinesis. */
const MAX_LIST_ATTEMPTS = 30;

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
    const outcomes = await writeEach(
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

/** Writes the screen-pop list on the CRM table's PHONE# items (optimistic lock on a version counter). */
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

  /**
   * One read (BatchGetItem) and at most one conditional write per number per round; a number whose list another
   * writer changed meanwhile is read and merged again in the next round.
   */
  async addRecentContactsBatch(
    entries: ReadonlyMap<string, readonly RecentContact[]>,
    now: Date,
  ): Promise<Map<string, unknown>> {
    const failed = new Map<string, unknown>();
    let pending = [...entries.keys()];
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await backoff(round, 10, 200);
      const stored = new Map<string, Record<string, unknown>>();
      for (const item of await getMany(
        this.doc,
        this.crmTableName,
        pending.map((e164) => crmKeys.phone(e164)),
        { consistent: true, projection: ['pk', 'recentContacts', 'recentContactsVersion'] },
      ))
        stored.set(String(item.pk).slice('PHONE#'.length), item);
      const writes: { e164: string; version: number; list: RecentContact[] }[] = [];
      for (const e164 of pending) {
        const item = stored.get(e164);
        const existing = RecentContactSchema.array()
          .catch([])
          .parse(item?.recentContacts ?? []);
        const version = typeof item?.recentContactsVersion === 'number' ? item.recentContactsVersion : 0;
        const list = (entries.get(e164) ?? []).reduce<RecentContact[]>(
          (acc, entry) => mergeRecentContacts(acc, entry),
          existing,
        );
        if (JSON.stringify(list) !== JSON.stringify(existing)) writes.push({ e164, version, list });
      }
      const outcomes = await writeEach(
        this.doc,
        writes.map((w) => ({ Update: this.listUpdate(w.e164, w.list, w.version, now) })),
        this.batch,
      );
      const again: string[] = [];
      outcomes.forEach((o, i) => {
        const { e164 } = writes[i] as (typeof writes)[number];
        if (o.status === 'condition-failed') {
          if (round >= MAX_LIST_ATTEMPTS)
            failed.set(e164, new Error(`recent contacts of a number still contended after ${round} rounds`));
          else again.push(e164);
        } else if (o.status === 'failed') failed.set(e164, o.error);
      });
      pending = again;
    }
    return failed;
  }

  private listUpdate(e164: string, list: RecentContact[], version: number, now: Date) {
    return {
      TableName: this.crmTableName,
      Key: crmKeys.phone(e164),
      UpdateExpression:
        'SET #entity = if_not_exists(#entity, :entity), phone = if_not_exists(phone, :phone), recentContacts = :list, recentContactsVersion = :next, updatedAt = :at',
      ConditionExpression: 'attribute_not_exists(recentContactsVersion) OR recentContactsVersion = :v',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: {
        ':entity': 'phone',
        ':phone': e164,
        ':list': list,
        ':v': version,
        ':next': version + 1,
        ':at': now.toISOString(),
      },
    };
  }

  async customerPhones(customerId: string): Promise<readonly string[] | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.crmTableName, Key: crmKeys.customer(customerId) }),
    );
    const phones = out.Item?.phones;
    return Array.isArray(phones) ? phones.filter((p): p is string => typeof p === 'string') : undefined;
  }

  async addRecentContact(e164s: readonly string[], entry: RecentContact, now: Date): Promise<void> {
    for (const e164 of new Set(e164s)) await this.addOne(e164, entry, now);
  }

  private async addOne(e164: string, entry: RecentContact, now: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.crmTableName,
          Key: crmKeys.phone(e164),
          ProjectionExpression: 'recentContacts, recentContactsVersion',
          ConsistentRead: true,
        }),
      );
      const existing = RecentContactSchema.array()
        .catch([])
        .parse(out.Item?.recentContacts ?? []);
      const version =
        typeof out.Item?.recentContactsVersion === 'number' ? out.Item.recentContactsVersion : 0;
      const merged = checkedItem(
        PhoneItemSchema.shape.recentContacts,
        mergeRecentContacts(existing, entry),
        `the recent contacts of ${e164}`,
      );
      if (JSON.stringify(merged) === JSON.stringify(existing)) return; // a replay: nothing to do
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.crmTableName,
            Key: crmKeys.phone(e164),
            UpdateExpression:
              'SET #entity = if_not_exists(#entity, :entity), phone = if_not_exists(phone, :phone), recentContacts = :list, recentContactsVersion = :next, updatedAt = :at',
            ConditionExpression: 'attribute_not_exists(recentContactsVersion) OR recentContactsVersion = :v',
            ExpressionAttributeNames: { '#entity': 'entity' },
            ExpressionAttributeValues: {
              ':entity': 'phone',
              ':phone': e164,
              ':list': merged,
              ':v': version,
              ':next': version + 1,
              ':at': now.toISOString(),
            },
          }),
        );
        return;
      } catch (err) {
        // Another delivery updated the list meanwhile (parallel records of one customer): read again, after a
        // short jittered pause so a burst of writers spreads out.
        if (!isConditionFailure(err) || attempt >= MAX_LIST_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
      }
    }
  }
}
