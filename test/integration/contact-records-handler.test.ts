import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { lookupCaller } from '../../functions/use-cases/lookup-caller.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, scanAll, type TestTables } from '../support/dynamo.js';
import { fixture } from '../support/events.js';
import { lambdaContext as baseContext } from '../support/lambda-context.js';

// The deployed function's timeout (60 s), so middy's deadline is the real one on a busy test machine.
const lambdaContext = () => ({
  ...baseContext('hotline-contact-records'),
  getRemainingTimeInMillis: () => 60_000,
});

let t: TestTables;
let records: DynamoCallRecordRepository;
let dlq: MemoryDeadLetterQueue;
let handler: ReturnType<typeof createContactRecordsHandler>;

beforeEach(async () => {
  t = await createTestTables();
  records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  dlq = new MemoryDeadLetterQueue();
  handler = createContactRecordsHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    deadLetters: dlq,
    ingest: {
      records,
      recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
      phoneRegion: 'US',
      now: () => new Date('2026-11-23T02:00:00Z'),
    },
  });
});

const CALLER = '+17205550100';
const lookup = () =>
  lookupCaller(
    {
      crm: t.crm,
      policy: { vipQueue: 'vip', branchQueues: {} },
      phoneRegion: 'US',
      budgetMs: 5000,
      // The published sample CTR is from April 2022: look it up a day later, inside the last-agent window.
      now: () => new Date('2022-04-09T00:00:00Z'),
    },
    CALLER,
  );

describe('contact-record ingestion (Kinesis → Contacts, recent contacts, last agent)', () => {
  it('stores one record for the published CTR replayed 3 times, and the caller gets it as a recent contact', async () => {
    const ctr = sampleCtr();
    for (let i = 0; i < 3; i++) {
      const out = await handler(kinesisEvent([ctr, ctr]), lambdaContext());
      expect(out).toEqual({ batchItemFailures: [] });
    }
    const view = await records.getContact(ctr.ContactId);
    expect(view.record?.lastUpdateTimestamp).toBe('2022-04-08T15:03:02Z');
    expect(await records.listByCaller(CALLER, 10)).toHaveLength(1);
    const phone = await t.crm.getPhone(CALLER);
    expect(phone?.recentContacts).toEqual([
      {
        contactId: ctr.ContactId,
        at: '2022-04-08T14:59:38Z',
        channel: 'VOICE',
        queue: 'BasicQueue',
        agentId: 'e0b23dbd-6b9f-4bd5-a1a1-7f3cfa1a4a2c',
      },
    ]);
    const { response } = await lookup();
    expect(response.lastAgentId).toBe('e0b23dbd-6b9f-4bd5-a1a1-7f3cfa1a4a2c');
    expect(response.recentContactCount).toBe('1');
    expect(dlq.letters).toEqual([]);
  });

  it('keeps each CTR as received, its bytes unchanged (layout and unknown fields too), and reads it back', async () => {
    const received = { ...sampleCtr(), FieldAddedLater: { nested: ['kept'] } };
    const text = JSON.stringify(received, null, 2);
    for (let i = 0; i < 2; i++)
      expect(await handler(kinesisEvent([text]), lambdaContext())).toEqual({ batchItemFailures: [] });
    const items = (await scanAll(t.doc, t.env[CONTACTS_TABLE.envVar] as string)).filter((i) =>
      String(i.sk).startsWith('RECORD'),
    );
    expect(items).toHaveLength(1); // replayed: one item
    const stored = items[0]?.ctr;
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(stored as Uint8Array).toString('utf8')).toBe(text);
    expect((await records.getContact(received.ContactId)).record?.ctr).toEqual(received);
  });

  it('reads call records stored before: the CTR as JSON text, or as a map', async () => {
    const ids = ['as-bytes', 'as-text', 'as-map'];
    await handler(kinesisEvent(ids.map((ContactId) => sampleCtr({ ContactId }))), lambdaContext());
    const table = t.env[CONTACTS_TABLE.envVar] as string;
    for (const item of await scanAll(t.doc, table)) {
      const ctr = JSON.parse(Buffer.from(item.ctr as Uint8Array).toString('utf8'));
      if (item.contactId === 'as-text')
        await t.doc.send(new PutCommand({ TableName: table, Item: { ...item, ctr: JSON.stringify(ctr) } }));
      if (item.contactId === 'as-map')
        await t.doc.send(new PutCommand({ TableName: table, Item: { ...item, ctr } }));
    }
    const shapes = (await scanAll(t.doc, table)).map((i) => [
      i.contactId,
      i.ctr instanceof Uint8Array ? 'bytes' : typeof i.ctr,
    ]);
    expect(Object.fromEntries(shapes)).toEqual({
      'as-bytes': 'bytes',
      'as-text': 'string',
      'as-map': 'object',
    });
    for (const ContactId of ids)
      expect((await records.getContact(ContactId)).record?.ctr, ContactId).toEqual(sampleCtr({ ContactId }));
    const listed = await records.listByCaller(CALLER, 10);
    expect(listed.map((r) => r.ctr.ContactId).sort()).toEqual([...ids].sort());
  });

  it('an older CTR arriving after a newer one does not overwrite it', async () => {
    const newer = sampleCtr({ LastUpdateTimestamp: '2022-04-08T15:10:00Z', Attributes: { note: 'newer' } });
    const older = sampleCtr({ LastUpdateTimestamp: '2022-04-08T15:03:02Z', Attributes: { note: 'older' } });
    await handler(kinesisEvent([newer]), lambdaContext());
    await handler(kinesisEvent([older]), lambdaContext());
    const view = await records.getContact(newer.ContactId);
    expect(view.record?.attributes.note).toBe('newer');
    expect(view.record?.lastUpdateTimestamp).toBe('2022-04-08T15:10:00Z');
  });

  it('a re-sent CTR with a newer timestamp replaces the record and its recent-contact entry', async () => {
    await handler(kinesisEvent([sampleCtr({ Agent: null })]), lambdaContext());
    expect((await lookup()).response.lastAgentId).toBe('');
    await handler(
      kinesisEvent([sampleCtr({ LastUpdateTimestamp: '2022-04-08T15:20:00Z' })]),
      lambdaContext(),
    );
    expect((await lookup()).response.lastAgentId).toBe('e0b23dbd-6b9f-4bd5-a1a1-7f3cfa1a4a2c');
    expect((await t.crm.getPhone(CALLER))?.recentContacts).toHaveLength(1);
  });

  it('sends malformed records to the dead-letter queue and still processes the rest', async () => {
    const published = fixture<{ Records: unknown[] }>('kinesis', 'kinesis-stream-event');
    const good = sampleCtr();
    const notACtr = { ...sampleCtr(), ContactId: '' };
    const mixed = kinesisEvent([good, JSON.stringify(notACtr)]);
    const event = { Records: [...published.Records, ...mixed.Records] };
    const out = await handler(event, lambdaContext());
    expect(out).toEqual({ batchItemFailures: [] });
    expect(dlq.letters.map((l) => l.reason.split(':')[0])).toEqual([
      'not base64 JSON',
      'not a contact trace record',
    ]);
    expect((await records.getContact(good.ContactId)).record).toBeDefined();
  });

  it('writes the contact on every number of a known customer', async () => {
    await t.crm.saveCustomer(
      {
        customerId: 'C-1',
        name: 'Ada',
        phones: [CALLER, '+17205550111'],
        tier: 'gold',
        vip: false,
        language: 'en-US',
      },
      undefined,
      new Date('2026-01-01T00:00:00Z'),
    );
    await handler(kinesisEvent([sampleCtr({ Attributes: { customerId: 'C-1' } })]), lambdaContext());
    expect((await t.crm.getPhone('+17205550111'))?.recentContacts?.[0]?.contactId).toBe(
      sampleCtr().ContactId,
    );
    expect((await t.crm.getPhone(CALLER))?.customerId).toBe('C-1');
  });

  it('keeps the 10 newest contacts, newest first', async () => {
    const ctrs = Array.from({ length: 12 }, (_, i) =>
      sampleCtr({
        ContactId: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
        InitiationTimestamp: `2022-04-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
      }),
    );
    await handler(kinesisEvent(ctrs), lambdaContext());
    const recent = (await t.crm.getPhone(CALLER))?.recentContacts ?? [];
    expect(recent).toHaveLength(10);
    expect(recent[0]?.at).toBe('2022-04-12T10:00:00Z');
    expect((await records.listByCaller(CALLER, 50)).length).toBe(12);
  });

  it('reports a record it could not store as a batch item failure (retried by Kinesis)', async () => {
    const broken = createContactRecordsHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      deadLetters: dlq,
      ingest: {
        records: new DynamoCallRecordRepository(t.doc, 'no-such-table'),
        recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
        phoneRegion: 'US',
        now: () => new Date(),
      },
    });
    const event = kinesisEvent([sampleCtr(), 'not json']);
    const out = await broken(event, lambdaContext());
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber }]);
    expect(dlq.letters).toHaveLength(1);
  });
});
