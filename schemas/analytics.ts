import { z } from 'zod';

/**
 * Analytics datasets (F16): the ONE definition of the rows exported for analysts, read by the local export
 * (`hotline export`, Parquet written with DuckDB), by the local report (DuckDB views), and by the CDK side
 * (Glue tables with partition projection, Firehose record-format conversion).
 *
 * Layout (S3 and local alike): `<root>/<dataset>/dt=<yyyy-mm-dd>/<file>.parquet`, one folder per dataset
 * (`contacts`, `tickets`, `surveys`), Hive-style partition `dt` = the UTC date of the row's `dateColumn`.
 * Column names are lower snake case, never quoted, never reserved words, the same in Glue and DuckDB.
 * Timestamps are UTC instants stored as Parquet TIMESTAMP (no time zone): Glue `timestamp`, DuckDB `TIMESTAMP`.
 * The partition column `dt` is NOT a data column inside the files: it is the folder name (Glue partition key
 * `dt string`, projection type `date`, format `yyyy-MM-dd`; DuckDB `hive_partitioning`, read as VARCHAR).
 */

/** Portable column types: the subset with the same meaning in Glue/Athena (Trino), Parquet and DuckDB. */
export const ANALYTICS_TYPES = ['string', 'bigint', 'double', 'boolean', 'timestamp'] as const;
export type AnalyticsType = (typeof ANALYTICS_TYPES)[number];

export interface AnalyticsColumn {
  readonly name: string;
  readonly type: AnalyticsType;
  /** False when every row has a value. */
  readonly nullable: boolean;
  readonly description: string;
}

export interface AnalyticsDataset<Row> {
  /** Table name in Athena (Glue database = the workgroup's default) and DuckDB view name; S3 folder. */
  readonly name:
    | 'contacts'
    | 'tickets'
    | 'surveys'
    | 'evaluations'
    | 'campaign_attempts'
    | 'bookings'
    | 'leads'
    | 'pickups'
    | 'orders'
    | 'order_supply'
    | 'order_positions';
  readonly description: string;
  /** Data columns in file order (without the partition column). */
  readonly columns: readonly AnalyticsColumn[];
  /** The partition column: always `dt`, a `yyyy-mm-dd` string (UTC date of `dateColumn`). */
  readonly partitionColumn: 'dt';
  /** The timestamp column `dt` is derived from. */
  readonly dateColumn: string;
  readonly rowSchema: z.ZodType<Row>;
}

/** Glue / Athena DDL type of a portable type. */
export const GLUE_TYPES: Readonly<Record<AnalyticsType, string>> = {
  string: 'string',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
};

/** DuckDB type of a portable type. */
export const DUCKDB_TYPES: Readonly<Record<AnalyticsType, string>> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

/** Rows carry timestamps as ISO strings (`2026-11-23T02:00:00Z`); writers convert to the column type. */
const Ts = z.string().datetime({ offset: true });
const DtSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const col = (name: string, type: AnalyticsType, nullable: boolean, description: string): AnalyticsColumn => ({
  name,
  type,
  nullable,
  description,
});

// ---------------------------------------------------------------------------------------------------------------
// contacts: one row per call record (CTR), from the Contacts table (sk RECORD) or Firehose in AWS.

export const ContactRowSchema = z.object({
  contact_id: z.string().min(1),
  channel: z.string(),
  initiation_method: z.string(),
  initiated_at: Ts,
  disconnected_at: Ts.nullable(),
  /** E.164, null when withheld. */
  caller_number: z.string().nullable(),
  customer_id: z.string().nullable(),
  queue: z.string().nullable(),
  agent_id: z.string().nullable(),
  disconnect_reason: z.string().nullable(),
  /** Queue.EnqueueTimestamp: null when the contact never reached a queue. */
  enqueued_at: Ts.nullable(),
  /** Queue.DequeueTimestamp. */
  dequeued_at: Ts.nullable(),
  /** Agent.ConnectedToAgentTimestamp: null when no agent answered. */
  agent_connected_at: Ts.nullable(),
  /** Seconds in queue: Queue.Duration, else agent_connected_at (or dequeued_at, else disconnected_at) − enqueued_at. */
  queue_seconds: z.number().nonnegative().nullable(),
  /** Agent.AgentInteractionDuration. */
  talk_seconds: z.number().nonnegative().nullable(),
  /** Agent.CustomerHoldDuration. */
  hold_seconds: z.number().nonnegative().nullable(),
  /** Agent.AfterContactWorkDuration. */
  acw_seconds: z.number().nonnegative().nullable(),
  /** talk + hold + after-contact work (null when not answered). */
  handle_seconds: z.number().nonnegative().nullable(),
  /** Queued (enqueued_at set). */
  queued: z.boolean(),
  /** An agent answered (agent_connected_at set). */
  answered: z.boolean(),
  /** Queued and never answered. */
  abandoned: z.boolean(),
  /** Contact attribute `vip` = `true`. */
  vip: z.boolean(),
  /**
   * LastUpdateTimestamp of the CTR version this row comes from. Connect re-sends a contact's record when it
   * changes, and Firehose keeps every version: queries read only the latest per contact (`latest_contacts`).
   */
  last_updated_at: Ts,
  /**
   * The queue is an agent's personal queue (Queue.ARN `…/queue/agent/<id>`): the contact was routed to that
   * agent, so queue reports never count it as a queue. Absent in files written before the column existed.
   */
  agent_queue: z.boolean().default(false),
  /** The agent transferred the contact on (TransferCompletedTimestamp or TransferredToEndpoint set). */
  transferred: z.boolean().default(false),
});
export type ContactRow = z.infer<typeof ContactRowSchema>;

export const CONTACTS_DATASET: AnalyticsDataset<ContactRow> = {
  name: 'contacts',
  description: 'One row per contact (call record / CTR).',
  columns: [
    col('contact_id', 'string', false, 'Connect ContactId'),
    col('channel', 'string', false, 'VOICE, CHAT, …'),
    col('initiation_method', 'string', false, 'INBOUND, OUTBOUND, TRANSFER, …'),
    col('initiated_at', 'timestamp', false, 'InitiationTimestamp (UTC)'),
    col('disconnected_at', 'timestamp', true, 'DisconnectTimestamp (UTC)'),
    col('caller_number', 'string', true, 'Caller E.164, null when withheld'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('queue', 'string', true, 'Queue name'),
    col('agent_id', 'string', true, 'Agent id (last segment of the agent ARN)'),
    col('disconnect_reason', 'string', true, 'DisconnectReason'),
    col('enqueued_at', 'timestamp', true, 'Queue.EnqueueTimestamp (UTC)'),
    col('dequeued_at', 'timestamp', true, 'Queue.DequeueTimestamp (UTC)'),
    col('agent_connected_at', 'timestamp', true, 'Agent.ConnectedToAgentTimestamp (UTC)'),
    col('queue_seconds', 'double', true, 'Seconds waiting in queue'),
    col('talk_seconds', 'double', true, 'Agent.AgentInteractionDuration'),
    col('hold_seconds', 'double', true, 'Agent.CustomerHoldDuration'),
    col('acw_seconds', 'double', true, 'Agent.AfterContactWorkDuration'),
    col('handle_seconds', 'double', true, 'talk + hold + after-contact work'),
    col('queued', 'boolean', false, 'Reached a queue'),
    col('answered', 'boolean', false, 'An agent answered'),
    col('abandoned', 'boolean', false, 'Queued and never answered'),
    col('vip', 'boolean', false, 'Contact attribute vip = true'),
    col('last_updated_at', 'timestamp', false, 'LastUpdateTimestamp of this CTR version (UTC)'),
    col('agent_queue', 'boolean', false, "Routed to an agent's personal queue (never counted as a queue)"),
    col('transferred', 'boolean', false, 'Transferred on by the agent'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'initiated_at',
  rowSchema: ContactRowSchema,
};

// ---------------------------------------------------------------------------------------------------------------
// tickets: one row per ticket (state at export time), from the Tickets table (sk TICKET).

export const TicketRowSchema = z.object({
  ticket_id: z.string().min(1),
  category: z.string(),
  department: z.string(),
  priority: z.string(),
  status: z.string(),
  source: z.string(),
  /** The category is a complaint (categories with a return visit, or a key containing `complaint`). */
  complaint: z.boolean(),
  customer_id: z.string().nullable(),
  contact_id: z.string().nullable(),
  created_at: Ts,
  due_at: Ts,
  resolved_at: Ts.nullable(),
  closed_at: Ts.nullable(),
  escalation_level: z.number().int().min(0),
  /** When the export ran: an open ticket with due_at < exported_at has breached its SLA. */
  exported_at: Ts,
});
export type TicketRow = z.infer<typeof TicketRowSchema>;

export const TICKETS_DATASET: AnalyticsDataset<TicketRow> = {
  name: 'tickets',
  description: 'One row per ticket, as it stood at export time.',
  columns: [
    col('ticket_id', 'string', false, 'T20261123-0042'),
    col('category', 'string', false, 'Category key'),
    col('department', 'string', false, 'Department key'),
    col('priority', 'string', false, 'low, normal, high, urgent'),
    col('status', 'string', false, 'new, assigned, in_progress, resolved, closed'),
    col('source', 'string', false, 'ivr, agent, cli, survey, system'),
    col('complaint', 'boolean', false, 'Complaint category'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('contact_id', 'string', true, 'Connect ContactId it came from'),
    col('created_at', 'timestamp', false, 'Created (UTC)'),
    col('due_at', 'timestamp', false, 'SLA deadline (UTC)'),
    col('resolved_at', 'timestamp', true, 'Resolved (UTC)'),
    col('closed_at', 'timestamp', true, 'Closed (UTC)'),
    col('escalation_level', 'bigint', false, '0 none, 1 reminded, 2 escalated'),
    col('exported_at', 'timestamp', false, 'When the export ran (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'created_at',
  rowSchema: TicketRowSchema,
};

// ---------------------------------------------------------------------------------------------------------------
// surveys: one row per post-call survey answer, from the Contacts table (sk SURVEY).

export const SurveyRowSchema = z.object({
  contact_id: z.string().min(1),
  score: z.number().int().min(1).max(5),
  answer2: z.number().int().min(1).max(5).nullable(),
  agent_id: z.string().nullable(),
  queue: z.string().nullable(),
  customer_id: z.string().nullable(),
  answered_at: Ts,
});
export type SurveyRow = z.infer<typeof SurveyRowSchema>;

export const SURVEYS_DATASET: AnalyticsDataset<SurveyRow> = {
  name: 'surveys',
  description: 'One row per post-call survey answer (CSAT 1–5).',
  columns: [
    col('contact_id', 'string', false, 'Connect ContactId surveyed'),
    col('score', 'bigint', false, 'CSAT 1–5'),
    col('answer2', 'bigint', true, 'Second question 1–5'),
    col('agent_id', 'string', true, 'Agent surveyed about'),
    col('queue', 'string', true, 'Queue'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('answered_at', 'timestamp', false, 'When the caller answered (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'answered_at',
  rowSchema: SurveyRowSchema,
};

// ---------------------------------------------------------------------------------------------------------------
// evaluations: one row per QA evaluation (F18), from the Supervision table (sk EVAL).

export const EvaluationRowSchema = z.object({
  contact_id: z.string().min(1),
  agent_id: z.string().min(1),
  scorecard: z.string(),
  evaluator: z.string(),
  /** 0–100, 0 when auto-failed. */
  score_percent: z.number().min(0).max(100),
  auto_failed: z.boolean(),
  passed: z.boolean(),
  evaluated_at: Ts,
});
export type EvaluationRow = z.infer<typeof EvaluationRowSchema>;

export const EVALUATIONS_DATASET: AnalyticsDataset<EvaluationRow> = {
  name: 'evaluations',
  description: 'One row per QA evaluation of a contact against the profile scorecard.',
  columns: [
    col('contact_id', 'string', false, 'Connect ContactId evaluated'),
    col('agent_id', 'string', false, 'Agent evaluated'),
    col('scorecard', 'string', false, 'Scorecard key'),
    col('evaluator', 'string', false, 'Who scored it'),
    col('score_percent', 'double', false, 'Score 0–100 (0 when auto-failed)'),
    col('auto_failed', 'boolean', false, 'An auto-fail question was answered no'),
    col('passed', 'boolean', false, "Score at or above the scorecard's pass mark"),
    col('evaluated_at', 'timestamp', false, 'When it was scored (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'evaluated_at',
  rowSchema: EvaluationRowSchema,
};

// ---------------------------------------------------------------------------------------------------------------
// campaign_attempts: one row per attempt of an outbound campaign (issue 13), from the Campaigns table.

export const CampaignAttemptRowSchema = z.object({
  campaign: z.string().min(1),
  purpose: z.string().min(1),
  mode: z.string().min(1),
  entry_id: z.string().min(1),
  customer_id: z.string().nullable(),
  attempt: z.number().int().min(1),
  result: z.string().min(1),
  disposition: z.string().nullable(),
  /** The disposition counts as a success (ordered, satisfied, confirmed…). */
  success: z.boolean(),
  /** This attempt finished the contact (its last attempt, the contact no longer pending). */
  last_attempt: z.boolean(),
  agent_id: z.string().nullable(),
  talk_seconds: z.number().int().nullable(),
  effect: z.string().nullable(),
  attempted_at: Ts,
});
export type CampaignAttemptRow = z.infer<typeof CampaignAttemptRowSchema>;

export const CAMPAIGN_ATTEMPTS_DATASET: AnalyticsDataset<CampaignAttemptRow> = {
  name: 'campaign_attempts',
  description: 'One row per attempt of an outbound campaign: its result, disposition and what it did.',
  columns: [
    col('campaign', 'string', false, 'Campaign name'),
    col('purpose', 'string', false, 'return-visit, reminder, ordering or telesales'),
    col('mode', 'string', false, 'agent or agentless'),
    col('entry_id', 'string', false, 'The contact in the dialling list'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('attempt', 'bigint', false, 'Attempt number of the contact (1…)'),
    col(
      'result',
      'string',
      false,
      'answered, no-answer, busy, voicemail, abandoned, failed or dnc (skipped)',
    ),
    col('disposition', 'string', true, 'Disposition recorded (or unreachable / the do-not-call reason)'),
    col('success', 'boolean', false, 'The disposition counts as a success (a conversion)'),
    col(
      'last_attempt',
      'boolean',
      false,
      'This attempt finished the contact (its disposition is the result)',
    ),
    col('agent_id', 'string', true, 'Agent who took the call'),
    col('talk_seconds', 'bigint', true, 'Conversation seconds'),
    col('effect', 'string', true, 'What the result did to its source (ticket closed, order placed…)'),
    col('attempted_at', 'timestamp', false, 'When it was dialled (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'attempted_at',
  rowSchema: CampaignAttemptRowSchema,
};

// bookings: one row per repair booking (issue 12, dealer), as it stood at export time, from the Bookings table.

export const BookingRowSchema = z.object({
  booking_id: z.string().min(1),
  status: z.string(),
  workshop: z.string(),
  slot_id: z.string(),
  /** The slot's local day, `yyyy-mm-dd`. */
  slot_day: z.string(),
  slot_key: z.string(),
  slot_start: Ts,
  /** Bookings the slot takes (the profile's capacity per slot), and the workshop's day (capacity × slots). */
  slot_capacity: z.number().int().min(0),
  day_capacity: z.number().int().min(0),
  source: z.string(),
  moves: z.number().int().min(0),
  customer_id: z.string().nullable(),
  created_at: Ts,
});
export type BookingRow = z.infer<typeof BookingRowSchema>;

export const BOOKINGS_DATASET: AnalyticsDataset<BookingRow> = {
  name: 'bookings',
  description: 'One row per repair booking, as it stood at export time.',
  columns: [
    col('booking_id', 'string', false, 'R20261123-0001'),
    col('status', 'string', false, 'booked, arrived, completed, cancelled, no-show'),
    col('workshop', 'string', false, 'Workshop key'),
    col('slot_id', 'string', false, 'service#20261124#early'),
    col('slot_day', 'string', false, 'Local day of the slot (yyyy-mm-dd)'),
    col('slot_key', 'string', false, 'Slot of the day (early, late, …)'),
    col('slot_start', 'timestamp', false, 'Slot start (UTC)'),
    col('slot_capacity', 'bigint', false, 'Bookings one slot takes'),
    col('day_capacity', 'bigint', false, "Bookings the workshop's day takes (capacity × slots)"),
    col('source', 'string', false, 'ivr, agent'),
    col('moves', 'bigint', false, 'Times it was moved'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('created_at', 'timestamp', false, 'Booked (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'slot_start',
  rowSchema: BookingRowSchema,
};

// ---------------------------------------------------------------------------------------------------------------
// leads: one row per sales lead (issue 12, outsourcer), as it stood at export time, from the Leads table.

export const LeadRowSchema = z.object({
  lead_id: z.string().min(1),
  status: z.string(),
  source: z.string(),
  source_detail: z.string().nullable(),
  interest: z.string(),
  consent: z.boolean(),
  /** Reached at least once (contacted, qualified, won, or lost after contact). */
  contacted: z.boolean(),
  customer_id: z.string().nullable(),
  created_at: Ts,
});
export type LeadRow = z.infer<typeof LeadRowSchema>;

export const LEADS_DATASET: AnalyticsDataset<LeadRow> = {
  name: 'leads',
  description: 'One row per sales lead, as it stood at export time.',
  columns: [
    col('lead_id', 'string', false, 'L20261123-0001'),
    col('status', 'string', false, 'new, contacted, qualified, won, lost'),
    col('source', 'string', false, 'ivr, agent, campaign, web, import'),
    col('source_detail', 'string', true, 'Number dialled, campaign, web form'),
    col('interest', 'string', false, 'Product line key'),
    col('consent', 'boolean', false, 'Agreed to a call back'),
    col('contacted', 'boolean', false, 'Reached at least once'),
    col('customer_id', 'string', true, 'CRM customer id'),
    col('created_at', 'timestamp', false, 'Captured (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'created_at',
  rowSchema: LeadRowSchema,
};

// pickups: one row per pickup (issue 12, carrier), as it stood at export time, from the Pickups table.

export const PickupRowSchema = z.object({
  pickup_id: z.string().min(1),
  status: z.string(),
  branch: z.string(),
  slot_id: z.string(),
  /** The slot's local day, `yyyy-mm-dd`. */
  slot_day: z.string(),
  slot_key: z.string(),
  slot_start: Ts,
  slot_end: Ts,
  source: z.string(),
  customer_id: z.string(),
  courier: z.string().nullable(),
  /** When it was dispatched and collected (the latest such change in its history), null when it was not. */
  dispatched_at: Ts.nullable(),
  collected_at: Ts.nullable(),
  /** Collected by the end of its slot; null while not collected. */
  on_time: z.boolean().nullable(),
  /** The overdue escalation went out. */
  escalated: z.boolean(),
  created_at: Ts,
  exported_at: Ts,
});
export type PickupRow = z.infer<typeof PickupRowSchema>;

export const PICKUPS_DATASET: AnalyticsDataset<PickupRow> = {
  name: 'pickups',
  description: 'One row per pickup (carrier), as it stood at export time; cancelled pickups included.',
  columns: [
    col('pickup_id', 'string', false, 'P20261123-0001'),
    col('status', 'string', false, 'booked, dispatched, collected, failed, cancelled'),
    col('branch', 'string', false, 'Branch key (the customer record branch)'),
    col('slot_id', 'string', false, 'shanghai#20261124#am'),
    col('slot_day', 'string', false, 'Local day of the slot (yyyy-mm-dd)'),
    col('slot_key', 'string', false, 'Slot of the day (am, pm)'),
    col('slot_start', 'timestamp', false, 'Slot start (UTC)'),
    col('slot_end', 'timestamp', false, 'Slot end (UTC): collected after it is late'),
    col('source', 'string', false, 'ivr, agent'),
    col('customer_id', 'string', false, 'CRM customer id'),
    col('courier', 'string', true, 'Courier it was dispatched to'),
    col('dispatched_at', 'timestamp', true, 'Dispatched (UTC)'),
    col('collected_at', 'timestamp', true, 'Collected (UTC)'),
    col('on_time', 'boolean', true, 'Collected by the end of its slot (null: not collected)'),
    col('escalated', 'boolean', false, 'The overdue escalation was sent'),
    col('created_at', 'timestamp', false, 'Booked (UTC)'),
    col('exported_at', 'timestamp', false, 'When the export ran (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'slot_start',
  rowSchema: PickupRowSchema,
};

// Order centre (F20): orders, supply and retailers' positions against their limits, from the Orders table (and the
// CRM's retailers for positions). Money in cents (fen), as stored.

export const OrderRowSchema = z.object({
  order_id: z.string().min(1),
  /** 1-based line of the order. */
  line_no: z.number().int().min(1),
  /** Ordering period, ISO week `2026-W48`. */
  period: z.string(),
  customer_id: z.string(),
  tier: z.string(),
  branch: z.string().nullable(),
  /** ivr (self-service), agent, campaign. */
  source: z.string(),
  /** placed, confirmed, picked, delivered, cancelled (at export time). */
  status: z.string(),
  cancelled: z.boolean(),
  product_code: z.string(),
  product_name: z.string(),
  unit: z.string(),
  quantity: z.number().int().positive(),
  unit_price_cents: z.number().int().nonnegative(),
  amount_cents: z.number().int().nonnegative(),
  /** Lines in the whole order, and its total (cents). */
  order_lines: z.number().int().min(1),
  order_total_cents: z.number().int().nonnegative(),
  contact_id: z.string().nullable(),
  created_at: Ts,
  /** When it was cancelled (null when it was not). */
  cancelled_at: Ts.nullable(),
  updated_at: Ts,
  exported_at: Ts,
});
export type OrderRow = z.infer<typeof OrderRowSchema>;

export const ORDERS_DATASET: AnalyticsDataset<OrderRow> = {
  name: 'orders',
  description:
    'One row per order line (order centre), as it stood at export time; cancelled orders included.',
  columns: [
    col('order_id', 'string', false, 'O20261123-123456'),
    col('line_no', 'bigint', false, 'Line of the order, from 1'),
    col('period', 'string', false, 'Ordering period (ISO week, 2026-W48)'),
    col('customer_id', 'string', false, 'Retailer (CRM customer id)'),
    col('tier', 'string', false, "Retailer's class when it ordered"),
    col('branch', 'string', true, "Retailer's branch"),
    col('source', 'string', false, 'ivr (self-service), agent, campaign'),
    col('status', 'string', false, 'placed, confirmed, picked, delivered, cancelled'),
    col('cancelled', 'boolean', false, 'The order was cancelled (supply and limit given back)'),
    col('product_code', 'string', false, 'Product code'),
    col('product_name', 'string', false, 'Product name as read to the caller'),
    col('unit', 'string', false, 'Unit sold'),
    col('quantity', 'bigint', false, 'Units ordered'),
    col('unit_price_cents', 'bigint', false, 'Price per unit (cents)'),
    col('amount_cents', 'bigint', false, 'quantity × unit price (cents)'),
    col('order_lines', 'bigint', false, 'Lines in the whole order'),
    col('order_total_cents', 'bigint', false, 'Total of the whole order (cents)'),
    col('contact_id', 'string', true, 'Connect ContactId it was placed in (IVR)'),
    col('created_at', 'timestamp', false, 'Placed (UTC)'),
    col('cancelled_at', 'timestamp', true, 'Cancelled (UTC)'),
    col('updated_at', 'timestamp', false, 'Last status change (UTC)'),
    col('exported_at', 'timestamp', false, 'When the export ran (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'created_at',
  rowSchema: OrderRowSchema,
};

export const OrderSupplyRowSchema = z.object({
  period: z.string(),
  product_code: z.string(),
  /** Null when the catalogue no longer has the product. */
  product_name: z.string().nullable(),
  supplied: z.number().int().nonnegative(),
  remaining: z.number().int(),
  /** supplied − remaining: units held by orders that are not cancelled. */
  sold: z.number().int(),
  /** When ordering for the period closes (UTC). */
  cutoff_at: Ts,
  /** The cutoff had passed at export time. */
  period_closed: z.boolean(),
  exported_at: Ts,
});
export type OrderSupplyRow = z.infer<typeof OrderSupplyRowSchema>;

export const ORDER_SUPPLY_DATASET: AnalyticsDataset<OrderSupplyRow> = {
  name: 'order_supply',
  description: 'One row per product and ordering period with supply (货源): supplied, sold, remaining.',
  columns: [
    col('period', 'string', false, 'Ordering period (ISO week)'),
    col('product_code', 'string', false, 'Product code'),
    col('product_name', 'string', true, 'Product name'),
    col('supplied', 'bigint', false, 'Units allocated to the period'),
    col('remaining', 'bigint', false, 'Units still to sell'),
    col('sold', 'bigint', false, 'supplied − remaining'),
    col('cutoff_at', 'timestamp', false, 'Order cutoff of the period (UTC)'),
    col('period_closed', 'boolean', false, 'The cutoff had passed at export time'),
    col('exported_at', 'timestamp', false, 'When the export ran (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'cutoff_at',
  rowSchema: OrderSupplyRowSchema,
};

export const OrderPositionRowSchema = z.object({
  period: z.string(),
  customer_id: z.string(),
  tier: z.string(),
  branch: z.string().nullable(),
  product_code: z.string(),
  /** Lower (下限) and upper (上限) limit: the retailer's own, else its class's; null without one. */
  lower_limit: z.number().int().nonnegative().nullable(),
  upper_limit: z.number().int().nonnegative().nullable(),
  /** customer, tier or none. */
  limit_source: z.string(),
  /** Units on orders that are not cancelled. */
  ordered: z.number().int().nonnegative(),
  below_lower: z.boolean(),
  /** lower − ordered when below, else 0. */
  missing: z.number().int().nonnegative(),
  cutoff_at: Ts,
  period_closed: z.boolean(),
  exported_at: Ts,
});
export type OrderPositionRow = z.infer<typeof OrderPositionRowSchema>;

export const ORDER_POSITIONS_DATASET: AnalyticsDataset<OrderPositionRow> = {
  name: 'order_positions',
  description:
    'One row per retailer, product and ordering period with supply where the retailer has a lower limit or ordered: what it ordered against its limits.',
  columns: [
    col('period', 'string', false, 'Ordering period (ISO week)'),
    col('customer_id', 'string', false, 'Retailer (CRM customer id)'),
    col('tier', 'string', false, "Retailer's class"),
    col('branch', 'string', true, "Retailer's branch"),
    col('product_code', 'string', false, 'Product code'),
    col('lower_limit', 'bigint', true, 'Lower limit (下限) for the period'),
    col('upper_limit', 'bigint', true, 'Upper limit (上限) for the period'),
    col('limit_source', 'string', false, "customer (its own), tier (its class's) or none"),
    col('ordered', 'bigint', false, 'Units on orders not cancelled'),
    col('below_lower', 'boolean', false, 'Ordered less than the lower limit'),
    col('missing', 'bigint', false, 'Units short of the lower limit'),
    col('cutoff_at', 'timestamp', false, 'Order cutoff of the period (UTC)'),
    col('period_closed', 'boolean', false, 'The cutoff had passed at export time'),
    col('exported_at', 'timestamp', false, 'When the export ran (UTC)'),
  ],
  partitionColumn: 'dt',
  dateColumn: 'cutoff_at',
  rowSchema: OrderPositionRowSchema,
};

export const ANALYTICS_DATASETS = [
  CONTACTS_DATASET,
  TICKETS_DATASET,
  SURVEYS_DATASET,
  EVALUATIONS_DATASET,
  CAMPAIGN_ATTEMPTS_DATASET,
  BOOKINGS_DATASET,
  LEADS_DATASET,
  PICKUPS_DATASET,
  ORDERS_DATASET,
  ORDER_SUPPLY_DATASET,
  ORDER_POSITIONS_DATASET,
] as const;
export type AnalyticsDatasetName = (typeof ANALYTICS_DATASETS)[number]['name'];

/** The partition value of a timestamp: its UTC date `yyyy-mm-dd`. */
export const dtOf = (iso: string): string =>
  DtSchema.parse(new Date(Date.parse(iso)).toISOString().slice(0, 10));

/** Object key prefix of a partition: `contacts/dt=2026-11-23/`. */
export const partitionPrefix = (dataset: AnalyticsDatasetName, dt: string): string =>
  `${dataset}/dt=${DtSchema.parse(dt)}/`;
