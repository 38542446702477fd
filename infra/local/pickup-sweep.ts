/**
 * The overdue pickups' schedule in `npm start` (issue 12, carrier): what the 5-minute EventBridge schedule does in
 * AWS (`escalatePickups`, functions/escalate-pickups), run locally on a timer and on the console's clock
 * (schedules.ts). Each run first publishes again the dispatch notices the notifier refused, then escalates the
 * pickups not collected by the end of their slot: once each, to the branch's dispatch topic and the supervisors (the
 * local outbox, notifications.jsonl).
 */
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { escalateOverduePickups, resendPendingNotices } from '../../functions/use-cases/pickups/pickups.js';
import type { Pickup } from '../../schemas/pickups.js';
import { localTicketEnv } from './contact-centre.js';
import { type LocalSchedule, type LocalScheduleOptions, localSchedule } from './schedules.js';

export interface PickupSweep {
  readonly escalated: readonly Pickup[];
  /** Keys of dispatch notices published now, after the notifier had refused them. */
  readonly resent: readonly string[];
}

export type LocalPickupSweep = LocalSchedule<PickupSweep>;

/**
 * Starts the overdue sweep for a profile that books pickups (none: undefined, nothing runs). `now` is the console's
 * clock; `onSwept` hears each run that escalated or resent something; `onError` a failed run (the next one tries
 * again).
 */
export function startPickupSweep(
  opts: LocalScheduleOptions & { readonly onSwept: (swept: PickupSweep) => void },
): LocalPickupSweep | undefined {
  if (!pickupSettingsOf(opts.profile.id)) return undefined;
  const deps = pickupDepsFromEnv(localTicketEnv(opts.profile, opts.env), { now: opts.now });
  if ('configError' in deps) throw new Error(`pickup sweep: ${deps.configError}`);
  return localSchedule({
    ...opts,
    run: async () => {
      const resent = await resendPendingNotices(deps);
      const escalated = await escalateOverduePickups(deps, opts.now());
      const swept = { escalated, resent: resent.sent };
      if (escalated.length || resent.sent.length) opts.onSwept(swept);
      return swept;
    },
    close: () => deps.close(),
  });
}
