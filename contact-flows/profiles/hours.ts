import type { Day, Hours } from '../../schemas/profile.js';

type Slot = { start: string; end: string };

/** Monday to Friday. */
export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
] as const satisfies readonly Day[];
/** Monday to Saturday (most Chinese service hotlines work Saturdays). */
export const MON_TO_SAT = [...WEEKDAYS, 'SATURDAY'] as const satisfies readonly Day[];
/** Every day of the week. */
export const EVERY_DAY = [...MON_TO_SAT, 'SUNDAY'] as const satisfies readonly Day[];

/**
 * The same opening slot on each of `days`: `open(MON_TO_SAT, '08:00', '20:00')`.
 * `end` may be `24:00` (until midnight); `00:00`–`24:00` is open all day.
 */
export function open(days: readonly Day[], start: string, end: string): Hours['days'] {
  const slot: Slot = { start, end };
  return Object.fromEntries(days.map((d) => [d, slot]));
}
