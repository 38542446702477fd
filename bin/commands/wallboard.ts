/**
 * `hotline wallboard [--watch]`: the live wallboard (F17) in the terminal. Locally it reads the ACD of the
 * `npm start` console running on the same --home (agents' states, callers waiting) and today's call records;
 * with --aws, Amazon Connect's real-time metrics. A breach (a caller waiting too long, an agent too long in
 * after-contact work) is shown red and notified to the supervisors once (locally: notifications.jsonl).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { refreshWallboard } from '../../functions/use-cases/supervision/refresh-wallboard.js';
import type { Wallboard } from '../../schemas/supervision.js';
import { globalOptions, UsageError } from '../options.js';

const colourOn = () => process.stdout.isTTY === true && !process.env.NO_COLOR;
const red = (s: string) => (colourOn() ? `\x1b[31;1m${s}\x1b[0m` : s);
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)}%`);
const secs = (v: number | null) => {
  if (v === null) return '—';
  const m = Math.floor(v / 60);
  return m > 0 ? `${m}m${String(Math.floor(v % 60)).padStart(2, '0')}s` : `${Math.floor(v)}s`;
};
const n = (v: number | null) => (v === null ? '—' : String(v));

/** Columns a string takes in a terminal: CJK characters take two. */
const width = (s: string): number =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? padEnd(c, widths[i] ?? 0) : padStart(c, widths[i] ?? 0))).join('  ');
}

/** The wallboard as text: one line per queue, one per agent, breaches marked `!` (and red on a terminal). */
export function renderWallboard(board: Wallboard, title: string): string {
  const lines: string[] = [];
  const sl = board.serviceLevel;
  lines.push(
    `${title} — wallboard at ${board.at} (${board.source}); service level target ${sl.targetPercent}% in ${sl.thresholdSeconds} s`,
  );
  const qHead = [
    'queue',
    'waiting',
    'longest',
    'avail',
    'on call',
    'ACW',
    'offline',
    'SL today',
    'abandoned',
    'queued',
  ];
  const qRows = board.queues.map((q) => [
    `${q.breach ? '! ' : '  '}${q.name}`,
    String(q.waiting),
    secs(q.longestWaitSeconds),
    String(q.agents.available),
    String(q.agents.onContact),
    String(q.agents.acw),
    n(q.agents.offline),
    `${pct(q.serviceLevelPercent)}${q.serviceLevelMet === false ? '↓' : ''}`,
    pct(q.abandonmentPercent),
    n(q.today?.queued ?? null),
  ]);
  const t = board.totals;
  qRows.push([
    '  all queues',
    String(t.waiting),
    secs(t.longestWaitSeconds),
    String(t.agents.available),
    String(t.agents.onContact),
    String(t.agents.acw),
    n(t.agents.offline),
    pct(t.serviceLevelPercent),
    pct(t.abandonmentPercent),
    '',
  ]);
  const qWidths = qHead.map((h, i) =>
    Math.max(h.length + (i === 0 ? 2 : 0), ...qRows.map((r) => width(r[i] ?? ''))),
  );
  lines.push('', row([`  ${qHead[0]}`, ...qHead.slice(1)], qWidths));
  board.queues.forEach((q, i) => {
    const text = row(qRows[i] ?? [], qWidths);
    lines.push(q.breach ? red(text) : text);
  });
  lines.push(row(qRows[qRows.length - 1] ?? [], qWidths));

  const aHead = ['agent', 'name', 'state', 'in state', 'contact', 'own queue'];
  const aRows = board.agents.map((a) => [
    `${a.breach ? '! ' : '  '}${a.id}`,
    a.name,
    a.stateLabel,
    secs(a.secondsInState),
    a.contactId ? a.contactId.slice(0, 8) : '',
    a.personalQueueWaiting ? String(a.personalQueueWaiting) : '',
  ]);
  const aWidths = aHead.map((h, i) =>
    Math.max(h.length + (i === 0 ? 2 : 0), ...aRows.map((r) => width(r[i] ?? ''))),
  );
  lines.push(
    '',
    [`  ${aHead[0]}`, ...aHead.slice(1)]
      .map((h, i) => padEnd(h, aWidths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  board.agents.forEach((a, i) => {
    const text = (aRows[i] ?? [])
      .map((c, j) => padEnd(c, aWidths[j] ?? 0))
      .join('  ')
      .trimEnd();
    lines.push(a.breach ? red(text) : text);
  });
  if (board.agentsTruncated > 0) lines.push(`  … and ${board.agentsTruncated} more agents`);
  if (board.breaches.length > 0) {
    lines.push('');
    for (const b of board.breaches)
      lines.push(
        red(
          `! ${b.kind === 'queue_wait' ? `queue ${b.subjectName}: waiting ${b.seconds} s` : `agent ${b.subject}: after-contact work ${b.seconds} s`} (limit ${b.limitSeconds} s)`,
        ),
      );
  }
  return lines.join('\n');
}

export function registerWallboardCommand(program: Command): void {
  program
    .command('wallboard')
    .description(
      'live wallboard: queues (waiting, longest wait, agents, service level and abandonment today) and agents (state, time in state); breaches notify the supervisors once',
    )
    .option('--watch', 'refresh until Ctrl-C (every --interval seconds)')
    .option('--interval <seconds>', "seconds between refreshes (default: the profile's refreshSeconds)")
    .option('--time-zone <tz>', 'time zone of "today"', process.env.HOTLINE_TIME_ZONE ?? 'Asia/Shanghai')
    .option('--no-notify', 'show only: do not record or notify breaches')
    .option('--json', 'print the wallboard as JSON')
    .addHelpText(
      'after',
      `
Locally it shows the ACD of the npm start console on the same --home: run \`npm start\` in one terminal and
\`npx hotline wallboard --watch\` in another, then place calls (try :busy, :acw ID in the console).`,
    )
    .action(
      async (
        opts: { watch?: boolean; interval?: string; timeZone: string; notify: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const settings = supervisionOf(g.profile.id).wallboard;
        const interval = opts.interval === undefined ? settings.refreshSeconds : Number(opts.interval);
        if (!Number.isFinite(interval) || interval < 1 || interval > 3600)
          throw new UsageError(`--interval "${opts.interval}" must be a number of seconds from 1 to 3600`);
        try {
          new Intl.DateTimeFormat('en', { timeZone: opts.timeZone });
        } catch {
          throw new UsageError(`--time-zone "${opts.timeZone}" is not an IANA time zone`);
        }
        // Loaded when used: the Connect and SNS clients stay out of every other command's start-up.
        const { SUPERVISOR_TOPIC, withSupervision } = await import('./supervision-runtime.js');
        await withSupervision(g.location, g.profile, settings, opts.timeZone, async (rt) => {
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          process.on('SIGINT', onSignal);
          try {
            for (;;) {
              const { board, notified } = await refreshWallboard({
                source: rt.source,
                settings,
                ...(opts.notify
                  ? {
                      alerts: {
                        ledger: rt.repo,
                        notifier: rt.notifier,
                        topic: SUPERVISOR_TOPIC,
                        profileTitle: g.profile.title,
                      },
                    }
                  : {}),
              });
              if (opts.json) console.log(JSON.stringify({ ...board, notified }, null, opts.watch ? 0 : 2));
              else {
                if (opts.watch && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
                console.log(renderWallboard(board, g.profile.title));
                for (const b of notified)
                  console.log(
                    `  notified the supervisors: ${b.kind} ${b.subject}${rt.home ? ' (notifications.jsonl)' : ''}`,
                  );
              }
              if (!opts.watch || stop.signal.aborted) break;
              await sleep(interval * 1000, undefined, { signal: stop.signal }).catch(() => undefined);
              if (stop.signal.aborted) break;
            }
          } finally {
            process.removeListener('SIGINT', onSignal);
          }
        });
      },
    );
}
