/**
 * A console time (`:time …`) at which the auto-dealer hotline is open, and which has passed: the latest 10:00 in
 * Beijing up to now (today's, or yesterday's before 10:00 there), moved back to Saturday when it falls on a Sunday
 * (the repair and insurance desks open Monday to Saturday, 08:00–20:00). A spec that places calls sets it first, so
 * its calls do not depend on the hour CI runs at: a run at 21:00 Beijing time found the desks closed, and one at
 * 00:10 placed its call ten hours ahead of the clock, after the end of the supervisor's default period (today).
 */
export function openHoursTime(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  let day = new Date(beijing.getTime() - (beijing.getUTCHours() < 10 ? 86_400_000 : 0));
  if (day.getUTCDay() === 0) day = new Date(day.getTime() - 86_400_000);
  return `${day.toISOString().slice(0, 10)}T10:00:00+08:00`;
}
