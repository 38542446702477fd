/**
 * `npm start`: the local contact centre, no AWS account needed. Starts DynamoDB Local with the data kept
 * under $HOTLINE_HOME (default ./.hotline), loads the profile's demo customers on the first start, and
 * opens a call console: dial in from a number, hear the prompts, press keys, see the routing, the
 * screen-pop attributes and the agent who answers. The profile's real flows run in the offline
 * interpreter against the real in-call handlers.
 * Ends on Ctrl-C or when its input closes, stopping DynamoDB Local if it started it.
 *
 *   npm start -- --profile logistics --home /tmp/hotline
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { checkTimeZone, DEFAULT_TIME_ZONE, parseTimeInput } from '../../functions/core/date-input.js';
import type { CallEvent, CallResult } from '../../schemas/contact-record.js';
import { PROFILE_IDS, type ProfileId } from '../../schemas/profile.js';
import { type LocalBookingReminders, startBookingReminders } from './booking-reminders.js';
import { type LocalContactCentre, openLocalContactCentre } from './contact-centre.js';
import { checkHome } from './home.js';
import { type LocalPickupSweep, startPickupSweep } from './pickup-sweep.js';
import { seedFile } from './seed.js';
import { type LocalTicketEscalations, startTicketEscalations } from './ticket-escalations.js';
import { type LocalWorkspace, openWorkspace } from './workspace.js';

// The wallboard's code loads on first use: the console starts as fast as before.
const wallboard = () => import('./wallboard-console.js');
const shareAcdState = async (c: LocalContactCentre, at: Date) => (await wallboard()).shareAcdState(c, at);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE =
  'npm start [-- --profile auto-dealer|logistics|distribution|outsourced-crm] [--home DIR] [--time-zone TZ]';
/** A usage error: one line, exit code 2 (the CLI's rule), never a stack trace. */
function usageError(message: string): never {
  console.error(`hotline: error: ${message.replace(/\s+/g, ' ')} (usage: ${USAGE})`);
  process.exit(2);
}
let values: { profile: string; home: string; 'time-zone': string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      profile: { type: 'string', default: process.env.HOTLINE_PROFILE ?? 'auto-dealer' },
      home: { type: 'string', default: process.env.HOTLINE_HOME || './.hotline' },
      'time-zone': { type: 'string', default: process.env.HOTLINE_TIME_ZONE ?? DEFAULT_TIME_ZONE },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  usageError(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!(PROFILE_IDS as readonly string[]).includes(values.profile)) {
  usageError(`--profile must be one of ${PROFILE_IDS.join(', ')}`);
}
let timeZone = values['time-zone'];
try {
  timeZone = checkTimeZone(timeZone);
  checkHome(values.home);
} catch (err) {
  usageError(err instanceof Error ? err.message : String(err));
}

// ---- lines from the terminal (or a pipe), one at a time; null once input has closed ----
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const pending: string[] = [];
const waiting: Array<(line: string | null) => void> = [];
let inputClosed = false;
rl.on('line', (line) => {
  const next = waiting.shift();
  if (next) next(line);
  else pending.push(line);
});
rl.on('close', () => {
  inputClosed = true;
  for (const w of waiting.splice(0)) w(null);
});
rl.on('SIGINT', () => void stop(130));
function ask(prompt: string): Promise<string | null> {
  const queued = pending.shift();
  if (queued !== undefined) return Promise.resolve(queued);
  if (inputClosed) return Promise.resolve(null);
  process.stdout.write(prompt);
  return new Promise((resolve) => waiting.push(resolve));
}

let centre: LocalContactCentre | undefined;
let workspace: LocalWorkspace | undefined;
let reminders: LocalBookingReminders | undefined;
let pickupSweep: LocalPickupSweep | undefined;
let escalations: LocalTicketEscalations | undefined;
let stopping: Promise<void> | undefined;
function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    rl.close();
    try {
      await reminders?.stop();
      await pickupSweep?.stop();
      await escalations?.stop();
      await workspace?.close();
      await centre?.close();
    } catch (err) {
      console.error(`could not stop DynamoDB Local: ${String(err)}`);
    }
    process.exit(code);
  })();
  return stopping;
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

console.log(`Hotline local contact centre — profile ${values.profile}, data in ${values.home}`);
console.log('Starting DynamoDB Local…');
try {
  centre = await openLocalContactCentre({
    home: values.home,
    profile: values.profile as ProfileId,
    timeZone,
  });
} catch (err) {
  console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
if (!centre) throw new Error('unreachable');
const { profile } = centre;
console.log(profile.title);
if (centre.seeded)
  console.log(
    `Loaded ${centre.seeded.created + centre.seeded.updated} demo customers from ${seedFile(profile.id)}`,
  );
// The agent workspace (web app + API) on 127.0.0.1, following this console's calls.
workspace = await openWorkspace(centre);

const help = `
Dial in: type the number you call from (any format, e.g. 138-0013-8000), or "anonymous".
While the call runs, type the keys the flow asks for (Enter alone = no input, the menu times out).
At "🎙 message>" (a voicemail) type what the caller says; # or Enter ends the message.
  :agents                 the agents and their state
  :busy ID | :free ID | :offline ID   change an agent's state (try :busy agent-wang, then call a VIP)
  :acw ID | :wallboard    put an agent in after-contact work; show the live wallboard (also: npx hotline wallboard --watch)
  :time HH:MM | ISO | now the time calls are placed at (${timeZone}); :time 22:00 is after hours
                          (open tickets past their reminder or deadline by then are escalated at once)${bookingSettingsOf(profile.id) ? '\n                          (repair booking reminders due by then go out at once; the clock is checked every minute)' : ''}${pickupSettingsOf(profile.id) ? '\n                          (pickups not collected by the end of their slot by then are escalated at once; checked every minute)' : ''}
  :help   :quit           (Ctrl-C or Ctrl-D also end)
Change customers with \`npx hotline crm …\` in another terminal: this console sees it at once.
`;
console.log(help);

let fixedTime: Date | undefined;
const agentsLine = () =>
  centre?.centre.runtime.acd
    .agents()
    .map(
      (a) =>
        `${a.id} (${a.firstName ?? a.username}, ${a.routingProfile.name}): ${centre?.centre.runtime.acd.stateAt(a, fixedTime ?? new Date()).state}`,
    )
    .join('\n  ') ?? '';

/** The console's clock: the time calls are placed at, moved on by the last call's simulated events. */
let lastEventAt = 0;
let timeSetAt = Date.now();
const clockNow = () =>
  new Date(
    Math.max((fixedTime?.getTime() ?? Date.now()) + (fixedTime ? Date.now() - timeSetAt : 0), lastEventAt),
  );

// The repair bookings' day-before reminders (dealer): EventBridge Scheduler's job in AWS, a timer on this console's
// clock here (infra/local/booking-reminders.ts). Each goes to the SMS outbox once.
reminders = startBookingReminders({
  profile,
  env: centre.data,
  now: clockNow,
  onSent: (sent) => {
    for (const r of sent)
      console.log(
        `\n  ✉  booking reminder ${r.booking.bookingId} (${new Date(r.booking.slotStart).toLocaleString('sv-SE', { timeZone })}, ${r.booking.vehicle.plate}): SMS ${r.sms}`,
      );
  },
  onError: (err) =>
    console.log(`\n  booking reminders failed: ${err instanceof Error ? err.message : String(err)}`),
});

// Open tickets past their reminder time or deadline: escalated once per level to the department, then the
// supervisors, as the 5-minute schedule does in AWS (infra/local/ticket-escalations.ts); notices in notifications.jsonl.
escalations = startTicketEscalations({
  profile,
  env: centre.data,
  now: clockNow,
  onEscalated: ({ escalated, failed }) => {
    for (const e of escalated)
      console.log(
        `\n  ⚠  ticket ${e.ticketId} escalated: ${e.level === 1 ? 'reminder to its department' : 'deadline passed, to the supervisors'}`,
      );
    for (const f of failed)
      console.log(`\n  ticket ${f.ticketId} not escalated (next run tries again): ${f.error}`);
  },
  onError: (err) =>
    console.log(`\n  ticket escalations failed: ${err instanceof Error ? err.message : String(err)}`),
});

// Pickups not collected by the end of their slot (carrier): escalated once to the branch's dispatch and the
// supervisors, as the 5-minute schedule does in AWS (infra/local/pickup-sweep.ts); notices in notifications.jsonl.
pickupSweep = startPickupSweep({
  profile,
  env: centre.data,
  now: clockNow,
  onSwept: ({ escalated, resent }) => {
    for (const p of escalated)
      console.log(
        `\n  ⚠  pickup ${p.pickupId} not collected by ${new Date(p.slotEnd).toLocaleString('sv-SE', { timeZone })} (${p.branch}): escalated to dispatch and supervisors`,
      );
    if (resent.length) console.log(`\n  ✉  ${resent.length} dispatch notice(s) sent again`);
  },
  onError: (err) =>
    console.log(`\n  pickup sweep failed: ${err instanceof Error ? err.message : String(err)}`),
});

function printEvent(e: CallEvent): void {
  lastEventAt = Math.max(lastEventAt, Date.parse(e.at) || 0);
  if (e.kind === 'queue' || e.kind === 'agent' || e.kind === 'disconnect' || e.kind === 'callback')
    void shareAcdState(centre as LocalContactCentre, new Date(lastEventAt));
  switch (e.kind) {
    case 'prompt':
      // SSML as heard: pauses as "…", tags dropped.
      console.log(
        `  🔊 ${e.text
          .replace(/<break[^>]*>/g, ' … ')
          .replace(/<[^>]+>/g, '')
          .replace(/(\s…\s)+/g, ' … ')}`,
      );
      break;
    case 'input':
      break; // the caller typed it
    case 'lambda':
      console.log(`  λ  ${e.text.length > 160 ? `${e.text.slice(0, 157)}…` : e.text}`);
      break;
    case 'queue':
    case 'agent':
    case 'callback':
    case 'disconnect':
      console.log(`  →  ${e.text}`);
      break;
    default:
      break;
  }
}

function printResult(result: CallResult): void {
  const o = result.outcome;
  const where = [
    o.queue ? `queue "${o.queue.name}"` : '',
    o.priority !== undefined ? `priority ${o.priority}` : '',
    o.agent ? `agent ${o.agent.name}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  console.log(`\n  Outcome: ${o.type}${where ? ` — ${where}` : ''}${o.reason ? ` (${o.reason})` : ''}`);
  const a = result.attributes;
  if (a.lookupStatus !== undefined) {
    console.log('  Screen pop:');
    for (const key of [
      'lookupStatus',
      'displayName',
      'customerId',
      'tier',
      'vip',
      'blocked',
      'blockReason',
      'branch',
      'openTickets',
      'lastAgentId',
      'lastContactAt',
      'language',
    ]) {
      if (a[key]) console.log(`    ${key.padEnd(14)} ${a[key]}`);
    }
  }
  console.log('');
}

async function placeCall(from: string): Promise<void> {
  if (!centre) return;
  const at = fixedTime ?? new Date();
  console.log(`\n📞 ${from} calls the ${profile.id} hotline at ${at.toLocaleString('sv-SE', { timeZone })}`);
  const result = await centre.call(
    (workspace as LocalWorkspace).follow({
      ...(from === 'anonymous' ? {} : { from }),
      to: '+864008001234',
      at,
      languageCode: profile.defaultLanguage,
      // A caller left waiting hangs up after three minutes (outcome abandoned).
      patienceSeconds: 180,
      onEvent: printEvent,
      onInput: async (request) => {
        // A voicemail (the caller is recorded): type what the caller says; a key (# ends the message) or nothing.
        const speaking = request.recording === true && !request.stored;
        const line = await ask(
          speaking ? '  🎙 message> ' : request.stored ? '  ☎ keys (end with #)> ' : '  ☎ key> ',
        );
        if (line === null) return null;
        const keys = line.trim();
        if (keys === '') return null;
        if (speaking) return keys;
        if (!request.stored && !/^[0-9*#]$/.test(keys)) {
          console.log('  (one key: 0-9, * or #; taken as a wrong key)');
          return '*';
        }
        return keys;
      },
    }),
  );
  workspace?.ended(result);
  printResult(result);
  // The console places one call at a time: once it has ended, its agent is free again (not Busy until
  // the simulated talk time has passed on a clock that :time may have stopped).
  const acd = centre.centre.runtime.acd;
  for (const agent of acd.agents())
    if (agent.state === 'Busy' && agent.contactId === result.contactId)
      acd.setAgentState(agent.id, 'Available', fixedTime ?? new Date());
  await shareAcdState(centre, clockNow());
}

for (;;) {
  const line = await ask('number> ');
  if (line === null) break;
  const text = line.trim();
  if (text === '') continue;
  try {
    if (text === ':quit' || text === ':q') break;
    if (text === ':help') console.log(help);
    else if (text === ':agents') console.log(`  ${agentsLine()}`);
    else if (text === ':wallboard')
      console.log(await (await wallboard()).consoleWallboard(centre, clockNow(), timeZone));
    else if (/^:(busy|free|offline|acw)\s+\S+$/.test(text)) {
      const [cmd, id] = text.slice(1).split(/\s+/) as [string, string];
      const state =
        cmd === 'busy'
          ? 'Busy'
          : cmd === 'free'
            ? 'Available'
            : cmd === 'acw'
              ? 'AfterContactWork'
              : 'Offline';
      centre.centre.runtime.acd.setAgentState(id, state, clockNow());
      console.log(`  ${id} is ${state}`);
      await shareAcdState(centre, clockNow());
    } else if (text.startsWith(':time')) {
      const arg = text.slice(5).trim();
      lastEventAt = 0;
      timeSetAt = Date.now();
      if (arg === 'now' || arg === '') fixedTime = undefined;
      else {
        try {
          fixedTime = parseTimeInput(arg, { label: ':time', timeZone, timeOfDay: true });
        } catch (err) {
          // A time that cannot be read changes nothing: the calls keep their time.
          console.log(`  ${err instanceof Error ? err.message : String(err)}; or give now`);
        }
      }
      console.log(`  calls are placed at ${fixedTime ? fixedTime.toISOString() : 'the current time'}`);
      // The clock moved: what is due by the new time (booking reminders, ticket escalations, overdue pickups) goes
      // out now, not at the next minute; one schedule failing does not hold up the others.
      for (const schedule of [reminders, escalations, pickupSweep])
        await schedule?.tick().catch((err: unknown) => {
          console.log(`  error: ${err instanceof Error ? err.message : String(err)}`);
        });
    } else if (text.startsWith(':')) console.log('  unknown command; :help lists them');
    else await placeCall(text);
  } catch (err) {
    console.log(`  error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
await stop(0);
