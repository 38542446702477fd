/**
 * Fuzzing (issue 17) with fast-check: random and mutated events into every in-call handler and the contact-record
 * ingestion, and random files into the customer importer. In-call handlers must always answer their response
 * schema (never an exception into Connect); ingestion must always answer a batch response (a record is stored,
 * dead-lettered or named for retry); the importer must yield rows or row errors, or stop with its own clear error.
 * Each property prints how many cases it tried. FUZZ_RUNS raises the count (default 100 per property: CI budget).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { CustomerFileError, openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { validateCustomerRow } from '../../functions/core/customer-row.js';
import { createCreateTicketHandler } from '../../functions/create-ticket/handler.js';
import { ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { createSurveyHandler, surveyDepsFromEnv } from '../../functions/survey/handler.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { BatchResponseSchema, SurveyResponseSchema } from '../../schemas/call-record.js';
import { LookupResponseSchema } from '../../schemas/lookup.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'hotline-fuzz-'));
let t: TestTables;
const quiet = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Fuzz' }),
});
const ctx = () => ({ ...lambdaContext(), getRemainingTimeInMillis: () => 60_000 });

beforeAll(async () => {
  t = await createTestTables();
  await t.crm.saveCustomer(
    {
      customerId: 'F-1',
      name: '模糊',
      phones: ['+8613800138000'],
      tier: 'gold',
      vip: true,
      language: 'zh-CN',
    },
    undefined,
    new Date(),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a property, print how many cases it tried, fail with its counterexample. */
async function property<T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>) {
  const out = await fc.check(fc.asyncProperty(arb, check), { numRuns: RUNS });
  process.stdout.write(`fuzz ${name}: ${out.numRuns} case(s) tried${out.failed ? ', FAILED' : ''}\n`);
  if (out.failed)
    throw new Error(
      `${name}: counterexample ${fc.stringify(out.counterexample)}: ${String(out.errorInstance)}`,
    );
}

/** Phone-ish text: real numbers, formats, junk. */
const phoneish = fc.oneof(
  fc.constantFrom(
    '+8613800138000',
    '13800138000',
    '138-0013-8000',
    '(010) 6552 1234',
    'anonymous',
    '',
    '+',
    '00',
  ),
  fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/),
  fc.string({ maxLength: 40 }),
);
/** Values of any JSON type, to put where a string is expected. */
const anyJson = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);

/** A Connect event with the caller, the parameters and some fields replaced by random values. */
const connectEvents = fc
  .record({
    caller: fc.option(phoneish, { nil: null }),
    params: fc.dictionary(fc.constantFrom('category', 'score', 'answer2', 'description', 'x'), anyJson),
    contactId: fc.oneof(fc.uuid(), fc.string({ maxLength: 130 })),
    breakWhat: fc.constantFrom('nothing', 'details', 'contactData', 'attributes', 'whole'),
  })
  .map(({ caller, params, contactId, breakWhat }) => {
    const e = connectEvent(null, 'fuzz') as unknown as Record<string, unknown> & {
      Details: Record<string, unknown> & { ContactData: Record<string, unknown> };
    };
    e.Details.ContactData.ContactId = contactId;
    e.Details.ContactData.CustomerEndpoint =
      caller === null ? null : { Address: caller, Type: 'TELEPHONE_NUMBER' };
    e.Details.Parameters = params;
    if (breakWhat === 'details') e.Details = 'broken' as never;
    if (breakWhat === 'contactData') e.Details.ContactData = [] as never;
    if (breakWhat === 'attributes') e.Details.ContactData.Attributes = { vip: 42 } as never;
    if (breakWhat === 'whole') return params as unknown;
    return e as unknown;
  });

describe('fuzzing the handlers and importers', { timeout: 300_000 }, () => {
  it('in-call handlers always answer their response schema', async () => {
    const profile = getProfile('auto-dealer');
    const env = { tableEnv: t.env, endpoint: t.endpoint, home: dir };
    const lookup = createCallerLookupHandler({
      ...quiet(),
      lookup: lookupDepsFromEnv({ ...t.env, DYNAMODB_ENDPOINT: t.endpoint, HOTLINE_PROFILE: profile.id }),
    });
    const ticket = createCreateTicketHandler({
      ...quiet(),
      tickets: ticketDepsFromEnv(localTicketEnv(profile, env)),
    });
    const survey = createSurveyHandler({
      ...quiet(),
      survey: surveyDepsFromEnv(localTicketEnv(profile, env)),
    });
    await property('caller-lookup event', connectEvents, async (event) => {
      expect(LookupResponseSchema.safeParse(await lookup(event, ctx())).success).toBe(true);
    });
    await property('createTicket event', connectEvents, async (event) => {
      expect(CreateTicketResponseSchema.safeParse(await ticket(event, ctx())).success).toBe(true);
    });
    await property('recordSurvey event', connectEvents, async (event) => {
      expect(SurveyResponseSchema.safeParse(await survey(event, ctx())).success).toBe(true);
    });
  });

  it('contact-record ingestion answers every batch, and every record is stored, dead-lettered or retried', async () => {
    const dlq = new MemoryDeadLetterQueue();
    const ingest = createContactRecordsHandler({
      ...quiet(),
      deadLetters: dlq,
      ingest: {
        records: new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string),
        recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
        phoneRegion: 'CN',
        now: () => new Date(),
      },
    });
    const payload = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .record({
          ContactId: fc.oneof(fc.uuid(), fc.string({ maxLength: 5 })),
          address: phoneish,
          ts: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ maxLength: 25 }),
          ),
          attrs: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
        })
        .map(({ ContactId, address, ts, attrs }) =>
          sampleCtr({
            ContactId,
            CustomerEndpoint: { Address: address, Type: 'TELEPHONE_NUMBER' },
            LastUpdateTimestamp: ts,
            Attributes: attrs as never,
          }),
        ),
    );
    await property(
      'Kinesis batch of CTRs',
      fc.array(payload, { minLength: 1, maxLength: 12 }),
      async (payloads) => {
        const event = kinesisEvent(payloads);
        const before = dlq.letters.length;
        const out = BatchResponseSchema.parse(await ingest(event, ctx()));
        // Nothing vanishes: dead letters + retries never exceed the batch, and every retry names a record of it.
        const sequences = new Set(event.Records.map((r) => r.kinesis.sequenceNumber));
        expect(out.batchItemFailures.every((f) => sequences.has(f.itemIdentifier))).toBe(true);
        expect(dlq.letters.length - before + out.batchItemFailures.length).toBeLessThanOrEqual(
          payloads.length,
        );
      },
    );
  });

  it('the customer importer reads any file as rows, row errors or one clear error', async () => {
    const header = 'customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId';
    const csvLine = fc
      .array(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          phoneish,
          fc.constantFrom('"', '""', ',', '\r', 'yes', 'gold'),
        ),
        {
          maxLength: 10,
        },
      )
      .map((cells) => cells.join(','));
    const csvFile = fc
      .tuple(fc.boolean(), fc.array(csvLine, { maxLength: 8 }))
      .map(([withHeader, lines]) => [...(withHeader ? [header] : []), ...lines].join('\n'));
    const jsonFile = fc
      .array(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc
            .record({
              customerId: anyJson,
              name: anyJson,
              phones: fc.oneof(phoneish, fc.array(phoneish, { maxLength: 3 })),
            })
            .map((o) => JSON.stringify(o)),
        ),
        { maxLength: 8 },
      )
      .map((lines) => lines.join('\n'));
    let n = 0;
    const readAll = async (ext: string, text: string | Uint8Array) => {
      const path = join(dir, `f${n++}.${ext}`);
      writeFileSync(path, text);
      try {
        const file = await openCustomerFile(path);
        for await (const row of file.rows())
          if ('fields' in row) {
            const v = validateCustomerRow(row.fields, 'CN');
            expect(typeof v).toBe('object');
          } else expect(row.error.length).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(CustomerFileError);
      }
    };
    await property('CSV customer file', csvFile, (text) => readAll('csv', text));
    await property('JSON-lines customer file', jsonFile, (text) => readAll('jsonl', text));
    await property('bytes as a customer file', fc.uint8Array({ maxLength: 300 }), (bytes) =>
      readAll('csv', bytes),
    );
  });
});
