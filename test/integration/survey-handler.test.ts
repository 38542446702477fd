import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { surveyFollowUpCategory } from '../../functions/adapters/tickets/follow-up-tickets.js';
import type { FollowUpTicketInput, FollowUpTickets } from '../../functions/ports/call-records.js';
import { createSurveyHandler } from '../../functions/survey/handler.js';
import { SurveyResponseSchema } from '../../schemas/call-record.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import { createTestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

class FakeTickets implements FollowUpTickets {
  readonly opened: FollowUpTicketInput[] = [];
  async open(input: FollowUpTicketInput) {
    this.opened.push(input);
    return { ticketId: `T-${this.opened.length}` };
  }
}

let records: DynamoCallRecordRepository;
let tickets: FakeTickets;
let handler: ReturnType<typeof createSurveyHandler>;

beforeEach(async () => {
  const t = await createTestTables();
  records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  tickets = new FakeTickets();
  handler = createSurveyHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    survey: { records, tickets, phoneRegion: 'CN', now: () => new Date('2026-11-23T02:00:00Z') },
  });
});

const surveyEvent = (contactId: string, params: Record<string, string>) => {
  const e = connectEvent('+8613800138000', contactId);
  e.Details.Parameters = params;
  return e;
};

describe('survey Lambda', () => {
  it('stores the result once (Connect retries) with agent and queue', async () => {
    const e = surveyEvent('c-1', {
      score: '5',
      answer2: '4',
      agentId: 'arn:aws:connect:us-east-1:111122223333:instance/i/agent/agent-7',
    });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(SurveyResponseSchema.parse(await handler(e, lambdaContext())));
    expect(answers.map((a) => a.surveyStatus)).toEqual(['recorded', 'duplicate', 'duplicate']);
    expect((await records.getContact('c-1')).survey).toMatchObject({
      score: 5,
      answer2: 4,
      agentId: 'agent-7',
      callerNumber: '+8613800138000',
    });
    expect((await records.listSurveys()).length).toBe(1);
    expect(tickets.opened).toEqual([]);
  });

  it('a score of 2 or less opens one follow-up ticket, also when replayed', async () => {
    const e = surveyEvent('c-2', { score: '1' });
    for (let i = 0; i < 3; i++) expect((await handler(e, lambdaContext())).followUp).toBe('true');
    expect(tickets.opened).toHaveLength(1);
    expect(tickets.opened[0]).toMatchObject({ contactId: 'c-2', score: 1, phone: '+8613800138000' });
    expect((await records.getContact('c-2')).survey?.followUpTicketId).toBe('T-1');
  });

  it('always answers: no score, a malformed event, a failing store', async () => {
    expect(await handler(surveyEvent('c-3', { score: '' }), lambdaContext())).toEqual({
      surveyStatus: 'invalid',
      followUp: 'false',
    });
    expect(await handler({ nope: true }, lambdaContext())).toMatchObject({ surveyStatus: 'invalid' });
    const broken = createSurveyHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      survey: {
        records: new DynamoCallRecordRepository(records['doc' as never], 'missing-table'),
        tickets,
        phoneRegion: 'CN',
        now: () => new Date(),
      },
    });
    expect(await broken(surveyEvent('c-4', { score: '3' }), lambdaContext())).toMatchObject({
      surveyStatus: 'error',
    });
  });

  it('picks the complaint category for follow-ups', () => {
    expect(surveyFollowUpCategory([{ key: 'praise' }, { key: 'delivery-complaint' }])).toBe(
      'delivery-complaint',
    );
    expect(surveyFollowUpCategory([{ key: 'claim' }])).toBe('claim');
  });
});
