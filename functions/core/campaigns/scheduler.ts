/**
 * Outbound campaigns, the dialler's rules (pure: no I/O, the clock is passed in).
 *
 * - Calling windows: per ISO weekday in the campaign's (the profile's) time zone, minus holidays.
 * - Do-not-call: decided at dial time from what the caller of `dncReason` looked up just then.
 * - Attempts: a retryable result (no answer, busy, voicemail, abandoned, failed) is tried again after its rule's
 *   minutes while the contact has had fewer than the rule's (and the campaign's) attempts; else it ends.
 * - Pacing: progressive (agents × lines per agent, minus the lines in use) or a calls-per-minute cap.
 * - `selectDials`: which entries to dial at `now`, given all of the above.
 */
import type {
  Attempt,
  CallingWindow,
  Campaign,
  DialResult,
  Disposition,
  ListEntry,
  Pacing,
  RetryableResult,
} from '../../../schemas/campaigns.js';
import { localParts, zonedTime } from '../business-time.js';

const MINUTE = 60_000;

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

const isoDate = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** True when `at` falls inside the calling window (start inclusive, end exclusive). */
export function inWindow(window: CallingWindow, at: Date): boolean {
  const p = localParts(at, window.timeZone);
  if (window.holidays.includes(isoDate(p.year, p.month, p.day))) return false;
  const day = window.days[String(isoWeekday(p.year, p.month, p.day)) as '1'];
  if (!day) return false;
  const minute = p.hour * 60 + p.minute;
  return minute >= toMinutes(day.start) && minute < toMinutes(day.end);
}

/**
 * The first instant at or after `at` inside the window (to the minute), or undefined when the window has no
 * open day in the next 400 days.
 */
export function nextWindowStart(window: CallingWindow, at: Date): Date | undefined {
  if (inWindow(window, at)) return at;
  const p = localParts(at, window.timeZone);
  for (let i = 0; i < 400; i++) {
    const probe = new Date(Date.UTC(p.year, p.month - 1, p.day + i));
    const y = probe.getUTCFullYear();
    const m = probe.getUTCMonth() + 1;
    const d = probe.getUTCDate();
    if (window.holidays.includes(isoDate(y, m, d))) continue;
    const day = window.days[String(isoWeekday(y, m, d)) as '1'];
    if (!day || toMinutes(day.end) <= toMinutes(day.start)) continue;
    const start = zonedTime(window.timeZone, y, m, d, toMinutes(day.start));
    const end = zonedTime(window.timeZone, y, m, d, toMinutes(day.end));
    if (end.getTime() <= at.getTime()) continue;
    let found = start.getTime() > at.getTime() ? start : new Date(Math.ceil(at.getTime() / MINUTE) * MINUTE);
    // A daylight-saving gap can swallow the window's opening (or all of it): the local time then maps to an
    // instant outside the window, or later than its first minute.
    if (!inWindow(window, found)) continue;
    while (found.getTime() - MINUTE >= at.getTime() && inWindow(window, new Date(found.getTime() - MINUTE)))
      found = new Date(found.getTime() - MINUTE);
    return found;
  }
  return undefined;
}

/** The end of the window the instant `at` is in (exclusive), or `at` itself when outside. */
export function windowEnd(window: CallingWindow, at: Date): Date {
  if (!inWindow(window, at)) return at;
  const p = localParts(at, window.timeZone);
  const day = window.days[String(isoWeekday(p.year, p.month, p.day)) as '1'];
  return zonedTime(window.timeZone, p.year, p.month, p.day, toMinutes(day?.end ?? '00:00'));
}

/** What the dial-time do-not-call check found. */
export interface DncFacts {
  /** The blacklist holds the number (an active block). */
  readonly blocked: boolean;
  /** The number opted out of SMS (the customer asked for no contact). */
  readonly smsOptedOut: boolean;
  /** The campaign's own opt-out list holds the number. */
  readonly campaignOptedOut: boolean;
}

export type DncReason = 'blacklist' | 'sms-opt-out' | 'campaign-opt-out';

/** Why the number must not be dialled, or undefined when it may. */
export function dncReason(facts: DncFacts): DncReason | undefined {
  if (facts.blocked) return 'blacklist';
  if (facts.campaignOptedOut) return 'campaign-opt-out';
  if (facts.smsOptedOut) return 'sms-opt-out';
  return undefined;
}

/** The decision after an attempt: try again at `nextAt`, or end the entry. */
export type AfterAttempt =
  | { readonly kind: 'retry'; readonly nextAt: Date }
  | { readonly kind: 'done'; readonly status: 'done' | 'failed' | 'dnc'; readonly disposition: string };

/**
 * What follows an attempt. `attempts` counts the attempt just made. An answered call ends with its disposition
 * (a call-back sets the next try; a `retry` disposition follows the no-answer rule).
 */
export function afterAttempt(
  campaign: Pick<Campaign, 'retry' | 'maxAttempts' | 'dispositions'>,
  attempts: number,
  result: DialResult,
  at: Date,
  answer: { disposition?: string; callbackAt?: Date } = {},
): AfterAttempt {
  const retryWith = (rule: RetryableResult): AfterAttempt => {
    const r = campaign.retry[rule];
    if (r && attempts < Math.min(r.maxAttempts, campaign.maxAttempts))
      return { kind: 'retry', nextAt: new Date(at.getTime() + r.afterMinutes * MINUTE) };
    return { kind: 'done', status: 'failed', disposition: 'unreachable' };
  };
  if (result !== 'answered') return retryWith(result);
  const d: Disposition | undefined = campaign.dispositions.find((x) => x.key === answer.disposition);
  if (!d) return retryWith('no-answer');
  switch (d.effect) {
    case 'done':
      return { kind: 'done', status: 'done', disposition: d.key };
    case 'dnc':
      return { kind: 'done', status: 'dnc', disposition: d.key };
    case 'retry':
      return retryWith('no-answer');
    case 'callback':
      if (attempts >= campaign.maxAttempts) return { kind: 'done', status: 'failed', disposition: d.key };
      return {
        kind: 'retry',
        nextAt:
          answer.callbackAt && answer.callbackAt.getTime() > at.getTime()
            ? answer.callbackAt
            : new Date(at.getTime() + 60 * MINUTE),
      };
  }
}

/** How many new dials pacing allows now. */
export function dialCapacity(
  pacing: Pacing,
  state: {
    /** Agents available for the campaign's queue now (progressive). */
    readonly availableAgents: number;
    /** Lines ringing or connected now, not yet with an agent. */
    readonly linesInUse: number;
    /** Dials started in the last 60 seconds (rate). */
    readonly dialsLastMinute: number;
  },
): number {
  if (pacing.kind === 'progressive')
    return Math.max(0, state.availableAgents * pacing.linesPerAgent - state.linesInUse);
  return Math.max(0, pacing.callsPerMinute - state.dialsLastMinute);
}

/** An entry may be dialled at `now`: pending, under its attempts, its next time reached. */
export function isDue(entry: ListEntry, campaign: Pick<Campaign, 'maxAttempts'>, now: Date): boolean {
  return (
    entry.status === 'pending' &&
    entry.attempts < campaign.maxAttempts &&
    (entry.nextAt === undefined || new Date(entry.nextAt).getTime() <= now.getTime())
  );
}

/**
 * The entries to dial at `now`: none outside the window or when the campaign is not active; else the due ones,
 * longest waiting first (fewest attempts, then list order), up to what pacing allows.
 */
export function selectDials(
  campaign: Pick<Campaign, 'status' | 'window' | 'maxAttempts' | 'pacing'>,
  entries: readonly ListEntry[],
  now: Date,
  pacing: Parameters<typeof dialCapacity>[1],
): ListEntry[] {
  if (campaign.status !== 'active' || !inWindow(campaign.window, now)) return [];
  const capacity = dialCapacity(campaign.pacing, pacing);
  if (capacity === 0) return [];
  return entries
    .filter((e) => isDue(e, campaign, now))
    .sort(
      (a, b) =>
        (a.nextAt ?? '').localeCompare(b.nextAt ?? '') ||
        a.attempts - b.attempts ||
        a.entryId.localeCompare(b.entryId),
    )
    .slice(0, capacity);
}

/** The idempotency token of one attempt: the same attempt always gets the same token (ClientToken ≤ 500). */
export function clientTokenOf(campaign: string, entryId: string, n: number): string {
  return `${campaign}-${entryId}-${n}`;
}

/** The entry after an attempt and its decision. */
export function entryAfter(entry: ListEntry, attempt: Attempt, decision: AfterAttempt): ListEntry {
  // The dial is over once its attempt is recorded (AWS: `dialling` marks a call in progress).
  const { dialling: _over, ...rest0 } = entry;
  const base: ListEntry = {
    ...rest0,
    attempts: Math.max(entry.attempts, attempt.n),
    updatedAt: attempt.at,
    ...(attempt.result === 'dnc' ? {} : { lastResult: attempt.result }),
  };
  if (decision.kind === 'retry') return { ...base, status: 'pending', nextAt: decision.nextAt.toISOString() };
  const { nextAt: _drop, ...rest } = base;
  return {
    ...rest,
    status: decision.status,
    disposition: decision.disposition,
    ...(attempt.effect ? { effect: attempt.effect } : {}),
  };
}
