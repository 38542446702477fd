/**
 * `hotline call`: one simulated call, offline. Two modes:
 * - our profile's flows (the default): the local contact centre, with the real in-call handlers on the
 *   local data under --home (the data `hotline crm …` writes; works whether or not `npm start` runs);
 * - `--flow FILE.json …`: flows exported from the Amazon Connect console, with stubbed Lambdas.
 * Thin: parse, run the offline runtime, print.
 */

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { FlowRule } from '../../contact-flows/builder/problems.js';
import {
  type CallOptions,
  ContactCentreRuntime,
  type FlowDefinition,
  type FlowReference,
  flowReferences,
  formatTranscript,
  functionNameOf,
  instanceArnIn,
  type LambdaInvoker,
  matchReferencedFlow,
  parseKeys,
  resourceNames,
} from '../../contact-flows/runtime/index.js';
import { checkTimeZone, DEFAULT_TIME_ZONE, parseTimeInput } from '../../functions/core/date-input.js';
import { openLocalContactCentre } from '../../infra/local/contact-centre.js';
import { checkHome } from '../../infra/local/home.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { ProfileId } from '../../schemas/profile.js';
import { UsageError } from '../options.js';

export interface CallCommandOptions {
  /** `FILE.json` or `ARN=FILE.json`; the first is the entry flow. */
  readonly flow: readonly string[];
  readonly from: string;
  readonly to?: string;
  readonly keys?: string;
  readonly at?: string;
  /** `ARN_OR_NAME=JSON`. */
  readonly lambdaStub?: readonly string[];
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

const PLACEHOLDER_INSTANCE =
  'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000';

interface FlowFile {
  readonly file: string;
  readonly arn: string | undefined;
  readonly json: unknown;
}

function readFlowFile(spec: string, io: CallCommandIo): FlowFile {
  const eq = spec.startsWith('arn:') ? spec.indexOf('=') : -1;
  const arn = eq > 0 ? spec.slice(0, eq) : undefined;
  const file = eq > 0 ? spec.slice(eq + 1) : spec;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read --flow ${file}: ${(e as Error).message}`);
  }
  try {
    return { file, arn, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw new UsageError(`--flow ${file} is not JSON: ${(e as Error).message}`);
  }
}

function stubs(specs: readonly string[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--lambda-stub "${spec}": expected ARN_OR_NAME='{"key":"value"}'`);
    const ref = spec.slice(0, eq);
    try {
      map.set(ref, JSON.parse(spec.slice(eq + 1)) as unknown);
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
  const files = opts.flow.map((spec) => readFlowFile(spec, io));
  const instanceArn =
    files
      .map((f) => f.arn ?? instanceArnIn(f.json))
      .find((a) => a !== undefined)
      ?.match(/^arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+/)?.[0] ?? PLACEHOLDER_INSTANCE;

  // Key every flow by ARN: as given, else (entry) a local ARN, else (others) the reference that names the file.
  const references: FlowReference[] = files.flatMap((f) => flowReferences(f.json));
  const flows = new Map<string, FlowDefinition>();
  files.forEach((f, i) => {
    const base = basename(f.file).replace(/\.json$/i, '');
    const metaName = (f.json as { Metadata?: { name?: unknown } } | null)?.Metadata?.name;
    const name = typeof metaName === 'string' ? metaName : base;
    let arn = f.arn;
    if (arn === undefined && i === 0) arn = `${instanceArn}/contact-flow/${encodeURIComponent(base)}`;
    if (arn === undefined)
      arn = matchReferencedFlow(base, typeof metaName === 'string' ? metaName : undefined, references);
    if (arn === undefined) {
      throw new UsageError(
        `cannot tell which flow ARN ${f.file} is: no TransferToFlow or event hook in the other flows names "${base}"; give it as --flow ARN=${f.file}`,
      );
    }
    if (flows.has(arn)) throw new UsageError(`two --flow files for ${arn}`);
    flows.set(arn, { content: f.json, name });
  });
  const entryArn = [...flows.keys()][0] ?? '';

  const answers = stubs(opts.lambdaStub ?? []);
  const lambdas = (reference: string): LambdaInvoker | undefined => {
    const name = functionNameOf(reference);
    const key = answers.has(reference) ? reference : answers.has(name) ? name : undefined;
    if (key === undefined) return undefined;
    const answer = answers.get(key);
    return () => structuredClone(answer);
  };

  const { inputs, at, channel, seed, patience } = parseCallInputs(opts);

  const runtime = new ContactCentreRuntime({
    flows,
    lambdas,
    instanceArn,
    clock: at,
    seed,
    createMissing: true,
    resourceNames: new Map(files.flatMap((f) => [...resourceNames(f.json)])),
    validation: { ignore: (opts.ignore ?? []) as FlowRule[] },
  });
  const call: CallOptions = {
    entryFlowArn: entryArn,
    from: opts.from,
    ...(opts.to === undefined ? {} : { to: opts.to }),
    inputs,
    at,
    channel,
    ...(patience === undefined ? {} : { patienceSeconds: patience }),
  };
  const result = await runtime.call(call);
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
  agent, so the call reaches an agent. The output says what was created.

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
