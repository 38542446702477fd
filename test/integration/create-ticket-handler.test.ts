/** The createTicket in-call Lambda always answers: ok with the ticket, or degraded, within its budget. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { SMS_NOTE } from '../../functions/core/mobile.js';
import { createCreateTicketHandler, degradedTicket } from '../../functions/create-ticket/handler.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';
import { type TicketTestBed, ticketTestBed } from '../support/tickets.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
let bed: TicketTestBed;
beforeAll(async () => {
  bed = await ticketTestBed('auto-dealer');
});

const handlerWith = (tickets: Parameters<typeof createCreateTicketHandler>[0]['tickets'], budgetMs = 3000) =>
  createCreateTicketHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    tickets,
    budgetMs,
  });

const event = (contactId: string, parameters: Record<string, string>) => {
  const e = connectEvent('+8613700137001', contactId);
  e.Details.Parameters = parameters;
  return e;
};

describe('createTicket handler', () => {
  it('creates the ticket, answers its id (spoken digit by digit) and confirms by SMS', async () => {
    const out = await handlerWith(bed.deps)(event('h-1', { category: 'complaint' }), lambdaContext());
    const r = CreateTicketResponseSchema.parse(out);
    expect(r).toMatchObject({ ticketStatus: 'ok', transfer: 'true' });
    expect(r.ticketIdSpoken).toMatch(/^T, (\d ){7}\d, \d \d \d \d$/);
    expect((await bed.outbox()).map((l) => l.body).join()).toContain(r.ticketId);
  });

  it('a landline caller gets no SMS and hears so (issue 12: confirmations only to mobiles)', async () => {
    const e = connectEvent('+861065529988', 'h-landline');
    e.Details.Parameters = { category: 'complaint' };
    const r = CreateTicketResponseSchema.parse(await handlerWith(bed.deps)(e, lambdaContext()));
    expect(r.ticketStatus).toBe('ok');
    expect(r.smsNote).toBe(SMS_NOTE['zh-CN'].landline);
    expect((await bed.outbox()).map((l) => l.body).join()).not.toContain(r.ticketId);
    const mobile = CreateTicketResponseSchema.parse(
      await handlerWith(bed.deps)(event('h-mobile', { category: 'complaint' }), lambdaContext()),
    );
    expect(mobile.smsNote).toBe(SMS_NOTE['zh-CN'].sent);
  });

  it('answers transfer=false for praise', async () => {
    const out = await handlerWith(bed.deps)(event('h-2', { category: 'praise' }), lambdaContext());
    expect(out).toMatchObject({ ticketStatus: 'ok', transfer: 'false' });
  });

  it('answers the same ticket to a retry of the same contact and category', async () => {
    const h = handlerWith(bed.deps);
    const a = CreateTicketResponseSchema.parse(
      await h(event('h-3', { category: 'suggestion' }), lambdaContext()),
    );
    const b = CreateTicketResponseSchema.parse(
      await h(event('h-3', { category: 'suggestion' }), lambdaContext()),
    );
    expect(b.ticketId).toBe(a.ticketId);
  });

  it.each([
    ['a malformed event', { nonsense: true }],
    ['no category', event('h-4', {})],
    ['an unknown category', event('h-5', { category: 'ghost' })],
  ])('answers degraded for %s', async (_why, e) => {
    expect(await handlerWith(bed.deps)(e, lambdaContext())).toEqual(degradedTicket());
  });

  it('answers degraded when misconfigured', async () => {
    expect(
      await handlerWith({ configError: 'TICKETS_TABLE_NAME: required' })(
        event('h-6', { category: 'complaint' }),
        lambdaContext(),
      ),
    ).toEqual(degradedTicket());
  });

  it('answers degraded when DynamoDB fails', async () => {
    const failing = {
      ...bed.deps,
      tickets: { ...bed.deps.tickets, findByIdempotencyKey: () => Promise.reject(new Error('boom')) },
    } as typeof bed.deps;
    expect(await handlerWith(failing)(event('h-7', { category: 'complaint' }), lambdaContext())).toEqual(
      degradedTicket(),
    );
  });

  it('answers degraded within its budget when DynamoDB hangs', async () => {
    const hanging = {
      ...bed.deps,
      tickets: { ...bed.deps.tickets, findByIdempotencyKey: () => new Promise<never>(() => {}) },
    } as typeof bed.deps;
    expect(await handlerWith(hanging, 100)(event('h-8', { category: 'complaint' }), lambdaContext())).toEqual(
      degradedTicket(),
    );
  });

  it('answers ok when only the SMS fails', async () => {
    const noSms = {
      ...bed.deps,
      sms: {
        ...bed.deps.sms,
        store: { ...bed.deps.sms.store, isOptedOut: () => Promise.reject(new Error('down')) },
      },
    } as typeof bed.deps;
    expect(await handlerWith(noSms)(event('h-9', { category: 'complaint' }), lambdaContext())).toMatchObject({
      ticketStatus: 'ok',
    });
  });
});
