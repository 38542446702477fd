/**
 * The tickets' escalation schedule in `npm start`: what the 5-minute EventBridge schedule does in AWS
 * (`escalateTickets`, functions/escalate-tickets), run locally on a timer and on the console's clock (schedules.ts).
 * A ticket still open at its reminder time goes once to its department, and once to the supervisors at its deadline
 * (the local outbox, notifications.jsonl); each level is recorded with a conditional write before it is sent.
 */
import { ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import {
  type EscalationSummary,
  escalateTickets,
} from '../../functions/use-cases/tickets/escalate-tickets.js';
import { localTicketEnv } from './contact-centre.js';
import { type LocalSchedule, type LocalScheduleOptions, localSchedule } from './schedules.js';

export type LocalTicketEscalations = LocalSchedule<EscalationSummary>;

/**
 * Starts the escalation timer (every profile keeps tickets). `now` is the console's clock; `onEscalated` hears each
 * run that escalated or failed to escalate something; `onError` a failed run (the next one tries again).
 */
export function startTicketEscalations(
  opts: LocalScheduleOptions & { readonly onEscalated: (summary: EscalationSummary) => void },
): LocalTicketEscalations {
  const deps = ticketDepsFromEnv(localTicketEnv(opts.profile, opts.env), { now: opts.now });
  if ('configError' in deps) throw new Error(`ticket escalations: ${deps.configError}`);
  return localSchedule({
    ...opts,
    run: async () => {
      const summary = await escalateTickets(deps);
      if (summary.escalated.length || summary.failed.length) opts.onEscalated(summary);
      return summary;
    },
    close: () => deps.close(),
  });
}
