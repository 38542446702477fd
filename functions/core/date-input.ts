/**
 * The one parser for every date or time an operator types (`--at`, `--until`, `--from`/`--to`,
 * `--time-zone`, the console's `:time`). Strict: a date that does not exist (2026-02-30, 25:99) is
 * refused, never rolled over; a time without an offset is read in the given time zone (the profile's),
 * never in the machine's; an unknown time zone is refused. Every refusal shows the right form.
 * No I/O: the clock is a parameter.
 */
import { localParts, zonedTime } from './business-time.js';

/** The contact centre's zone when a profile names none (the profiles' calendars use it). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A date, time or time zone that cannot be read: a usage error. */
export class DateInputError extends Error {
  override readonly name = 'DateInputError';
}

const FORMS = '2026-11-23, 2026-11-23T10:00 or 2026-11-23T10:00:00+08:00';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;

/** `timeZone` if the runtime knows it (IANA name such as Asia/Shanghai, or UTC); else DateInputError. */
export function checkTimeZone(timeZone: string, label = '--time-zone'): string {
  const tz = timeZone.trim();
  try {
    if (!tz || tz.length > 64) throw new RangeError();
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone && tz;
  } catch {
    throw new DateInputError(
      `${label} "${clip(timeZone)}" is not a time zone: give an IANA name such as Asia/Shanghai, Europe/London or UTC`,
    );
  }
}

export interface TimeInputOptions {
  /** How the option is named in messages: `--at`, `--until`, `:time`. */
  readonly label: string;
  /** The zone of a time written without an offset (the profile's). */
  readonly timeZone: string;
  /** Accept `HH:MM` alone: that time today (in `timeZone`), today taken from `now`. */
  readonly timeOfDay?: boolean;
  /** The clock, for `timeOfDay` and `future`. */
  readonly now?: Date;
  /** Refuse a time that is not after `now`. */
  readonly future?: boolean;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…` : s);

/**
 * The instant `text` names: `2026-11-23` (the start of that day), `2026-11-23T10:00[:00[.000]]` (a space
 * for `T` is fine) in `timeZone`, or with `Z` / `+08:00` / `+0800` / `+08` that instant; with `timeOfDay`
 * also `10:00` (today). Years 1970 to 9999.
 */
export function parseTimeInput(text: string, opts: TimeInputOptions): Date {
  const tz = checkTimeZone(opts.timeZone);
  const t = text.trim();
  const refuse = (why: string): never => {
    throw new DateInputError(`${opts.label} "${clip(text)}" ${why}`);
  };
  const now = opts.now ?? new Date();
  let at: Date;
  const tod = opts.timeOfDay ? TIME_OF_DAY.exec(t) : null;
  if (tod) {
    const [h, m] = [Number(tod[1]), Number(tod[2])];
    if (h > 23 || m > 59) refuse('is not a time of day: give HH:MM from 00:00 to 23:59, e.g. 22:00');
    const today = localParts(now, tz);
    at = zonedTime(tz, today.year, today.month, today.day, h * 60 + m);
  } else {
    const m = DATE_TIME.exec(t);
    if (!m) refuse(`is not a date or time: give ${opts.timeOfDay ? 'HH:MM (today), ' : ''}${FORMS}`);
    const f = m as RegExpExecArray;
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(f[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const milli = Number((f[7] ?? '').slice(0, 3).padEnd(3, '0'));
    const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (
      year < 1970 ||
      probe.getUTCFullYear() !== year ||
      probe.getUTCMonth() !== month - 1 ||
      probe.getUTCDate() !== day ||
      probe.getUTCHours() !== hour ||
      probe.getUTCMinutes() !== minute ||
      probe.getUTCSeconds() !== second
    )
      refuse(`is not a real date and time (from 1970 on): give ${FORMS}`);
    const zone = f[8];
    if (zone === undefined) {
      at = new Date(zonedTime(tz, year, month, day, hour * 60 + minute).getTime() + second * 1000 + milli);
    } else {
      let offset = 0;
      if (zone.toUpperCase() !== 'Z') {
        const digits = zone.slice(1).replace(':', '');
        const oh = Number(digits.slice(0, 2));
        const om = Number(digits.slice(2) || 0);
        if (oh > 18 || om > 59) refuse(`has an offset that does not exist: give ${FORMS}`);
        offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
      }
      at = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milli) - offset * 60_000);
    }
  }
  if (opts.future && at.getTime() <= now.getTime()) refuse(`(${at.toISOString()}) is not in the future`);
  return at;
}

/** A local date `2026-11-23` that exists (for day ranges such as `--from`/`--to` of an export). */
export function parseDateInput(text: string, label: string): string {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const probe = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (
    !m ||
    !probe ||
    Number(m[1]) < 1970 ||
    probe.getUTCFullYear() !== Number(m[1]) ||
    probe.getUTCMonth() !== Number(m[2]) - 1 ||
    probe.getUTCDate() !== Number(m[3])
  )
    throw new DateInputError(`${label} "${clip(text)}" is not a real date: give one such as 2026-11-23`);
  return t;
}
