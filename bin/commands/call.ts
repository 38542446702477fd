/**
 * `hotline call`: one simulated call, offline. Two modes:
 * - our profile's flows (the default): the local contact centre, with the real in-call handlers on the
 *   local data under --home (the data `hotline crm …` writes; works whether or not `npm start` runs);
 * - `--flow FILE.json …`: flows exported from the Amazon Connect console, with stubbed Lambdas.
 * Thin: parse, run the offline runtime, print.
 */

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type CallOptions,
  type ContactCentreRuntime,
  FlowRuntimeError,
  formatTranscript,
  parseKeys,
} from '../../contact-flows/runtime/index.js';
import { foreignRuntime, parseAgents, parsePairs, SetupError } from '../../contact-flows/testing/foreign.js';
import { checkTimeZone, DEFAULT_TIME_ZONE, parseTimeInput } from '../../functions/core/date-input.js';
import { openLocalContactCentre } from '../../infra/local/contact-centre.js';
import { checkHome } from '../../infra/local/home.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { ProfileId } from '../../schemas/profile.js';
import { UsageError } from '../options.js';

export interface CallCommandOptions {
  /** `FILE.json` or `ARN=FILE.json`; the first is the entry flow. */
  readonly flow: readonly string[];
  /** Flow modules: `FILE.json` or `ARN=FILE.json`. */
  readonly module?: readonly string[];
  readonly from: string;
  readonly to?: string;
  readonly keys?: string;
  readonly at?: string;
  /** `ARN_OR_NAME=JSON`. */
  readonly lambdaStub?: readonly string[];
  /** `NAME=FILE`: a Lex bot's utterance → intent map. */
  readonly lex?: readonly string[];
  /** Customer Profiles store (JSON/YAML list). */
  readonly profiles?: string;
  /** Cases store (JSON/YAML list). */
  readonly cases?: string;
  /** `alice,bob=Busy` or a JSON/YAML file. */
  readonly agents?: string;
  readonly json?: boolean;
  readonly channel?: string;
  readonly seed?: string;
  readonly patience?: string;
  readonly ignore?: readonly string[];
}

export interface CallCommandIo {
  readonly readFile: (path: string) => string;
}

const defaultIo: CallCommandIo = { readFile: (path) => readFileSync(path, 'utf8') };

function stubs(specs: readonly string[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--lambda-stub "${spec}": expected ARN_OR_NAME='{"key":"value"}'`);
    const ref = spec.slice(0, eq);
    try {
      map[ref] = JSON.parse(spec.slice(eq + 1)) as unknown;
    } catch (e) {
      throw new UsageError(`--lambda-stub ${ref}: the answer is not JSON: ${(e as Error).message}`);
    }
  }
  return map;
}

interface ParsedCallInputs {
  readonly inputs: Array<string | null>;
  readonly at: string;
  readonly channel: 'VOICE' | 'CHAT' | 'TASK';
  readonly seed: number;
  readonly patience: number | undefined;
}

/** The options both modes share, checked: a wrong one is a usage error (exit 2). */
function parseCallInputs(opts: CallCommandOptions & { timeZone?: string }): ParsedCallInputs {
  let inputs: Array<string | null>;
  try {
    inputs = parseKeys(opts.keys ?? '');
  } catch (e) {
    throw new UsageError(`--keys: ${(e as Error).message}`);
  }
  const timeZone = checkTimeZone(opts.timeZone ?? DEFAULT_TIME_ZONE);
  const at = (
    opts.at === undefined ? new Date() : parseTimeInput(opts.at, { label: '--at', timeZone })
  ).toISOString();
  const channel = (opts.channel ?? 'VOICE').toUpperCase();
  if (channel !== 'VOICE' && channel !== 'CHAT' && channel !== 'TASK') {
    throw new UsageError('--channel is VOICE, CHAT or TASK');
  }
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  const patience = opts.patience === undefined ? undefined : Number(opts.patience);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
  if (patience !== undefined && !(patience >= 0))
    throw new UsageError('--patience must be a number of seconds');

  return { inputs, at, channel, seed, patience };
}

/** Runs the command with console flows (--flow): returns the call result and what it prints. */
export async function runCallCommand(
  opts: CallCommandOptions,
  io: CallCommandIo = defaultIo,
): Promise<{ result: CallResult; output: string }> {
  if (opts.flow.length === 0) throw new UsageError('give the entry flow with --flow FILE.json');
  const { inputs, at, channel, seed, patience } = parseCallInputs(opts);
  let runtime: ContactCentreRuntime;
  let entryArn: string;
  try {
    ({ runtime, entryArn } = foreignRuntime(
      {
        flows: opts.flow,
        modules: opts.module ?? [],
        lambdaStubs: stubs(opts.lambdaStub ?? []),
        lex: parsePairs(opts.lex ?? [], '--lex'),
        ...(opts.profiles ? { profiles: opts.profiles } : {}),
        ...(opts.cases ? { cases: opts.cases } : {}),
        ...(opts.agents ? { agents: parseAgents(opts.agents, io) } : {}),
        at,
        seed,
        ignore: opts.ignore ?? [],
      },
      io,
    ));
  } catch (e) {
    if (e instanceof SetupError) throw new UsageError(e.message);
    throw e;
  }
  const call: CallOptions = {
    entryFlowArn: entryArn,
    from: opts.from,
    ...(opts.to === undefined ? {} : { to: opts.to }),
    inputs,
    at,
    channel,
    ...(patience === undefined ? {} : { patienceSeconds: patience }),
  };
  let result: CallResult;
  try {
    result = await runtime.call(call);
  } catch (e) {
    // A call that stops (an action type the runtime does not know…) still shows how far it got.
    if (e instanceof FlowRuntimeError && e.partial) {
      process.stderr.write(
        `${opts.json ? JSON.stringify(e.partial, null, 2) : formatTranscript(e.partial)}\n`,
      );
    }
    throw e;
  }
  const output = opts.json ? JSON.stringify(result, null, 2) : formatTranscript(result);
  return { result, output };
}

/** Runs the command on the profile's own flows in the local contact centre. */
export async function runProfileCall(
  opts: CallCommandOptions,
  globals: { profile: ProfileId; home: string; timeZone?: string },
): Promise<{ result: CallResult; output: string }> {
  if ((opts.lambdaStub ?? []).length > 0) {
    throw new UsageError('--lambda-stub goes with --flow: our flows call the real handlers');
  }
  const { inputs, at, channel, patience } = parseCallInputs({
    ...opts,
    ...(globals.timeZone ? { timeZone: globals.timeZone } : {}),
  });
  checkHome(globals.home);
  const centre = await openLocalContactCentre({
    home: globals.home,
    profile: globals.profile,
    ...(globals.timeZone ? { timeZone: globals.timeZone } : {}),
  });
  try {
    const result = await centre.call({
      from: opts.from,
      ...(opts.to === undefined ? {} : { to: opts.to }),
      inputs,
      at,
      channel,
      languageCode: centre.profile.defaultLanguage,
      ...(patience === undefined ? {} : { patienceSeconds: patience }),
    });
    const output = opts.json ? JSON.stringify(result, null, 2) : formatTranscript(result);
    return { result, output };
  } finally {
    await centre.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerCallCommand(program: Command): void {
  program
    .command('call')
    .description(
      "simulate one call (offline): through the profile's flows with the real handlers on the local data, or through flows exported from the Amazon Connect console (--flow)",
    )
    .option('--time-zone <tz>', 'time zone of the hours of operation (profile mode)', 'Asia/Shanghai')
    .option(
      '--flow <file>',
      'flow JSON; first = entry flow; repeat for flows it transfers to or hooks (ARN=FILE to key by ARN)',
      collect,
      [],
    )
    .requiredOption('--from <number>', 'caller number ($.CustomerEndpoint.Address)')
    .option('--to <number>', 'dialled number ($.SystemEndpoint.Address)')
    .option(
      '--keys <list>',
      'caller input, one item per input block: 1,6 ; empty item or T = no input ; 123456# = stored digits',
    )
    .option('--at <iso-time>', 'when the call starts (default: now), e.g. 2025-03-03T09:30:00+08:00')
    .option(
      '--lambda-stub <stub>',
      'answer of a Lambda: ARN_OR_NAME=\'{"tier":"VIP"}\' (repeatable)',
      collect,
      [],
    )
    .option('--module <file>', 'flow module JSON (ARN=FILE to key by ARN; repeatable)', collect, [])
    .option(
      '--lex <name=file>',
      'Lex bot model: utterance or keys → intent (JSON/YAML; repeatable)',
      collect,
      [],
    )
    .option('--profiles <file>', 'Customer Profiles store for the profile actions (JSON/YAML list)')
    .option('--cases <file>', 'Cases store for the case actions (JSON/YAML list)')
    .option(
      '--agents <list|file>',
      'agents instead of one stub agent per queue: alice,bob=Busy,carol=Offline (or a JSON/YAML file)',
    )
    .option('--channel <channel>', 'VOICE, CHAT or TASK', 'VOICE')
    .option('--patience <seconds>', 'caller hangs up after this long in queue (default: never)')
    .option('--seed <n>', 'seed for Distribute by percentage and contact IDs', '1')
    .option('--ignore <rule>', 'validator rule to skip, e.g. unreachable (repeatable)', collect, [])
    .option('--json', 'print the call result (prompts, path, lambdas, outcome, contact record) as JSON')
    .addHelpText(
      'after',
      `
Flows:
  The first --flow is the flow the number is attached to. Other flows are needed when it transfers to them
  (TransferToFlow) or sets them as hooks (customer queue, whisper, disconnect flow). Give each as
  --flow ARN=FILE.json, or just FILE.json when the file's name (without .json), or its Metadata.name, is the
  flow ID at the end of the ARN or the flow name the console recorded next to the reference.

Lambdas:
  A Lambda with no --lambda-stub takes its error branch ("no stub for <arn>" in the output). A stub matches
  the function's full ARN or its name (the part after "function:").

Queues, hours, agents:
  Queues and hours referenced by ARN are created on the fly: open 24/7, each queue with one available stub
  agent, so the call reaches an agent. The output says what was created. With --agents, no stub agent is made:
  the agents given answer every queue (alice=Busy@QUEUE_ID|QUEUE_ID limits them), so a queue with no free
  agent runs its customer queue flow (hold, callback offer) and --patience makes the caller hang up.

Lex, modules, services:
  --keys say:check my balance gives a Lex bot an utterance (at a voicemail's tone: the message left);
  --lex NAME=FILE maps utterances (or keys) to
  intents: {"utterances": {"check my balance": "CheckBalance", "2": {"intent": "Agent", "slots": {}}}}.
  --module FILE adds a flow module that InvokeFlowModule runs. --profiles and --cases give the Customer
  Profiles and Cases actions a local store.

Examples:
  hotline call --from 138-0013-8000 --json                       # our auto-dealer flows, local data
  hotline --profile logistics call --from 13900139000 --keys 2 --at 2026-11-23T10:00:00+08:00
  hotline call --flow main.json --from +14155550100 --keys 1
  hotline call --flow main.json --flow "Queue flow.json" --from +8613800138000 --keys T,T,1 \\
    --lambda-stub lookup='{"tier":"VIP"}' --at 2025-03-03T21:00:00+08:00 --json`,
    )
    .action(async (opts: CallCommandOptions & { timeZone?: string }, cmd: Command) => {
      if (opts.flow.length > 0) {
        const { output } = await runCallCommand(opts);
        console.log(output);
        return;
      }
      const globals = cmd.optsWithGlobals<{ profile: ProfileId; home: string }>();
      const { output } = await runProfileCall(opts, {
        profile: globals.profile,
        home: globals.home,
        ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
      });
      console.log(output);
    });
}
