/**
 * Personal-data erasure on the DynamoDB tables (issue 17, `hotline crm forget`). Its own adapter, so the
 * repositories keep their single jobs; key layouts come from the same key builders.
 *
 * Finding the data: the lookup items and the customer by key; contacts by the `byCaller` index for each number and
 * by a filtered scan for the customer id (a contact identified by card number may come from another number); tickets
 * by the `customer` index and a filtered scan for the numbers (an unknown caller's tickets); SMS by the `byNumber`
 * index, the opt-out by key and the rate counters by a filtered scan. Scans are paginated and run only here: erasure
 * is rare, and a filtered scan is the only way to be sure nothing is left (see README "Personal data" for the cost
 * at 10 million customers and the index that would replace it).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RecordingRef } from '../../../schemas/call-record.js';
import { TRANSCRIPTION_MAX_ATTEMPTS, transcriptionJobName } from '../../core/call-record.js';
import type { ContactErasure, ForgetSubject, PersonalDataStore } from '../../ports/personal-data.js';
import { transcriptOutputKey } from '../../use-cases/call-records/start-transcription.js';
import { contactKeys, crmKeys, RECORD_FORGOTTEN_SK, RECORD_PREFIX } from './keys.js';
import { newestRecord } from './record-versions.js';

export interface PersonalDataTables {
  readonly crm: string;
  readonly contacts: string;
  readonly tickets: string;
  readonly sms: string;
  /** Where Transcribe writes its output (the recordings bucket and prefix): deleted with the contact. */
  readonly transcripts?: { readonly bucket: string; readonly prefix: string };
}

type Item = Record<string, unknown>;
/** A call-record version of a contact: a `RECORD…` item that is not a forgotten stub. */
const isRecordVersion = (i: Item) =>
  String(i.sk).startsWith(RECORD_PREFIX) && i.sk !== RECORD_FORGOTTEN_SK && !i.forgottenAt;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isRef = (v: unknown): v is RecordingRef =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Item).bucket === 'string' &&
  typeof (v as Item).key === 'string';

/** Every item of a table (paginated), or those matching a filter expression. */
export async function* scanItems(
  doc: DynamoDBDocumentClient,
  table: string,
  filter?: string,
  values?: Item,
  names?: Record<string, string>,
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out: ScanCommandOutput = await doc.send(
      new ScanCommand({
        TableName: table,
        ...(filter ? { FilterExpression: filter, ExpressionAttributeValues: values } : {}),
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    yield* (out.Items ?? []) as Item[];
    start = out.LastEvaluatedKey;
  } while (start);
}

export class DynamoPersonalDataStore implements PersonalDataStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: PersonalDataTables,
  ) {}

  private async get(table: string, key: Item): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  private async *query(
    table: string,
    index: string | undefined,
    keyName: string,
    value: string,
  ): AsyncGenerator<Item> {
    let start: Item | undefined;
    do {
      const out: QueryCommandOutput = await this.doc.send(
        new QueryCommand({
          TableName: table,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': keyName },
          ExpressionAttributeValues: { ':v': value },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield* (out.Items ?? []) as Item[];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private scan(table: string, filter: string, values: Item, names?: Record<string, string>) {
    return scanItems(this.doc, table, filter, values, names);
  }

  private async delete(table: string, key: Item): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }

  async resolve(input: { customerId?: string; e164?: string }): Promise<ForgetSubject | undefined> {
    let customerId = input.customerId;
    if (!customerId && input.e164) {
      const phone = await this.get(this.tables.crm, crmKeys.phone(input.e164));
      customerId = str(phone?.customerId);
      if (!customerId) return { numbers: [input.e164] };
    }
    if (!customerId) return undefined;
    const customer = await this.get(this.tables.crm, crmKeys.customer(customerId));
    if (!customer) return input.e164 ? { customerId, numbers: [input.e164] } : undefined;
    const phones = Array.isArray(customer.phones)
      ? customer.phones.filter((p): p is string => typeof p === 'string')
      : [];
    const card = str(customer.cardNumber);
    const name = str(customer.name);
    return {
      customerId,
      ...(name ? { name } : {}),
      numbers: [...new Set([...phones, ...(input.e164 ? [input.e164] : [])])],
      ...(card ? { cardNumber: card } : {}),
    };
  }

  async eraseCrm(subject: ForgetSubject) {
    const counts = { customers: 0, phoneItems: 0, cardClaims: 0 };
    const count = (pk: string) => {
      if (pk.startsWith('PHONE#')) counts.phoneItems++;
      else if (pk.startsWith('CARD#')) counts.cardClaims++;
      else if (pk.startsWith('CUSTOMER#')) counts.customers++;
    };
    // Each number's partition: its lookup item and its recent-contact items (CONTACT#…, counted with it).
    for (const n of subject.numbers)
      for await (const item of this.query(this.tables.crm, undefined, 'pk', crmKeys.phone(n).pk))
        if ((await this.delete(this.tables.crm, { pk: item.pk, sk: item.sk })) && item.sk === 'PHONE')
          count(String(item.pk));
    const keys = [...(subject.cardNumber ? [crmKeys.card(subject.cardNumber)] : [])];
    for (const key of keys) if (await this.delete(this.tables.crm, key)) count(key.pk);
    // Anything else that still names the customer (a number or card it no longer holds), then the customer itself.
    if (subject.customerId) {
      for await (const item of this.scan(this.tables.crm, 'customerId = :c AND NOT begins_with(pk, :cust)', {
        ':c': subject.customerId,
        ':cust': 'CUSTOMER#',
      }))
        if (await this.delete(this.tables.crm, { pk: item.pk, sk: item.sk })) count(String(item.pk));
      const key = crmKeys.customer(subject.customerId);
      if (await this.delete(this.tables.crm, key)) count(key.pk);
    }
    return counts;
  }

  /**
   * The erasure horizon is one item on the Contacts table (`ERASURE` / `HORIZON`, `until`), only ever raised (a
   * condition), so erasures running at the same time cannot lower it. Why it is enough: ingestion writes a batch's
   * versions, then reads the horizon, then the stubs of the contacts that began at or before it. A contact this
   * erasure finds began before the search, so before the horizon raised after the search; a late version written
   * before the raise is found by eraseContact (raised before any contact is erased), one written after sees the
   * raised horizon and is checked, as every version was before the horizon existed.
   */
  async raiseErasureHorizon(until: Date): Promise<void> {
    const at = until.toISOString();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.contacts,
          Key: contactKeys.erasureHorizon,
          UpdateExpression: 'SET #u = :u, entity = :e',
          ConditionExpression: 'attribute_not_exists(#u) OR #u < :u',
          ExpressionAttributeNames: { '#u': 'until' },
          ExpressionAttributeValues: { ':u': at, ':e': 'erasureHorizon' },
        }),
      );
    } catch (err) {
      // Already at or past `until` (another erasure raised it further): nothing to do.
      if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
    }
  }

  async contactsOf(subject: ForgetSubject): Promise<string[]> {
    const ids = new Set<string>();
    for (const n of subject.numbers)
      for await (const item of this.query(this.tables.contacts, 'byCaller', 'gsi1pk', contactKeys.caller(n)))
        if (typeof item.contactId === 'string') ids.add(item.contactId);
    if (subject.customerId)
      for await (const item of this.scan(this.tables.contacts, 'customerId = :c', {
        ':c': subject.customerId,
      }))
        if (typeof item.contactId === 'string') ids.add(item.contactId);
    return [...ids].sort();
  }

  /** A contact's record versions (not its stub), a consistent read. */
  private async recordVersions(contactId: string): Promise<Item[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tables.contacts,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':pk': contactKeys.collection(contactId), ':r': RECORD_PREFIX },
        ConsistentRead: true,
      }),
    );
    return ((out.Items ?? []) as Item[]).filter(isRecordVersion);
  }

  async eraseContact(contactId: string, now: Date): Promise<ContactErasure> {
    const table = this.tables.contacts;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': contactKeys.collection(contactId) },
        ConsistentRead: true,
      }),
    );
    const items = new Map((out.Items ?? []).map((i) => [String(i.sk), i as Item]));
    // The record's versions (each CTR version is its own item) and the stub of an earlier erasure, if any.
    const versions = [...items.values()].filter(isRecordVersion);
    const record = newestRecord(versions);
    const objects: RecordingRef[] = [];
    const seen = new Set<string>();
    /** A version's recording, once (versions of one contact usually share it). */
    const addRecording = (v: Item) => {
      if (isRef(v.recording) && !seen.has(`${v.recording.bucket}/${v.recording.key}`)) {
        seen.add(`${v.recording.bucket}/${v.recording.key}`);
        objects.push({ bucket: v.recording.bucket, key: v.recording.key });
      }
    };
    versions.forEach(addRecording);
    const transcription = items.get('TRANSCRIPTION');
    if (isRef(transcription?.recording)) objects.push(transcription.recording);
    const transcript = items.get('TRANSCRIPT');
    if (isRef(transcript?.source)) objects.push(transcript.source);
    if (this.tables.transcripts)
      for (let attempt = 1; attempt <= TRANSCRIPTION_MAX_ATTEMPTS; attempt++)
        objects.push({
          bucket: this.tables.transcripts.bucket,
          key: transcriptOutputKey(this.tables.transcripts.prefix, transcriptionJobName(contactId, attempt)),
        });
    let recordAnonymised = false;
    const stub = items.get(RECORD_FORGOTTEN_SK) ?? [...items.values()].find((i) => i.forgottenAt);
    if (record) {
      if (!stub) {
        // Kept for statistics: when, which queue and agent, how long. Gone: who called and everything they said.
        // The stub outranks every version, so readers see it; ingestion checks for it and keeps no later CTR.
        const kept: Item = { ...contactKeys.recordForgotten(contactId), entity: 'call', contactId };
        for (const f of [
          'channel',
          'initiationMethod',
          'initiatedAt',
          'disconnectedAt',
          'lastUpdateTimestamp',
          'queue',
          'agentId',
          'agentUsername',
          'disconnectReason',
          'talkSeconds',
          'ingestedAt',
        ])
          if (record[f] !== undefined) kept[f] = record[f];
        await this.doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...kept,
              callerWithheld: true,
              attributes: {},
              ctr: { ContactId: contactId, forgotten: true },
              gsi1pk: contactKeys.caller(undefined),
              gsi1sk: contactKeys.callerSort(String(record.initiatedAt), contactId),
              forgottenAt: now.toISOString(),
            },
          }),
        );
      }
      // Every version that names the caller (a late CTR of a contact forgotten before included). Read again once
      // the stub is written: a version ingested since the first read checked for the stub before it was there, so
      // ingestion kept it; this read finds it (one ingested later sees the stub and takes itself back).
      const late = stub ? [] : (await this.recordVersions(contactId)).filter((v) => !items.has(String(v.sk)));
      late.forEach(addRecording);
      for (const v of [...versions, ...late]) await this.delete(table, { pk: v.pk, sk: v.sk });
      recordAnonymised = true;
    }
    const transcriptDeleted = transcript
      ? await this.delete(table, contactKeys.transcript(contactId))
      : false;
    const transcriptionDeleted = transcription
      ? await this.delete(table, contactKeys.transcription(contactId))
      : false;
    const survey = items.get('SURVEY');
    let surveyAnonymised = false;
    if (survey && (survey.callerNumber !== undefined || survey.customerId !== undefined)) {
      await this.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: contactKeys.survey(contactId),
          UpdateExpression: 'REMOVE callerNumber, customerId',
        }),
      );
      surveyAnonymised = true;
    }
    const initiatedAt = str((record ?? stub)?.initiatedAt);
    return {
      recordAnonymised,
      transcriptDeleted,
      transcriptionDeleted,
      surveyAnonymised,
      objects,
      ...(initiatedAt ? { day: initiatedAt.slice(0, 10) } : {}),
    };
  }

  async anonymiseTickets(subject: ForgetSubject, now: Date) {
    const found = new Map<string, Item>();
    if (subject.customerId)
      for await (const t of this.query(
        this.tables.tickets,
        'customer',
        'custpk',
        `CUSTOMER#${subject.customerId}`,
      ))
        found.set(String(t.pk), t);
    const numbers = subject.numbers;
    if (numbers.length > 0) {
      const values = Object.fromEntries(numbers.map((n, i) => [`:n${i}`, n]));
      const filter = numbers.map((_, i) => `phone = :n${i} OR contains(countedPhones, :n${i})`).join(' OR ');
      for await (const t of this.scan(this.tables.tickets, `entity = :e AND (${filter})`, {
        ...values,
        ':e': 'ticket',
      }))
        found.set(String(t.pk), t);
    }
    const days = new Set<string>();
    for (const t of found.values()) {
      const history = Array.isArray(t.history)
        ? t.history.map((h) => {
            const { note: _note, ...rest } = h as Item;
            return rest;
          })
        : [];
      const visit = t.returnVisit as Item | undefined;
      const { note: _visitNote, ...keptVisit } = visit ?? {};
      // A voicemail ticket keeps where it stands, not what the caller said or the link to the (deleted) audio.
      const voicemail = t.voicemail as Item | undefined;
      const { transcript: _said, audio: _audio, ...keptVoicemail } = voicemail ?? {};
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.tickets,
          Key: { pk: t.pk, sk: t.sk },
          UpdateExpression: `SET history = :h, countedPhones = :none, forgottenAt = :at${visit ? ', returnVisit = :rv' : ''}${voicemail ? ', voicemail = :vm' : ''} REMOVE customerId, phone, description, custpk, custsk`,
          ExpressionAttributeValues: {
            ':h': history,
            ':none': [],
            ':at': now.toISOString(),
            ...(visit ? { ':rv': keptVisit } : {}),
            ...(voicemail ? { ':vm': keptVoicemail } : {}),
          },
        }),
      );
      const created = str(t.createdAt);
      if (created) days.add(created.slice(0, 10));
    }
    return { tickets: found.size, days: [...days].sort() };
  }

  async eraseSms(numbers: readonly string[]) {
    let messages = 0;
    let optOuts = 0;
    let counters = 0;
    for (const n of numbers) {
      for await (const m of this.query(this.tables.sms, 'byNumber', 'bynumpk', `TO#${n}`))
        if (await this.delete(this.tables.sms, { pk: m.pk, sk: m.sk })) messages++;
      if (await this.delete(this.tables.sms, { pk: `OPTOUT#${n}`, sk: 'OPTOUT' })) optOuts++;
      for await (const c of this.scan(this.tables.sms, 'begins_with(pk, :p)', { ':p': `RATE#${n}#` }))
        if (await this.delete(this.tables.sms, { pk: c.pk, sk: c.sk })) counters++;
    }
    return { messages, optOuts, counters };
  }
}
