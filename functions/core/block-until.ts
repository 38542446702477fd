/** When a block ends, as an operator writes it. No I/O: the clock is a parameter. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type UntilResult =
  | { readonly ok: true; readonly until: Date }
  | { readonly ok: false; readonly reason: string };

/**
 * Read `2026-01-31` (the start of that day) or `2026-01-31T18:00`, both in this machine's
 * time zone, or `2026-01-31T18:00:00+08:00` / `…Z` (that instant). The date must exist and
 * lie in the future (a block is in force until then, exclusive).
 */
export function parseBlockUntil(text: string, now: Date): UntilResult {
  const t = text.trim();
  const d = DATE.exec(t);
  const dt = d ? undefined : DATE_TIME.exec(t);
  if (!d && !dt) {
    return {
      ok: false,
      reason: `"${text}" is not a date: give 2026-01-31, 2026-01-31T18:00 or 2026-01-31T18:00:00+08:00`,
    };
  }
  const m = (d ?? dt) as RegExpExecArray;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milli = Number((m[7] ?? '').padEnd(3, '0'));
  const zone = dt?.[8];
  // Check the calendar fields themselves, so 2026-02-30 or 25:00 is refused rather than rolled over.
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    probe.getUTCHours() !== hour ||
    probe.getUTCMinutes() !== minute ||
    probe.getUTCSeconds() !== second
  ) {
    return { ok: false, reason: `"${text}" is not a real date or time` };
  }
  let until: Date;
  if (zone === undefined) until = new Date(year, month - 1, day, hour, minute, second, milli);
  else {
    const offset =
      zone.toUpperCase() === 'Z'
        ? 0
        : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    until = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milli) - offset * 60_000);
  }
  if (until.getTime() <= now.getTime()) {
    return { ok: false, reason: `${until.toISOString()} ("${text}") is not in the future` };
  }
  return { ok: true, until };
}
