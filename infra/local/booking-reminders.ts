/**
 * The booking reminders' schedule in `npm start` (issue 12, dealer): what EventBridge Scheduler does in AWS
 * (`remindBookings`, functions/remind-bookings), run locally on a timer and on the console's clock (schedules.ts).
 * Every tick runs the same use case (`sendDueReminders`) at the console's time, so `:time 2026-11-24T18:00` makes the
 * day-before reminders of the 25th due and they go to the outbox at once. Each booking is reminded once, whatever the
 * number of ticks (the use case records the reminder with a conditional write before sending it).
 */
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { bookingDepsFromEnv } from '../../functions/shared/booking-deps.js';
import { sendDueReminders } from '../../functions/use-cases/bookings/bookings.js';
import type { Booking } from '../../schemas/bookings.js';
import { localTicketEnv } from './contact-centre.js';
import { type LocalSchedule, type LocalScheduleOptions, localSchedule } from './schedules.js';

export interface ReminderSent {
  readonly booking: Booking;
  /** The SMS's status: `sent`, `landline` (none sent), `opted-out`, … */
  readonly sms: string;
}

export type LocalBookingReminders = LocalSchedule<readonly ReminderSent[]>;

/**
 * Starts the reminder timer for a profile that books repairs (none: undefined, nothing runs). `now` is the
 * console's clock; `onSent` hears each tick's reminders (nothing when none were due); `onError` a failed tick (the
 * next one tries again).
 */
export function startBookingReminders(
  opts: LocalScheduleOptions & { readonly onSent: (sent: readonly ReminderSent[]) => void },
): LocalBookingReminders | undefined {
  if (!bookingSettingsOf(opts.profile.id)) return undefined;
  const deps = bookingDepsFromEnv(localTicketEnv(opts.profile, opts.env), { now: opts.now });
  if ('configError' in deps) throw new Error(`booking reminders: ${deps.configError}`);
  return localSchedule({
    ...opts,
    run: async () => {
      const sent = await sendDueReminders(deps, opts.now());
      if (sent.length) opts.onSent(sent);
      return sent;
    },
    close: () => deps.close(),
  });
}
