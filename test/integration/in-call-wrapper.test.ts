/**
 * The in-call wrapper (functions/shared/in-call.ts) and the survey Lambda built with it (issue 10, defect 6): every
 * in-call Lambda answers within its budget, a safe default on any bad event, configuration or dependency, and
 * stores what it validly can.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { CreateTicketFollowUps } from '../../functions/adapters/tickets/follow-up-tickets.js';
import type { FollowUpTickets } from '../../functions/ports/call-records.js';
import { createInCallHandler, type InCallFailure, lenient } from '../../functions/shared/in-call.js';
import { createSurveyHandler } from '../../functions/survey/handler.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';
import { ticketTestBed } from '../support/tickets.js';

const quiet = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});

const withParams = (
  contactId: string,
  params: Record<string, string>,
  attributes: Record<string, string> = {},
) => {
  const e = connectEvent('+8613800138000', contactId);
  e.Details.Parameters = params;
  e.Details.ContactData.Attributes = { ...e.Details.ContactData.Attributes, ...attributes };
  return e;
};

describe('createInCallHandler', () => {
  const Params = z.object({ sku: z.string().regex(/^\d{1,8}$/), note: lenient(z.string().max(5)) });
  const build = (
    run: (signal: AbortSignal) => Promise<Record<string, string>>,
    deps: object | { configError: string } = {},
    budgetMs = 200,
  ) =>
    createInCallHandler({
      name: 'test',
      metricPrefix: 'Test',
      ...quiet(),
      deps,
      params: Params,
      budgetMs,
      fallback: (failure: InCallFailure) => ({ status: 'degraded', failure }),
      run: ({ signal }) => run(signal),
    });
  const ok = withParams('w-1', { sku: '123', note: 'far too long a note' });

  it('parses the parameters, dropping a lenient field that is invalid', async () => {
    const h = createInCallHandler({
      name: 'test',
      metricPrefix: 'Test',
      ...quiet(),
      deps: {},
      params: Params,
      budgetMs: 200,
      fallback: (): Record<string, string> => ({ status: 'degraded' }),
      run: async ({ params, contact }) => ({
        sku: params.sku,
        note: String(params.note),
        contact: contact.ContactId,
      }),
    });
    expect(await h(ok, lambdaContext())).toEqual({ sku: '123', note: 'undefined', contact: 'w-1' });
  });

  it('answers the safe default for each failure, never throwing', async () => {
    const answer = async () => ({ status: 'ok' });
    expect(await build(answer)(withParams('w-2', { sku: 'abc' }), lambdaContext())).toEqual({
      status: 'degraded',
      failure: 'malformed',
    });
    expect(await build(answer)({ Details: 'nope' }, lambdaContext())).toMatchObject({ failure: 'malformed' });
    expect(await build(answer)(withParams('x'.repeat(3000), { sku: '1' }), lambdaContext())).toMatchObject({
      failure: 'malformed',
    });
    expect(await build(answer, { configError: 'TABLE: required' })(ok, lambdaContext())).toMatchObject({
      failure: 'config',
    });
    const failing = async () => {
      throw new Error('boom');
    };
    expect(await build(failing)(ok, lambdaContext())).toMatchObject({ failure: 'error' });
  });

  it('answers within its budget and aborts the signal it gave the work', async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<Record<string, string>>(() => {});
    };
    expect(await build(never, {}, 150)(ok, lambdaContext())).toMatchObject({ failure: 'timeout' });
    expect(seen?.aborted).toBe(true);
  });
});

describe('survey Lambda (issue 10, defect 6)', () => {
  let hang: Server;
  let hangPort = 0;
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

  it('answers `error` within its budget when DynamoDB hangs (SDK timeouts far longer than the test)', async () => {
    const slow = createDocumentClient({
      endpoint: `http://127.0.0.1:${hangPort}`,
      connectionTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
      maxAttempts: 1,
    });
    const h = createSurveyHandler({
      ...quiet(),
      survey: {
        records: new DynamoCallRecordRepository(slow, 'contacts'),
        tickets: { open: async () => ({ ticketId: 'T-1' }) },
        phoneRegion: 'CN',
        now: () => new Date(),
        budgetMs: 300,
      },
    });
    expect(await h(withParams('s-hang', { score: '4' }), lambdaContext())).toEqual({
      surveyStatus: 'error',
      followUp: 'false',
    });
  });

  it('stores a low score with a malformed customerId attribute, and opens the follow-up without it', async () => {
    const bed = await ticketTestBed('auto-dealer');
    const records = new DynamoCallRecordRepository(
      bed.tables.doc,
      bed.tables.env[CONTACTS_TABLE.envVar] as string,
    );
    const h = createSurveyHandler({
      ...quiet(),
      survey: {
        records,
        tickets: new CreateTicketFollowUps(bed.deps, 'complaint'),
        phoneRegion: 'CN',
        now: () => bed.clock.now,
      },
    });
    const answer = await h(
      withParams('s-bad-customer', { score: '1' }, { customerId: 'bad id! 😀' }),
      lambdaContext(),
    );
    expect(answer).toEqual({ surveyStatus: 'recorded', followUp: 'true' });
    const survey = (await records.getContact('s-bad-customer')).survey;
    expect(survey).toMatchObject({ score: 1, callerNumber: '+8613800138000' });
    expect(survey).not.toHaveProperty('customerId');
    expect(survey?.followUpTicketId).toMatch(/^T\d{8}-\d{4}$/);
  });

  it('keeps the rating when the follow-up ticket hangs, and answers within the budget', async () => {
    const bed = await ticketTestBed('auto-dealer');
    const records = new DynamoCallRecordRepository(
      bed.tables.doc,
      bed.tables.env[CONTACTS_TABLE.envVar] as string,
    );
    const hanging: FollowUpTickets = { open: () => new Promise(() => {}) };
    const h = createSurveyHandler({
      ...quiet(),
      survey: { records, tickets: hanging, phoneRegion: 'CN', now: () => bed.clock.now, budgetMs: 1500 },
    });
    expect(await h(withParams('s-slow-ticket', { score: '2' }), lambdaContext())).toEqual({
      surveyStatus: 'recorded',
      followUp: 'false',
    });
    expect((await records.getContact('s-slow-ticket')).survey).toMatchObject({ score: 2 });
  });

  it('answers `invalid` for a ContactId over 2 KB (it cannot be a key) without touching the hung DynamoDB', async () => {
    const h = createSurveyHandler({
      ...quiet(),
      survey: {
        records: new DynamoCallRecordRepository(
          createDocumentClient({ endpoint: `http://127.0.0.1:${hangPort}`, maxAttempts: 1 }),
          'contacts',
        ),
        tickets: { open: async () => ({ ticketId: 'T-1' }) },
        phoneRegion: 'CN',
        now: () => new Date(),
        budgetMs: 5000,
      },
    });
    expect(await h(withParams('c'.repeat(2100), { score: '1' }), lambdaContext())).toEqual({
      surveyStatus: 'invalid',
      followUp: 'false',
    });
  });
});
