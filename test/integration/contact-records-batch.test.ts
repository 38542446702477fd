/**
 * Ingestion of whole Kinesis batches (issue 17): grouped per contact and per number, few requests, and a partial
 * batch response that names exactly the records to retry. The single-record guarantees are in
 * contact-records-handler.test.ts; these add what grouping could break.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import type { CallRecordRepository, RecentContactsWriter } from '../../functions/ports/call-records.js';
import type { ContactTraceRecord } from '../../schemas/contact-record.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, scanAll as scanAllOf, type TestTables } from '../support/dynamo.js';
import { lambdaContext as baseContext } from '../support/lambda-context.js';

// The deployed function's timeout (60 s), so middy's deadline is the real one on a busy test machine.
const lambdaContext = () => ({
  ...baseContext('hotline-contact-records'),
  getRemainingTimeInMillis: () => 60_000,
});

let t: TestTables;
let records: DynamoCallRecordRepository;
let recent: DynamoRecentContactsWriter;
let dlq: MemoryDeadLetterQueue;
let requests: Record<string, number>;

beforeEach(async () => {
  t = await createTestTables();
  requests = {};
  t.doc.middlewareStack.add(
    (next, ctx) => (args) => {
      const name = String(ctx.commandName);
      requests[name] = (requests[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  recent = new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string);
  dlq = new MemoryDeadLetterQueue();
});

const handlerWith = (deps: { records?: CallRecordRepository; recent?: RecentContactsWriter } = {}) =>
  createContactRecordsHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    deadLetters: dlq,
    ingest: {
      records: deps.records ?? records,
      recent: deps.recent ?? recent,
      phoneRegion: 'CN',
      now: () => new Date('2026-11-23T02:00:00Z'),
    },
  });

const ctrOf = (i: number, overrides: Partial<ContactTraceRecord> = {}) =>
  sampleCtr({
    ContactId: `batch-${String(i).padStart(4, '0')}`,
    CustomerEndpoint: { Address: `+8613800${String(i % 7).padStart(6, '0')}`, Type: 'TELEPHONE_NUMBER' },
    InitiationTimestamp: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000)
      .toISOString()
      .replace('.000', ''),
    ...overrides,
  });

const scanAll = (table: string) => scanAllOf(t.doc, table);

describe('ingesting a Kinesis batch as a whole', () => {
  it('writes 100 CTRs of 7 callers with a handful of requests, and each caller keeps their 10 newest', async () => {
    const ctrs = Array.from({ length: 100 }, (_, i) => ctrOf(i));
    const out = await handlerWith()(kinesisEvent(ctrs), lambdaContext());
    expect(out).toEqual({ batchItemFailures: [] });
    // 4 BatchWriteItems of 25 records and 4 of 25 screen-pop items (immutable versions: nothing read first, no
    // condition), then one consistent BatchGetItem for forgotten contacts. (Items DynamoDB leaves unprocessed, e.g.
    // under load, are sent again.)
    expect(Object.keys(requests).sort(), JSON.stringify(requests)).toEqual([
      'BatchGetItemCommand',
      'BatchWriteItemCommand',
    ]);
    expect(requests.BatchGetItemCommand).toBe(1);
    expect(requests.BatchWriteItemCommand).toBeGreaterThanOrEqual(8);
    expect(requests.BatchWriteItemCommand).toBeLessThanOrEqual(16);
    for (let n = 0; n < 7; n++) {
      const number = `+8613800${String(n).padStart(6, '0')}`;
      const mine = ctrs.filter((_, i) => i % 7 === n);
      const list = (await t.crm.getPhone(number))?.recentContacts ?? [];
      expect(list.map((c) => c.contactId)).toEqual(
        mine
          .slice(-10)
          .reverse()
          .map((c) => c.ContactId),
      );
      expect(await records.listByCaller(number, 100)).toHaveLength(mine.length);
    }
    // Replayed: the same items written again, nothing doubled.
    const stored = async () =>
      (await scanAll(t.env[CONTACTS_TABLE.envVar] as string)).length +
      (await scanAll(t.env[CRM_TABLE.envVar] as string)).length;
    const before = await stored();
    expect(before).toBe(200);
    requests = {};
    expect(await handlerWith()(kinesisEvent(ctrs), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(Object.keys(requests).sort()).toEqual(['BatchGetItemCommand', 'BatchWriteItemCommand']);
    expect(await stored()).toBe(before);
    for (let n = 0; n < 7; n++)
      expect(await records.listByCaller(`+8613800${String(n).padStart(6, '0')}`, 100)).toHaveLength(
        ctrs.filter((_, i) => i % 7 === n).length,
      );
  });

  it('keeps the newest version when one batch carries several versions of a contact, in any order', async () => {
    const v = (ts: string, note: string) =>
      ctrOf(1, { LastUpdateTimestamp: ts, Attributes: { note }, Queue: { Name: note } as never });
    const batch = [
      v('2026-11-01T00:05:00Z', 'middle'),
      v('2026-11-01T00:09:00Z', 'newest'),
      v('2026-11-01T00:02:00Z', 'oldest'),
      v('2026-11-01T00:09:00Z', 'newest'),
    ];
    expect(await handlerWith()(kinesisEvent(batch), lambdaContext())).toEqual({ batchItemFailures: [] });
    const view = await records.getContact(ctrOf(1).ContactId);
    expect(view.record?.attributes.note).toBe('newest');
    const list = (await t.crm.getPhone('+8613800000001'))?.recentContacts ?? [];
    expect(list).toHaveLength(1);
    expect(list[0]?.queue).toBe('newest');
    // An older version in a later batch changes nothing that is read: the contact once, its newest version.
    await handlerWith()(kinesisEvent([v('2026-11-01T00:07:00Z', 'late-older')]), lambdaContext());
    expect((await records.getContact(ctrOf(1).ContactId)).record?.attributes.note).toBe('newest');
    expect((await t.crm.getPhone('+8613800000001'))?.recentContacts).toEqual([
      expect.objectContaining({ contactId: ctrOf(1).ContactId, queue: 'newest' }),
    ]);
    expect(await records.listByCaller('+8613800000001', 10)).toEqual([
      expect.objectContaining({ contactId: ctrOf(1).ContactId, attributes: { note: 'newest' } }),
    ]);
    // Every version arrived alone, in the reverse order: the same answers.
    const other = (ts: string, note: string) =>
      ctrOf(2, { LastUpdateTimestamp: ts, Attributes: { note }, Queue: { Name: note } as never });
    for (const c of [other('2026-11-01T00:09:00Z', 'newest'), other('2026-11-01T00:02:00Z', 'oldest')])
      await handlerWith()(kinesisEvent([c]), lambdaContext());
    expect((await records.getContact(ctrOf(2).ContactId)).record?.attributes.note).toBe('newest');
    expect((await t.crm.getPhone('+8613800000002'))?.recentContacts?.[0]?.queue).toBe('newest');
  });

  it('a caller whose contacts each have three versions still sees their 10 newest contacts, each once', async () => {
    // One caller (i % 7 === 0), 12 contacts, each delivered as 3 versions in 3 separate batches.
    const contacts = Array.from({ length: 12 }, (_, j) => ctrOf(j * 7));
    for (const minute of ['10', '20', '30'])
      await handlerWith()(
        kinesisEvent(
          contacts.map((c) =>
            ctrOf(Number(c.ContactId.slice(-4)), {
              LastUpdateTimestamp: `2026-11-02T00:${minute}:00Z`,
              Queue: { Name: `v${minute}` } as never,
            }),
          ),
        ),
        lambdaContext(),
      );
    const list = (await t.crm.getPhone('+8613800000000'))?.recentContacts ?? [];
    expect(list.map((c) => c.contactId)).toEqual(
      contacts
        .slice(-10)
        .reverse()
        .map((c) => c.ContactId),
    );
    expect(new Set(list.map((c) => c.queue))).toEqual(new Set(['v30']));
    expect((await records.listByCaller('+8613800000000', 5)).map((r) => [r.contactId, r.queue])).toEqual(
      contacts
        .slice(-5)
        .reverse()
        .map((c) => [c.ContactId, 'v30']),
    );
  });

  it('two different CTRs with the same time: the same one is kept whatever order they arrive in', async () => {
    const a = ctrOf(3, { Attributes: { note: 'a' } });
    const b = ctrOf(4, { ContactId: a.ContactId, Attributes: { note: 'b' } });
    await handlerWith()(kinesisEvent([a]), lambdaContext());
    await handlerWith()(kinesisEvent([b]), lambdaContext());
    const first = (await records.getContact(a.ContactId)).record?.attributes.note;
    t = await createTestTables();
    records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
    recent = new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string);
    await handlerWith()(kinesisEvent([b]), lambdaContext());
    await handlerWith()(kinesisEvent([a]), lambdaContext());
    expect((await records.getContact(a.ContactId)).record?.attributes.note).toBe(first);
    expect(['a', 'b']).toContain(first);
  });

  it('reports exactly the records whose contact or list could not be written, and the retry completes them', async () => {
    const ctrs = Array.from({ length: 30 }, (_, i) => ctrOf(i));
    // The list of caller 3 cannot be written; the record of contact 5 cannot be stored.
    const failingRecent: RecentContactsWriter = {
      customersPhones: (ids) => recent.customersPhones(ids),
      removeRecentContacts: (entries) => recent.removeRecentContacts(entries),
      async putRecentContacts(entries, now) {
        const ofThree = (e: (typeof entries)[number]) => e.numbers.includes('+8613800000003');
        const done = await recent.putRecentContacts(
          entries.filter((e) => !ofThree(e)),
          now,
        );
        return entries.map((e) =>
          ofThree(e)
            ? { status: 'failed', error: new Error('throttled') }
            : (done.shift() as (typeof done)[number]),
        );
      },
    };
    const failingRecords = Object.create(records) as DynamoCallRecordRepository;
    failingRecords.saveRecords = async (batch, now) => {
      const outcomes = await records.saveRecords(
        batch.filter((b) => b.record.contactId !== ctrOf(5).ContactId),
        now,
      );
      return batch.map((b) =>
        b.record.contactId === ctrOf(5).ContactId
          ? { status: 'failed', error: new Error('5xx') }
          : (outcomes.shift() as (typeof outcomes)[number]),
      );
    };
    const event = kinesisEvent(ctrs);
    const out = await handlerWith({ records: failingRecords, recent: failingRecent })(event, lambdaContext());
    const expected = ctrs
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i % 7 === 3 || i === 5)
      .map(({ i }) => ({ itemIdentifier: event.Records[i]?.kinesis.sequenceNumber }));
    expect(out.batchItemFailures).toEqual(expected);
    // Kinesis delivers the batch again from the first failure: now everything is there, once.
    const retried = kinesisEvent(ctrs.slice(3));
    expect(await handlerWith()(retried, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await records.listByCaller('+8613800000003', 100)).toHaveLength(
      ctrs.filter((_, i) => i % 7 === 3).length,
    );
    expect((await records.getContact(ctrOf(5).ContactId)).record).toBeDefined();
    expect((await t.crm.getPhone('+8613800000003'))?.recentContacts).toHaveLength(
      ctrs.filter((_, i) => i % 7 === 3).length,
    );
  });

  it('dead-letters records with impossible timestamps and keeps the rest of the batch', async () => {
    const bad = ctrOf(2, { InitiationTimestamp: '2026-13-45T99:00:00Z' });
    const out = await handlerWith()(kinesisEvent([ctrOf(1), bad, ctrOf(3)]), lambdaContext());
    expect(out).toEqual({ batchItemFailures: [] });
    expect(dlq.letters.map((l) => l.reason)).toEqual([expect.stringMatching(/timestamp/)]);
    expect((await records.getContact(ctrOf(3).ContactId)).record).toBeDefined();
  });

  it('a CTR DynamoDB can never store (a key too long) is dead-lettered alone; the rest of its request is written', async () => {
    const ctrs = Array.from({ length: 30 }, (_, i) => ctrOf(i));
    const huge = ctrOf(30, { ContactId: 'x'.repeat(3000) });
    const batch = [...ctrs.slice(0, 10), huge, ...ctrs.slice(10)];
    const out = await handlerWith()(kinesisEvent(batch), lambdaContext());
    // Not retried (it would fail for ever and hold the shard): in the dead-letter queue, with why.
    expect(out).toEqual({ batchItemFailures: [] });
    expect(dlq.letters.map((l) => l.reason)).toEqual([expect.stringMatching(/^cannot be stored: /)]);
    for (let n = 0; n < 7; n++)
      expect(await records.listByCaller(`+8613800${String(n).padStart(6, '0')}`, 100)).toHaveLength(
        ctrs.filter((_, i) => i % 7 === n).length,
      );
  });

  it('two batches of the same callers ingested at the same time lose no recent contact', async () => {
    const a = Array.from({ length: 40 }, (_, i) => ctrOf(i * 2));
    const b = Array.from({ length: 40 }, (_, i) => ctrOf(i * 2 + 1));
    const [oa, ob] = await Promise.all([
      handlerWith()(kinesisEvent(a), lambdaContext()),
      handlerWith()(kinesisEvent(b), lambdaContext()),
    ]);
    expect(oa).toEqual({ batchItemFailures: [] });
    expect(ob).toEqual({ batchItemFailures: [] });
    const all = [...a, ...b].sort((x, y) => x.InitiationTimestamp.localeCompare(y.InitiationTimestamp));
    for (let n = 0; n < 7; n++) {
      const mine = all.filter((c) => c.CustomerEndpoint?.Address === `+8613800${String(n).padStart(6, '0')}`);
      const list = (await t.crm.getPhone(`+8613800${String(n).padStart(6, '0')}`))?.recentContacts ?? [];
      expect(list.map((c) => c.contactId)).toEqual(
        mine
          .slice(-10)
          .reverse()
          .map((c) => c.ContactId),
      );
    }
  });
});
