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
  CallRecordRepository,
  ContactView,
  RecentContactsWriter,
  SaveRecordResult,
} from '../../ports/call-records.js';
import { checkedItem } from './checked-item.js';
import { contactKeys, crmKeys } from './keys.js';

/** Optimistic-lock attempts on one number's recent-contact list before the record is retried by Kinesis. */
const MAX_LIST_ATTEMPTS = 30;

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === 'ConditionalCheckFailedException');

export class DynamoCallRecordRepository implements CallRecordRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saveRecord(record: CallRecord, ctr: ContactTraceRecord, now: Date): Promise<SaveRecordResult> {
    const item: CallRecordItem = {
      ...contactKeys.record(record.contactId),
      entity: 'call',
      ...record,
      gsi1pk: contactKeys.caller(record.callerNumber),
      gsi1sk: contactKeys.callerSort(record.initiatedAt, record.contactId),
      ctr: ctr as Record<string, unknown>,
      ingestedAt: now.toISOString(),
    };
    checkedItem(CallRecordItemSchema, item, `the call record of ${record.contactId}`);
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // ISO UTC strings of one format compare as times; equal (a replay) or older never overwrites.
          ConditionExpression: 'attribute_not_exists(pk) OR lastUpdateTimestamp < :new',
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
  ) {}

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
