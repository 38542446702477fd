/**
 * Phone numbers never appear unmasked in what the handlers write (issue 17): every in-call handler and the
 * contact-record ingestion, built with the production observability (createObservability: logger with the
 * masking replacer, EMF metrics), at DEBUG level with metrics on, run over known and unknown callers, a bad event,
 * a failing store and a malformed CTR. Everything they print to stdout/stderr is captured and searched for the
 * numbers in every written form.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { createCreateTicketHandler } from '../../functions/create-ticket/handler.js';
import { createObservability } from '../../functions/shared/observability.js';
import { ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { createSurveyHandler, surveyDepsFromEnv } from '../../functions/survey/handler.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const KNOWN = '+8613800138000';
const UNKNOWN = '+8613912345678';
const FORMS = [KNOWN, UNKNOWN, '13800138000', '13912345678', '138-0013-8000', '139 1234 5678'];

let written: string[];
const saved = { ...process.env };
beforeEach(() => {
  written = [];
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.POWERTOOLS_DEV = 'false';
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

describe('handler logs and metrics never carry an unmasked phone number', () => {
  it('caller lookup, ticket, survey and contact-record ingestion, on good and bad paths', async () => {
    const t = await createTestTables();
    const profile = getProfile('auto-dealer');
    await t.crm.saveCustomer(
      { customerId: 'M-1', name: '张三', phones: [KNOWN], tier: 'gold', vip: true, language: 'zh-CN' },
      undefined,
      new Date(),
    );
    const env = { tableEnv: t.env, endpoint: t.endpoint };
    const lookup = createCallerLookupHandler({
      ...createObservability('caller-lookup'),
      lookup: lookupDepsFromEnv({ ...t.env, DYNAMODB_ENDPOINT: t.endpoint, HOTLINE_PROFILE: profile.id }),
    });
    const ticket = createCreateTicketHandler({
      ...createObservability('create-ticket'),
      tickets: ticketDepsFromEnv(localTicketEnv(profile, env)),
    });
    const survey = createSurveyHandler({
      ...createObservability('survey'),
      survey: surveyDepsFromEnv(localTicketEnv(profile, env)),
    });
    const ingest = createContactRecordsHandler({
      ...createObservability('contact-records'),
      deadLetters: new MemoryDeadLetterQueue(),
      ingest: {
        records: new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string),
        recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
        phoneRegion: 'CN',
        now: () => new Date(),
      },
    });
    const failingIngest = createContactRecordsHandler({
      ...createObservability('contact-records'),
      deadLetters: new MemoryDeadLetterQueue(),
      ingest: {
        records: new DynamoCallRecordRepository(t.doc, 'no-such-table'),
        recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
        phoneRegion: 'CN',
        now: () => new Date(),
      },
    });
    const withParams = (caller: string, id: string, params: Record<string, string>) => {
      const e = connectEvent(caller, id);
      e.Details.Parameters = params;
      return e;
    };
    const ctx = () => ({ ...lambdaContext(), getRemainingTimeInMillis: () => 60_000 });
    for (const caller of [KNOWN, UNKNOWN, '138-0013-8000']) {
      await lookup(connectEvent(caller), ctx());
      await ticket(withParams(caller, `m-${caller.length}`, { category: 'complaint' }), ctx());
      await survey(withParams(caller, `s-${caller.length}`, { score: '1' }), ctx());
    }
    await lookup({ Details: { ContactData: { CustomerEndpoint: { Address: UNKNOWN } } } }, ctx());
    await ticket(withParams(UNKNOWN, 'bad', { category: 'ghost' }), ctx());
    const ctrs = [KNOWN, UNKNOWN].map((n, i) =>
      sampleCtr({
        ContactId: `mask-${i}`,
        CustomerEndpoint: { Address: n, Type: 'TELEPHONE_NUMBER' },
      }),
    );
    await ingest(kinesisEvent([...ctrs, JSON.stringify({ ContactId: '', phone: UNKNOWN })]), ctx());
    await failingIngest(kinesisEvent(ctrs), ctx());

    const text = written.join('');
    // The handlers did log (so the search means something), and the metrics were emitted.
    expect(text).toMatch(/contact record batch/);
    expect(text).toMatch(/"_aws"/);
    expect(text).toMatch(/"caller":"\+86[*\d]{0,9}8000"/);
    const leaks = FORMS.filter((f) => text.includes(f));
    expect(leaks, text.slice(0, 4000)).toEqual([]);
  }, 120_000);
});
