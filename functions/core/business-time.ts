/**
 * Business time (pure): SLA deadlines counted in working hours of a calendar (time zone, working time
 * per weekday, holidays). Time zones through `Intl`; no date library needed.
 */
import type { BusinessCalendar } from '../../schemas/ticket.js';

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of `at` in `timeZone`. */
export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** `20261123`: the local date of `at` in `timeZone`. */
export function localDateKey(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

/** The instant whose wall clock in `timeZone` reads the given local time (DST-safe to the minute). */
export function zonedTime(timeZone: string, year: number, month: number, day: number, minutes: number): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const diff = wall - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** ISO weekday (1 Monday … 7 Sunday) of a local date. */
const isoWeekday = (year: number, month: number, day: number): number => {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
};

const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Working window [start, end) of one local date, or undefined when closed (weekend, holiday). */
function windowOf(cal: BusinessCalendar, year: number, month: number, day: number): [Date, Date] | undefined {
  if (cal.holidays.includes(isoDate(year, month, day))) return undefined;
  const slot = cal.days[String(isoWeekday(year, month, day)) as keyof BusinessCalendar['days']];
  if (!slot) return undefined;
  const start = toMinutes(slot.start);
  const end = toMinutes(slot.end);
  if (end <= start) return undefined;
  return [zonedTime(cal.timeZone, year, month, day, start), zonedTime(cal.timeZone, year, month, day, end)];
}

/** A calendar with no working day in two years would loop forever: refuse it. */
const MAX_DAYS = 731;

/**
 * The instant `hours` business hours after `from`: time outside working hours, on closed weekdays and on
 * holidays does not count. A ticket opened at night starts counting at the next opening.
 */
export function addBusinessHours(from: Date, hours: number, cal: BusinessCalendar): Date {
  let remaining = Math.round(hours * 3_600_000);
  const p = localParts(from, cal.timeZone);
  let cursor = new Date(Date.UTC(p.year, p.month - 1, p.day));
  for (let i = 0; i < MAX_DAYS; i++) {
    const y = cursor.getUTCFullYear();
    const m = cursor.getUTCMonth() + 1;
    const d = cursor.getUTCDate();
    const win = windowOf(cal, y, m, d);
    if (win) {
      const start = Math.max(win[0].getTime(), from.getTime());
      const end = win[1].getTime();
      if (start < end) {
        if (remaining <= end - start) return new Date(start + remaining);
        remaining -= end - start;
      }
    }
    cursor = new Date(cursor.getTime() + 86_400_000);
  }
  throw new Error('business calendar has no working time in two years');
}

/** Business milliseconds between `from` and `to` (negative when `to` is earlier). */
export function businessMsBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  if (to < from) return -businessMsBetween(to, from, cal);
  const p = localParts(from, cal.timeZone);
  let cursor = new Date(Date.UTC(p.year, p.month - 1, p.day));
  let total = 0;
  for (let i = 0; i < MAX_DAYS && cursor.getTime() <= to.getTime() + 86_400_000; i++) {
    const win = windowOf(cal, cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate());
    if (win) {
      const start = Math.max(win[0].getTime(), from.getTime());
      const end = Math.min(win[1].getTime(), to.getTime());
      if (start < end) total += end - start;
    }
    cursor = new Date(cursor.getTime() + 86_400_000);
  }
  return total;
}

/**
 * The instant `hours` business hours before `deadline` (for the level-1 reminder), never before `notBefore`.
 */
export function subtractBusinessHours(
  deadline: Date,
  hours: number,
  cal: BusinessCalendar,
  notBefore: Date,
): Date {
  // Walk back day by day: the mirror of addBusinessHours.
  let remaining = Math.round(hours * 3_600_000);
  const p = localParts(deadline, cal.timeZone);
  let cursor = new Date(Date.UTC(p.year, p.month - 1, p.day));
  for (let i = 0; i < MAX_DAYS; i++) {
    const win = windowOf(cal, cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate());
    if (win) {
      const end = Math.min(win[1].getTime(), deadline.getTime());
      const start = win[0].getTime();
      if (start < end) {
        if (remaining <= end - start) return new Date(Math.max(end - remaining, notBefore.getTime()));
        remaining -= end - start;
      }
    }
    if (cursor.getTime() < notBefore.getTime() - 86_400_000) return notBefore;
    cursor = new Date(cursor.getTime() - 86_400_000);
  }
  return notBefore;
}
