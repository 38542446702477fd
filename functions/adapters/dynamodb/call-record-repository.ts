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
import { receivedCtr, recordVersionOf } from '../../core/call-record.js';
import type {
  BatchRecordOutcome,
  CallRecordRepository,
  ContactView,
  RecentContactsWriter,
  RecentContactWrite,
  RecordVersion,
} from '../../ports/call-records.js';
import { type BatchWriteOptions, getMany, writeBatch } from './batch-writes.js';
import { checkedItem } from './checked-item.js';
import { contactKeys, crmKeys } from './keys.js';
import { newestPerContact, newestRecord } from './record-versions.js';

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === 'ConditionalCheckFailedException');

/**
 * What the write guard checks of a record item: everything but the CTR, which the handler has just parsed with its
 * own schema (ContactTraceRecordSchema), and which is stored as the bytes of its JSON text.
 */
const RecordItemGuard = CallRecordItemSchema.omit({ ctr: true });

/**
 * The stored form of one version of a call record (keys, caller index, and the CTR as received: its JSON text's
 * UTF-8 bytes, a binary attribute).
 */
function recordItem(record: CallRecord, text: Uint8Array, version: string, now: Date) {
  // Checked with the schema that reads it back (a write must never break a read).
  const item = checkedItem(
    RecordItemGuard,
    {
      ...contactKeys.recordVersion(record.contactId, version),
      entity: 'call',
      ...record,
      gsi1pk: contactKeys.caller(record.callerNumber),
      gsi1sk: contactKeys.callerSort(record.initiatedAt, record.contactId),
      ingestedAt: now.toISOString(),
    },
    `the call record of ${record.contactId}`,
  );
  return { ...item, ctr: text };
}

export class DynamoCallRecordRepository implements CallRecordRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How batches are written (see batch-writes.ts). */
    private readonly batch: BatchWriteOptions = {},
  ) {}

  async saveRecord(record: CallRecord, ctr: ContactTraceRecord, now: Date): Promise<void> {
    const { text } = receivedCtr(ctr);
    const [outcome] = await this.saveRecords([{ record, text, version: recordVersionOf(record, text) }], now);
    if (outcome?.status !== 'stored') throw outcome?.error ?? new Error('call record not stored');
  }

  async saveRecords(versions: readonly RecordVersion[], now: Date): Promise<BatchRecordOutcome[]> {
    const outcomes = await writeBatch(
      this.doc,
      versions.length,
      (i) => {
        const { record, text, version } = versions[i] as RecordVersion;
        return { table: this.tableName, put: recordItem(record, text, version, now) };
      },
      this.batch,
    );
    return outcomes.map((o) => (o.status === 'written' ? { status: 'stored' } : o));
  }

  async forgottenAmong(
    contacts: readonly { readonly contactId: string; readonly initiatedAt: string }[],
  ): Promise<Set<string>> {
    if (contacts.length === 0) return new Set();
    // One key first: the erasure horizon (a consistent read, after the batch's writes: see personal-data-store.ts).
    // No erasure yet, or every contact began after it: nothing can be forgotten, nothing more is read.
    const [horizon] = await getMany(this.doc, this.tableName, [contactKeys.erasureHorizon], {
      consistent: true,
      projection: ['pk', 'until'],
    });
    const until = horizon?.until;
    if (typeof until !== 'string') return new Set();
    const ids = [
      ...new Set(
        contacts.filter((c) => Date.parse(c.initiatedAt) <= Date.parse(until)).map((c) => c.contactId),
      ),
    ];
    if (ids.length === 0) return new Set();
    const found = await getMany(
      this.doc,
      this.tableName,
      ids.map((id) => contactKeys.recordForgotten(id)),
      { consistent: true, projection: ['pk', 'contactId'] },
    );
    return new Set(found.map((i) => String(i.contactId)));
  }

  async removeRecords(
    versions: readonly { readonly contactId: string; readonly version: string }[],
  ): Promise<void> {
    const outcomes = await writeBatch(
      this.doc,
      versions.length,
      (i) => {
        const v = versions[i] as (typeof versions)[number];
        return { table: this.tableName, delete: contactKeys.recordVersion(v.contactId, v.version) };
      },
      this.batch,
    );
    for (const o of outcomes) if (o.status !== 'written') throw o.error;
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
    const record = newestRecord(out.Items ?? []);
    if (record) view.record = CallRecordItemSchema.parse(record);
    for (const raw of out.Items ?? []) {
      if (raw.sk === 'TRANSCRIPT') view.transcript = TranscriptItemSchema.parse(raw);
      else if (raw.sk === 'TRANSCRIPTION') view.transcription = TranscriptionItemSchema.parse(raw);
      else if (raw.sk === 'SURVEY') view.survey = SurveyItemSchema.parse(raw);
    }
    return view;
  }

  async listByCaller(e164: string | undefined, limit: number): Promise<CallRecordItem[]> {
    // Each contact once: its versions share the index keys, so they come together; read on until one contact past
    // the limit has begun (all versions of the ones before it are then in hand).
    const doc = this.doc;
    const tableName = this.tableName;
    async function* pages() {
      let start: Record<string, unknown> | undefined;
      do {
        const out: QueryCommandOutput = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byCaller',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': contactKeys.caller(e164) },
            ScanIndexForward: false,
            Limit: limit + 5,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        yield* out.Items ?? [];
        start = out.LastEvaluatedKey;
      } while (start);
    }
    const found: CallRecordItem[] = [];
    for await (const item of newestPerContact(pages())) {
      found.push(CallRecordItemSchema.parse(item));
      if (found.length >= limit) break;
    }
    return found;
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
 * Writes the screen-pop history on the CRM table: each version of each contact is its own item under each of the
 * numbers it belongs to (`PHONE#<e164>` / `CONTACT#<at>#<contactId>#<version>`), written once and never changed, so
 * writers of one number never contend and no condition is needed. The caller lookup reads the newest items with
 * the lookup item in one Query and keeps each contact's newest version (crm-repository.ts `getPhone`).
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

  /** Each entry's items, one per number (built when its request goes: see writeBatch). */
  private recentItems(entries: readonly RecentContactWrite[]) {
    const owners: { k: number; e164: string }[] = [];
    entries.forEach((e, k) => {
      for (const e164 of new Set(e.numbers)) owners.push({ k, e164 });
    });
    const item = (i: number, now: Date) => {
      const { k, e164 } = owners[i] as (typeof owners)[number];
      const e = entries[k] as RecentContactWrite;
      return checkedItem(
        RecentContactItemSchema,
        {
          ...crmKeys.recentContact(e164, e.entry.at, e.entry.contactId, e.version),
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
    };
    return { owners, item };
  }

  async putRecentContacts(entries: readonly RecentContactWrite[], now: Date): Promise<BatchRecordOutcome[]> {
    const { owners, item } = this.recentItems(entries);
    const outcomes = await writeBatch(
      this.doc,
      owners.length,
      (i) => ({ table: this.crmTableName, put: item(i, now) }),
      this.batch,
    );
    const results: BatchRecordOutcome[] = entries.map(() => ({ status: 'stored' }));
    outcomes.forEach((o, i) => {
      const k = (owners[i] as (typeof owners)[number]).k;
      // An entry's worst outcome: invalid over failed over written.
      if (o.status === 'invalid' || (o.status === 'failed' && results[k]?.status === 'stored'))
        results[k] = o;
    });
    return results;
  }

  async removeRecentContacts(entries: readonly RecentContactWrite[]): Promise<void> {
    const { owners, item } = this.recentItems(entries);
    const outcomes = await writeBatch(
      this.doc,
      owners.length,
      (i) => {
        const { pk, sk } = item(i, new Date(0));
        return { table: this.crmTableName, delete: { pk, sk } };
      },
      this.batch,
    );
    for (const o of outcomes) if (o.status !== 'written') throw o.error;
  }
}
