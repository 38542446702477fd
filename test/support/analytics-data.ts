/**
 * Generated analytics rows with known answers for EVERY named query (F16), and a fast synthetic generator for
 * the benchmark. The expectations are written out by hand from how the data is built (see the comments), not
 * computed by a second implementation of the queries.
 */

import { ORDER_QUERY_DEFINITIONS } from '../../functions/core/analytics/order-queries.js';
import {
  type ContactRow,
  ContactRowSchema,
  type SurveyRow,
  SurveyRowSchema,
  type TicketRow,
  TicketRowSchema,
} from '../../schemas/analytics.js';
import type { Ticket } from '../../schemas/ticket.js';

export interface AnalyticsData {
  readonly contacts: ContactRow[];
  readonly tickets: TicketRow[];
  readonly surveys: SurveyRow[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const caller = (i: number) => `+861380000${pad(i, 4)}`;
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Abandoned contacts: 4 in Sales (i 0–3), 6 in Service (i 60–65). */
const ABANDONED = new Set([0, 1, 2, 3, 60, 61, 62, 63, 64, 65]);

function contact(i: number): ContactRow {
  const sales = i < 60;
  const abandoned = ABANDONED.has(i);
  const vip = i % 10 === 9;
  // Answered: 45 s in queue when i is a multiple of 5 (over the 20 s threshold), else 10 s; abandoned: 120 s.
  const wait = abandoned ? 120 : i % 5 === 0 ? 45 : 10;
  const initiatedAt = `2026-11-23T${pad(8 + (i % 4))}:${pad(Math.floor(i / 4))}:00.000Z`;
  const enqueuedAt = plus(initiatedAt, 30);
  const talk = sales ? 100 : 200;
  const hold = sales ? 20 : 0;
  const acw = sales ? 30 : 40;
  return {
    contact_id: `c-${pad(i, 3)}`,
    channel: 'VOICE',
    initiation_method: 'INBOUND',
    initiated_at: initiatedAt,
    disconnected_at: plus(enqueuedAt, wait + (abandoned ? 0 : talk + hold)),
    // i 20 calls from the same number as i 10 (a repeat the same day).
    caller_number: caller(i === 20 ? 10 : i),
    customer_id: null,
    queue: sales ? 'Sales' : 'Service',
    agent_id: abandoned ? null : sales ? (i % 2 === 0 ? 'agent-a' : 'agent-b') : 'agent-c',
    disconnect_reason: abandoned ? 'CUSTOMER_DISCONNECT' : 'AGENT_DISCONNECT',
    enqueued_at: enqueuedAt,
    dequeued_at: plus(enqueuedAt, wait),
    agent_connected_at: abandoned ? null : plus(enqueuedAt, wait),
    queue_seconds: wait,
    talk_seconds: abandoned ? null : talk,
    hold_seconds: abandoned ? null : hold,
    acw_seconds: abandoned ? null : acw,
    handle_seconds: abandoned ? null : talk + hold + acw,
    queued: true,
    answered: !abandoned,
    abandoned,
    vip,
    last_updated_at: plus(enqueuedAt, wait + (abandoned ? 0 : talk + hold) + 60),
    agent_queue: false,
    // Agent b transferred every 4th of its calls (i ≡ 1 mod 8, Sales, not abandoned: 9, 17, …, 57 → 7).
    transferred: sales && !abandoned && i % 8 === 1,
  };
}

/** A contact that never reached a queue (self-service). */
function selfService(id: string, at: string, callerNumber: string | null): ContactRow {
  return {
    contact_id: id,
    channel: 'VOICE',
    initiation_method: 'INBOUND',
    initiated_at: at,
    disconnected_at: plus(at, 60),
    caller_number: callerNumber,
    customer_id: null,
    queue: null,
    agent_id: null,
    disconnect_reason: 'CUSTOMER_DISCONNECT',
    enqueued_at: null,
    dequeued_at: null,
    agent_connected_at: null,
    queue_seconds: null,
    talk_seconds: null,
    hold_seconds: null,
    acw_seconds: null,
    handle_seconds: null,
    queued: false,
    answered: false,
    abandoned: false,
    vip: false,
    last_updated_at: plus(at, 120),
    agent_queue: false,
    transferred: false,
  };
}

function survey(n: number, agent: string, queue: string, score: number, at: string): SurveyRow {
  return {
    contact_id: `s-${n}`,
    score,
    answer2: null,
    agent_id: agent,
    queue,
    customer_id: null,
    answered_at: at,
  };
}

const EXPORTED_AT = '2026-12-01T00:00:00.000Z';

function ticket(
  id: string,
  category: string,
  department: string,
  complaint: boolean,
  dueAt: string,
  resolvedAt: string | null,
): TicketRow {
  return {
    ticket_id: id,
    category,
    department,
    priority: 'normal',
    status: resolvedAt ? 'resolved' : 'new',
    source: 'ivr',
    complaint,
    customer_id: null,
    contact_id: null,
    created_at: '2026-11-23T02:00:00.000Z',
    due_at: dueAt,
    resolved_at: resolvedAt,
    closed_at: null,
    escalation_level: 0,
    exported_at: EXPORTED_AT,
  };
}

/**
 * 100 queued contacts on 2026-11-23 (Sales i 0–59, Service i 60–99; 10 abandoned; hours 08–11, 25 each) plus 3
 * self-service contacts (2026-11-25 ×2, 2026-12-05 ×1); 11 surveys; 7 tickets.
 */
export function analyticsData(): AnalyticsData {
  const contacts = [
    ...Array.from({ length: 100 }, (_, i) => contact(i)),
    // caller of i 30 again 2 days later: a repeat within 7 days.
    selfService('e-1', '2026-11-25T09:00:00.000Z', caller(30)),
    // withheld: not a caller for the repeat query.
    selfService('e-2', '2026-11-25T10:00:00.000Z', null),
    // caller of i 40 again 12 days later: NOT a repeat.
    selfService('e-3', '2026-12-05T09:00:00.000Z', caller(40)),
  ];
  const d1 = '2026-11-23T12:00:00.000Z';
  const d2 = '2026-11-24T12:00:00.000Z';
  const surveys = [
    ...[5, 5, 4, 2].map((s, n) => survey(n, 'agent-a', 'Sales', s, d1)),
    ...[3, 1].map((s, n) => survey(10 + n, 'agent-b', 'Sales', s, d1)),
    ...[5, 4, 4, 5, 3].map((s, n) => survey(20 + n, 'agent-c', 'Service', s, d2)),
  ];
  const tickets = [
    ticket(
      'T20261123-0001',
      'complaint',
      'customer-relations',
      true,
      '2026-11-25T00:00:00.000Z',
      '2026-11-24T00:00:00.000Z',
    ),
    ticket(
      'T20261123-0002',
      'complaint',
      'customer-relations',
      true,
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ),
    // open past due at export time: decided, missed
    ticket('T20261123-0003', 'complaint', 'customer-relations', true, '2026-11-30T00:00:00.000Z', null),
    // open, not due yet: undecided
    ticket('T20261123-0004', 'delivery-complaint', 'delivery', true, '2026-12-10T00:00:00.000Z', null),
    ticket(
      'T20261123-0005',
      'suggestion',
      'customer-relations',
      false,
      '2026-11-25T00:00:00.000Z',
      '2026-11-24T00:00:00.000Z',
    ),
    ticket(
      'T20261123-0006',
      'suggestion',
      'customer-relations',
      false,
      '2026-11-25T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
    ),
    ticket(
      'T20261123-0007',
      'repair-booking',
      'service',
      false,
      '2026-11-25T00:00:00.000Z',
      '2026-11-27T00:00:00.000Z',
    ),
  ];
  // Connect re-sends a record when it changes and Firehose keeps every version: earlier versions of two
  // contacts (before an agent answered; under another queue) must not change any answer.
  const superseded = [0, 10].map((i) => {
    const latest = contacts.find((c) => c.contact_id === `c-${pad(i, 3)}`);
    if (!latest) throw new Error(`no contact ${i}`);
    return {
      ...latest,
      queue: 'Superseded',
      agent_connected_at: null,
      answered: false,
      abandoned: true,
      last_updated_at: plus(latest.initiated_at, 1),
    };
  });
  return {
    contacts: [...contacts, ...superseded].map((c) => ContactRowSchema.parse(c)),
    surveys: surveys.map((s) => SurveyRowSchema.parse(s)),
    tickets: tickets.map((t) => TicketRowSchema.parse(t)),
  };
}

/** The answer of every named query over `analyticsData()`, by query key, in the queries' ORDER BY. */
export const EXPECTED: Record<string, readonly Record<string, string | number | boolean | null>[]> = {
  // No bookings, leads or pickups in this data: test/integration/bookings-analytics.test.ts has their known answers.
  slot_utilisation: [],
  lead_conversion_by_source: [],
  pickup_on_time_by_branch: [],
  // This data has no orders: the order queries' known answers over order data are in
  // test/integration/orders-analytics.test.ts.
  ...Object.fromEntries(ORDER_QUERY_DEFINITIONS.map((q) => [q.key, []])),
  daily_volume_by_queue: [
    { dt: '2026-11-23', queue_name: 'Sales', contacts: 60, answered: 56, abandoned: 4 },
    { dt: '2026-11-23', queue_name: 'Service', contacts: 40, answered: 34, abandoned: 6 },
    { dt: '2026-11-25', queue_name: '(none)', contacts: 2, answered: 0, abandoned: 0 },
    { dt: '2026-12-05', queue_name: '(none)', contacts: 1, answered: 0, abandoned: 0 },
  ],
  // 25 per hour 08–11, plus e-1 and e-3 at 09 and e-2 at 10
  hourly_volume: [
    { hour_of_day: 8, contacts: 25 },
    { hour_of_day: 9, contacts: 27 },
    { hour_of_day: 10, contacts: 26 },
    { hour_of_day: 11, contacts: 25 },
  ],
  // 100 queued, 10 abandoned → 10 %; days with nothing queued: rate null (no division by zero)
  abandonment_rate: [
    { dt: '2026-11-23', queued: 100, abandoned: 10, abandonment_rate: 0.1 },
    { dt: '2026-11-25', queued: 0, abandoned: 0, abandonment_rate: null },
    { dt: '2026-12-05', queued: 0, abandoned: 0, abandonment_rate: null },
  ],
  // 90 answered; 17 of them waited 45 s (i multiple of 5: 11 in Sales 5–55, 6 in Service 70–95) → 73 / 100
  service_level: [
    { dt: '2026-11-23', queued: 100, answered_in_threshold: 73, service_level: 0.73 },
    { dt: '2026-11-25', queued: 0, answered_in_threshold: 0, service_level: null },
    { dt: '2026-12-05', queued: 0, answered_in_threshold: 0, service_level: null },
  ],
  // Sales 100 + 20 + 30, Service 200 + 0 + 40
  average_handle_time: [
    { queue_name: 'Sales', answered: 56, avg_handle_seconds: 150, avg_talk_seconds: 100 },
    { queue_name: 'Service', answered: 34, avg_handle_seconds: 240, avg_talk_seconds: 200 },
  ],
  csat_by_agent_and_queue: [
    { agent: 'agent-a', queue_name: 'Sales', responses: 4, avg_score: 4, csat: 0.75 },
    { agent: 'agent-b', queue_name: 'Sales', responses: 2, avg_score: 2, csat: 0 },
    { agent: 'agent-c', queue_name: 'Service', responses: 5, avg_score: 4.2, csat: 0.8 },
  ],
  csat_daily: [
    { dt: '2026-11-23', responses: 6, avg_score: 20 / 6, csat: 0.5 },
    { dt: '2026-11-24', responses: 5, avg_score: 4.2, csat: 0.8 },
  ],
  complaints_by_category_and_department: [
    { category: 'complaint', department: 'customer-relations', complaints: 3, still_open: 1 },
    { category: 'delivery-complaint', department: 'delivery', complaints: 1, still_open: 1 },
  ],
  // customer-relations: 0001 met, 0002 late, 0003 open past due, 0005/0006 met (0006 exactly at due) → 3 / 5
  sla_compliance: [
    { department: 'customer-relations', decided: 5, met: 3, compliance: 0.6 },
    { department: 'delivery', decided: 0, met: 0, compliance: null },
    { department: 'service', decided: 1, met: 0, compliance: 0 },
  ],
  // 99 known numbers (i 20 shares i 10's); repeats: i 10 → i 20 (same day), i 30 → e-1 (2 days); i 40 → e-3 is 12 days
  repeat_callers_7d: [{ callers: 99, repeat_callers: 2, repeated_contacts: 2, repeat_rate: 2 / 99 }],
  // agent-a: even i 4–58 (28), agent-b: odd i 5–59 (28), agent-c: i 66–99 (34). Occupancy: a works hours 08 and
  // 10 (i % 4 = 0, 2), b 09 and 11, c all four: 28 × 150 / 7200, 34 × 240 / 14400. Transfers: b's i ≡ 1 (mod 8).
  // FCR: i 20 (a) shares i 10's number and called first (08:05 vs 10:02), i 30 (a) called again 2 days later.
  agent_performance: [
    {
      agent: 'agent-a',
      contacts_handled: 28,
      avg_handle_seconds: 150,
      avg_talk_seconds: 100,
      avg_hold_seconds: 20,
      avg_acw_seconds: 30,
      occupancy: 4200 / 7200,
      transfers: 0,
      fcr_eligible: 28,
      first_contact_resolved: 26,
      fcr_rate: 26 / 28,
      csat_responses: 4,
      avg_survey_score: 4,
      csat: 0.75,
      qa_evaluations: 0,
      avg_qa_score_percent: null,
      qa_auto_fails: 0,
    },
    {
      agent: 'agent-b',
      contacts_handled: 28,
      avg_handle_seconds: 150,
      avg_talk_seconds: 100,
      avg_hold_seconds: 20,
      avg_acw_seconds: 30,
      occupancy: 4200 / 7200,
      transfers: 7,
      fcr_eligible: 28,
      first_contact_resolved: 28,
      fcr_rate: 1,
      csat_responses: 2,
      avg_survey_score: 2,
      csat: 0,
      qa_evaluations: 0,
      avg_qa_score_percent: null,
      qa_auto_fails: 0,
    },
    {
      agent: 'agent-c',
      contacts_handled: 34,
      avg_handle_seconds: 240,
      avg_talk_seconds: 200,
      avg_hold_seconds: 0,
      avg_acw_seconds: 40,
      occupancy: 8160 / 14400,
      transfers: 0,
      fcr_eligible: 34,
      first_contact_resolved: 34,
      fcr_rate: 1,
      csat_responses: 5,
      avg_survey_score: 4.2,
      csat: 0.8,
      qa_evaluations: 0,
      avg_qa_score_percent: null,
      qa_auto_fails: 0,
    },
  ],
  // VIP: i ≡ 9 (mod 10), all answered in 10 s. Others: 10 × 120 + 17 × 45 + 63 × 10 = 2595 over 90
  // No campaign attempts in this data: the campaign queries' known answers are in campaign-analytics.test.ts.
  campaign_results: [],
  campaign_dispositions: [],
  return_visit_satisfaction: [],
  vip_waiting_time: [
    { vip: true, queued: 10, avg_wait_seconds: 10, max_wait_seconds: 10 },
    { vip: false, queued: 90, avg_wait_seconds: 2595 / 90, max_wait_seconds: 120 },
  ],
};

/** The synthetic contacts' 5,000 callers, made flat once (JSON parsing returns flat strings; see isoOfMillis). */
const CALLERS: readonly string[] = JSON.parse(
  JSON.stringify(Array.from({ length: 5000 }, (_, k) => `+86139${String(k).padStart(8, '0')}`)),
);

/** Each day's `yyyy-mm-ddT`, as character codes. */
const dayCodes = new Map<number, readonly number[]>();
/** The characters of the timestamp being made (reused: one string is made from it at a time). */
const codes = new Array<number>(24).fill(0);

/** Writes `value`'s last `width` decimal digits into `codes` from `at`. */
function digits(at: number, value: number, width: number): void {
  let v = value;
  for (let k = width - 1; k >= 0; k--) {
    codes[at + k] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
}

/**
 * `new Date(ms).toISOString()` for the years 1970–9999, from each day's cached characters and the time's digits:
 * about three times as fast, so the synthetic rows' own cost (timed alone and subtracted in the export benchmark)
 * stays small. Made with one `String.fromCharCode`, so the string is flat, as `toISOString` and JSON parsing return
 * strings: a string joined from parts stays a rope until its characters are read, and its first reader (the
 * export's timestamp parser) would pay for joining it inside the export's measured time.
 */
export function isoOfMillis(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayCodes.get(day);
  if (prefix === undefined) {
    const text = new Date(day * 86_400_000).toISOString();
    prefix = Array.from({ length: 11 }, (_, k) => text.charCodeAt(k));
    dayCodes.set(day, prefix);
  }
  for (let k = 0; k < 11; k++) codes[k] = prefix[k] as number;
  let rest = ms - day * 86_400_000;
  digits(20, rest % 1000, 3);
  rest = Math.floor(rest / 1000);
  digits(17, rest % 60, 2);
  rest = Math.floor(rest / 60);
  digits(14, rest % 60, 2);
  digits(11, Math.floor(rest / 60), 2);
  codes[13] = 58; // :
  codes[16] = 58;
  codes[19] = 46; // .
  codes[23] = 90; // Z
  return String.fromCharCode.apply(null, codes);
}

/**
 * `n` synthetic contacts over `days` days from 2026-01-01 (deterministic, cheap: for the benchmark). About 8 %
 * abandoned, 10 % VIP, 5 000 distinct callers.
 */
export function* syntheticContacts(n: number, days = 30): Generator<ContactRow> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const queues = ['Sales', 'Service', 'Complaints', 'VIP'];
  let x = 123456789;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    const t = start + Math.floor((i / n) * days * 86_400_000);
    const initiatedAt = isoOfMillis(t);
    const abandoned = rnd() < 0.08;
    const wait = Math.floor(rnd() * 90);
    const enq = isoOfMillis(t + 20_000);
    const conn = isoOfMillis(t + 20_000 + wait * 1000);
    const talk = 60 + Math.floor(rnd() * 400);
    yield {
      contact_id: `bench-${i}`,
      channel: 'VOICE',
      initiation_method: 'INBOUND',
      initiated_at: initiatedAt,
      disconnected_at: isoOfMillis(t + 20_000 + (wait + talk) * 1000),
      caller_number: CALLERS[Math.floor(rnd() * 5000)] ?? null,
      customer_id: null,
      queue: queues[i % 4] ?? null,
      agent_id: abandoned ? null : `agent-${i % 50}`,
      disconnect_reason: abandoned ? 'CUSTOMER_DISCONNECT' : 'AGENT_DISCONNECT',
      enqueued_at: enq,
      dequeued_at: conn,
      agent_connected_at: abandoned ? null : conn,
      queue_seconds: wait,
      talk_seconds: abandoned ? null : talk,
      hold_seconds: abandoned ? null : 0,
      acw_seconds: abandoned ? null : 30,
      handle_seconds: abandoned ? null : talk + 30,
      queued: true,
      answered: !abandoned,
      abandoned,
      vip: i % 10 === 0,
      last_updated_at: isoOfMillis(t + 20_000 + (wait + talk + 60) * 1000),
      agent_queue: false,
      transferred: !abandoned && i % 25 === 3,
    };
  }
}

/** A stored ticket (Tickets table item) as the export reads it: ticket n, open unless resolvedAt is given. */
export function storedTicket(n: number, category: string, resolvedAt?: string): Ticket {
  return {
    ticketId: `T20261123-000${n}`,
    category,
    department: 'customer-relations',
    priority: 'normal',
    status: resolvedAt ? 'resolved' : 'new',
    source: 'ivr',
    countedPhones: [],
    language: 'zh-CN',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
    dueAt: '2026-11-24T02:00:00Z',
    remindAt: '2026-11-24T00:00:00Z',
    escalationLevel: 0,
    ...(resolvedAt ? { resolvedAt } : {}),
    history: [],
    version: 1,
  };
}
