/**
 * Analytics rows (F16): pure derivation of the exported rows (schemas/analytics.ts) from the stored items — a
 * call record with its raw CTR, a survey result, a ticket. No I/O.
 */
import type {
  BookingRow,
  CampaignAttemptRow,
  ContactRow,
  EvaluationRow,
  LeadRow,
  PickupRow,
  SurveyRow,
  TicketRow,
} from '../../../schemas/analytics.js';
import type { Booking, BookingSettings } from '../../../schemas/bookings.js';
import type { CallRecordItem, SurveyResult } from '../../../schemas/call-record.js';
import type { Attempt, Campaign, ListEntry } from '../../../schemas/campaigns.js';
import { CtrAgentSchema, CtrQueueSchema } from '../../../schemas/contact-record.js';
import type { Lead } from '../../../schemas/leads.js';
import type { Pickup } from '../../../schemas/pickups.js';
import type { Evaluation } from '../../../schemas/supervision.js';
import type { Ticket } from '../../../schemas/ticket.js';

/** ISO instant with `Z`, or null for a missing / unreadable timestamp. */
function isoOrNull(ts: unknown): string | null {
  if (typeof ts !== 'string' || ts === '') return null;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const seconds = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
const diffSeconds = (from: string | null, to: string | null): number | null =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null;

/** A contacts row from a stored call record (queue and agent timings come from the raw CTR it keeps). */
export function contactRowOf(item: Pick<CallRecordItem, keyof CallRecordItem>): ContactRow {
  const queue = CtrQueueSchema.safeParse(item.ctr.Queue ?? {});
  const agent = CtrAgentSchema.safeParse(item.ctr.Agent ?? {});
  const q = queue.success ? queue.data : {};
  const a = agent.success ? agent.data : {};
  const enqueuedAt = isoOrNull(q.EnqueueTimestamp);
  const dequeuedAt = isoOrNull(q.DequeueTimestamp);
  const agentConnectedAt = isoOrNull(a.ConnectedToAgentTimestamp);
  const disconnectedAt = isoOrNull(item.disconnectedAt);
  const talk = seconds(a.AgentInteractionDuration) ?? seconds(item.talkSeconds);
  const hold = seconds(a.CustomerHoldDuration);
  const acw = seconds(a.AfterContactWorkDuration);
  const answered = agentConnectedAt !== null;
  const queued = enqueuedAt !== null;
  return {
    contact_id: item.contactId,
    channel: item.channel,
    initiation_method: item.initiationMethod,
    initiated_at: new Date(Date.parse(item.initiatedAt)).toISOString(),
    disconnected_at: disconnectedAt,
    caller_number: item.callerNumber ?? null,
    customer_id: item.customerId ?? null,
    queue: item.queue ?? null,
    agent_id: item.agentId ?? null,
    disconnect_reason: item.disconnectReason ?? null,
    enqueued_at: enqueuedAt,
    dequeued_at: dequeuedAt,
    agent_connected_at: agentConnectedAt,
    queue_seconds: queued
      ? (seconds(q.Duration) ?? diffSeconds(enqueuedAt, agentConnectedAt ?? dequeuedAt ?? disconnectedAt))
      : null,
    talk_seconds: talk,
    hold_seconds: hold,
    acw_seconds: acw,
    handle_seconds: answered ? (talk ?? 0) + (hold ?? 0) + (acw ?? 0) : null,
    queued,
    answered,
    abandoned: queued && !answered,
    vip: (item.attributes.vip ?? '').toLowerCase() === 'true',
    last_updated_at: new Date(Date.parse(item.lastUpdateTimestamp)).toISOString(),
    agent_queue: isAgentQueueArn(q.ARN),
    transferred: wasTransferred(item.ctr),
  };
}

/** An agent's personal queue: Connect names it `…/instance/<id>/queue/agent/<agent id>` (so does the local ACD). */
export const isAgentQueueArn = (arn: string | null | undefined): boolean =>
  typeof arn === 'string' && arn.includes('/queue/agent/');

/** The contact was transferred on: TransferCompletedTimestamp, or an address in TransferredToEndpoint. */
export function wasTransferred(ctr: Readonly<Record<string, unknown>>): boolean {
  if (typeof ctr.TransferCompletedTimestamp === 'string' && ctr.TransferCompletedTimestamp !== '')
    return true;
  const to = ctr.TransferredToEndpoint as { Address?: unknown } | null | undefined;
  return typeof to?.Address === 'string' && to.Address !== '';
}

export function surveyRowOf(s: SurveyResult): SurveyRow {
  return {
    contact_id: s.contactId,
    score: s.score,
    answer2: s.answer2 ?? null,
    agent_id: s.agentId ?? null,
    queue: s.queue ?? null,
    customer_id: s.customerId ?? null,
    answered_at: new Date(Date.parse(s.at)).toISOString(),
  };
}

/**
 * Whether a category counts as a complaint: the profile's categories with a return visit when known, else any
 * key containing `complaint`.
 */
export function complaintCategories(
  categories: readonly { key: string; returnVisit?: boolean }[] | undefined,
): (category: string) => boolean {
  if (categories && categories.length > 0) {
    const set = new Set(categories.filter((c) => c.returnVisit).map((c) => c.key));
    return (category) => set.has(category) || category.includes('complaint');
  }
  return (category) => category.includes('complaint');
}

export function ticketRowOf(
  t: Ticket,
  exportedAt: Date,
  isComplaint: (category: string) => boolean,
): TicketRow {
  return {
    ticket_id: t.ticketId,
    category: t.category,
    department: t.department,
    priority: t.priority,
    status: t.status,
    source: t.source,
    complaint: isComplaint(t.category),
    customer_id: t.customerId ?? null,
    contact_id: t.contactId ?? null,
    created_at: new Date(Date.parse(t.createdAt)).toISOString(),
    due_at: new Date(Date.parse(t.dueAt)).toISOString(),
    // Closed without a recorded resolution counts as resolved when closed.
    resolved_at: isoOrNull(t.resolvedAt ?? t.closedAt),
    closed_at: isoOrNull(t.closedAt),
    escalation_level: t.escalationLevel,
    exported_at: exportedAt.toISOString(),
  };
}

export function evaluationRowOf(e: Evaluation): EvaluationRow {
  return {
    contact_id: e.contactId,
    agent_id: e.agentId,
    scorecard: e.scorecardKey,
    evaluator: e.evaluator,
    score_percent: e.scorePercent,
    auto_failed: e.autoFailed,
    passed: e.passed,
    evaluated_at: new Date(Date.parse(e.evaluatedAt)).toISOString(),
  };
}

/** A campaign attempt as an analytics row: final when it is the entry's last attempt and the entry is finished. */
export function campaignAttemptRowOf(a: {
  readonly attempt: Attempt;
  readonly campaign: Pick<Campaign, 'name' | 'purpose' | 'mode' | 'dispositions'>;
  readonly entry: Pick<ListEntry, 'attempts' | 'status' | 'customerId' | 'disposition'> | undefined;
}): CampaignAttemptRow {
  const final = a.entry !== undefined && a.entry.status !== 'pending' && a.entry.attempts === a.attempt.n;
  const disposition = final ? (a.entry?.disposition ?? a.attempt.disposition) : a.attempt.disposition;
  return {
    campaign: a.campaign.name,
    purpose: a.campaign.purpose,
    mode: a.campaign.mode,
    entry_id: a.attempt.entryId,
    customer_id: a.entry?.customerId ?? null,
    attempt: a.attempt.n,
    result: a.attempt.result,
    disposition: disposition ?? null,
    success: a.campaign.dispositions.some((d) => d.key === disposition && d.success),
    last_attempt: final,
    agent_id: a.attempt.agentId ?? null,
    talk_seconds: a.attempt.talkSeconds ?? null,
    effect: a.attempt.effect ?? null,
    attempted_at: new Date(Date.parse(a.attempt.at)).toISOString(),
  };
}

/** A repair booking's row (issue 12); the capacities are the settings' at export time. */
export function bookingRowOf(b: Booking, settings: Pick<BookingSettings, 'branches' | 'slots'>): BookingRow {
  const [, day = '', slotKey = ''] = b.slotId.split('#');
  const capacity = settings.branches.find((w) => w.key === b.branch)?.capacityPerSlot ?? 0;
  return {
    booking_id: b.bookingId,
    status: b.status,
    workshop: b.branch,
    slot_id: b.slotId,
    slot_day: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
    slot_key: slotKey,
    slot_start: new Date(Date.parse(b.slotStart)).toISOString(),
    slot_capacity: capacity,
    day_capacity: capacity * settings.slots.length,
    source: b.source,
    moves: b.moves,
    customer_id: b.customerId,
    created_at: new Date(Date.parse(b.createdAt)).toISOString(),
  };
}

/** A sales lead's row (issue 12). */
export function leadRowOf(l: Lead): LeadRow {
  return {
    lead_id: l.leadId,
    status: l.status,
    source: l.source,
    source_detail: l.sourceDetail ?? null,
    interest: l.interest,
    consent: l.consent,
    contacted: l.history.some((h) => h.to === 'contacted'),
    customer_id: l.customerId ?? null,
    created_at: new Date(Date.parse(l.createdAt)).toISOString(),
  };
}

/**
 * A pickup's row (issue 12, carrier): when it was dispatched and collected (the last such change of its history),
 * and whether it was collected by the end of its slot.
 */
export function pickupRowOf(p: Pickup, exportedAt: Date): PickupRow {
  const iso = (t: string) => new Date(Date.parse(t)).toISOString();
  const lastTo = (status: Pickup['status']) => p.history.findLast((h) => h.to === status)?.at;
  const dispatched = lastTo('dispatched');
  const collected = p.status === 'collected' ? lastTo('collected') : undefined;
  const [, day = '', slotKey = ''] = p.slotId.split('#');
  return {
    pickup_id: p.pickupId,
    status: p.status,
    branch: p.branch,
    slot_id: p.slotId,
    slot_day: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
    slot_key: slotKey,
    slot_start: iso(p.slotStart),
    slot_end: iso(p.slotEnd),
    source: p.source,
    customer_id: p.customerId,
    courier: p.courier ?? null,
    dispatched_at: dispatched ? iso(dispatched) : null,
    collected_at: collected ? iso(collected) : null,
    on_time: collected ? Date.parse(collected) <= Date.parse(p.slotEnd) : null,
    escalated: p.escalatedAt !== undefined,
    created_at: iso(p.createdAt),
    exported_at: exportedAt.toISOString(),
  };
}
