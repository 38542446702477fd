/**
 * Agent performance (F16) and queue reports with agents' personal queues, on DuckDB over the exported layout:
 * small data with known answers, written out by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsDb,
  openAnalyticsDb,
  writeDataset,
} from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import {
  CONTACTS_DATASET,
  type ContactRow,
  ContactRowSchema,
  EVALUATIONS_DATASET,
  type EvaluationRow,
  SURVEYS_DATASET,
  type SurveyRow,
} from '../../schemas/analytics.js';

const plus = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

function contact(
  id: string,
  at: string,
  caller: string,
  o: {
    queue: string;
    agentQueue?: boolean;
    agent?: string;
    talk?: number;
    hold?: number;
    acw?: number;
    transferred?: boolean;
  },
): ContactRow {
  const answered = o.agent !== undefined;
  const connected = plus(at, 5);
  return ContactRowSchema.parse({
    contact_id: id,
    channel: 'VOICE',
    initiation_method: 'INBOUND',
    initiated_at: at,
    disconnected_at: plus(at, 600),
    caller_number: caller,
    customer_id: null,
    queue: o.queue,
    agent_id: o.agent ?? null,
    disconnect_reason: 'AGENT_DISCONNECT',
    enqueued_at: at,
    dequeued_at: connected,
    agent_connected_at: answered ? connected : null,
    queue_seconds: 5,
    talk_seconds: answered ? (o.talk ?? 0) : null,
    hold_seconds: answered ? (o.hold ?? 0) : null,
    acw_seconds: answered ? (o.acw ?? 0) : null,
    handle_seconds: answered ? (o.talk ?? 0) + (o.hold ?? 0) + (o.acw ?? 0) : null,
    queued: true,
    answered,
    abandoned: !answered,
    vip: false,
    last_updated_at: plus(at, 700),
    agent_queue: o.agentQueue ?? false,
    transferred: o.transferred ?? false,
  });
}

const A = '+8613800000001';
const contacts = [
  contact('x1', '2026-11-23T10:00:00.000Z', A, {
    queue: 'Sales',
    agent: 'agent-a',
    talk: 60,
    hold: 10,
    acw: 30,
  }),
  // A VIP routed to their dedicated agent's personal queue: not a queue.
  contact('x2', '2026-11-23T10:30:00.000Z', '+8613800000002', {
    queue: 'agent-wang',
    agentQueue: true,
    agent: 'agent-wang',
    talk: 150,
    acw: 50,
    transferred: true,
  }),
  contact('x3', '2026-11-23T11:00:00.000Z', '+8613800000003', { queue: 'Sales' }),
  // A calls again 5 days later: x1 was not resolved at first contact.
  contact('x4', '2026-11-28T09:00:00.000Z', A, { queue: 'Sales', agent: 'agent-wang', talk: 100, acw: 20 }),
];
const surveys: SurveyRow[] = [
  {
    contact_id: 'x1',
    score: 5,
    answer2: null,
    agent_id: 'agent-a',
    queue: 'Sales',
    customer_id: null,
    answered_at: '2026-11-23T10:20:00.000Z',
  },
  {
    contact_id: 'x2',
    score: 2,
    answer2: null,
    agent_id: 'agent-wang',
    queue: 'agent-wang',
    customer_id: null,
    answered_at: '2026-11-23T10:50:00.000Z',
  },
];
const evaluation = (contactId: string, agent: string, score: number, autoFailed = false): EvaluationRow => ({
  contact_id: contactId,
  agent_id: agent,
  scorecard: 'auto-dealer-call',
  evaluator: 'sup-li',
  score_percent: score,
  auto_failed: autoFailed,
  passed: score >= 80,
  evaluated_at: '2026-11-29T02:00:00.000Z',
});
const evaluations = [
  evaluation('x1', 'agent-a', 90),
  evaluation('x2', 'agent-wang', 0, true),
  evaluation('x4', 'agent-wang', 80),
];

let root: string;
let db: AnalyticsDb;
async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hotline-agent-perf-'));
  await writeDataset(root, CONTACTS_DATASET, each(contacts));
  await writeDataset(root, SURVEYS_DATASET, each(surveys));
  await writeDataset(root, EVALUATIONS_DATASET, each(evaluations));
  db = await openAnalyticsDb(root);
});
afterAll(() => {
  db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function expectRows(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
) {
  expect(actual.map((r) => Object.keys(r))).toEqual(expected.map((r) => Object.keys(r)));
  actual.forEach((row, i) => {
    for (const [k, v] of Object.entries(expected[i] ?? {})) {
      if (typeof v === 'number' && !Number.isInteger(v)) expect(row[k], `row ${i} ${k}`).toBeCloseTo(v, 9);
      else expect(row[k], `row ${i} ${k}`).toEqual(v);
    }
  });
}

describe('agent performance (known answers)', () => {
  it('one row per agent with every measure', async () => {
    expectRows(await db.query(namedQuery('agent_performance').sql), [
      {
        agent: 'agent-a',
        contacts_handled: 1,
        avg_handle_seconds: 100,
        avg_talk_seconds: 60,
        avg_hold_seconds: 10,
        avg_acw_seconds: 30,
        occupancy: 100 / 3600,
        transfers: 0,
        fcr_eligible: 1,
        first_contact_resolved: 0,
        fcr_rate: 0,
        csat_responses: 1,
        avg_survey_score: 5,
        csat: 1,
        qa_evaluations: 1,
        avg_qa_score_percent: 90,
        qa_auto_fails: 0,
      },
      {
        agent: 'agent-wang',
        contacts_handled: 2,
        avg_handle_seconds: 160,
        avg_talk_seconds: 125,
        avg_hold_seconds: 0,
        avg_acw_seconds: 35,
        // two worked hours: 2026-11-23 10h and 2026-11-28 09h
        occupancy: 320 / 7200,
        transfers: 1,
        fcr_eligible: 2,
        first_contact_resolved: 2,
        fcr_rate: 1,
        csat_responses: 1,
        avg_survey_score: 2,
        csat: 0,
        qa_evaluations: 2,
        avg_qa_score_percent: 40,
        qa_auto_fails: 1,
      },
    ]);
  });

  it("never counts an agent's personal queue as a queue in the queue reports", async () => {
    expectRows(await db.query(namedQuery('daily_volume_by_queue').sql), [
      { dt: '2026-11-23', queue_name: '(agent queues)', contacts: 1, answered: 1, abandoned: 0 },
      { dt: '2026-11-23', queue_name: 'Sales', contacts: 2, answered: 1, abandoned: 1 },
      { dt: '2026-11-28', queue_name: 'Sales', contacts: 1, answered: 1, abandoned: 0 },
    ]);
    expectRows(await db.query(namedQuery('average_handle_time').sql), [
      { queue_name: '(agent queues)', answered: 1, avg_handle_seconds: 200, avg_talk_seconds: 150 },
      { queue_name: 'Sales', answered: 2, avg_handle_seconds: 110, avg_talk_seconds: 80 },
    ]);
    expectRows(await db.query(namedQuery('csat_by_agent_and_queue').sql), [
      { agent: 'agent-a', queue_name: 'Sales', responses: 1, avg_score: 5, csat: 1 },
      { agent: 'agent-wang', queue_name: '(agent queues)', responses: 1, avg_score: 2, csat: 0 },
    ]);
  });
});
