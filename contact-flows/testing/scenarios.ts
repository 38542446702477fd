/**
 * Scenario files for `hotline test`: a set of flows (any Connect flows, or one of our profiles) and the calls to
 * place through them, each with what must happen. YAML or JSON. The runner places every call offline, compares
 * the result with the expectations (the first mismatch is reported), and measures transition coverage per flow.
 *
 * ```yaml
 * name: Pizza line
 * flows: [pizza-main.json]            # or: profile: auto-dealer (our flows)
 * modules: [Greeting module.json]
 * lex: { PIZZABOT01: pizza-bot.yaml }
 * lambdas: { lookup: { tier: gold } }  # stubs, by function name or ARN (profile: by function key)
 * agents: [{ id: alice }]              # default: one stub agent per queue (profile: its own agents)
 * at: 2026-11-23T10:00:00Z
 * scenarios:
 *   - name: orders a large pizza
 *     from: "+447700900123"
 *     input: ["say:I want a large pizza"]      # or keys: "1,T,123#"
 *     faults: [{ action: Tag, error: NoMatchingError }]   # force an error branch
 *     expect:
 *       prompts: [...]            # exact, in order (promptsInclude: these, in order, among others)
 *       attributes: { intent: OrderPizza }
 *       lambdas: [{ name: lookup, parameters: { phone: "+447700900123" } }]
 *       outcome: { type: agent, queue: Orders, agent: alice }
 * ```
 */
import { z } from 'zod';
import {
  FUNCTION_KEYS,
  type FunctionKey,
  localFunctionArn,
  localFunctionName,
} from '../../functions/registry.js';
import type { CallResult } from '../../schemas/contact-record.js';
import { type ProfileId, ProfileIdSchema } from '../../schemas/profile.js';
import { getProfile } from '../profiles/index.js';
import type { AgentState } from '../runtime/acd.js';
import { CoverageTracker } from '../runtime/coverage.js';
import { FlowRuntimeError } from '../runtime/errors.js';
import type { FlowDefinition } from '../runtime/flows.js';
import type { LambdaInvoker } from '../runtime/lambda.js';
import { createProfileRuntime } from '../runtime/profile-runtime.js';
import type { CallOptions, ContactCentreRuntime } from '../runtime/runtime.js';
import { parseKeys } from '../runtime/transcript.js';
import {
  type AgentSpec,
  checkAgent,
  type ForeignIo,
  foreignRuntime,
  parseDataFile,
  SetupError,
  stubRegistry,
} from './foreign.js';

const Str = z.string();
const StringMap = z.record(z.string(), z.string());
const AgentSchema = z.looseObject({ id: z.string().min(1) });

const OutcomeExpectation = z.strictObject({
  type: z.string().optional(),
  queue: z.string().optional(),
  agent: z.string().optional(),
  priority: z.number().int().optional(),
  callbackNumber: z.string().optional(),
  thirdPartyNumber: z.string().optional(),
  flow: z.string().optional(),
});

export const ExpectationSchema = z.strictObject({
  prompts: z.array(Str).optional(),
  promptsInclude: z.array(Str).optional(),
  attributes: z.record(z.string(), z.string().nullable()).optional(),
  lambdas: z
    .array(z.strictObject({ name: Str, parameters: z.record(z.string(), z.string()).optional() }))
    .optional(),
  outcome: OutcomeExpectation.optional(),
  tags: StringMap.optional(),
  /** Actions (by identifier) the call must pass through, in order. */
  visits: z.array(Str).optional(),
});
export type Expectation = z.infer<typeof ExpectationSchema>;

export const ScenarioSchema = z.strictObject({
  name: Str.min(1),
  from: Str.optional(),
  to: Str.optional(),
  at: Str.optional(),
  /** One entry per input: a key, several digits (`123#`), `say:words` for Lex, `null`/`T` for no input. */
  input: z.array(z.union([Str, z.null()])).optional(),
  /** The same as `input`, written as on the command line: `1,T,123456#`. */
  keys: Str.optional(),
  channel: z.enum(['VOICE', 'CHAT', 'TASK']).optional(),
  initiationMethod: Str.optional(),
  attributes: StringMap.optional(),
  lambdas: z.record(z.string(), z.unknown()).optional(),
  agents: z.array(AgentSchema).optional(),
  agentEvents: z
    .array(
      z.strictObject({
        agent: Str,
        state: Str,
        afterSeconds: z.number().optional(),
        at: Str.optional(),
      }),
    )
    .optional(),
  patience: z.number().nonnegative().optional(),
  /** Other callers already waiting when the call starts, per queue (its name, ID or ARN). */
  waiting: z.record(z.string(), z.number().int().min(0).max(1000)).optional(),
  /**
   * Hours of operation (ID or ARN; a profile's hours key) that are closed all the time during this call, or a queue
   * (name, ID or ARN) closed on its own (other queues with the same hours stay open).
   */
  closed: z.array(Str).optional(),
  /** A queue (name, ID or ARN) that holds at most this many waiting contacts during this call. */
  capacity: z.record(z.string(), z.number().int().min(0)).optional(),
  /** Make actions raise an error instead of running (to cover error branches): `{ action, error, flow? }`. */
  faults: z.array(z.strictObject({ action: Str, error: Str, flow: Str.optional() })).optional(),
  expect: ExpectationSchema.default({}),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export const ScenarioFileSchema = z
  .strictObject({
    name: Str.optional(),
    profile: ProfileIdSchema.optional(),
    timeZone: Str.optional(),
    flows: z.array(Str).optional(),
    modules: z.array(Str).optional(),
    lex: z.record(z.string(), z.unknown()).optional(),
    profiles: z.union([Str, z.array(z.record(z.string(), z.unknown()))]).optional(),
    cases: z.union([Str, z.array(z.record(z.string(), z.unknown()))]).optional(),
    voiceId: z.record(z.string(), z.string()).optional(),
    thirdParty: z.record(z.string(), z.enum(['answered', 'busy', 'failed', 'no-answer'])).optional(),
    views: StringMap.optional(),
    lambdas: z.record(z.string(), z.unknown()).optional(),
    agents: z.array(AgentSchema).optional(),
    at: Str.optional(),
    from: Str.optional(),
    seed: z.number().int().optional(),
    ignore: z.array(Str).optional(),
    /** The least transition coverage (percent) every flow must reach. */
    minCoverage: z.number().min(0).max(100).optional(),
    /**
     * `errors: true`: after the scenarios, every error branch they did not take is forced once, on a replay of a
     * passing call that reached the action (see `sweepErrors`). Messages, voice, language and logging must only be
     * skipped: the call ends the same way.
     */
    sweep: z.strictObject({ errors: z.boolean().default(false) }).optional(),
    scenarios: z.array(ScenarioSchema).min(1),
  })
  .refine((f) => (f.profile === undefined) !== (f.flows === undefined), {
    message: 'give either "profile" (our flows) or "flows" (flow files), not both',
  });
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

export interface ScenarioOutcome {
  readonly name: string;
  readonly scenario: Scenario;
  readonly passed: boolean;
  /** The first mismatch, or the error that stopped the call. */
  readonly failure?: string;
  readonly result?: CallResult;
  readonly seconds: number;
}

export interface SuiteReport {
  readonly file: string;
  readonly name: string;
  /** `profile:<id>`, or the flow files: reports with the same key test the same flows (combined coverage). */
  readonly flowsKey: string;
  readonly scenarios: readonly ScenarioOutcome[];
  readonly coverage: CoverageTracker;
  readonly minCoverage: number | undefined;
  /** Flows below `minCoverage`. */
  readonly belowCoverage: readonly string[];
}

/** Reads and checks a scenario file; a bad one is a SetupError naming the file and the field. */
export function loadScenarioFile(file: string, text: string): ScenarioFile {
  let data: unknown;
  try {
    data = parseDataFile(text, file);
  } catch (e) {
    throw new SetupError(`${file}: not YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = ScenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SetupError(`${file}${where}: ${issue?.message ?? 'invalid scenario file'}`);
  }
  return parsed.data;
}

const STATES: readonly AgentState[] = ['Available', 'Busy', 'AfterContactWork', 'NonProductive', 'Offline'];
function agentState(value: string, where: string): AgentState {
  const found = STATES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!found) throw new SetupError(`${where}: state "${value}" is not one of ${STATES.join(', ')}`);
  return found;
}

interface Suite {
  readonly runtime: ContactCentreRuntime;
  readonly entryArn: string;
  readonly flows: ReadonlyMap<string, FlowDefinition>;
  /** Lambda calls of the current scenario (stubs record their parameters). */
  readonly calls: Array<{ name: string; parameters: unknown }>;
  /** Sets the stubs for one scenario (file stubs overridden by the scenario's). */
  setStubs(answers: Readonly<Record<string, unknown>>): void;
  /** Back to the start: agents as the file gave them, nobody waiting (every call starts from there). */
  reset(): void;
}

/** `reset` for a runtime: its agents as they are now, restored on each call. */
function resetter(runtime: ContactCentreRuntime): () => void {
  const initial = runtime.acd.agents().map((a) => ({ ...a }));
  return () => {
    for (const w of runtime.acd.waiting()) runtime.acd.remove(w.contactId);
    for (const a of initial) {
      const agent = runtime.acd.agent(a.id);
      if (!agent) continue;
      agent.state = a.state;
      agent.lastActivityAt = a.lastActivityAt;
      agent.stateSince = a.stateSince;
      agent.busyUntil = a.busyUntil;
      agent.contactId = a.contactId;
    }
  };
}

function profileSuite(file: ScenarioFile): Suite {
  const profile = getProfile(file.profile as ProfileId);
  const calls: Array<{ name: string; parameters: unknown }> = [];
  let answers: Record<string, unknown> = {};
  const keys = FUNCTION_KEYS;
  const lambdas = Object.fromEntries(
    keys.map((key) => {
      const invoker: LambdaInvoker = (event, context) => {
        // A stub by function key, local function name or local ARN.
        const byKey = { ...answers };
        for (const k of keys) {
          if (Object.hasOwn(answers, k)) {
            byKey[localFunctionName(k)] = answers[k];
            byKey[localFunctionArn(k)] = answers[k];
          }
        }
        const stub = stubRegistry(byKey, calls)(localFunctionArn(key));
        if (!stub) throw new Error(`no stub for ${key} (add lambdas: { ${key}: {…} })`);
        return stub(event, context);
      };
      return [key, invoker];
    }),
  ) as Record<FunctionKey, LambdaInvoker>;
  const centre = createProfileRuntime(profile, {
    lambdas,
    ...(file.timeZone ? { timeZone: file.timeZone } : {}),
    ...(file.at ? { clock: file.at } : {}),
    runtime: { seed: file.seed ?? 1, lambdaTimeScale: 1 },
  });
  const flows = new Map(
    centre.runtime
      .flows()
      .map((f) => [
        f.arn,
        { content: f.doc, name: f.name, ...(f.declaredType ? { type: f.declaredType } : {}) },
      ]),
  );
  return {
    runtime: centre.runtime,
    entryArn: centre.entryFlowArn,
    flows,
    calls,
    setStubs: (a) => {
      answers = { ...a };
    },
    reset: resetter(centre.runtime),
  };
}

function foreignSuite(file: ScenarioFile, baseDir: string, io?: ForeignIo): Suite {
  const calls: Array<{ name: string; parameters: unknown }> = [];
  let answers: Record<string, unknown> = {};
  const built = foreignRuntime(
    {
      // Stubs change per scenario: the runtime asks this registry on every invocation.
      lambdaRegistry: (reference) => stubRegistry(answers, calls)(reference),
      flows: file.flows ?? [],
      modules: file.modules ?? [],
      lex: (file.lex ?? {}) as Record<string, string>,
      ...(file.profiles ? { profiles: file.profiles as never } : {}),
      ...(file.cases ? { cases: file.cases as never } : {}),
      ...(file.voiceId ? { voiceId: file.voiceId } : {}),
      ...(file.thirdParty ? { thirdParty: file.thirdParty } : {}),
      ...(file.views ? { views: file.views } : {}),
      ...(file.agents ? { agents: file.agents.map((a, i) => checkAgent(a, `agents[${i}]`)) } : {}),
      ...(file.at ? { at: file.at } : {}),
      seed: file.seed ?? 1,
      ignore: file.ignore ?? [],
      baseDir,
    },
    io,
  );
  return {
    runtime: built.runtime,
    entryArn: built.entryArn,
    flows: built.flows,
    calls,
    setStubs: (a) => {
      answers = { ...a };
    },
    reset: resetter(built.runtime),
  };
}

/** Compares a call with the expectations; the first mismatch, or undefined when everything holds. */
export function firstMismatch(
  result: CallResult,
  expected: Expectation,
  calls: ReadonlyArray<{ name: string; parameters: unknown }>,
): string | undefined {
  const show = (v: unknown) => JSON.stringify(v);
  if (expected.prompts) {
    for (let i = 0; i < Math.max(expected.prompts.length, result.prompts.length); i++) {
      if (expected.prompts[i] !== result.prompts[i]) {
        return `prompt ${i + 1}: expected ${expected.prompts[i] === undefined ? 'no more prompts' : show(expected.prompts[i])}, heard ${result.prompts[i] === undefined ? 'nothing' : show(result.prompts[i])}`;
      }
    }
  }
  if (expected.promptsInclude) {
    let from = 0;
    for (const p of expected.promptsInclude) {
      const at = result.prompts.indexOf(p, from);
      if (at < 0)
        return `prompts: expected to hear ${show(p)}${from ? ' after the ones before it' : ''}; heard ${show(result.prompts)}`;
      from = at + 1;
    }
  }
  for (const [k, v] of Object.entries(expected.attributes ?? {})) {
    const got = result.attributes[k];
    if (v === null ? got !== undefined : got !== v) {
      return `attribute ${k}: expected ${v === null ? 'unset' : show(v)}, got ${got === undefined ? 'unset' : show(got)}`;
    }
  }
  if (expected.lambdas) {
    for (let i = 0; i < Math.max(expected.lambdas.length, result.lambdas.length); i++) {
      const want = expected.lambdas[i];
      const got = result.lambdas[i];
      if (!want) return `Lambda call ${i + 1}: expected no more calls, got ${got?.name}`;
      if (!got) return `Lambda call ${i + 1}: expected ${want.name}, but there were only ${i} call(s)`;
      if (got.name !== want.name && got.arn !== want.name && !got.name.endsWith(want.name)) {
        return `Lambda call ${i + 1}: expected ${want.name}, got ${got.name}`;
      }
      const params = (calls[i]?.parameters ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(want.parameters ?? {})) {
        if (params[k] !== v)
          return `Lambda call ${i + 1} (${got.name}) parameter ${k}: expected ${show(v)}, got ${show(params[k])}`;
      }
    }
  }
  const o = expected.outcome;
  if (o) {
    const got = result.outcome;
    const checks: Array<[string, unknown, unknown]> = [
      ['type', o.type, got.type],
      ['queue', o.queue, got.queue?.name],
      ['agent', o.agent, got.agent?.id],
      ['priority', o.priority, got.priority],
      ['callbackNumber', o.callbackNumber, got.callbackNumber],
      ['thirdPartyNumber', o.thirdPartyNumber, got.thirdPartyNumber],
      ['flow', o.flow, got.flow],
    ];
    for (const [field, want, have] of checks) {
      if (want !== undefined && want !== have) {
        return `outcome.${field}: expected ${show(want)}, got ${have === undefined ? 'none' : show(have)}${got.reason ? ` (${got.reason})` : ''}`;
      }
    }
  }
  for (const [k, v] of Object.entries(expected.tags ?? {})) {
    if (result.tags?.[k] !== v) return `tag ${k}: expected ${show(v)}, got ${show(result.tags?.[k])}`;
  }
  if (expected.visits) {
    let from = 0;
    for (const action of expected.visits) {
      const at = result.path.findIndex((s, i) => i >= from && s.action === action);
      if (at < 0) return `path: expected to pass "${action}"${from ? ' after the actions before it' : ''}`;
      from = at + 1;
    }
  }
  return undefined;
}

/** The runtime's options for one scenario of a file; a SetupError for a bad input or agent. */
function callOptionsOf(spec: ScenarioFile, suite: Suite, s: Scenario, where: string): CallOptions {
  let inputs: Array<string | null>;
  try {
    inputs =
      s.input?.map((x) => (x === null || x.toUpperCase() === 'T' ? null : (parseKeys(x)[0] ?? null))) ??
      parseKeys(s.keys ?? '');
  } catch (e) {
    throw new SetupError(`${where}: ${(e as Error).message}`);
  }
  const at = s.at ?? spec.at;
  return {
    entryFlowArn: suite.entryArn,
    from: s.from ?? spec.from ?? '+10000000000',
    ...(s.to ? { to: s.to } : {}),
    ...(at ? { at } : {}),
    inputs,
    ...(s.channel ? { channel: s.channel } : {}),
    ...(s.initiationMethod ? { initiationMethod: s.initiationMethod } : {}),
    ...(s.attributes ? { attributes: s.attributes } : {}),
    ...(s.patience === undefined ? {} : { patienceSeconds: s.patience }),
    ...(s.faults ? { faults: s.faults } : {}),
    ...(s.agentEvents
      ? {
          agentEvents: s.agentEvents.map((e) => ({
            agent: e.agent,
            state: agentState(e.state, `${where} agentEvents`),
            ...(e.afterSeconds === undefined ? {} : { afterSeconds: e.afterSeconds }),
            ...(e.at === undefined ? {} : { at: e.at }),
          })),
        }
      : {}),
  };
}

/** One call of a scenario, with the file's and the scenario's stubs and agent states; agents reset after it. */
async function placeCall(
  spec: ScenarioFile,
  suite: Suite,
  s: Scenario,
  where: string,
  extraFaults: NonNullable<Scenario['faults']> = [],
): Promise<{ result?: CallResult; error?: Error }> {
  suite.calls.length = 0;
  suite.setStubs({ ...(spec.lambdas ?? {}), ...(s.lambdas ?? {}) });
  suite.reset();
  const call = callOptionsOf(spec, suite, s, where);
  const faults = [...(s.faults ?? []), ...extraFaults];
  const undo: Array<() => void> = [];
  try {
    undo.push(...changeCentre(suite.runtime, s, where, call.at ?? new Date()));
    // Agent states for this scenario (the rest keep the state the file gave them).
    for (const a of s.agents ?? []) {
      const agent = checkAgent(a, `${where} agents`) as AgentSpec;
      if (!suite.runtime.acd.agent(agent.id)) throw new SetupError(`${where}: unknown agent "${agent.id}"`);
      suite.runtime.acd.setAgentState(agent.id, agent.state ?? 'Available');
    }
    return { result: await suite.runtime.call({ ...call, ...(faults.length ? { faults } : {}) }) };
  } catch (e) {
    if (e instanceof SetupError) throw e;
    const partial = e instanceof FlowRuntimeError ? e.partial : undefined;
    return { error: e as Error, ...(partial ? { result: partial } : {}) };
  } finally {
    for (const u of undo.reverse()) u();
    // Scenarios start from the same agent states.
    for (const a of s.agents ?? []) {
      if (suite.runtime.acd.agent(a.id)) suite.runtime.acd.setAgentState(a.id, 'Available');
    }
  }
}

/** A queue of the runtime by name, ID or ARN; a SetupError naming the scenario otherwise. */
function queueOf(runtime: ContactCentreRuntime, ref: string, where: string) {
  const q =
    runtime.acd.queue(ref) ?? runtime.acd.queues().find((x) => x.name === ref && x.type === 'STANDARD');
  if (!q) throw new SetupError(`${where}: no queue "${ref}"`);
  return q;
}

/** The scenario's changes to the contact centre (waiting callers, closed hours, capacities), with their undo. */
function changeCentre(
  runtime: ContactCentreRuntime,
  s: Scenario,
  where: string,
  at: Date | string | number,
): Array<() => void> {
  const undo: Array<() => void> = [];
  const acd = runtime.acd;
  for (const [ref, count] of Object.entries(s.waiting ?? {})) {
    const q = queueOf(runtime, ref, where);
    for (let i = 0; i < count; i++) {
      acd.addWaitingContact({ contactId: `waiting-${q.id}-${i}`, queue: q.arn, enqueuedAt: at });
    }
  }
  for (const ref of s.closed ?? []) {
    const hours = acd.hours(ref);
    if (hours) {
      acd.addHours({ ...hours, days: {} });
      undo.push(() => acd.addHours(hours));
      continue;
    }
    // A queue: closed on its own (its hours replaced by closed ones), whatever other queues share its hours.
    const q =
      runtime.acd.queue(ref) ?? runtime.acd.queues().find((x) => x.name === ref && x.type === 'STANDARD');
    if (!q) throw new SetupError(`${where}: no hours of operation or queue "${ref}"`);
    const closedArn = `${q.arn}/closed-hours`;
    acd.addHours({ arn: closedArn, name: `${q.name} (closed)`, timeZone: 'UTC', days: {} });
    acd.addQueue(queueConfig(q, { hoursArn: closedArn }));
    undo.push(() => acd.addQueue(queueConfig(q, {})));
  }
  for (const [ref, max] of Object.entries(s.capacity ?? {})) {
    const q = queueOf(runtime, ref, where);
    acd.addQueue(queueConfig(q, { maxContacts: max }));
    undo.push(() => acd.addQueue(queueConfig(q, {})));
  }
  return undo;
}

/** A queue's configuration as the ACD has it, with `change` applied (to re-add it changed, or as it was). */
function queueConfig(
  q: NonNullable<ReturnType<ContactCentreRuntime['acd']['queue']>>,
  change: { readonly hoursArn?: string; readonly maxContacts?: number },
) {
  const hoursArn = change.hoursArn ?? q.hoursArn;
  const maxContacts = change.maxContacts ?? q.maxContacts;
  return {
    arn: q.arn,
    name: q.name,
    ...(hoursArn ? { hoursArn } : {}),
    ...(maxContacts === undefined ? {} : { maxContacts }),
    type: q.type,
    ...(q.outboundCallerId ? { outboundCallerId: q.outboundCallerId } : {}),
    voicemail: q.voicemail,
  };
}

/** Action types whose failure only skips them: the call must end the same way (the error sweep checks it). */
export const SKIP_ON_ERROR: ReadonlySet<string> = new Set([
  'MessageParticipant',
  'UpdateContactTextToSpeechVoice',
  'UpdateContactData',
  'UpdateFlowLoggingBehavior',
]);

/** Runs every scenario of a file. */
export async function runScenarioFile(
  file: string,
  text: string,
  opts: { baseDir: string; io?: ForeignIo },
): Promise<SuiteReport> {
  const spec = loadScenarioFile(file, text);
  const suite = spec.profile ? profileSuite(spec) : foreignSuite(spec, opts.baseDir, opts.io);
  const coverage = new CoverageTracker(suite.flows);
  const outcomes: ScenarioOutcome[] = [];
  for (const [i, s] of spec.scenarios.entries()) {
    const started = performance.now();
    const where = `scenarios[${i}] "${s.name}"`;
    const { result, error } = await placeCall(spec, suite, s, where);
    if (result) coverage.record(result);
    const failure = error
      ? `the call stopped: ${error.message.split('\n')[0]}`
      : result
        ? firstMismatch(result, s.expect, suite.calls)
        : undefined;
    outcomes.push({
      name: s.name,
      scenario: s,
      passed: failure === undefined,
      ...(failure === undefined ? {} : { failure }),
      ...(result ? { result } : {}),
      seconds: (performance.now() - started) / 1000,
    });
  }
  if (spec.sweep?.errors) outcomes.push(...(await sweepErrors(spec, suite, coverage, outcomes)));
  const min = spec.minCoverage;
  const summary = coverage.summary();
  const belowCoverage =
    min === undefined ? [] : summary.flows.filter((f) => f.percent < min).map((f) => f.name);
  const flowsKey = spec.profile
    ? `profile:${spec.profile}`
    : `flows:${[...(spec.flows ?? [])].sort().join('|')}`;
  return {
    file,
    name: spec.name ?? file,
    flowsKey,
    scenarios: outcomes,
    coverage,
    minCoverage: min,
    belowCoverage,
  };
}

/**
 * The error sweep: each error branch no scenario took is forced (a fault on its action) on a replay of a passing
 * call that reached that action, until no untaken error branch is left that a call reaches (faulted calls reach
 * actions of their own, e.g. the apology after a failure, whose errors are swept in turn). Each forced branch is a
 * scenario of the report, `error sweep: <flow>: <action> <branch>`. It passes when the call takes that branch and
 * ends without a runtime error; for a message, voice, language or logging action also when the call ends the
 * same way as the call it replays (the failure only skips the action).
 */
async function sweepErrors(
  spec: ScenarioFile,
  suite: Suite,
  coverage: CoverageTracker,
  outcomes: readonly ScenarioOutcome[],
): Promise<ScenarioOutcome[]> {
  const runs: Array<{ scenario: Scenario; extra: NonNullable<Scenario['faults']>; result: CallResult }> =
    outcomes.flatMap((o) =>
      o.passed && o.result ? [{ scenario: o.scenario, extra: [], result: o.result }] : [],
    );
  const swept: ScenarioOutcome[] = [];
  const tried = new Set<string>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const row of coverage.missed()) {
      if (!row.branch.startsWith('Error:')) continue;
      const id = `${row.flow}\u0000${row.action}\u0000${row.branch}`;
      if (tried.has(id)) continue;
      const base = runs.find((r) =>
        r.result.path.some((p) => p.flow === row.flow && p.action === row.action),
      );
      if (!base) continue;
      tried.add(id);
      progress = true;
      const started = performance.now();
      const error = row.branch.slice('Error:'.length);
      const fault = { flow: row.flow, action: row.action, error };
      const name = `error sweep: ${row.flowName}: ${row.action} ${row.branch}`;
      const faults = [...base.extra, fault];
      const placed = await placeCall(spec, suite, base.scenario, name, faults);
      if (placed.result) coverage.record(placed.result);
      const took = placed.result?.path.some(
        (p) => p.flow === row.flow && p.action === row.action && p.branch === row.branch,
      );
      const failure = placed.error
        ? `the call stopped: ${placed.error.message.split('\n')[0]}`
        : !took
          ? `the forced ${error} did not take ${row.branch} of "${row.action}"`
          : SKIP_ON_ERROR.has(row.type) && placed.result?.outcome.type !== base.result.outcome.type
            ? `a failing ${row.type} must only be skipped: the call ended ${placed.result?.outcome.type}, not ${base.result.outcome.type}`
            : undefined;
      const scenario: Scenario = {
        ...base.scenario,
        name,
        faults: [...(base.scenario.faults ?? []), ...faults],
      };
      swept.push({
        name,
        scenario,
        passed: failure === undefined,
        ...(failure === undefined ? {} : { failure }),
        ...(placed.result ? { result: placed.result } : {}),
        seconds: (performance.now() - started) / 1000,
      });
      if (failure === undefined && placed.result)
        runs.push({ scenario: base.scenario, extra: faults, result: placed.result });
    }
  }
  return swept;
}

/** Reports that test the same flows, with their coverage combined. */
export interface CombinedCoverage {
  readonly key: string;
  /** The files' names. */
  readonly names: readonly string[];
  readonly coverage: CoverageTracker;
  readonly belowCoverage: readonly string[];
}

/** The reports grouped by the flows they test, each group's coverage combined; `min`: the floor for every flow. */
export function combineCoverage(
  reports: readonly SuiteReport[],
  min: number | undefined,
): CombinedCoverage[] {
  const groups = new Map<string, SuiteReport[]>();
  for (const r of reports) groups.set(r.flowsKey, [...(groups.get(r.flowsKey) ?? []), r]);
  return [...groups.entries()].map(([key, members]) => {
    const [first, ...rest] = members as [SuiteReport, ...SuiteReport[]];
    const coverage = first.coverage.clone();
    for (const r of rest) coverage.absorb(r.coverage);
    const below =
      min === undefined
        ? []
        : coverage
            .summary()
            .flows.filter((f) => f.percent < min)
            .map((f) => f.name);
    return { key, names: members.map((m) => m.name), coverage, belowCoverage: below };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

export function formatSuite(report: SuiteReport, opts: { transcripts?: boolean } = {}): string {
  const out: string[] = [`${report.name} (${report.file})`];
  for (const s of report.scenarios) {
    out.push(`  ${s.passed ? '✓' : '✗'} ${s.name}`);
    if (!s.passed && s.failure) out.push(`      ${s.failure}`);
    if (!s.passed && opts.transcripts && s.result) {
      const steps = s.result.path.map((p) => `${p.action} → ${p.branch}`);
      const shown = steps.length > 40 ? [...steps.slice(0, 40), `… ${steps.length - 40} more`] : steps;
      out.push(`      path: ${shown.join(' | ')}`);
    }
  }
  const summary = report.coverage.summary();
  for (const f of summary.flows) {
    out.push(`  coverage ${f.name}: ${f.taken}/${f.total} transitions (${f.percent}%)`);
  }
  const missed = report.coverage.missed();
  if (missed.length) {
    out.push(`  untaken transitions (${missed.length}):`);
    for (const r of missed) out.push(`    ${r.flowName}: ${r.action} ${r.branch} -> ${r.to}`);
  }
  if (report.belowCoverage.length) {
    out.push(`  below the ${report.minCoverage}% coverage floor: ${report.belowCoverage.join(', ')}`);
  }
  const passed = report.scenarios.filter((s) => s.passed).length;
  out.push(`  ${passed}/${report.scenarios.length} scenario(s) passed`);
  return out.join('\n');
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The combined coverage of a group of files: each flow, then the transitions none of them took. */
export function formatCombined(group: CombinedCoverage, min: number | undefined): string {
  const out = [
    `combined coverage of ${group.names.length} file(s) (${group.key}): ${group.names.join(', ')}`,
  ];
  for (const f of group.coverage.summary().flows) {
    out.push(`  coverage ${f.name}: ${f.taken}/${f.total} transitions (${f.percent}%)`);
  }
  const missed = group.coverage.missed();
  if (missed.length) {
    out.push(`  untaken transitions (${missed.length}):`);
    for (const r of missed) out.push(`    ${r.flowName}: ${r.action} ${r.branch} -> ${r.to}`);
  }
  if (group.belowCoverage.length) {
    out.push(`  below the ${min}% coverage floor: ${group.belowCoverage.join(', ')}`);
  }
  return out.join('\n');
}

/**
 * JUnit XML: one testsuite per scenario file, one testcase per scenario (CI systems read it); with `combined`, a
 * testsuite per group of files with one testcase per flow, failing below `min` percent.
 */
export function junitXml(
  reports: readonly SuiteReport[],
  combined: readonly CombinedCoverage[] = [],
  min?: number,
): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const coverageCases = combined.flatMap((g) => g.coverage.summary().flows);
  const total = reports.reduce((n, r) => n + r.scenarios.length, 0) + coverageCases.length;
  const failures =
    reports.reduce((n, r) => n + r.scenarios.filter((s) => !s.passed).length, 0) +
    combined.reduce((n, g) => n + g.belowCoverage.length, 0);
  lines.push(`<testsuites name="hotline test" tests="${total}" failures="${failures}">`);
  for (const r of reports) {
    const failed = r.scenarios.filter((s) => !s.passed).length;
    const time = r.scenarios.reduce((t, s) => t + s.seconds, 0);
    lines.push(
      `  <testsuite name="${xml(r.name)}" file="${xml(r.file)}" tests="${r.scenarios.length}" failures="${failed}" time="${time.toFixed(3)}">`,
    );
    const summary = r.coverage.summary();
    lines.push('    <properties>');
    for (const f of summary.flows) {
      lines.push(`      <property name="coverage ${xml(f.name)}" value="${f.percent}"/>`);
    }
    lines.push('    </properties>');
    for (const s of r.scenarios) {
      const head = `    <testcase classname="${xml(r.name)}" name="${xml(s.name)}" time="${s.seconds.toFixed(3)}"`;
      if (s.passed) {
        lines.push(`${head}/>`);
      } else {
        lines.push(`${head}>`);
        lines.push(`      <failure message="${xml(s.failure ?? 'failed')}"/>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  for (const g of combined) {
    const flows = g.coverage.summary().flows;
    lines.push(
      `  <testsuite name="coverage ${xml(g.key)}" tests="${flows.length}" failures="${g.belowCoverage.length}" time="0.000">`,
    );
    for (const f of flows) {
      const head = `    <testcase classname="coverage ${xml(g.key)}" name="${xml(f.name)}: ${f.taken}/${f.total} transitions (${f.percent}%)" time="0.000"`;
      if (min === undefined || f.percent >= min) lines.push(`${head}/>`);
      else {
        const missed = g.coverage
          .missed()
          .filter((m) => m.flow === f.flow)
          .map((m) => `${m.action} ${m.branch}`);
        lines.push(`${head}>`);
        lines.push(`      <failure message="${xml(`below ${min}%; untaken: ${missed.join('; ')}`)}"/>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
