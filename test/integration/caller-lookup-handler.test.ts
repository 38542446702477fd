import { createServer, type Server, type Socket } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import { freePort } from '../../infra/local/dynamodb-local.js';
import type { Customer } from '../../schemas/crm.js';
import { LookupResponseSchema } from '../../schemas/lookup.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent, fixture } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const policy = { vipQueue: 'vip', branchQueues: { north: 'branch-north' } };
const observability = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});

const wang: Customer = {
  customerId: 'C001',
  name: '王伟',
  phones: ['+8613800138000', '+861065521234'],
  tier: 'gold',
  vip: false,
  branch: 'north',
  language: 'zh-CN',
};
const li: Customer = {
  customerId: 'C002',
  name: '李娜',
  phones: ['+8613900139000'],
  tier: 'platinum',
  vip: true,
  language: 'en-US',
  dedicatedAgentId: 'agent-li',
};

let t: TestTables;
let lookup: ReturnType<typeof createCallerLookupHandler>;
const call = async (event: unknown) => LookupResponseSchema.parse(await lookup(event, lambdaContext()));

beforeAll(async () => {
  t = await createTestTables();
  await t.crm.saveCustomer(wang, undefined, new Date());
  await t.crm.saveCustomer(li, undefined, new Date());
  await t.crm.setBlock('+8613700137000', {
    reason: 'harassment',
    blockedBy: 'ops',
    blockedAt: '2026-11-01T00:00:00Z',
  });
  lookup = createCallerLookupHandler({
    ...observability(),
    lookup: { crm: t.crm, policy, phoneRegion: 'CN', budgetMs: 3000 },
  });
});

describe('caller-lookup handler on DynamoDB Local', () => {
  it('answers the AWS sample Connect event (its placeholder number is invalid: not found)', async () => {
    const r = await call(fixture('connect', 'contact-flow-event'));
    expect(r).toMatchObject({ lookupStatus: 'not_found', known: 'false', blocked: 'false' });
  });

  it.each(['+86 138 0013 8000', '008613800138000', '13800138000', '138-0013-8000'])(
    'identifies the customer dialling as %s',
    async (number) => {
      expect(await call(connectEvent(number))).toMatchObject({
        lookupStatus: 'ok',
        known: 'true',
        customerId: 'C001',
        displayName: '王伟',
        queueHint: 'branch-north',
      });
    },
  );

  it('finds a customer by their landline', async () => {
    expect(await call(connectEvent('(010) 6552 1234'))).toMatchObject({ customerId: 'C001' });
  });

  it('marks a VIP with the VIP queue and dedicated agent', async () => {
    expect(await call(connectEvent('139 0013 9000'))).toMatchObject({
      vip: 'true',
      queueHint: 'vip',
      dedicatedAgentId: 'agent-li',
      language: 'en-US',
    });
  });

  it.each(['0086 137 0013 7000', '137-0013-7000', '+8613700137000'])(
    'refuses the blocked number dialling as %s',
    async (n) => {
      expect(await call(connectEvent(n))).toMatchObject({
        blocked: 'true',
        blockReason: 'harassment',
        known: 'false',
      });
    },
  );

  it('does not know an unknown caller', async () => {
    expect(await call(connectEvent('+8613600136000'))).toMatchObject({
      lookupStatus: 'not_found',
      known: 'false',
    });
  });

  it.each([null, '', 'anonymous'])('treats a withheld caller (%j) as withheld, never matched', async (n) => {
    expect(await call(connectEvent(n))).toMatchObject({
      lookupStatus: 'not_found',
      withheld: 'true',
      blocked: 'false',
    });
  });

  it('prefers a phoneNumber parameter from the flow over the endpoint', async () => {
    const event = connectEvent('+8613600136000');
    event.Details.Parameters = { phoneNumber: '13900139000' };
    expect(await call(event)).toMatchObject({ customerId: 'C002' });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['an empty object', {}],
    ['no ContactId', { Details: { ContactData: { Channel: 'VOICE', InstanceARN: 'x' }, Parameters: {} } }],
  ])('answers degraded, not an exception, for %s as the event', async (_label, event) => {
    expect(await call(event)).toMatchObject({ lookupStatus: 'degraded', blocked: 'false', queueHint: '' });
  });

  it('is idempotent: a retried ContactId gets the same answer and writes nothing', async () => {
    const before = await t.doc.send(new ScanCommand({ TableName: t.env.CRM_TABLE_NAME }));
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(connectEvent('13800138000', 'retry-contact')));
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const after = await t.doc.send(new ScanCommand({ TableName: t.env.CRM_TABLE_NAME }));
    expect(after.Items).toEqual(before.Items);
  });

  it('answers degraded when its configuration is missing', async () => {
    const broken = createCallerLookupHandler({ ...observability(), lookup: lookupDepsFromEnv({}) });
    expect(await broken(connectEvent('13800138000'), lambdaContext())).toMatchObject({
      lookupStatus: 'degraded',
    });
  });

  it('works wired from the environment, as deployed', async () => {
    const fromEnv = createCallerLookupHandler({
      ...observability(),
      lookup: lookupDepsFromEnv({
        CRM_TABLE_NAME: t.env.CRM_TABLE_NAME,
        DYNAMODB_ENDPOINT: t.endpoint,
        HOTLINE_PROFILE: 'auto-dealer',
      }),
    });
    expect(await fromEnv(connectEvent('138-0013-8000'), lambdaContext())).toMatchObject({
      customerId: 'C001',
    });
  });
});

describe('caller-lookup handler when DynamoDB fails', () => {
  let hang: Server;
  let hangPort: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: a DynamoDB that hangs.
    hang = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    const addr = hang.address();
    hangPort = typeof addr === 'object' && addr ? addr.port : 0;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => hang.close(r));
  });

  it('the client enforces its request timeout on a hung endpoint (an error, not just a warning)', async () => {
    const client = createDocumentClient({
      endpoint: `http://127.0.0.1:${hangPort}`,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 200,
      maxAttempts: 1,
    });
    // No budget or abort signal here: only the request timeout can end this read.
    await expect(new DynamoCrmRepository(client, 'crm').getPhone('+8613800138000')).rejects.toThrow(
      /timeout|timed out/i,
    );
  }, 10_000);

  it('answers degraded when the endpoint refuses connections', async () => {
    const port = await freePort(); // nothing listens there
    const h = createCallerLookupHandler({
      ...observability(),
      lookup: lookupDepsFromEnv({
        CRM_TABLE_NAME: 'crm',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
        LOOKUP_BUDGET_MS: '300',
      }),
    });
    expect(await h(connectEvent('13800138000'), lambdaContext())).toMatchObject({
      lookupStatus: 'degraded',
      blocked: 'false',
    });
  });

  it('answers degraded when the endpoint never answers (deployed wiring)', async () => {
    const h = createCallerLookupHandler({
      ...observability(),
      lookup: lookupDepsFromEnv({
        CRM_TABLE_NAME: 'crm',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${hangPort}`,
        LOOKUP_BUDGET_MS: '300',
      }),
    });
    expect(await h(connectEvent('13800138000'), lambdaContext())).toMatchObject({ lookupStatus: 'degraded' });
  });

  it('the budget alone ends a hung read: SDK timeouts of a minute do not delay the answer', async () => {
    // Client timeouts far beyond the test's 10 s limit: only the lookup budget can end this call.
    const slowClient = createDocumentClient({
      endpoint: `http://127.0.0.1:${hangPort}`,
      connectionTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
      maxAttempts: 3,
    });
    const h = createCallerLookupHandler({
      ...observability(),
      lookup: { crm: new DynamoCrmRepository(slowClient, 'crm'), policy, phoneRegion: 'CN', budgetMs: 300 },
    });
    expect(await h(connectEvent('13800138000'), lambdaContext())).toMatchObject({ lookupStatus: 'degraded' });
  }, 10_000);
});
