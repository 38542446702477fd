/**
 * The schedules of `npm start`: what EventBridge runs every few minutes in AWS (booking reminders, ticket
 * escalations, the overdue pickups' escalation), run locally on a timer and on the console's clock (so `:time` moves
 * what is due). Each run is a use case that is safe to run again (each reminder or escalation is recorded with a
 * conditional write before it is sent), so a run that overlaps the CLI's own (`hotline bookings reminders --send`,
 * `hotline tickets overdue --escalate`, `hotline pickups overdue --escalate`) sends nothing twice.
 */
import type { Profile } from '../../schemas/profile.js';
import type { LocalHandlerEnv } from './contact-centre.js';

/** How often a schedule runs (each run's read is one Query; nothing due costs nothing). */
export const LOCAL_SCHEDULE_TICK_MS = 60_000;

export interface LocalSchedule<T> {
  /** Run now; waits for a run already going (runs never overlap). */
  tick(): Promise<T | undefined>;
  /** Stop the timer and release what the runs hold; waits for a running run. */
  stop(): Promise<void>;
}

/** What every schedule of the console is started with. */
export interface LocalScheduleOptions {
  readonly profile: Profile;
  readonly env: LocalHandlerEnv;
  /** The console's clock. */
  readonly now: () => Date;
  /** Hears a failed timer run (the next one tries again); `tick()` rejects with it. */
  readonly onError?: (err: unknown) => void;
  /** @default LOCAL_SCHEDULE_TICK_MS */
  readonly intervalMs?: number;
}

/**
 * Runs `run` every `intervalMs` and on `tick()`, one run at a time; `close` releases what the runs hold once stopped.
 * The timer alone never keeps the process alive.
 */
export function localSchedule<T>(
  opts: Pick<LocalScheduleOptions, 'onError' | 'intervalMs'> & {
    readonly run: () => Promise<T>;
    readonly close: () => void;
  },
): LocalSchedule<T> {
  let running: Promise<T | undefined> = Promise.resolve(undefined);
  let stopped = false;
  const tick = (): Promise<T | undefined> => {
    running = running.catch(() => undefined).then(() => (stopped ? undefined : opts.run()));
    return running;
  };
  const timer = setInterval(() => {
    tick().catch((err: unknown) => opts.onError?.(err));
  }, opts.intervalMs ?? LOCAL_SCHEDULE_TICK_MS);
  timer.unref();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => undefined);
      opts.close();
    },
  };
}
