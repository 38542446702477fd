/**
 * A console time (`:time …`) at which the auto-dealer hotline is open, on the day the test runs: 10:00 in
 * Beijing today, or on Saturday when today is a Sunday there (its repair and insurance desks open Monday to
 * Saturday, 08:00–20:00). A spec that places calls sets it first, so its calls do not depend on the hour CI runs at
 * (a run at 21:00 Beijing time found the desks closed).
 */
export function openHoursTime(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const day = new Date(beijing.getTime() - (beijing.getUTCDay() === 0 ? 86_400_000 : 0));
  return `${day.toISOString().slice(0, 10)}T10:00:00+08:00`;
}
