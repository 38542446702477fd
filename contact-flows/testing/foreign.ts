/**
 * Running flows that are not ours (console exports, AWS samples) offline: which file is which flow or module,
 * Lambda stubs, the local models of Lex and Customer Profiles, and the agents. One setup for `hotline call
 * --flow` and `hotline test`, so a scenario file and a command line mean the same thing.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FlowRule } from '../builder/problems.js';
import { type AgentConfig, type AgentState, ANY_QUEUE } from '../runtime/acd.js';
import {
  type FlowReference,
  flowReferences,
  instanceArnIn,
  matchReferencedFlow,
  resourceNames,
} from '../runtime/console-export.js';
import { unwrapFlowExport } from '../runtime/export-wrapper.js';
import type { FlowDefinition } from '../runtime/flows.js';
import { functionNameOf, type LambdaInvoker } from '../runtime/lambda.js';
import { ContactCentreRuntime } from '../runtime/runtime.js';
import {
  type CustomerProfileRecord,
  type LexBotModel,
  parseLexModel,
  type RuntimeServices,
  type ThirdPartyBehaviour,
} from '../runtime/services.js';

export const PLACEHOLDER_INSTANCE =
  'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000';

/** A setup problem the user can fix (a missing file, a bad stub): one line, exit code 2 in the CLI. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export interface AgentSpec {
  readonly id: string;
  readonly state?: AgentState;
  /** Queue ARNs or IDs the agent answers (default: every queue). */
  readonly queues?: readonly string[];
  readonly name?: string;
}

export interface ForeignSetup {
  /** `FILE` or `ARN=FILE`; the first is the entry flow. */
  readonly flows: readonly string[];
  /** Flow modules: `FILE` or `ARN=FILE`. */
  readonly modules?: readonly string[];
  /** Lambda answers by function name or ARN (an `{ "error": "…" }` answer makes the invocation fail). */
  readonly lambdaStubs?: Readonly<Record<string, unknown>>;
  /** Instead of `lambdaStubs`: resolves a function reference to an invoker (stubs that change per call). */
  readonly lambdaRegistry?: (reference: string) => LambdaInvoker | undefined;
  /** Lex bot models by bot name, ID or alias ARN: a file path or the model itself. */
  readonly lex?: Readonly<Record<string, string | LexBotModel>>;
  /** Customer Profiles: a file (JSON/YAML array) or the profiles. */
  readonly profiles?: string | readonly CustomerProfileRecord[];
  /** Cases: a file or the cases. */
  readonly cases?: string | ReadonlyArray<Record<string, unknown>>;
  readonly voiceId?: RuntimeServices['voiceId'];
  readonly thirdParty?: Readonly<Record<string, ThirdPartyBehaviour>>;
  readonly views?: Readonly<Record<string, string>>;
  /** The agents (then queues created on the fly get no stub agent). */
  readonly agents?: readonly AgentSpec[];
  readonly at?: string;
  readonly seed?: number;
  readonly ignore?: readonly string[];
  /** Relative paths are read from here (a scenario file's folder). */
  readonly baseDir?: string;
}

export interface ForeignIo {
  readonly readFile: (path: string) => string;
}

const defaultIo: ForeignIo = { readFile: (path) => readFileSync(path, 'utf8') };

/** JSON or YAML, by extension (YAML also for anything that is not JSON). */
export function parseDataFile(text: string, file: string): unknown {
  if (/\.json$/i.test(file)) return JSON.parse(text) as unknown;
  return parseYaml(text) as unknown;
}

function readData(path: string, what: string, io: ForeignIo, baseDir?: string): unknown {
  const full = baseDir && !isAbsolute(path) ? resolve(baseDir, path) : path;
  let text: string;
  try {
    text = io.readFile(full);
  } catch (e) {
    throw new SetupError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return parseDataFile(text, full);
  } catch (e) {
    throw new SetupError(
      `${what} ${path} is not ${/\.json$/i.test(full) ? 'JSON' : 'YAML or JSON'}: ${(e as Error).message}`,
    );
  }
}

interface FlowFile {
  readonly file: string;
  readonly arn: string | undefined;
  readonly json: unknown;
}

function splitSpec(spec: string): { arn: string | undefined; file: string } {
  const eq = spec.startsWith('arn:') ? spec.indexOf('=') : -1;
  return eq > 0 ? { arn: spec.slice(0, eq), file: spec.slice(eq + 1) } : { arn: undefined, file: spec };
}

function readFlowFile(spec: string, what: string, io: ForeignIo, baseDir?: string): FlowFile {
  const { arn, file } = splitSpec(spec);
  return { file, arn, json: readData(file, what, io, baseDir) };
}

/** `NAME=FILE` pairs (`--lex`). */
export function parsePairs(specs: readonly string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0) throw new SetupError(`${option} "${spec}": expected NAME=FILE`);
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

/**
 * `--agents`: `alice,bob=Busy,carol=Offline@QUEUE_ID|QUEUE_ID`, or a JSON/YAML file listing `{ id, state?,
 * queues? }`. Without queues an agent answers every queue.
 */
export function parseAgents(spec: string, io: ForeignIo = defaultIo): AgentSpec[] {
  if (/\.(json|ya?ml)$/i.test(spec)) {
    const data = readData(spec, '--agents file', io);
    const list = Array.isArray(data) ? data : (data as { agents?: unknown } | null)?.agents;
    if (!Array.isArray(list))
      throw new SetupError(`--agents ${spec}: expected a list of { id, state?, queues? }`);
    return list.map((a, i) => checkAgent(a, `--agents ${spec} item ${i + 1}`));
  }
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [head = '', queues] = item.split('@');
      const [id = '', state] = head.split('=');
      return checkAgent(
        { id, ...(state ? { state } : {}), ...(queues ? { queues: queues.split('|') } : {}) },
        `--agents "${item}"`,
      );
    });
}

const STATES: readonly AgentState[] = ['Available', 'Busy', 'AfterContactWork', 'NonProductive', 'Offline'];

export function checkAgent(value: unknown, where: string): AgentSpec {
  const a = value as Record<string, unknown> | null;
  if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || a.id === '') {
    throw new SetupError(`${where}: an agent needs an id`);
  }
  const state = a.state === undefined ? undefined : String(a.state);
  const known = STATES.find((s) => s.toLowerCase() === state?.toLowerCase());
  if (state !== undefined && !known) {
    throw new SetupError(`${where}: state "${state}" is not one of ${STATES.join(', ')}`);
  }
  const queues = a.queues;
  if (queues !== undefined && !(Array.isArray(queues) && queues.every((q) => typeof q === 'string'))) {
    throw new SetupError(`${where}: queues is a list of queue ARNs or IDs`);
  }
  return {
    id: a.id,
    ...(known ? { state: known } : {}),
    ...(queues ? { queues: queues as string[] } : {}),
    ...(typeof a.name === 'string' ? { name: a.name } : {}),
  };
}

function agentConfig(a: AgentSpec): AgentConfig {
  return {
    id: a.id,
    username: a.name ?? a.id,
    routingProfile: {
      name: `${a.id} routing profile`,
      queues: (a.queues ?? [ANY_QUEUE]).map((queueArn) => ({ queueArn, priority: 1 })),
    },
    ...(a.state ? { state: a.state } : {}),
  };
}

export interface ForeignRuntime {
  readonly runtime: ContactCentreRuntime;
  readonly entryArn: string;
  readonly instanceArn: string;
  /** Flow ARN → file, for reports. */
  readonly files: ReadonlyMap<string, string>;
  readonly flows: ReadonlyMap<string, FlowDefinition>;
}

/**
 * Lambda stubs: an answer by name or ARN. `{ "error": "…" }` makes the invocation fail with that message. A list
 * gives the answers in turn, one per invocation of that function in the call (the last one repeats): a
 * transaction Lambda that first offers, then answers the booking (`[{ status: ok }, { status: full }]`).
 */
export function stubRegistry(
  answers: Readonly<Record<string, unknown>>,
  calls?: Array<{ name: string; parameters: unknown }>,
): (reference: string) => LambdaInvoker | undefined {
  return (reference) => {
    const name = functionNameOf(reference);
    const key = Object.hasOwn(answers, reference)
      ? reference
      : Object.hasOwn(answers, name)
        ? name
        : undefined;
    if (key === undefined) return undefined;
    const given = answers[key];
    return (event) => {
      // The nth invocation of this function in the call takes the nth answer of a list (the calls so far say n).
      const n = calls?.filter((c) => c.name === name).length ?? 0;
      const answer = Array.isArray(given) ? given[Math.min(n, given.length - 1)] : given;
      calls?.push({
        name,
        parameters: (event as { Details?: { Parameters?: unknown } }).Details?.Parameters,
      });
      const failure = (answer as { error?: unknown } | null)?.error;
      if (typeof failure === 'string' && Object.keys(answer as object).length === 1) throw new Error(failure);
      return structuredClone(answer);
    };
  };
}

/** Builds the runtime for a set of foreign flows. */
export function foreignRuntime(setup: ForeignSetup, io: ForeignIo = defaultIo): ForeignRuntime {
  if (setup.flows.length === 0) throw new SetupError('give the entry flow (--flow FILE.json)');
  const base = setup.baseDir;
  const flowFiles = setup.flows.map((spec) => readFlowFile(spec, '--flow', io, base));
  const moduleFiles = (setup.modules ?? []).map((spec) => readFlowFile(spec, '--module', io, base));
  const all = [...flowFiles, ...moduleFiles];
  const unwrapped = all.map((f) => {
    try {
      return unwrapFlowExport(f.json);
    } catch (e) {
      throw new SetupError(`${f.file}: ${(e as Error).message}`);
    }
  });
  const instanceArn =
    all
      .map((f, i) => f.arn ?? instanceArnIn(unwrapped[i]?.content))
      .find((a) => a !== undefined)
      ?.match(/^arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+/)?.[0] ?? PLACEHOLDER_INSTANCE;

  const references: FlowReference[] = unwrapped.flatMap((u) => flowReferences(u.content));
  const flows = new Map<string, FlowDefinition>();
  const files = new Map<string, string>();
  all.forEach((f, i) => {
    const u = unwrapped[i] ?? { content: f.json };
    const isModule = i >= flowFiles.length;
    const base = basename(f.file).replace(/\.(json|ya?ml)$/i, '');
    const metaName = (u.content as { Metadata?: { name?: unknown } } | null)?.Metadata?.name;
    const name = u.name ?? (typeof metaName === 'string' ? metaName : base);
    let arn = f.arn;
    if (arn === undefined && i === 0) arn = `${instanceArn}/contact-flow/${encodeURIComponent(base)}`;
    arn ??= matchReferencedFlow(base, name, references);
    if (arn === undefined && isModule) arn = `${instanceArn}/flow-module/${encodeURIComponent(base)}`;
    if (arn === undefined) {
      throw new SetupError(
        `cannot tell which flow ARN ${f.file} is: no TransferToFlow, event hook or module invocation in the other flows names "${base}"; give it as ARN=${f.file}`,
      );
    }
    if (flows.has(arn)) throw new SetupError(`two files for ${arn}`);
    const kind = isModule ? 'FLOW_MODULE' : u.kind;
    flows.set(arn, { content: u.content, name, ...(kind ? { type: kind } : {}) });
    files.set(arn, f.file);
  });
  const entryArn = [...flows.keys()][0] ?? '';

  const lex: Record<string, LexBotModel> = {};
  for (const [key, value] of Object.entries(setup.lex ?? {})) {
    try {
      lex[key] =
        typeof value === 'string'
          ? parseLexModel(readData(value, '--lex file', io, base), value)
          : parseLexModel(value, `lex ${key}`);
    } catch (e) {
      if (e instanceof SetupError) throw e;
      throw new SetupError((e as Error).message);
    }
  }
  const list = <T>(value: string | readonly T[] | undefined, what: string): T[] | undefined => {
    if (value === undefined) return undefined;
    const data = typeof value === 'string' ? readData(value, what, io, base) : value;
    if (!Array.isArray(data)) throw new SetupError(`${what}: expected a list`);
    return structuredClone(data) as T[];
  };
  const profiles = list<CustomerProfileRecord>(setup.profiles, '--profiles');
  for (const p of profiles ?? []) {
    if (typeof p?.ProfileId !== 'string') throw new SetupError('--profiles: every profile needs a ProfileId');
  }
  const cases = list<Record<string, unknown>>(setup.cases, '--cases');
  const services: RuntimeServices = {
    ...(Object.keys(lex).length ? { lex } : {}),
    ...(profiles ? { profiles } : {}),
    ...(cases ? { cases } : {}),
    ...(setup.voiceId ? { voiceId: setup.voiceId } : {}),
    ...(setup.thirdParty ? { thirdParty: setup.thirdParty } : {}),
    ...(setup.views ? { views: setup.views } : {}),
  };

  const runtime = new ContactCentreRuntime({
    flows,
    lambdas: setup.lambdaRegistry ?? stubRegistry(setup.lambdaStubs ?? {}),
    instanceArn,
    ...(setup.at ? { clock: setup.at } : {}),
    seed: setup.seed ?? 1,
    createMissing: true,
    stubAgents: setup.agents === undefined,
    agents: (setup.agents ?? []).map(agentConfig),
    services,
    resourceNames: new Map(unwrapped.flatMap((u) => [...resourceNames(u.content)])),
    validation: { ignore: (setup.ignore ?? []) as FlowRule[] },
  });
  return { runtime, entryArn, instanceArn, files, flows };
}

/** The folder a file is in (for relative paths in a scenario file). */
export function folderOf(file: string): string {
  return dirname(resolve(file));
}
