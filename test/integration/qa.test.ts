/**
 * QA use cases on DynamoDB Local (F18): the review queue from stored calls, surveys and transcripts; scoring a
 * call once; the agent reading and commenting; the evaluation in the analytics export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { DynamoQaContactSource } from '../../functions/adapters/dynamodb/qa-contact-source.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import { toCallRecord } from '../../functions/core/call-record.js';
import { QaInputError } from '../../functions/core/supervision/qa.js';
import {
  acknowledgeEvaluation,
  agentEvaluations,
  checkCall,
  commentOnEvaluation,
  type QaDeps,
  reviewQueue,
  scoreCall,
} from '../../functions/use-cases/supervision/qa.js';
import type { Answer } from '../../schemas/supervision.js';
import { CONTACTS_TABLE, SUPERVISION_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const settings = supervisionOf('auto-dealer').qa;
const card = settings.scorecard;
const all = (a: Answer): Record<string, Answer> =>
  Object.fromEntries(card.sections.flatMap((s) => s.questions.map((q) => [q.key, a])));

let tables: TestTables;
let deps: QaDeps;
let records: DynamoCallRecordRepository;
const NOW = new Date('2026-11-27T02:00:00Z');

async function storeCall(id: string, agent: string | null, at: string, caller: string) {
  const ctr = sampleCtr({
    ContactId: id,
    InitiationTimestamp: at,
    LastUpdateTimestamp: at,
    CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' },
    ...(agent
      ? {
          Agent: {
            ARN: `arn:aws:connect:ap-southeast-1:123456789012:instance/x/agent/${agent}`,
            Username: agent,
            ConnectedToAgentTimestamp: at,
          },
        }
      : { Agent: null }),
  });
  await records.saveRecord(toCallRecord(ctr, 'CN'), ctr, NOW);
}

beforeAll(async () => {
  tables = await createTestTables();
  const contactsTable = tables.env[CONTACTS_TABLE.envVar] as string;
  records = new DynamoCallRecordRepository(tables.doc, contactsTable);
  deps = {
    contacts: new DynamoQaContactSource(
      tables.doc,
      contactsTable,
      tables.env[TICKETS_TABLE.envVar] as string,
    ),
    evaluations: new DynamoSupervisionRepository(tables.doc, tables.env[SUPERVISION_TABLE.envVar] as string),
    settings,
    timeZone: 'Asia/Shanghai',
    seed: 'test',
    now: () => NOW,
  };
  // Week 2026-W48 (from Mon 23 Nov, Shanghai): agent-liu takes 4 calls, agent-hu 1; one call is abandoned.
  await storeCall('q1', 'agent-liu', '2026-11-23T02:00:00Z', '+8613800000001');
  await storeCall('q2', 'agent-liu', '2026-11-23T03:00:00Z', '+8613800000002');
  await storeCall('q3', 'agent-liu', '2026-11-24T03:00:00Z', '+8613800000003');
  await storeCall('q4', 'agent-liu', '2026-11-25T03:00:00Z', '+8613800000004');
  await storeCall('q5', 'agent-hu', '2026-11-25T04:00:00Z', '+8613800000005');
  await storeCall('q6', null, '2026-11-25T05:00:00Z', '+8613800000006');
  // The week before: not in the queue.
  await storeCall('q0', 'agent-liu', '2026-11-20T02:00:00Z', '+8613800000007');
  await records.saveSurvey({
    pk: 'CONTACT#q4',
    sk: 'SURVEY',
    entity: 'survey',
    contactId: 'q4',
    score: 1,
    agentId: 'agent-liu',
    at: '2026-11-25T03:10:00Z',
  });
  await records.saveTranscript({
    pk: 'CONTACT#q3',
    sk: 'TRANSCRIPT',
    entity: 'transcript',
    contactId: 'q3',
    jobName: 'hotline-q3',
    turns: [
      { speaker: 'agent', start: 0, end: 2, text: '喂？' },
      { speaker: 'customer', start: 2.5, end: 4, text: '我要投诉' },
      { speaker: 'agent', start: 5, end: 7, text: '你自己看着办' },
    ],
    text: '',
    storedAt: '2026-11-24T03:10:00Z',
  });
});

describe('QA on DynamoDB Local', () => {
  const week = { from: new Date('2026-11-22T16:00:00Z'), to: new Date('2026-11-29T16:00:00Z') };

  it('queues every low survey and flagged call plus a sample per agent, only answered calls of the week', async () => {
    const r = await reviewQueue(deps, week);
    expect(r.calls).toBe(5);
    const byId = Object.fromEntries(r.items.map((i) => [i.contactId, i]));
    expect(byId.q4?.reasons).toContain('low_survey');
    expect(byId.q3?.reasons).toContain('transcript_flag');
    expect(byId.q3?.flags.map((f) => f.kind)).toEqual(['greeting_missing', 'forbidden_phrase']);
    expect(byId.q5?.reasons).toEqual(['sample']);
    expect(r.items.filter((i) => i.agentId === 'agent-liu' && i.reasons.includes('sample'))).toHaveLength(
      settings.samplePerAgentPerWeek,
    );
    expect(Object.keys(byId)).not.toContain('q6');
    expect(Object.keys(byId)).not.toContain('q0');
    expect(await reviewQueue(deps, week)).toEqual(r);
  });

  it('runs the transcript checks on one call', async () => {
    expect((await checkCall(deps, 'q3')).flags.map((f) => f.kind)).toEqual([
      'greeting_missing',
      'forbidden_phrase',
    ]);
    expect(await checkCall(deps, 'q1')).toEqual({ flags: [], hasTranscript: false });
    await expect(checkCall(deps, 'nope')).rejects.toThrow(QaInputError);
  });

  it('scores a call once, with its reasons and flags; the agent reads it and comments; it leaves the queue', async () => {
    const e = await scoreCall(deps, {
      contactId: 'q3',
      evaluator: 'sup-li',
      answers: { ...all('yes'), greeting: 'no', courtesy: 'no', ticket: 'na' },
      comment: '注意服务用语',
    });
    expect(e).toMatchObject({
      agentId: 'agent-liu',
      scorecardKey: card.key,
      scorePercent: 0,
      autoFailed: true,
      autoFailQuestions: ['courtesy'],
      passed: false,
      reasons: ['transcript_flag'],
    });
    await expect(
      scoreCall(deps, { contactId: 'q3', evaluator: 'sup-li', answers: all('yes') }),
    ).rejects.toThrow(/already evaluated/);
    await expect(
      scoreCall(deps, { contactId: 'q6', evaluator: 'sup-li', answers: all('yes') }),
    ).rejects.toThrow(/not answered by an agent/);

    const [mine] = await agentEvaluations(deps, 'agent-liu');
    expect(mine?.contactId).toBe('q3');
    expect(mine?.acknowledgedAt).toBeUndefined();
    expect(
      (await acknowledgeEvaluation(deps, { contactId: 'q3', agentId: 'agent-liu' })).acknowledgedAt,
    ).toBe(NOW.toISOString());
    await expect(acknowledgeEvaluation(deps, { contactId: 'q3', agentId: 'agent-hu' })).rejects.toThrow(
      QaInputError,
    );
    const commented = await commentOnEvaluation(deps, {
      contactId: 'q3',
      by: 'agent-liu',
      role: 'agent',
      text: '客户先骂人了',
    });
    expect(commented.comments.map((c) => [c.role, c.by, c.text])).toEqual([
      ['supervisor', 'sup-li', '注意服务用语'],
      ['agent', 'agent-liu', '客户先骂人了'],
    ]);
    await expect(
      commentOnEvaluation(deps, { contactId: 'q3', by: 'agent-hu', role: 'agent', text: 'x' }),
    ).rejects.toThrow(/cannot comment/);

    // Re-scored with --replace: the comments stay.
    const again = await scoreCall(deps, {
      contactId: 'q3',
      evaluator: 'sup-li',
      answers: { ...all('yes'), ticket: 'na' },
      replace: true,
    });
    expect(again).toMatchObject({ scorePercent: 100, passed: true });
    expect(again.comments).toHaveLength(2);
    expect((await reviewQueue(deps, week)).items.map((i) => i.contactId)).not.toContain('q3');
  });

  it('exports the evaluations for the agent-performance query', async () => {
    const source = new DynamoAnalyticsSource(
      tables.doc,
      tables.env[CONTACTS_TABLE.envVar] as string,
      tables.env[TICKETS_TABLE.envVar] as string,
      tables.env[SUPERVISION_TABLE.envVar] as string,
    );
    const got = [];
    for await (const e of source.evaluations?.() ?? []) got.push(e);
    expect(got.map((e) => [e.contactId, e.scorePercent])).toEqual([['q3', 100]]);
    const without = new DynamoAnalyticsSource(tables.doc, 'x', 'y');
    expect(without.evaluations).toBeUndefined();
  });
});
