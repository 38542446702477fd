/**
 * The erasure horizon (issue 17): contact-record ingestion looks for forgotten contacts' stubs only among the
 * contacts of a batch that began at or before the newest erasure's horizon, so a batch of new calls costs one key
 * read, not one per contact. And the erasure itself takes back a version ingested while it was running.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { BatchGetCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { DynamoPersonalDataStore } from '../../functions/adapters/dynamodb/personal-data-store.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { receivedCtr, recordVersionOf, toCallRecord } from '../../functions/core/call-record.js';
import {
  ERASURE_HORIZON_MARGIN_MS,
  forgetCustomer,
} from '../../functions/use-cases/privacy/forget-customer.js';
import type { ContactTraceRecord } from '../../schemas/contact-record.js';
import { CONTACTS_TABLE, CRM_TABLE, SMS_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, itemText, scanAll, type TestTables } from '../support/dynamo.js';
import { lambdaContext as baseContext } from '../support/lambda-context.js';

const lambdaContext = () => ({
  ...baseContext('hotline-contact-records'),
  getRemainingTimeInMillis: () => 60_000,
});

const CALLER = '+8613800000001';
const ERASED_AT = new Date('2026-11-20T08:00:00Z');

let t: TestTables;
let records: DynamoCallRecordRepository;
let store: DynamoPersonalDataStore;
/** Keys asked for in each BatchGetItem, in order. */
let batchGets: number[];
/** Called before the erasure writes a forgotten stub (a hook for what happens meanwhile). */
let beforeStub: (() => Promise<void>) | undefined;

beforeEach(async () => {
  t = await createTestTables();
  batchGets = [];
  beforeStub = undefined;
  t.doc.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === 'BatchGetItemCommand') {
        const input = args.input as BatchGetCommandInput;
        batchGets.push(
          Object.values(input.RequestItems ?? {}).reduce((n, r) => n + (r.Keys?.length ?? 0), 0),
        );
      }
      if (ctx.commandName === 'PutItemCommand' && beforeStub) {
        // The item as the SDK has it at this step (marshalled or not).
        const sk = (args.input as PutCommandInput).Item?.sk as { S?: string } | string | undefined;
        if (String(typeof sk === 'object' ? sk.S : sk).endsWith('~forgotten')) await beforeStub();
      }
      return next(args);
    },
    { step: 'initialize', name: 'observe' },
  );
  records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  store = new DynamoPersonalDataStore(t.doc, {
    crm: t.env[CRM_TABLE.envVar] as string,
    contacts: t.env[CONTACTS_TABLE.envVar] as string,
    tickets: t.env[TICKETS_TABLE.envVar] as string,
    sms: t.env[SMS_TABLE.envVar] as string,
  });
});

const ingest = (ctrs: ContactTraceRecord[]) =>
  createContactRecordsHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', logger: new Logger({ logLevel: 'SILENT' }) }),
    deadLetters: new MemoryDeadLetterQueue(),
    ingest: {
      records,
      recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
      phoneRegion: 'CN',
      now: () => new Date('2026-11-23T02:00:00Z'),
    },
  })(kinesisEvent(ctrs), lambdaContext());

const ctrOf = (id: string, initiatedAt: string, overrides: Partial<ContactTraceRecord> = {}) =>
  sampleCtr({
    ContactId: id,
    CustomerEndpoint: { Address: CALLER, Type: 'TELEPHONE_NUMBER' },
    InitiationTimestamp: initiatedAt,
    LastUpdateTimestamp: initiatedAt.replace(/:00Z$/, ':30Z'),
    ...overrides,
  });

const forget = () =>
  forgetCustomer(
    { store, objects: { deleteObjects: async () => 0 }, phoneRegion: 'CN', now: () => ERASED_AT },
    CALLER,
  );

/** Every stored item that still names the caller. */
const traces = async () =>
  (await scanAll(t.doc, t.env[CONTACTS_TABLE.envVar] as string)).filter((i) => itemText(i).includes(CALLER));

describe('the erasure horizon', () => {
  it('before any erasure, a batch reads one key for the forgotten check, whatever its size', async () => {
    const ctrs = Array.from({ length: 40 }, (_, i) =>
      ctrOf(`new-${i}`, `2026-11-21T0${i % 10}:0${i % 6}:00Z`),
    );
    expect(await ingest(ctrs)).toEqual({ batchItemFailures: [] });
    expect(batchGets).toEqual([1]);
    expect(await records.listByCaller(CALLER, 100)).toHaveLength(40);
  });

  it('after an erasure, only contacts that began before its horizon are looked up; late versions of forgotten ones are taken back', async () => {
    await ingest([ctrOf('old-1', '2026-11-19T09:00:00Z'), ctrOf('old-2', '2026-11-19T10:00:00Z')]);
    const report = await forget();
    expect(report.removed.callRecordsAnonymised).toBe(2);
    batchGets = [];
    // A late version of a forgotten contact, a contact begun inside the horizon's margin (looked up, not
    // forgotten), and two contacts begun after the horizon (not looked up).
    const horizon = ERASED_AT.getTime() + ERASURE_HORIZON_MARGIN_MS;
    const late = ctrOf('old-1', '2026-11-19T09:00:00Z', { LastUpdateTimestamp: '2026-11-22T00:00:00Z' });
    const within = ctrOf('in-margin', new Date(horizon - 60_000).toISOString().replace('.000', ''));
    const after = [1, 2].map((k) =>
      ctrOf(`after-${k}`, new Date(horizon + k * 60_000).toISOString().replace('.000', '')),
    );
    expect(await ingest([late, within, ...after])).toEqual({ batchItemFailures: [] });
    // The horizon, then the stubs of the two contacts begun before it.
    expect(batchGets).toEqual([1, 2]);
    expect((await records.getContact('old-1')).record?.forgottenAt).toBeDefined();
    expect((await records.listByCaller(CALLER, 10)).map((r) => r.contactId).sort()).toEqual([
      'after-1',
      'after-2',
      'in-margin',
    ]);
    // Nothing of the forgotten contacts names the caller (the late version was taken back).
    expect((await traces()).map((i) => i.contactId).sort()).toEqual(['after-1', 'after-2', 'in-margin']);
  });

  it('is only ever raised: an earlier erasure finishing late does not lower it', async () => {
    await store.raiseErasureHorizon(new Date('2026-11-25T00:00:00Z'));
    await store.raiseErasureHorizon(new Date('2026-11-21T00:00:00Z'));
    batchGets = [];
    // Begun before the higher horizon: looked up (a stub read), though after the lower one.
    await ingest([ctrOf('c-1', '2026-11-24T00:00:00Z')]);
    expect(batchGets).toEqual([1, 1]);
  });

  it('a version ingested while the erasure runs (after its first read of the contact, before the stub) is erased too', async () => {
    await ingest([ctrOf('racing', '2026-11-19T09:00:00Z')]);
    // Just before the erasure writes the stub, a newer version of the contact is ingested: it looks for the stub,
    // finds none yet, and is kept; the erasure must find it after writing the stub.
    beforeStub = async () => {
      beforeStub = undefined;
      const ctr = ctrOf('racing', '2026-11-19T09:00:00Z', { LastUpdateTimestamp: '2026-11-19T09:45:00Z' });
      const record = toCallRecord(ctr, 'CN');
      const { text } = receivedCtr(ctr);
      await records.saveRecords([{ record, text, version: recordVersionOf(record, text) }], new Date());
    };
    await forget();
    expect(beforeStub).toBeUndefined();
    expect(await traces()).toEqual([]);
    expect((await records.getContact('racing')).record?.forgottenAt).toBeDefined();
  });
});
