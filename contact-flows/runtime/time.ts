import { localParts as zonedParts } from '../../functions/core/business-time.js';
import { DAYS, type Day } from '../../schemas/profile.js';

/**
 * Simulated time. Nothing in the runtime reads the wall clock for flow semantics: hours of operation, queue
 * ages, waits and CTR timestamps all come from here, so a call is reproducible. (Only the Lambda time limit is a
 * real timer, because real handlers run in real time.)
 */
export class SimulatedClock {
  #ms: number;

  constructor(start: Date | string | number = Date.now()) {
    this.#ms = toMs(start);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  nowMs(): number {
    return this.#ms;
  }

  set(to: Date | string | number): void {
    this.#ms = toMs(to);
  }

  advance(seconds: number): void {
    this.#ms += Math.max(0, seconds) * 1000;
  }
}

export function toMs(value: Date | string | number): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(value)}`);
  return ms;
}

/** CTR format: UTC, whole seconds (truncated), `yyyy-mm-ddThh:mm:ssZ`. */
export function ctrTimestamp(at: Date | number): string {
  return new Date(typeof at === 'number' ? at : at.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------------------------
// Hours of operation

export interface HoursSlot {
  /** `HH:MM`, local time in the hours' time zone. */
  readonly start: string;
  /** `HH:MM`; `24:00` is midnight at the end of the day. */
  readonly end: string;
}

/** Hours of operation as Connect has them (`AWS::Connect::HoursOfOperation`): days, slots, time zone. */
export interface HoursOfOperation {
  readonly arn: string;
  readonly name: string;
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** Days not listed are closed. Same shape as a profile's `Hours.days`; several slots per day allowed. */
  readonly days: Partial<Record<Day, HoursSlot | readonly HoursSlot[]>>;
}

/** Open every day, all day. */
export function alwaysOpen(arn: string, name = 'Open 24/7', timeZone = 'UTC'): HoursOfOperation {
  const slot = { start: '00:00', end: '24:00' };
  return { arn, name, timeZone, days: Object.fromEntries(DAYS.map((d) => [d, slot])) };
}

/** Connect's day names, indexed like `Date.getUTCDay()` (0 = Sunday). */
const WEEKDAYS: readonly Day[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];

/** The weekday and minute of the day of `at` in `timeZone` (wall clock from the shared business-time code). */
function localParts(at: Date, timeZone: string): { day: Day; minutes: number } {
  const p = zonedParts(at, timeZone);
  const day = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] ?? 'MONDAY';
  return { day, minutes: p.hour * 60 + p.minute };
}

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): "${hhmm}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function slots(value: HoursSlot | readonly HoursSlot[] | undefined): readonly HoursSlot[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as HoursSlot];
}

/**
 * Whether the hours are open at `at`, in their time zone. A slot is `[start, end)`. Decided where Connect's
 * behaviour is not in the reference: `start == end` is open all day (Connect's 00:00–00:00); `end < start` runs
 * past midnight into the next day.
 */
export function isOpen(hours: HoursOfOperation, at: Date): boolean {
  const { day, minutes } = localParts(at, hours.timeZone);
  const index = DAYS.indexOf(day);
  const yesterday = DAYS[(index + DAYS.length - 1) % DAYS.length] as Day;
  for (const slot of slots(hours.days[day])) {
    const start = minutesOf(slot.start);
    const end = minutesOf(slot.end);
    if (start === end) return true;
    if (start < end ? minutes >= start && minutes < end : minutes >= start) return true;
  }
  for (const slot of slots(hours.days[yesterday])) {
    const start = minutesOf(slot.start);
    const end = minutesOf(slot.end);
    if (end < start && minutes < end) return true;
  }
  return false;
}
