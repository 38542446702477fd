/**
 * Named analytics queries (F16): each query's SQL written ONCE, deployed as an Athena named query (Trino, engine
 * v3) by the CDK stack and run locally by `hotline report` on DuckDB over the same Parquet layout.
 *
 * Dialect rules (the common subset of Trino and DuckDB) — every query here must follow them:
 *  1. Tables by bare name only: `contacts`, `tickets`, `surveys`, `orders`, … (Athena: the workgroup's default database;
 *     DuckDB: views of the same names). No database prefix, no quoted identifiers.
 *  2. Casts with `CAST(x AS DOUBLE)` / `CAST(x AS VARCHAR)` only; never `::`, never `TRY_CAST`.
 *  3. Division: always `CAST(numerator AS DOUBLE) / NULLIF(denominator, 0)` — Trino divides integers as
 *     integers, DuckDB does not; NULLIF keeps an empty day from failing on Trino.
 *  4. Counting conditions with `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`; no `COUNT_IF`, no `FILTER (WHERE …)`,
 *     no summing booleans (Trino cannot).
 *  5. Timestamps are `timestamp` (UTC, no zone). Use only `hour(ts)`, `date_trunc('hour' | 'day', ts)`,
 *     `ts + INTERVAL '7' DAY` (quoted number, singular unit), comparisons. No `date_diff`/`datediff`, no
 *     `strftime`/`date_format`, no `now()` (durations are exported as `*_seconds` columns, `exported_at`
 *     stands for "now").
 *  6. The day is the partition column `dt` (a `yyyy-mm-dd` string): group and filter on it as a string.
 *  7. No `ILIKE`, no regular expressions, no `QUALIFY`, no `GROUP BY ALL`, no `SELECT * EXCLUDE`, no
 *     positional `GROUP BY 1` mixed with expressions; group by the column expressions themselves.
 *  8. Window functions are fine (`LEAD`, `LAG`, `ROW_NUMBER` with `OVER (PARTITION BY … ORDER BY …)`).
 *  9. Every query ends with an `ORDER BY` that makes its output deterministic; no trailing `;`.
 * 10. Output column names are lower snake case and not reserved words (`hour_of_day`, not `hour`).
 * 11. Parameters are literal constants named in the description (service level: 20 seconds; repeat window:
 *     7 days). Change them here: the CDK stack and the local report read this list.
 *  Averages and rates come back as DOUBLE unrounded; presentation rounds.
 */

import { ORDER_QUERY_DEFINITIONS } from './order-queries.js';

export interface NamedQuery {
  /** Stable id: Athena named-query name suffix, report anchor, test key. */
  readonly key: string;
  /** Title for people (Athena named query name, report heading). */
  readonly name: string;
  readonly description: string;
  /** Trino/DuckDB common-subset SQL (see the rules above). */
  readonly sql: string;
}

/** Service level threshold (seconds) baked into `service_level`. */
export const SERVICE_LEVEL_SECONDS = 20;
/** Repeat-caller window (days) baked into `repeat_callers_7d`. */
export const REPEAT_WINDOW_DAYS = 7;
/** First-contact resolution: no further contact from the same caller within this many days. */
export const FCR_WINDOW_DAYS = 7;
/** Where queue reports put contacts routed to an agent's personal queue: never a queue of their own. */
export const AGENT_QUEUES_LABEL = '(agent queues)';

const sql = (s: TemplateStringsArray, ...v: (string | number)[]): string =>
  String.raw({ raw: s }, ...v)
    .trim()
    .replace(/\n\s*/g, '\n');

/**
 * Contacts, one row per contact: the latest CTR version. Connect re-sends a record when it changes (e.g. after
 * after-contact work) and Firehose stores every version, so every query over contacts reads this instead of
 * the table. Window functions work the same on both engines.
 */
const LATEST_CONTACTS = sql`
  WITH latest_contacts AS (
    SELECT * FROM (
      SELECT c.*, row_number() OVER (PARTITION BY c.contact_id ORDER BY c.last_updated_at DESC) AS version_rank
      FROM contacts c
    ) ranked
    WHERE version_rank = 1
  )`;

/** A query over contacts, reading only their latest versions. */
const overContacts = (query: string): string =>
  `${LATEST_CONTACTS}\n${query.replace(/\bFROM contacts\b/g, 'FROM latest_contacts')}`;

/** A contact's queue for queue reports: agents' personal queues are one bucket, never queues. */
const QUEUE_NAME = `CASE WHEN agent_queue THEN '${AGENT_QUEUES_LABEL}' ELSE COALESCE(queue, '(none)') END`;
const SURVEY_QUEUE_NAME = `CASE WHEN c.agent_queue THEN '${AGENT_QUEUES_LABEL}' ELSE COALESCE(s.queue, '(none)') END`;

const QUERY_DEFINITIONS = [
  {
    key: 'daily_volume_by_queue',
    name: 'Daily volume by queue',
    description: `Contacts per day and queue (no queue: "(none)"; agents' personal queues together as "${AGENT_QUEUES_LABEL}", never as queues), with how many were answered and abandoned.`,
    sql: sql`
      SELECT dt, ${QUEUE_NAME} AS queue_name, COUNT(*) AS contacts,
        SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS answered,
        SUM(CASE WHEN abandoned THEN 1 ELSE 0 END) AS abandoned
      FROM contacts
      GROUP BY dt, ${QUEUE_NAME}
      ORDER BY dt, queue_name`,
  },
  {
    key: 'hourly_volume',
    name: 'Volume by hour of day',
    description: 'Contacts per hour of day (UTC, 0–23) over the whole period.',
    sql: sql`
      SELECT hour(initiated_at) AS hour_of_day, COUNT(*) AS contacts
      FROM contacts
      GROUP BY hour(initiated_at)
      ORDER BY hour_of_day`,
  },
  {
    key: 'abandonment_rate',
    name: 'Abandonment rate',
    description: 'Per day: queued contacts, abandoned (queued, never answered), and abandoned / queued.',
    sql: sql`
      SELECT dt, SUM(CASE WHEN queued THEN 1 ELSE 0 END) AS queued,
        SUM(CASE WHEN abandoned THEN 1 ELSE 0 END) AS abandoned,
        CAST(SUM(CASE WHEN abandoned THEN 1 ELSE 0 END) AS DOUBLE)
          / NULLIF(SUM(CASE WHEN queued THEN 1 ELSE 0 END), 0) AS abandonment_rate
      FROM contacts
      GROUP BY dt
      ORDER BY dt`,
  },
  {
    key: 'service_level',
    name: `Service level (answered within ${SERVICE_LEVEL_SECONDS} s)`,
    description: `Per day: queued contacts answered within ${SERVICE_LEVEL_SECONDS} seconds of queueing / all queued contacts (abandoned ones count against).`,
    sql: sql`
      SELECT dt, SUM(CASE WHEN queued THEN 1 ELSE 0 END) AS queued,
        SUM(CASE WHEN answered AND queued AND queue_seconds <= ${SERVICE_LEVEL_SECONDS} THEN 1 ELSE 0 END) AS answered_in_threshold,
        CAST(SUM(CASE WHEN answered AND queued AND queue_seconds <= ${SERVICE_LEVEL_SECONDS} THEN 1 ELSE 0 END) AS DOUBLE)
          / NULLIF(SUM(CASE WHEN queued THEN 1 ELSE 0 END), 0) AS service_level
      FROM contacts
      GROUP BY dt
      ORDER BY dt`,
  },
  {
    key: 'average_handle_time',
    name: 'Average handle time',
    description: `Per queue: answered contacts and their average handle time (talk + hold + after-contact work), seconds. Agents' personal queues together as "${AGENT_QUEUES_LABEL}".`,
    sql: sql`
      SELECT ${QUEUE_NAME} AS queue_name, COUNT(*) AS answered,
        AVG(handle_seconds) AS avg_handle_seconds, AVG(talk_seconds) AS avg_talk_seconds
      FROM contacts
      WHERE answered
      GROUP BY ${QUEUE_NAME}
      ORDER BY queue_name`,
  },
  {
    key: 'csat_by_agent_and_queue',
    name: 'CSAT by agent and queue',
    description: `Per agent and queue: survey answers, average score (1–5) and CSAT (share of scores 4 or 5). A survey of a contact routed to an agent's personal queue counts under "${AGENT_QUEUES_LABEL}".`,
    sql: sql`
      SELECT COALESCE(s.agent_id, '(none)') AS agent, ${SURVEY_QUEUE_NAME} AS queue_name,
        COUNT(*) AS responses, AVG(CAST(s.score AS DOUBLE)) AS avg_score,
        CAST(SUM(CASE WHEN s.score >= 4 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS csat
      FROM surveys s
      LEFT JOIN (SELECT contact_id, agent_queue FROM contacts) c ON c.contact_id = s.contact_id
      GROUP BY COALESCE(s.agent_id, '(none)'), ${SURVEY_QUEUE_NAME}
      ORDER BY agent, queue_name`,
  },
  {
    key: 'csat_daily',
    name: 'CSAT trend',
    description: 'Per day: survey answers, average score and CSAT (share of scores 4 or 5).',
    sql: sql`
      SELECT dt, COUNT(*) AS responses, AVG(CAST(score AS DOUBLE)) AS avg_score,
        CAST(SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS csat
      FROM surveys
      GROUP BY dt
      ORDER BY dt`,
  },
  {
    key: 'complaints_by_category_and_department',
    name: 'Complaints by category and department',
    description: 'Complaint tickets per category and department, and how many are still open.',
    sql: sql`
      SELECT category, department, COUNT(*) AS complaints,
        SUM(CASE WHEN resolved_at IS NULL AND closed_at IS NULL THEN 1 ELSE 0 END) AS still_open
      FROM tickets
      WHERE complaint
      GROUP BY category, department
      ORDER BY complaints DESC, category, department`,
  },
  {
    key: 'sla_compliance',
    name: 'Ticket SLA compliance',
    description:
      'Per department: tickets whose SLA is decided (resolved, or open past due at export time), met (resolved by due_at), and met / decided.',
    sql: sql`
      SELECT department,
        SUM(CASE WHEN resolved_at IS NOT NULL OR due_at < exported_at THEN 1 ELSE 0 END) AS decided,
        SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= due_at THEN 1 ELSE 0 END) AS met,
        CAST(SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= due_at THEN 1 ELSE 0 END) AS DOUBLE)
          / NULLIF(SUM(CASE WHEN resolved_at IS NOT NULL OR due_at < exported_at THEN 1 ELSE 0 END), 0) AS compliance
      FROM tickets
      GROUP BY department
      ORDER BY department`,
  },
  {
    key: 'repeat_callers_7d',
    name: `Repeat callers within ${REPEAT_WINDOW_DAYS} days`,
    description: `Callers (known numbers) who called again within ${REPEAT_WINDOW_DAYS} days of a call, out of all callers; and the contacts followed by such a repeat.`,
    sql: sql`
      SELECT COUNT(DISTINCT caller_number) AS callers,
        COUNT(DISTINCT CASE WHEN next_at <= initiated_at + INTERVAL '${REPEAT_WINDOW_DAYS}' DAY THEN caller_number END) AS repeat_callers,
        SUM(CASE WHEN next_at <= initiated_at + INTERVAL '${REPEAT_WINDOW_DAYS}' DAY THEN 1 ELSE 0 END) AS repeated_contacts,
        CAST(COUNT(DISTINCT CASE WHEN next_at <= initiated_at + INTERVAL '${REPEAT_WINDOW_DAYS}' DAY THEN caller_number END) AS DOUBLE)
          / NULLIF(COUNT(DISTINCT caller_number), 0) AS repeat_rate
      FROM (
        SELECT caller_number, initiated_at,
          LEAD(initiated_at) OVER (PARTITION BY caller_number ORDER BY initiated_at) AS next_at
        FROM contacts
        WHERE caller_number IS NOT NULL
      ) t
      ORDER BY callers`,
  },
  {
    key: 'vip_waiting_time',
    name: 'VIP waiting time',
    description: 'Queued contacts, VIP or not: how many, average and longest wait in queue (seconds).',
    sql: sql`
      SELECT vip, COUNT(*) AS queued, AVG(queue_seconds) AS avg_wait_seconds, MAX(queue_seconds) AS max_wait_seconds
      FROM contacts
      WHERE queued
      GROUP BY vip
      ORDER BY vip DESC`,
  },
  {
    key: 'agent_performance',
    name: 'Agent performance',
    description: `Per agent over the period: contacts handled (answered); average handle, talk, hold and after-contact-work seconds; occupancy (handle time / the hours the agent worked, an hour counting as worked when the agent answered a contact in it, at most 1: an approximation until agent status events are exported); transfers; first-contact resolution (handled contacts from a known number with no further contact from that number within ${FCR_WINDOW_DAYS} days / handled contacts from a known number); CSAT (share of survey scores 4–5) and average survey score; QA evaluations, average QA score (percent) and auto-fails.`,
    sql: sql`
      SELECT h.agent_id AS agent, COUNT(*) AS contacts_handled,
        AVG(h.handle_seconds) AS avg_handle_seconds, AVG(h.talk_seconds) AS avg_talk_seconds,
        AVG(h.hold_seconds) AS avg_hold_seconds, AVG(h.acw_seconds) AS avg_acw_seconds,
        CASE WHEN CAST(SUM(h.handle_seconds) AS DOUBLE) / NULLIF(3600 * COUNT(DISTINCT h.dt || '#' || CAST(hour(h.agent_connected_at) AS VARCHAR)), 0) > 1 THEN CAST(1 AS DOUBLE)
          ELSE CAST(SUM(h.handle_seconds) AS DOUBLE) / NULLIF(3600 * COUNT(DISTINCT h.dt || '#' || CAST(hour(h.agent_connected_at) AS VARCHAR)), 0) END AS occupancy,
        SUM(CASE WHEN h.transferred THEN 1 ELSE 0 END) AS transfers,
        SUM(CASE WHEN h.caller_number IS NOT NULL THEN 1 ELSE 0 END) AS fcr_eligible,
        SUM(CASE WHEN h.caller_number IS NOT NULL AND (h.next_at IS NULL OR h.next_at > h.initiated_at + INTERVAL '${FCR_WINDOW_DAYS}' DAY) THEN 1 ELSE 0 END) AS first_contact_resolved,
        CAST(SUM(CASE WHEN h.caller_number IS NOT NULL AND (h.next_at IS NULL OR h.next_at > h.initiated_at + INTERVAL '${FCR_WINDOW_DAYS}' DAY) THEN 1 ELSE 0 END) AS DOUBLE)
          / NULLIF(SUM(CASE WHEN h.caller_number IS NOT NULL THEN 1 ELSE 0 END), 0) AS fcr_rate,
        COALESCE(MAX(s.responses), 0) AS csat_responses, MAX(s.avg_score) AS avg_survey_score, MAX(s.csat) AS csat,
        COALESCE(MAX(e.evaluations), 0) AS qa_evaluations, MAX(e.avg_score_percent) AS avg_qa_score_percent,
        COALESCE(MAX(e.auto_fails), 0) AS qa_auto_fails
      FROM (
        SELECT agent_id, dt, answered, initiated_at, agent_connected_at, caller_number, transferred,
          handle_seconds, talk_seconds, hold_seconds, acw_seconds,
          LEAD(initiated_at) OVER (PARTITION BY caller_number ORDER BY initiated_at, contact_id) AS next_at
        FROM contacts
      ) h
      LEFT JOIN (
        SELECT agent_id, COUNT(*) AS responses, AVG(CAST(score AS DOUBLE)) AS avg_score,
          CAST(SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS csat
        FROM surveys
        WHERE agent_id IS NOT NULL
        GROUP BY agent_id
      ) s ON s.agent_id = h.agent_id
      LEFT JOIN (
        SELECT agent_id, COUNT(*) AS evaluations, AVG(score_percent) AS avg_score_percent,
          SUM(CASE WHEN auto_failed THEN 1 ELSE 0 END) AS auto_fails
        FROM evaluations
        GROUP BY agent_id
      ) e ON e.agent_id = h.agent_id
      WHERE h.answered AND h.agent_id IS NOT NULL
      GROUP BY h.agent_id
      ORDER BY agent`,
  },
  // Outbound campaigns (issue 13): one row per attempt in `campaign_attempts`; `last_attempt` marks the attempt that
  // finished its contact, whose disposition is the contact's result.
  {
    key: 'campaign_results',
    name: 'Campaign results',
    description:
      'Per campaign: attempts, dials (attempts not skipped for do-not-call), answered, contact rate (answered / dials), contacts, contacts finished, skipped for do-not-call, converted (a success disposition: satisfied, ordered, confirmed, interested) and conversion (converted / finished).',
    sql: sql`
      SELECT campaign, purpose, mode, COUNT(*) AS attempts,
        SUM(CASE WHEN result <> 'dnc' THEN 1 ELSE 0 END) AS dials,
        SUM(CASE WHEN result = 'answered' THEN 1 ELSE 0 END) AS answered,
        CAST(SUM(CASE WHEN result = 'answered' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(SUM(CASE WHEN result <> 'dnc' THEN 1 ELSE 0 END), 0) AS contact_rate,
        COUNT(DISTINCT entry_id) AS contacts,
        SUM(CASE WHEN last_attempt THEN 1 ELSE 0 END) AS finished,
        SUM(CASE WHEN last_attempt AND result = 'dnc' THEN 1 ELSE 0 END) AS do_not_call,
        SUM(CASE WHEN last_attempt AND success THEN 1 ELSE 0 END) AS converted,
        CAST(SUM(CASE WHEN last_attempt AND success THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(SUM(CASE WHEN last_attempt THEN 1 ELSE 0 END), 0) AS conversion
      FROM campaign_attempts
      GROUP BY campaign, purpose, mode
      ORDER BY campaign`,
  },
  {
    key: 'campaign_dispositions',
    name: 'Campaign dispositions',
    description:
      'Per campaign and last_attempt disposition (unreachable when the attempts ran out, the do-not-call reason when skipped): contacts, and the share of the campaign’s finished contacts.',
    sql: sql`
      SELECT a.campaign, COALESCE(a.disposition, '(none)') AS disposition, COUNT(*) AS contacts,
        CAST(COUNT(*) AS DOUBLE) / NULLIF(MAX(t.finished), 0) AS share
      FROM campaign_attempts a
      JOIN (
        SELECT campaign, SUM(CASE WHEN last_attempt THEN 1 ELSE 0 END) AS finished
        FROM campaign_attempts
        GROUP BY campaign
      ) t ON t.campaign = a.campaign
      WHERE a.last_attempt
      GROUP BY a.campaign, COALESCE(a.disposition, '(none)')
      ORDER BY a.campaign, contacts DESC, disposition`,
  },
  {
    key: 'return_visit_satisfaction',
    name: 'Return-visit satisfaction',
    description:
      'Per day of the return visit: complaints reached on a return-visit campaign (satisfied or unsatisfied), satisfied, unsatisfied (the complaint reopened), and satisfaction (satisfied / reached).',
    sql: sql`
      SELECT dt, SUM(CASE WHEN disposition IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END) AS reached,
        SUM(CASE WHEN disposition = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
        SUM(CASE WHEN disposition = 'unsatisfied' THEN 1 ELSE 0 END) AS unsatisfied,
        CAST(SUM(CASE WHEN disposition = 'satisfied' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(SUM(CASE WHEN disposition IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END), 0) AS satisfaction
      FROM campaign_attempts
      WHERE purpose = 'return-visit' AND last_attempt
      GROUP BY dt
      ORDER BY dt`,
  },
  {
    key: 'slot_utilisation',
    name: 'Repair slot utilisation',
    description:
      "Per workshop and slot (local day, slot of the day): bookings held (not cancelled), cancelled and no-shows, the slot's capacity, and utilisation (held / capacity). Only slots with at least one booking appear.",
    sql: sql`
      SELECT workshop, slot_day, slot_key, MAX(slot_capacity) AS capacity,
        SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS held,
        SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
        SUM(CASE WHEN status = 'no-show' THEN 1 ELSE 0 END) AS no_shows,
        CAST(SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(MAX(slot_capacity), 0) AS utilisation
      FROM bookings
      GROUP BY workshop, slot_day, slot_key, slot_start
      ORDER BY workshop, slot_start`,
  },
  {
    key: 'lead_conversion_by_source',
    name: 'Lead conversion by source',
    description:
      'Per lead source (ivr, agent, campaign, web, import): leads, those that agreed to a call back, reached, qualified (qualified or won), won and lost, and conversion (won / leads).',
    sql: sql`
      SELECT source, COUNT(*) AS leads,
        SUM(CASE WHEN consent THEN 1 ELSE 0 END) AS consented,
        SUM(CASE WHEN contacted THEN 1 ELSE 0 END) AS contacted,
        SUM(CASE WHEN status = 'qualified' OR status = 'won' THEN 1 ELSE 0 END) AS qualified,
        SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
        SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost,
        CAST(SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(COUNT(*), 0) AS conversion
      FROM leads
      GROUP BY source
      ORDER BY source`,
  },
  {
    key: 'pickup_on_time_by_branch',
    name: 'Pickup on-time collection by branch',
    description:
      "Per branch (carrier): pickups booked (not cancelled), due (the slot had ended at export time, or already collected or failed), collected, collected on time (by the end of the slot), collected late, failed, still open past the slot's end, escalated, and the on-time collection rate (on time / due).",
    sql: sql`
      SELECT branch,
        SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS booked,
        SUM(CASE WHEN status IN ('collected', 'failed') OR (status <> 'cancelled' AND slot_end <= exported_at) THEN 1 ELSE 0 END) AS due,
        SUM(CASE WHEN status = 'collected' THEN 1 ELSE 0 END) AS collected,
        SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time,
        SUM(CASE WHEN status = 'collected' AND NOT on_time THEN 1 ELSE 0 END) AS late,
        SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
        SUM(CASE WHEN status IN ('booked', 'dispatched') AND slot_end <= exported_at THEN 1 ELSE 0 END) AS overdue_open,
        SUM(CASE WHEN escalated THEN 1 ELSE 0 END) AS escalated,
        CAST(SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(SUM(CASE WHEN status IN ('collected', 'failed') OR (status <> 'cancelled' AND slot_end <= exported_at) THEN 1 ELSE 0 END), 0) AS on_time_rate
      FROM pickups
      GROUP BY branch
      ORDER BY branch`,
  },
] as const satisfies readonly NamedQuery[];

/** The named queries as both engines run them: every query over contacts reads their latest versions. */
export const NAMED_QUERIES = [...QUERY_DEFINITIONS, ...ORDER_QUERY_DEFINITIONS].map((q) => ({
  ...q,
  sql: /\bFROM contacts\b/.test(q.sql) ? overContacts(q.sql) : q.sql,
}));

export type NamedQueryKey =
  | (typeof QUERY_DEFINITIONS)[number]['key']
  | (typeof ORDER_QUERY_DEFINITIONS)[number]['key'];

export function namedQuery(key: NamedQueryKey): NamedQuery {
  const q = NAMED_QUERIES.find((n) => n.key === key);
  if (!q) throw new Error(`no named query ${key}`);
  return q;
}
