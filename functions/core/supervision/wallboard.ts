/**
 * The live wallboard (F17), pure: from what a source reports at one moment (a snapshot: the local ACD or Amazon
 * Connect's real-time metrics) to per-queue and per-agent tiles, with the profile's thresholds applied.
 * - Per queue: contacts waiting, longest wait, agents available / on contact / in after-contact work / offline,
 *   today's service level (answered within the threshold / queued) and abandonment (abandoned / queued).
 * - Per agent: state and time in state. Personal (agent) queues are never tiles: their waiting contacts are
 *   shown on their agent.
 * - Breaches: a queue whose oldest contact waited longer than `queueWaitSeconds`, an agent in after-contact
 *   work longer than `agentAcwSeconds`. Each occurrence has a stable key, so it is notified once
 *   (`openedBreaches`).
 * One pass over the agents and one over the queues: O(agents × queues served + queues).
 */
import type { ContactRow } from '../../../schemas/analytics.js';
import type {
  AgentCounts,
  AgentTile,
  Breach,
  QueueTile,
  QueueToday,
  Wallboard,
  WallboardAgentState,
  WallboardSettings,
  WallboardSnapshot,
} from '../../../schemas/supervision.js';
import { localParts, zonedTime } from '../business-time.js';

const emptyCounts = (): {
  available: number;
  onContact: number;
  acw: number;
  offline: number;
  other: number;
} => ({
  available: 0,
  onContact: 0,
  acw: 0,
  offline: 0,
  other: 0,
});

const COUNT_FIELD: Readonly<Record<WallboardAgentState, keyof ReturnType<typeof emptyCounts>>> = {
  available: 'available',
  on_contact: 'onContact',
  acw: 'acw',
  offline: 'offline',
  other: 'other',
};

/** `part / whole` in percent, or null when there is no whole. */
const percent = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);

export function computeWallboard(snapshot: WallboardSnapshot, settings: WallboardSettings): Wallboard {
  const at = Date.parse(snapshot.at);
  const breaches: Breach[] = [];

  // Agents: time in state, ACW breaches, and per-queue counts for sources that do not report them.
  const countsByQueue = new Map<string, ReturnType<typeof emptyCounts>>();
  const totalAgents = emptyCounts();
  const agents: AgentTile[] = [];
  for (const a of snapshot.agents) {
    const secondsInState = Math.max(0, Math.floor((at - a.since) / 1000));
    const field = COUNT_FIELD[a.state];
    totalAgents[field]++;
    for (const q of a.queues) {
      let c = countsByQueue.get(q);
      if (!c) {
        c = emptyCounts();
        countsByQueue.set(q, c);
      }
      c[field]++;
    }
    const breach = a.state === 'acw' && secondsInState > settings.agentAcwSeconds;
    if (breach)
      breaches.push({
        key: `agent_acw#${a.id}#${a.since}`,
        kind: 'agent_acw',
        subject: a.id,
        subjectName: a.name,
        seconds: secondsInState,
        limitSeconds: settings.agentAcwSeconds,
      });
    agents.push({
      id: a.id,
      name: a.name,
      state: a.state,
      stateLabel: a.stateLabel,
      secondsInState,
      contactId: a.contactId ?? null,
      personalQueueWaiting: a.personalQueueWaiting,
      breach,
    });
  }

  const today: QueueToday = { queued: 0, answeredInThreshold: 0, answered: 0, abandoned: 0 };
  let todayKnown = false;
  let waiting = 0;
  let longest: number | null = null;
  const queues: QueueTile[] = snapshot.queues.map((q) => {
    const counts: AgentCounts = q.agents ?? countsByQueue.get(q.id) ?? emptyCounts();
    const breach = q.oldestWaitSeconds !== null && q.oldestWaitSeconds > settings.queueWaitSeconds;
    if (breach)
      breaches.push({
        key: `queue_wait#${q.id}`,
        kind: 'queue_wait',
        subject: q.id,
        subjectName: q.name,
        seconds: q.oldestWaitSeconds ?? 0,
        limitSeconds: settings.queueWaitSeconds,
      });
    waiting += q.waiting;
    if (q.oldestWaitSeconds !== null) longest = Math.max(longest ?? 0, q.oldestWaitSeconds);
    const t = q.today;
    if (t) {
      todayKnown = true;
      today.queued += t.queued;
      today.answeredInThreshold += t.answeredInThreshold;
      today.answered += t.answered;
      today.abandoned += t.abandoned;
    }
    const serviceLevelPercent = t ? percent(t.answeredInThreshold, t.queued) : null;
    return {
      id: q.id,
      name: q.name,
      waiting: q.waiting,
      longestWaitSeconds: q.oldestWaitSeconds,
      agents: counts,
      serviceLevelPercent,
      serviceLevelMet:
        serviceLevelPercent === null ? null : serviceLevelPercent >= settings.serviceLevel.targetPercent,
      abandonmentPercent: t ? percent(t.abandoned, t.queued) : null,
      today: t ?? null,
      breach,
    };
  });

  return {
    at: snapshot.at,
    source: snapshot.source,
    serviceLevel: settings.serviceLevel,
    queues,
    agents,
    totals: {
      waiting,
      longestWaitSeconds: longest,
      agents: totalAgents,
      serviceLevelPercent: todayKnown ? percent(today.answeredInThreshold, today.queued) : null,
      abandonmentPercent: todayKnown ? percent(today.abandoned, today.queued) : null,
    },
    breaches,
    agentsTruncated: snapshot.agentsTruncated,
  };
}

/** Breaches present now that were not open before: the ones to notify (once per breach). */
export function openedBreaches(current: readonly Breach[], open: ReadonlySet<string>): Breach[] {
  return current.filter((b) => !open.has(b.key));
}

/** Open breach keys no longer present: the breach is over (a later one is a new breach). */
export function closedBreaches(current: readonly Breach[], open: ReadonlySet<string>): string[] {
  const now = new Set(current.map((b) => b.key));
  return [...open].filter((k) => !now.has(k));
}

/** The supervisors' notification for a breach. */
export function breachNotice(breach: Breach, profileTitle: string): { subject: string; body: string } {
  const what =
    breach.kind === 'queue_wait'
      ? `Queue "${breach.subjectName}": a caller has waited ${breach.seconds} s (limit ${breach.limitSeconds} s)`
      : `Agent ${breach.subjectName} (${breach.subject}) has been in after-contact work for ${breach.seconds} s (limit ${breach.limitSeconds} s)`;
  return {
    subject:
      `[${profileTitle}] wallboard: ${breach.kind === 'queue_wait' ? 'queue waiting too long' : 'agent too long in after-contact work'}`.slice(
        0,
        99,
      ),
    body: JSON.stringify({ type: 'wallboard_breach', breach, message: what }),
  };
}

/** Midnight of `at`'s day in `timeZone`: where "today" starts for the wallboard. */
export function startOfDay(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  return zonedTime(timeZone, p.year, p.month, p.day, 0);
}

/**
 * Today's figures per queue name from the day's contacts (latest version of each): queued, answered within the
 * threshold, answered, abandoned. Personal (agent) queues are left out: they are not queues.
 */
export function todayByQueue(
  rows: Iterable<
    Pick<
      ContactRow,
      | 'contact_id'
      | 'queue'
      | 'queued'
      | 'answered'
      | 'abandoned'
      | 'queue_seconds'
      | 'agent_queue'
      | 'last_updated_at'
    >
  >,
  thresholdSeconds: number,
): Map<string, QueueToday> {
  const latest = new Map<string, typeof rows extends Iterable<infer R> ? R : never>();
  for (const r of rows) {
    const cur = latest.get(r.contact_id);
    if (!cur || cur.last_updated_at < r.last_updated_at) latest.set(r.contact_id, r);
  }
  const out = new Map<string, QueueToday>();
  for (const r of latest.values()) {
    if (!r.queued || r.agent_queue || r.queue === null) continue;
    let t = out.get(r.queue);
    if (!t) {
      t = { queued: 0, answeredInThreshold: 0, answered: 0, abandoned: 0 };
      out.set(r.queue, t);
    }
    t.queued++;
    if (r.answered) t.answered++;
    if (r.answered && r.queue_seconds !== null && r.queue_seconds <= thresholdSeconds)
      t.answeredInThreshold++;
    if (r.abandoned) t.abandoned++;
  }
  return out;
}
