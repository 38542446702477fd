import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type {
  CallEvent,
  CallOutcome,
  CallResult,
  ContactTraceRecord,
  LambdaCall,
  PathStep,
} from '../../schemas/contact-record.js';
import { type Action, type FlowKind, parseBoolLike, parseIntLike } from '../../schemas/flow.js';
import { IVR_RECORDING_NOTE } from '../../schemas/voicemail.js';
import type { ValidateOptions } from '../builder/validate.js';
import {
  type Agent,
  type AgentConfig,
  type AgentState,
  type Assignment,
  DEFAULT_PRIORITY,
  idOf,
  LocalAcd,
  type Queue,
  type QueueConfig,
} from './acd.js';
import {
  FlowRuntimeError,
  MissingBranchError,
  ScenarioError,
  StepLimitError,
  UnsupportedActionError,
} from './errors.js';
import { type FlowSources, FlowValidator, type LoadedFlow, loadFlows } from './flows.js';
import { interpolate, type PathResolver, resolveSingle, walk } from './jsonpath.js';
import {
  acceptResponse,
  type ContactFlowEvent,
  type EndpointData,
  findInvoker,
  functionNameOf,
  invokeWithTimeLimit,
  type LambdaRegistry,
  lambdaContext,
} from './lambda.js';
import { SeededRandom } from './rng.js';
import {
  type CustomerProfileRecord,
  lexModelFor,
  type RuntimeServices,
  recognise,
  searchProfiles,
} from './services.js';
import { alwaysOpen, ctrTimestamp, type HoursOfOperation, isOpen, SimulatedClock, toMs } from './time.js';
import { chooseTransition, type Outcome } from './transitions.js';

// ---------------------------------------------------------------------------------------------------------------
// Public API

export interface RuntimeOptions {
  /** Flow ARN → Flow Language document (or `{ content, type?, name? }`). */
  readonly flows: FlowSources;
  /** Function ARN or name → invoker (a real handler or a stub); or a function resolving any reference. */
  readonly lambdas?: LambdaRegistry;
  readonly queues?: readonly QueueConfig[];
  readonly hours?: readonly HoursOfOperation[];
  readonly agents?: readonly AgentConfig[];
  /** ACD state to use (kept across calls); `queues`, `hours` and `agents` are added to it. */
  readonly acd?: LocalAcd;
  /** Simulated time (default: now). Each call starts at its `at`, or where the previous call left the clock. */
  readonly clock?: SimulatedClock | Date | string | number;
  /** Default: taken from the ACD, else a placeholder instance in us-east-1. */
  readonly instanceArn?: string;
  /** Seed for DistributeByPercentage and generated contact IDs (default 1). */
  readonly seed?: number;
  /** Actions per contact before the call fails as an endless loop (default 1000). */
  readonly maxSteps?: number;
  /** Simulated seconds a contact may wait in queue before the simulation stops with outcome `queue` (3600). */
  readonly maxQueueWaitSeconds?: number;
  /** Multiplies the real Lambda time limit (tests: 0.01 turns 8 s into 80 ms). Default 1. */
  readonly lambdaTimeScale?: number;
  /** Simulated seconds an agent talks with a contact it accepts (default 60). */
  readonly talkSeconds?: number;
  /** Customer queue flow when the contact has no CustomerQueue hook (default: none, the caller waits silently). */
  readonly defaultCustomerQueueFlow?: string;
  /**
   * Create unknown queues (open 24/7, one available stub agent), hours (24/7) and agents referenced by a flow,
   * instead of taking the error branch; each creation is listed in the result's `notes`. For console exports.
   */
  readonly createMissing?: boolean;
  /** Names for what `createMissing` creates, by ARN (e.g. the console's display names: see `resourceNames`). */
  readonly resourceNames?: ReadonlyMap<string, string>;
  /** Passed to `validateFlow` (e.g. `{ ignore: ['unreachable'] }`). */
  readonly validation?: ValidateOptions;
  /** Local models of Lex, Customer Profiles, Cases, Voice ID, views and third-party numbers (`services.ts`). */
  readonly services?: RuntimeServices;
  /** With `createMissing`: whether a queue created on the fly gets one available stub agent (default true). */
  readonly stubAgents?: boolean;
}

/** An agent changing state at a simulated time during the call (absolute `at`, or `afterSeconds` from its start). */
export interface AgentEvent {
  /** Agent ID, ARN or username. */
  readonly agent: string;
  readonly state: AgentState;
  readonly afterSeconds?: number;
  readonly at?: Date | string;
}

/** Forces an action to raise an error instead of running (to cover error branches). */
export interface Fault {
  /** Action identifier. */
  readonly action: string;
  readonly error: string;
  /** Flow ARN or name; default: any flow. */
  readonly flow?: string;
}

export interface CallOptions {
  /** ARN (key) of the flow the call enters (the one attached to the dialled number). */
  readonly entryFlowArn: string;
  /** Caller number (`$.CustomerEndpoint.Address`). */
  readonly from?: string;
  /** Dialled number (`$.SystemEndpoint.Address`). */
  readonly to?: string;
  /**
   * What the caller keys, one entry per GetParticipantInput: one key for a menu (`'1'`), several digits with an
   * optional `#` for stored input (`'123456#'`), `null` for no input (the input times out). When the list runs
   * out, every further input times out.
   */
  readonly inputs?: ReadonlyArray<string | null>;
  /** Call start (simulated). */
  readonly at?: Date | string | number;
  readonly channel?: 'VOICE' | 'CHAT' | 'TASK';
  readonly initiationMethod?: string;
  /** Contact attributes the contact starts with. */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly contactId?: string;
  readonly languageCode?: string;
  /** Seconds the caller waits in queue before hanging up (outcome `abandoned`). Default: never. */
  readonly patienceSeconds?: number;
  readonly agentEvents?: readonly AgentEvent[];
  /** Overrides the runtime's `talkSeconds` for this call. */
  readonly talkSeconds?: number;
  readonly faults?: readonly Fault[];
  /**
   * Asked for the caller's input once `inputs` has run out (an interactive console): resolves to the keys,
   * or `null` for no input. Without it, inputs beyond the list time out.
   */
  readonly onInput?: (request: InputRequest) => Promise<string | null>;
  /** Told of every transcript event as it happens (prompts, keys, Lambdas, queue, agent…). */
  readonly onEvent?: (event: CallEvent) => void;
}

/** What an interactive caller is asked for (see `CallOptions.onInput`). */
export interface InputRequest {
  readonly action: string;
  /** The prompt just played, if any. */
  readonly prompt?: string;
  /** True for stored multi-digit input (end with `#`), false for a one-key menu. */
  readonly stored: boolean;
  readonly timeoutSeconds: number;
  /** True while the caller is recorded outside an agent's talk (automated-interaction recording: a voicemail). */
  readonly recording?: boolean;
}

/** Spoken words, not keys: a scripted input that is not DTMF (`--keys say:…` gives the words). */
const isSpeech = (entry: string): boolean => !/^[0-9*#]+$/.test(entry);

/**
 * Executes Flow Language documents as Amazon Connect would (reference §1.3), offline, with a local ACD.
 * Calls are run one at a time (concurrent `call()`s queue up), so ACD state and the clock stay consistent.
 */
export class ContactCentreRuntime {
  readonly acd: LocalAcd;
  readonly clock: SimulatedClock;
  readonly instanceArn: string;
  readonly lambdas: LambdaRegistry | undefined;
  readonly options: RuntimeOptions;
  readonly #flows: Map<string, LoadedFlow>;
  readonly #validator: FlowValidator;
  readonly #rng: SeededRandom;
  readonly #ids: SeededRandom;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.#flows = loadFlows(options.flows);
    this.#validator = new FlowValidator(options.validation);
    const firstQueueArn = options.queues?.[0]?.arn;
    const fromQueue = firstQueueArn
      ? /^(arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+)/.exec(firstQueueArn)?.[1]
      : undefined;
    this.instanceArn =
      options.instanceArn ??
      options.acd?.instanceArn ??
      fromQueue ??
      'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000';
    this.acd = options.acd ?? new LocalAcd({ instanceArn: this.instanceArn });
    for (const h of options.hours ?? []) this.acd.addHours(h);
    for (const q of options.queues ?? []) this.acd.addQueue(q);
    for (const a of options.agents ?? []) this.acd.addAgent(a);
    this.clock =
      options.clock instanceof SimulatedClock
        ? options.clock
        : new SimulatedClock(options.clock ?? Date.now());
    this.lambdas = options.lambdas;
    const seed = options.seed ?? 1;
    this.#rng = new SeededRandom(seed);
    this.#ids = new SeededRandom(seed ^ 0x5bd1e995);
    if (options.defaultCustomerQueueFlow !== undefined && !this.flow(options.defaultCustomerQueueFlow)) {
      throw new FlowRuntimeError(
        `defaultCustomerQueueFlow ${options.defaultCustomerQueueFlow} is not a known flow`,
      );
    }
  }

  /** A flow by ARN (its key), ID (the last ARN segment) or name. */
  flow(ref: string): LoadedFlow | undefined {
    const exact = this.#flows.get(ref);
    if (exact) return exact;
    const id = idOf(ref);
    for (const f of this.#flows.values()) if (f.id === id) return f;
    for (const f of this.#flows.values()) if (f.name === ref) return f;
    return undefined;
  }

  flows(): LoadedFlow[] {
    return [...this.#flows.values()];
  }

  /** Runs one contact through the flows and the ACD, and returns what happened. */
  call(options: CallOptions): Promise<CallResult> {
    const run = this.#lock.then(() => new CallRun(this, options).run());
    this.#lock = run.catch(() => undefined);
    return run;
  }

  /** @internal */
  validate(flow: LoadedFlow, type: FlowKind): void {
    this.#validator.check(flow, type);
  }

  /** @internal */
  random(): SeededRandom {
    return this.#rng;
  }

  /** @internal */
  newId(): string {
    return this.#ids.uuid();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One call

type FlowExit =
  | { readonly kind: 'disconnect'; readonly reason: string; readonly flow?: string }
  | { readonly kind: 'end'; readonly reason: string; readonly flow?: string }
  | { readonly kind: 'module-return'; readonly reason: string; readonly flow?: string }
  | { readonly kind: 'third-party'; readonly number: string; readonly reason: string; readonly flow?: string }
  | { readonly kind: 'queue' }
  | { readonly kind: 'flow'; readonly flow: LoadedFlow }
  | { readonly kind: 'dequeued' };

/** What executing an action gives: an outcome for the transitions, or leaving the flow. */
type Step = Outcome | { readonly exit: FlowExit; readonly branch: 'End' | 'Transfer' };

type Audience = 'customer' | 'agent';

interface Frame {
  readonly flow: LoadedFlow;
  readonly type: FlowKind;
  readonly audience: Audience;
  /** `$.FlowAttributes`: this flow only. */
  readonly flowAttributes: Record<string, string>;
  readonly resolve: PathResolver;
}

/** Thrown through the flows by simulated time while the contact waits in queue. */
class QueueExit {
  constructor(
    readonly reason: 'agent' | 'abandoned' | 'cap',
    readonly assignment?: Assignment,
  ) {}
}

const OK: Outcome = { ok: true };
const fail = (error: string): Outcome => ({ ok: false, error });

function str(p: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = p[key];
  if (typeof v === 'string') return v;
  return typeof v === 'number' ? String(v) : undefined;
}

function obj(p: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> | undefined {
  const v = p[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function dict(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

class CallRun {
  readonly rt: ContactCentreRuntime;
  readonly opts: CallOptions;
  readonly id: string;
  readonly channel: string;
  readonly initiationMethod: string;
  readonly customer: EndpointData | null;
  readonly system: EndpointData | null;
  readonly startedAt: number;
  readonly maxSteps: number;
  readonly talkSeconds: number;
  readonly region: string;
  readonly account: string;

  attributes = dict();
  external: Record<string, unknown> = {};
  storedInput: string | undefined;
  invocationId: string | undefined;
  languageCode: string;
  voice = 'Joanna';
  contactName: string | undefined;
  description: string | undefined;
  customerId: string | undefined;
  queue: Queue | undefined;
  priority = DEFAULT_PRIORITY;
  timeAdjustment = 0;
  hooks: Record<string, string> = dict();
  recorded: readonly string[] = [];
  ivrRecording = false;
  callbackNumber: string | undefined;
  callback: { queue: Queue | undefined; number: string } | undefined;
  metrics: Record<string, unknown> | undefined;
  agent: Agent | undefined;
  /** `$.Lex`, `$.Customer`, `$.Case`, `$.Wisdom` after the actions that fill them. */
  lex: Record<string, unknown> | undefined;
  customerData: Record<string, unknown> | undefined;
  caseData: Record<string, unknown> | undefined;
  wisdomSessionArn: string | undefined;
  readonly tags = dict();
  routingCriteria: unknown;
  transferredTo: string | undefined;
  readonly loops = new Map<string, number>();
  readonly messagePositions = new Map<string, number>();
  readonly inputs: ReadonlyArray<string | null>;
  inputIndex = 0;
  steps = 0;
  inQueue = false;
  patienceDeadline = Number.POSITIVE_INFINITY;
  capDeadline = Number.POSITIVE_INFINITY;
  readonly agentEvents: Array<{ at: number; agent: string; state: AgentState }>;

  readonly prompts: string[] = [];
  readonly consumedInputs: Array<string | null> = [];
  readonly lambdas: LambdaCall[] = [];
  readonly path: PathStep[] = [];
  readonly events: CallEvent[];
  readonly notes: string[] = [];

  enqueuedAt: number | undefined;
  dequeuedAt: number | undefined;
  connectedAt: number | undefined;
  disconnectedAt: number | undefined;
  disconnectReason: string | null = null;
  outcome: CallOutcome | undefined;

  constructor(rt: ContactCentreRuntime, opts: CallOptions) {
    this.rt = rt;
    this.opts = opts;
    if (opts.at !== undefined) rt.clock.set(opts.at);
    this.startedAt = rt.clock.nowMs();
    this.id = opts.contactId ?? rt.newId();
    this.channel = opts.channel ?? 'VOICE';
    this.initiationMethod = opts.initiationMethod ?? 'INBOUND';
    const endpointType = 'TELEPHONE_NUMBER';
    this.customer = opts.from === undefined ? null : { Address: opts.from, Type: endpointType };
    this.system = opts.to === undefined ? null : { Address: opts.to, Type: endpointType };
    this.languageCode = opts.languageCode ?? 'en-US';
    this.inputs = opts.inputs ?? [];
    const events: CallEvent[] = [];
    const onEvent = opts.onEvent;
    if (onEvent) {
      const push = events.push.bind(events);
      events.push = (...items: CallEvent[]) => {
        for (const item of items) onEvent(item);
        return push(...items);
      };
    }
    this.events = events;
    this.maxSteps = rt.options.maxSteps ?? 1000;
    this.talkSeconds = opts.talkSeconds ?? rt.options.talkSeconds ?? 60;
    for (const [k, v] of Object.entries(opts.attributes ?? {})) this.attributes[k] = v;
    const arnParts = rt.instanceArn.split(':');
    this.region = arnParts[3] || 'us-east-1';
    this.account = arnParts[4] || '111122223333';
    this.agentEvents = (opts.agentEvents ?? [])
      .map((e) => {
        if (e.at === undefined && e.afterSeconds === undefined) {
          throw new ScenarioError(`agent event for "${e.agent}" needs "at" or "afterSeconds"`);
        }
        if (!rt.acd.agent(e.agent)) throw new ScenarioError(`agent event for unknown agent "${e.agent}"`);
        const at = e.at !== undefined ? toMs(e.at) : this.startedAt + (e.afterSeconds ?? 0) * 1000;
        return { at, agent: e.agent, state: e.state };
      })
      .sort((a, b) => a.at - b.at);
  }

  get now(): number {
    return this.rt.clock.nowMs();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Phases

  async run(): Promise<CallResult> {
    try {
      const entry = this.rt.flow(this.opts.entryFlowArn);
      if (!entry) throw new FlowRuntimeError(`unknown entry flow ${this.opts.entryFlowArn}`);
      this.event(
        'note',
        `call from ${this.customer?.Address ?? 'unknown'} to ${this.system?.Address ?? 'unknown'} (${this.channel})`,
      );
      // Due agent events first (e.g. an agent logging in at the very start).
      this.runUntil(this.now);
      let flow = entry;
      let exit: FlowExit;
      for (;;) {
        exit = await this.runFlow(flow, 'CONTACT_FLOW', 'customer');
        if (exit.kind !== 'flow') break;
        flow = exit.flow;
      }
      if (exit.kind === 'queue') await this.queuePhase();
      else if (exit.kind === 'dequeued')
        throw new FlowRuntimeError(`a contact flow cannot dequeue a contact that is not in queue`);
      else this.finishInFlow(exit);
      return this.result();
    } catch (e) {
      // A failed call must not leave its contact waiting in the (persistent) ACD.
      this.rt.acd.remove(this.id);
      if (e instanceof FlowRuntimeError) {
        e.path = [...this.path];
        // What happened up to the failure, so that it can be printed (the transcript so far).
        this.disconnectedAt ??= this.now;
        this.outcome ??= {
          type: 'disconnected',
          reason: `the simulation stopped: ${e.message.split('\n')[0]}`,
        };
        try {
          e.partial = this.result();
        } catch {
          // The partial result is a courtesy: never hide the real error.
        }
      }
      throw e;
    }
  }

  async queuePhase(): Promise<void> {
    const queue = this.queue;
    if (!queue) throw new FlowRuntimeError('transferred to queue without a target queue');
    this.enqueuedAt = this.now;
    this.event('queue', `enqueued in ${queue.name} (priority ${this.priority})`);
    if (queue.voicemail) {
      await this.voicemail(queue);
      return;
    }
    this.enterQueue(queue);
    this.patienceDeadline =
      this.opts.patienceSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : this.now + this.opts.patienceSeconds * 1000;
    this.capDeadline = this.now + (this.rt.options.maxQueueWaitSeconds ?? 3600) * 1000;
    try {
      this.runUntil(this.now);
      for (;;) {
        const hook = this.hooks.CustomerQueue ?? this.rt.options.defaultCustomerQueueFlow;
        const flow = hook === undefined ? undefined : this.rt.flow(hook);
        if (!flow) {
          this.runUntil(Number.POSITIVE_INFINITY);
          continue;
        }
        const exit = await this.runFlow(flow, 'CUSTOMER_QUEUE', 'customer');
        if (exit.kind === 'dequeued') continue;
        if (exit.kind === 'disconnect') {
          this.leaveQueue();
          this.finishInFlow(exit);
          return;
        }
        if (exit.kind === 'end') {
          // Unverified what the caller hears after the queue flow ends: the contact stays in queue, in silence.
          this.runUntil(Number.POSITIVE_INFINITY);
          continue;
        }
        throw new FlowRuntimeError(`a customer queue flow cannot transfer (${exit.kind}); flow ${flow.arn}`);
      }
    } catch (e) {
      if (!(e instanceof QueueExit)) throw e;
      this.leaveQueue();
      if (e.reason === 'agent' && e.assignment) {
        await this.agentPhase(e.assignment);
      } else if (e.reason === 'abandoned') {
        this.disconnectedAt = this.now;
        this.disconnectReason = 'CUSTOMER_DISCONNECT';
        const waited = Math.round((this.now - (this.enqueuedAt ?? this.now)) / 1000);
        this.outcome = {
          ...this.queueOutcome('abandoned'),
          reason: `caller hung up after ${waited} s in queue (patience)`,
        };
        this.event('disconnect', `caller hung up after waiting ${waited} s`);
      } else {
        // Still waiting: no dequeue, no disconnect in the record (the simulation stopped, not the call).
        this.dequeuedAt = undefined;
        const waited = Math.round((this.now - (this.enqueuedAt ?? this.now)) / 1000);
        this.outcome = {
          ...this.queueOutcome('queue'),
          reason: `still waiting after ${waited} s (maxQueueWaitSeconds)`,
        };
        this.notes.push(`simulation stopped with the contact still in queue after ${waited} s`);
        this.event('note', `still in queue after ${waited} s: simulation stopped`);
      }
    }
  }

  enterQueue(queue: Queue): void {
    this.rt.acd.enqueue({
      contactId: this.id,
      queue: queue.arn,
      priority: this.priority,
      enqueuedAt: this.now,
      timeAdjustmentSeconds: this.timeAdjustment,
      talkSeconds: this.talkSeconds,
    });
    this.inQueue = true;
  }

  leaveQueue(): void {
    this.rt.acd.remove(this.id);
    this.inQueue = false;
    this.dequeuedAt = this.now;
  }

  async voicemail(queue: Queue): Promise<void> {
    const hook = this.hooks.CustomerQueue;
    const flow = hook === undefined ? undefined : this.rt.flow(hook);
    if (flow) await this.runFlow(flow, 'CUSTOMER_QUEUE', 'customer');
    this.dequeuedAt = this.now;
    this.disconnectedAt = this.now;
    this.disconnectReason = 'CONTACT_FLOW_DISCONNECT';
    this.outcome = { ...this.queueOutcome('voicemail'), reason: `voicemail queue ${queue.name}` };
    this.event('disconnect', `left in voicemail queue ${queue.name}`);
  }

  async agentPhase(assignment: Assignment): Promise<void> {
    const agent = this.rt.acd.agent(assignment.agentId);
    if (!agent) throw new FlowRuntimeError(`assigned to unknown agent ${assignment.agentId}`);
    this.agent = agent;
    this.connectedAt = assignment.at;
    const waited = Math.round((assignment.at - (this.enqueuedAt ?? assignment.at)) / 1000);
    this.event('agent', `agent ${agent.username} accepted after ${waited} s in queue`);
    for (const [hook, type, audience] of [
      ['AgentWhisper', 'AGENT_WHISPER', 'agent'],
      ['CustomerWhisper', 'CUSTOMER_WHISPER', 'customer'],
    ] as const) {
      const ref = this.hooks[hook];
      const flow = ref === undefined ? undefined : this.rt.flow(ref);
      if (flow) await this.runFlow(flow, type, audience);
    }
    this.runUntil(this.now + this.talkSeconds * 1000);
    const remaining = this.hooks.CustomerRemaining;
    const disconnectFlow = remaining === undefined ? undefined : this.rt.flow(remaining);
    if (disconnectFlow) {
      // The agent hangs up first and the customer stays for the disconnect flow (e.g. a survey).
      this.disconnectReason = 'AGENT_DISCONNECT';
      this.event('note', `agent ${agent.username} hung up; disconnect flow runs`);
      const exit = await this.runFlow(disconnectFlow, 'CONTACT_FLOW', 'customer');
      if (exit.kind !== 'disconnect' && exit.kind !== 'end') {
        this.notes.push(`the disconnect flow tried to transfer (${exit.kind}); ignored`);
      }
    } else {
      this.disconnectReason = 'CUSTOMER_DISCONNECT';
    }
    this.disconnectedAt = this.now;
    this.outcome = { ...this.queueOutcome('agent'), agent: { id: agent.id, name: agent.username } };
    this.event('disconnect', 'call ended');
  }

  finishInFlow(exit: Exclude<FlowExit, { kind: 'queue' | 'dequeued' | 'flow' }>): void {
    const reason = exit.reason;
    this.disconnectedAt = this.now;
    this.disconnectReason =
      exit.kind === 'third-party' ? 'THIRD_PARTY_DISCONNECT' : 'CONTACT_FLOW_DISCONNECT';
    const by = exit.flow === undefined ? {} : { flow: exit.flow };
    if (exit.kind === 'third-party') {
      this.outcome = { type: 'third-party', thirdPartyNumber: exit.number, ...by, reason };
      this.event('disconnect', reason);
      return;
    }
    if (exit.kind === 'end' || exit.kind === 'module-return') {
      // Nothing hung up: the flow (a whisper, hold, queue or module flow run on its own) simply ended.
      this.disconnectReason = null;
      this.outcome = { type: 'ended', ...by, reason };
      this.event('disconnect', reason);
      return;
    }
    if (this.callback) {
      const q = this.callback.queue;
      this.outcome = {
        type: 'callback',
        ...(q ? { queue: { name: q.name, arn: q.arn } } : {}),
        priority: this.priority,
        callbackNumber: this.callback.number,
        reason,
      };
    } else {
      this.outcome = { type: 'disconnected', ...by, reason };
    }
    this.event('disconnect', reason);
  }

  queueOutcome(type: CallOutcome['type']): CallOutcome {
    const q = this.queue;
    return { type, ...(q ? { queue: { name: q.name, arn: q.arn } } : {}), priority: this.priority };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Simulated time

  /** Lets simulated time pass: agent events, routing, and (in queue) agent pick-up, patience and the wait cap. */
  runUntil(target: number): void {
    for (;;) {
      const now = this.now;
      const nextEvent = this.agentEvents[0]?.at ?? Number.POSITIVE_INFINITY;
      const wake = this.rt.acd.nextWakeUp(now) ?? Number.POSITIVE_INFINITY;
      const limits = this.inQueue
        ? Math.min(this.patienceDeadline, this.capDeadline)
        : Number.POSITIVE_INFINITY;
      const next = Math.max(now, Math.min(target, nextEvent, wake, limits));
      if (!Number.isFinite(next))
        throw new FlowRuntimeError('simulated time would run forever (nothing can happen)');
      this.rt.clock.set(next);
      while (this.agentEvents[0] && this.agentEvents[0].at <= next) {
        const e = this.agentEvents.shift();
        if (!e) break;
        this.rt.acd.setAgentState(e.agent, e.state, next);
        this.event('note', `agent ${e.agent} is ${e.state}`);
      }
      for (const a of this.rt.acd.dispatch(next)) {
        if (a.contactId === this.id) throw new QueueExit('agent', a);
        this.event('note', `agent ${a.agentId} took waiting contact ${a.contactId}`);
      }
      if (this.inQueue && next >= this.patienceDeadline) throw new QueueExit('abandoned');
      if (this.inQueue && next >= this.capDeadline) throw new QueueExit('cap');
      if (next >= target) return;
    }
  }

  advance(seconds: number): void {
    this.runUntil(this.now + Math.max(0, seconds) * 1000);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Flow execution

  async runFlow(flow: LoadedFlow, role: FlowKind, audience: Audience): Promise<FlowExit> {
    const type = flow.declaredType ?? role;
    this.rt.validate(flow, type);
    const flowAttributes = dict();
    const frame: Frame = {
      flow,
      type,
      audience,
      flowAttributes,
      resolve: (segments) => this.lookup(segments, flowAttributes),
    };
    this.event('flow', `${flow.name} (${type})`, flow.arn);
    let id = flow.doc.StartAction;
    for (;;) {
      const action = flow.actions.get(id);
      if (!action)
        throw new FlowRuntimeError(`flow ${flow.arn} has no action "${id}"`, { flow: flow.arn, action: id });
      const where = { flow: flow.arn, action: action.Identifier, type: action.Type };
      if (++this.steps > this.maxSteps) throw new StepLimitError(this.maxSteps, where);
      let step: Step;
      try {
        const fault = this.fault(flow, action);
        step = fault === undefined ? await this.execute(action, frame) : fail(fault);
      } catch (e) {
        if (e instanceof QueueExit) this.path.push({ ...where, branch: 'Interrupted' });
        if (e instanceof FlowRuntimeError && e.flow === undefined) {
          const message = `${e.message} (${action.Type} "${action.Identifier}" in flow ${flow.arn})`;
          if (e instanceof ScenarioError) throw new ScenarioError(message, where);
          if (e instanceof MissingBranchError) throw new MissingBranchError(message, where);
          throw new FlowRuntimeError(message, where);
        }
        throw e;
      }
      if ('exit' in step) {
        this.path.push({ ...where, branch: step.branch });
        return step.exit;
      }
      let taken: ReturnType<typeof chooseTransition>;
      try {
        taken = chooseTransition(action, step);
      } catch (e) {
        if (e instanceof MissingBranchError)
          throw new MissingBranchError(`${e.message} in flow ${flow.arn}`, where);
        throw e;
      }
      this.path.push({
        ...where,
        branch: taken.branch,
        ...(taken.to === undefined ? {} : { to: taken.to }),
        ...(step.ok ? {} : { error: step.error }),
      });
      if (taken.to === undefined) {
        // An inbound or transfer flow with nowhere to go disconnects the contact; other flows just end.
        const hangsUp = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'].includes(type);
        return {
          kind: hangsUp ? 'disconnect' : 'end',
          reason: `flow ${flow.name} ended at "${action.Identifier}" (no next action)`,
          flow: flow.name,
        };
      }
      id = taken.to;
    }
  }

  fault(flow: LoadedFlow, action: Action): string | undefined {
    return this.opts.faults?.find(
      (f) =>
        f.action === action.Identifier &&
        (f.flow === undefined || f.flow === flow.arn || f.flow === flow.name),
    )?.error;
  }

  async execute(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    switch (action.Type) {
      case 'MessageParticipant':
        this.play(p, frame, action);
        return OK;
      case 'GetParticipantInput':
        return this.getInput(action, frame);
      case 'InvokeLambdaFunction':
        return this.invokeLambda(action, frame);
      case 'UpdateContactAttributes':
        return this.updateAttributes(p, frame);
      case 'UpdateFlowAttributes': {
        const attrs = obj(p, 'FlowAttributes') ?? {};
        for (const [key, value] of Object.entries(attrs)) {
          const v =
            typeof value === 'object' && value !== null
              ? str(value as Record<string, unknown>, 'Value')
              : undefined;
          frame.flowAttributes[key] = interpolate(v ?? '', frame.resolve);
        }
        return OK;
      }
      case 'Compare': {
        const ref = str(p, 'ComparisonValue') ?? '';
        return { ok: true, result: resolveSingle(ref, frame.resolve) ?? '' };
      }
      case 'UpdateContactTargetQueue': {
        const queue = this.queueParam(p, frame, action);
        if (!queue) return fail('NoMatchingError');
        this.queue = queue;
        return OK;
      }
      case 'TransferContactToQueue':
        if (!this.queue) {
          this.note(action, 'no target queue set: error branch');
          return fail('NoMatchingError');
        }
        if (this.rt.acd.atCapacity(this.queue.arn)) return fail('QueueAtCapacity');
        return { exit: { kind: 'queue' }, branch: 'Transfer' };
      case 'DequeueContactAndTransferToQueue':
        return this.dequeueAndTransfer(p, frame, action);
      case 'CheckHoursOfOperation':
        return this.checkHours(p, frame, action);
      case 'CheckMetricData':
        return this.checkMetric(p, frame, action);
      case 'GetMetricData':
        return this.getMetrics(p, frame, action);
      case 'UpdateContactRoutingBehavior':
        return this.routingBehavior(p, frame);
      case 'UpdateContactRecordingBehavior': {
        const rb = obj(p, 'RecordingBehavior');
        if (rb) {
          const participants = rb.RecordedParticipants;
          this.recorded = Array.isArray(participants)
            ? participants.filter((x): x is string => typeof x === 'string')
            : [];
          const ivr = rb.IVRRecordingBehavior === 'Enabled';
          // The automated-interaction (IVR) recording starts here, at once (a voicemail): say so for the transcriber.
          if (ivr && !this.ivrRecording && this.recorded.includes('Customer'))
            this.note(action, `${IVR_RECORDING_NOTE} (${this.recorded.join(', ')})`);
          this.ivrRecording = ivr;
        }
        return OK;
      }
      case 'UpdateContactEventHooks':
        return this.eventHooks(p, frame, action);
      case 'UpdateContactTextToSpeechVoice':
        this.voice = str(p, 'TextToSpeechVoice') ?? this.voice;
        return OK;
      case 'UpdateContactData': {
        if (p.TargetContact === 'Related') {
          this.note(action, 'TargetContact Related: there is no related contact offline; error branch');
          return fail('NoMatchingError');
        }
        const text = (key: string) => {
          const v = str(p, key);
          return v === undefined ? undefined : interpolate(v, frame.resolve);
        };
        this.languageCode = text('LanguageCode') ?? this.languageCode;
        this.contactName = text('Name') ?? this.contactName;
        this.description = text('Description') ?? this.description;
        this.customerId = text('CustomerId') ?? this.customerId;
        return OK;
      }
      case 'UpdateFlowLoggingBehavior':
      case 'UpdateContactMediaStreamingBehavior':
        return OK;
      case 'Loop':
        return this.loop(action, frame);
      case 'MessageParticipantIteratively':
        return this.messageLoop(action, frame);
      case 'CreateCallbackContact':
        return this.createCallback(p, frame, action);
      case 'TransferToFlow': {
        const ref = resolveSingle(str(p, 'ContactFlowId') ?? '', frame.resolve);
        const target = ref === undefined ? undefined : this.rt.flow(ref);
        if (!target) {
          this.note(action, `unknown flow ${ref ?? '(empty)'}: error branch`);
          return fail('NoMatchingError');
        }
        return { exit: { kind: 'flow', flow: target }, branch: 'Transfer' };
      }
      case 'EndFlowExecution':
        return {
          exit: {
            kind: 'end',
            reason: `ended by flow ${frame.flow.name} (EndFlowExecution "${action.Identifier}")`,
            flow: frame.flow.name,
          },
          branch: 'End',
        };
      case 'DisconnectParticipant':
        return {
          exit: {
            kind: 'disconnect',
            reason: `disconnected by flow ${frame.flow.name} (DisconnectParticipant "${action.Identifier}")`,
            flow: frame.flow.name,
          },
          branch: 'End',
        };
      case 'DistributeByPercentage':
        return { ok: true, result: String(this.rt.random().int(1, 100)) };
      case 'Wait': {
        const raw = str(p, 'TimeoutSeconds');
        const seconds = parseIntLike(raw === undefined ? undefined : resolveSingle(raw, frame.resolve));
        if (seconds === undefined || seconds < 0) {
          this.note(action, `TimeoutSeconds "${raw}" is not a number of seconds: error branch`);
          return fail('NoMatchingError');
        }
        this.advance(seconds);
        return { ok: true, result: 'WaitCompleted' };
      }
      case 'UpdateContactCallbackNumber': {
        const raw = resolveSingle(str(p, 'CallbackNumber') ?? '', frame.resolve) ?? '';
        const parsed = parsePhoneNumberFromString(raw.startsWith('+') ? raw : `+${raw}`);
        if (!parsed?.isPossible()) return fail('InvalidCallbackNumber');
        this.callbackNumber = parsed.number;
        return OK;
      }
      default:
        return this.executeMore(action, frame);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The rest of the documented catalogue: Connect's semantics where they need nothing we lack, else the local
  // models of `services.ts` (each documented in the runtime README).

  async executeMore(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    const services = this.rt.options.services ?? {};
    switch (action.Type) {
      case 'ConnectParticipantWithLexBot':
        return this.lexBot(action, frame);
      case 'InvokeFlowModule':
        return this.invokeModule(action, frame);
      case 'EndFlowModuleExecution':
        return {
          exit: {
            kind: 'module-return',
            reason: `module ${frame.flow.name} returned (EndFlowModuleExecution "${action.Identifier}")`,
            flow: frame.flow.name,
          },
          branch: 'End',
        };
      case 'TransferContactToAgent':
        // A transfer-to-agent flow: the target (an agent's queue) was set by the quick connect or
        // UpdateContactTargetQueue AgentId; the contact waits there for that agent.
        if (!this.queue) {
          this.note(action, 'no target agent or queue set: error branch');
          return fail('NoMatchingError');
        }
        return { exit: { kind: 'queue' }, branch: 'Transfer' };
      case 'TransferParticipantToThirdParty':
        return this.thirdParty(action, frame);
      case 'ShowView': {
        const view = obj(p, 'ViewResource') ?? {};
        const id = resolveSingle(str(view, 'Id') ?? '', frame.resolve) ?? '';
        if (this.channel !== 'CHAT') {
          this.note(action, `view ${id}: ShowView runs on the chat channel only: error branch`);
          return fail('NoMatchingError');
        }
        this.event('note', `view ${id} shown`);
        const selected = services.views?.[id] ?? services.views?.[idOf(id)] ?? services.views?.['*'];
        if (selected === undefined) {
          this.advance(parseIntLike(p.InvocationTimeLimitSeconds) ?? 400);
          return fail('TimeLimitExceeded');
        }
        this.event('note', `view ${id}: "${selected}" selected`);
        return { ok: true, result: selected };
      }
      case 'TagContact': {
        for (const [k, v] of Object.entries(obj(p, 'Tags') ?? {})) {
          this.tags[k] = interpolate(typeof v === 'string' ? v : String(v), frame.resolve);
        }
        return OK;
      }
      case 'UnTagContact': {
        const keys = Array.isArray(p.TagKeys) ? p.TagKeys : [];
        for (const k of keys) if (typeof k === 'string') delete this.tags[k];
        return OK;
      }
      case 'CreateWisdomSession': {
        const assistant = resolveSingle(str(p, 'WisdomAssistantArn') ?? '', frame.resolve);
        if (!assistant) {
          this.note(action, 'no WisdomAssistantArn: error branch');
          return fail('NoMatchingError');
        }
        this.wisdomSessionArn = `${assistant.replace(':assistant/', ':session/')}/${this.rt.newId()}`;
        this.event('note', `Q in Connect session ${this.wisdomSessionArn}`);
        return OK;
      }
      case 'CreateTask': {
        const name = interpolate(str(p, 'Name') ?? '', frame.resolve);
        this.event('note', `task "${name}" created (${this.rt.newId()})`);
        return OK;
      }
      case 'CreateCase':
      case 'GetCase':
      case 'UpdateCase':
        return this.cases(action, frame);
      case 'GetCustomerProfile':
      case 'CreateCustomerProfile':
      case 'UpdateCustomerProfile':
      case 'AssociateContactToCustomerProfile':
      case 'GetCustomerProfileObject':
      case 'GetCalculatedAttributesForCustomerProfile':
        return this.customerProfiles(action, frame);
      case 'UpdateRoutingCriteria':
      case 'UpdateContactRoutingCriteria':
        this.routingCriteria = p.RoutingCriteria ?? p;
        this.note(action, 'routing criteria recorded; the local ACD routes by queue and priority only');
        return OK;
      case 'UpdateContactRecordingAndAnalyticsBehavior': {
        // Shape not verified: read RecordedParticipants / IVRRecordingBehavior wherever they are nested.
        const participants = deepFind(p, 'RecordedParticipants');
        if (Array.isArray(participants)) {
          this.recorded = participants.filter((x): x is string => typeof x === 'string');
        }
        const ivr = deepFind(p, 'IVRRecordingBehavior');
        if (typeof ivr === 'string') this.ivrRecording = ivr === 'Enabled';
        return OK;
      }
      case 'CheckVoiceId': {
        const voice = services.voiceId ?? {};
        const what = JSON.stringify(p);
        const result = /fraud/i.test(what)
          ? (voice.fraud ?? 'LOW_RISK')
          : /enrol/i.test(what)
            ? (voice.enrollment ?? 'NOT_ENROLLED')
            : (voice.authentication ?? 'NOT_ENROLLED');
        return { ok: true, result };
      }
      case 'CheckOutboundCallStatus': {
        if (this.initiationMethod !== 'OUTBOUND' && services.outboundCallStatus === undefined) {
          this.note(action, 'not an outbound call: error branch');
          return fail('NoMatchingError');
        }
        return { ok: true, result: services.outboundCallStatus ?? 'CallAnswered' };
      }
      case 'UpdatePreviousContactParticipantState':
      case 'UpdateContactMediaProcessing':
      case 'StartVoiceIdStream':
      case 'CompleteOutboundCall':
      case 'ResumeContact':
      case 'StartOutboundChatContact':
        // Effects outside this contact's path (media, other participants, other contacts): recorded only.
        this.note(action, `${action.Type}: no effect on this simulated contact`);
        return OK;
      default:
        throw new UnsupportedActionError({
          flow: frame.flow.arn,
          action: action.Identifier,
          type: action.Type,
        });
    }
  }

  /** Lex: the caller's next input (an utterance or keys) is recognised by the bot's local model. */
  async lexBot(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    const v2 = obj(p, 'LexV2Bot');
    const v1 = obj(p, 'LexBot');
    const aliasArn = v2 ? resolveSingle(str(v2, 'AliasArn') ?? '', frame.resolve) : undefined;
    const name = v1 ? str(v1, 'Name') : undefined;
    this.play(p, frame, action);
    const timeout = parseIntLike(str(obj(p, 'LexTimeoutSeconds') ?? {}, 'Text')) ?? 5;
    const entry = await this.nextInput(action, frame, false, timeout, 'says');
    const found = lexModelFor(this.rt.options.services?.lex, {
      ...(aliasArn ? { aliasArn } : {}),
      ...(name ? { name } : {}),
    });
    if (!found) {
      this.note(
        action,
        `no Lex model for bot ${aliasArn ?? name ?? '(none)'} (--lex NAME=FILE): error branch`,
      );
      return fail('NoMatchingError');
    }
    if (entry === null) {
      this.advance(timeout);
      return fail('InputTimeLimitExceeded');
    }
    const r = recognise(found.model, entry);
    const session: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(p, 'LexSessionAttributes') ?? {})) {
      session[k] = interpolate(typeof v === 'string' ? v : String(v), frame.resolve);
    }
    this.lex = {
      IntentName: r.intent,
      Slots: { ...(r.slots ?? {}) },
      SessionAttributes: { ...session, ...(r.sessionAttributes ?? {}) },
      IntentConfidence: { Score: String(r.confidence ?? 1) },
      ...(r.sentiment ? { SentimentResponse: { Label: r.sentiment } } : {}),
    };
    this.event('note', `Lex ${found.key}: "${entry}" → intent ${r.intent}`);
    return { ok: true, result: r.intent };
  }

  /** Runs a flow module; EndFlowModuleExecution returns here (success), anything else leaves with the module. */
  async invokeModule(action: Action, frame: Frame): Promise<Step> {
    const ref = resolveSingle(str(action.Parameters, 'FlowModuleId') ?? '', frame.resolve);
    const module = ref ? this.rt.flow(ref) : undefined;
    if (!module) {
      this.note(action, `unknown flow module ${ref ?? '(empty)'} (give it with --module): error branch`);
      return fail('NoMatchingError');
    }
    if (frame.type === 'FLOW_MODULE') {
      this.note(
        action,
        'a flow module cannot invoke another module (Amazon Connect refuses it): error branch',
      );
      return fail('NoMatchingError');
    }
    // "Modules do not allow overriding flow local data of the invoking flow": External attributes, Lex, Customer
    // Profiles, queue metrics and stored customer input are the module's own while it runs, and the invoking
    // flow's again after it (Administrator Guide, "Flow modules"). That the module starts without the invoking
    // flow's values is *unverified*; contact attributes are shared both ways (a Q in Connect session belongs to
    // the contact and is kept).
    const saved = {
      external: this.external,
      storedInput: this.storedInput,
      lex: this.lex,
      customerData: this.customerData,
      metrics: this.metrics,
    };
    this.external = {};
    this.storedInput = undefined;
    this.lex = undefined;
    this.customerData = undefined;
    this.metrics = undefined;
    let exit: FlowExit;
    try {
      exit = await this.runFlow(module, 'FLOW_MODULE', frame.audience);
    } finally {
      this.external = saved.external;
      this.storedInput = saved.storedInput;
      this.lex = saved.lex;
      this.customerData = saved.customerData;
      this.metrics = saved.metrics;
    }
    if (exit.kind === 'module-return') return OK;
    return { exit, branch: 'Transfer' };
  }

  async thirdParty(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    const raw = interpolate(str(p, 'ThirdPartyPhoneNumber') ?? '', frame.resolve).trim();
    const parsed = parsePhoneNumberFromString(raw.startsWith('+') ? raw : `+${raw}`);
    if (!parsed?.isPossible()) {
      this.note(action, `"${raw}" is not an E.164 number: error branch`);
      return fail('CallFailed');
    }
    const number = parsed.number;
    const table = this.rt.options.services?.thirdParty ?? {};
    const behaviour = table[number] ?? table['*'] ?? 'answered';
    this.event('note', `transfer to third party ${number}: ${behaviour}`);
    if (behaviour === 'busy' || behaviour === 'failed') return fail('CallFailed');
    if (behaviour === 'no-answer') {
      this.advance(parseIntLike(p.ThirdPartyConnectionTimeoutSeconds) ?? 30);
      return fail('ConnectionTimeLimitExceeded');
    }
    this.transferredTo = number;
    if (parseBoolLike(p.ContinueFlowExecution) === false) {
      return {
        exit: {
          kind: 'third-party',
          number,
          reason: `transferred to third party ${number} by flow ${frame.flow.name}`,
          flow: frame.flow.name,
        },
        branch: 'Transfer',
      };
    }
    // The flow goes on once the third party hangs up, with the caller still on the line.
    this.advance(this.talkSeconds);
    this.event('note', `third party ${number} hung up; the flow continues`);
    return OK;
  }

  /** Cases: a local case store; `$.Case` holds the case's fields. */
  cases(action: Action, frame: Frame): Step {
    const p = action.Parameters;
    const store = this.rt.options.services?.cases;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(p, 'CaseRequestFields') ?? {})) {
      fields[k] = interpolate(typeof v === 'string' ? v : JSON.stringify(v), frame.resolve);
    }
    const link = parseBoolLike(p.LinkContactToCase) === true;
    if (!store) {
      this.note(action, 'no local case store (--cases FILE): error branch');
      return fail('NoMatchingError');
    }
    let found: Record<string, unknown> | undefined;
    if (action.Type === 'CreateCase') {
      found = { case_id: this.rt.newId(), template_id: str(p, 'CaseTemplateId') ?? '', ...fields };
      store.push(found);
      this.event('note', `case ${String(found.case_id)} created`);
    } else {
      const id = interpolate(str(p, 'CaseId') ?? '', frame.resolve);
      const matches = id
        ? store.filter((c) => c.case_id === id)
        : store.filter((c) => Object.entries(fields).every(([k, v]) => c[k] === v));
      if (matches.length === 0) return fail(action.Type === 'GetCase' ? 'NoneFoundError' : 'NoMatchingError');
      if (matches.length > 1 && action.Type === 'GetCase') return fail('MultipleFoundError');
      found = matches[0];
      if (found && action.Type === 'UpdateCase') Object.assign(found, fields);
    }
    this.caseData = { ...found };
    if (link) this.event('note', `contact linked to case ${String(found?.case_id)}`);
    return OK;
  }

  /** Customer Profiles: a local profile store; `$.Customer` holds the fields asked for. */
  customerProfiles(action: Action, frame: Frame): Step {
    const p = action.Parameters;
    const services = this.rt.options.services ?? {};
    const store: CustomerProfileRecord[] = services.profiles ?? [];
    if (!services.profiles) this.note(action, 'no local profile store (--profiles FILE): an empty domain');
    const request = obj(p, 'ProfileRequestData') ?? {};
    const value = (v: unknown) => interpolate(typeof v === 'string' ? v : String(v ?? ''), frame.resolve);
    const responseFields = (() => {
      const r = p.ProfileResponseData;
      if (Array.isArray(r)) return r.filter((x): x is string => typeof x === 'string');
      if (typeof r === 'object' && r !== null) return Object.keys(r);
      return undefined;
    })();
    const expose = (profile: CustomerProfileRecord) => {
      const picked: Record<string, unknown> = { ProfileId: profile.ProfileId };
      for (const [k, v] of Object.entries(profile)) {
        if (!responseFields || responseFields.includes(k)) picked[k] = v;
      }
      this.customerData = { ...(this.customerData ?? {}), ...picked };
    };
    const byId = (): CustomerProfileRecord | undefined => {
      const id = value(request.ProfileId ?? this.customerData?.ProfileId);
      return store.find((x) => x.ProfileId === id);
    };
    switch (action.Type) {
      case 'GetCustomerProfile': {
        const criteria: Array<{ name: string; value: string }> = [];
        const single = request.IdentifierName;
        // The API Reference spells it "IdentiferValue" in one place: both are read.
        const singleValue = request.IdentifierValue ?? request.IdentiferValue;
        if (typeof single === 'string') criteria.push({ name: single, value: value(singleValue) });
        for (const c of Array.isArray(request.SearchCriteria) ? request.SearchCriteria : []) {
          const cr = c as Record<string, unknown>;
          if (typeof cr.IdentifierName === 'string')
            criteria.push({ name: cr.IdentifierName, value: value(cr.IdentifierValue) });
        }
        if (criteria.length === 0) {
          this.note(action, 'no search identifier: error branch');
          return fail('NoMatchingError');
        }
        const matches = searchProfiles(store, criteria, request.LogicalOperator === 'AND' ? 'AND' : 'OR');
        if (matches.length === 0) return fail('NoneFoundError');
        if (matches.length > 1) return fail('MultipleFoundError');
        const [only] = matches;
        if (only) expose(only);
        return OK;
      }
      case 'CreateCustomerProfile': {
        const profile: CustomerProfileRecord = { ProfileId: this.rt.newId().replace(/-/g, '') };
        for (const [k, v] of Object.entries(request)) profile[k] = value(v);
        store.push(profile);
        this.event('note', `customer profile ${profile.ProfileId} created`);
        expose(profile);
        return OK;
      }
      case 'UpdateCustomerProfile': {
        const profile = byId();
        if (!profile) return fail('NoneFoundError');
        for (const [k, v] of Object.entries(request)) if (k !== 'ProfileId') profile[k] = value(v);
        expose(profile);
        return OK;
      }
      case 'AssociateContactToCustomerProfile': {
        const profile = byId();
        if (!profile) return fail('NoneFoundError');
        this.event('note', `contact associated with customer profile ${profile.ProfileId}`);
        this.customerData = { ...(this.customerData ?? {}), ProfileId: profile.ProfileId };
        return OK;
      }
      case 'GetCustomerProfileObject': {
        const profile = byId();
        const type = value(request.ObjectType);
        if (!profile || !type) return fail('NoneFoundError');
        const objects = (services.profileObjects?.[type] ?? []).filter(
          (o) => o.ProfileId === profile.ProfileId,
        );
        const name = request.IdentifierName;
        const wanted = value(request.IdentifierValue);
        const pick =
          typeof name === 'string' && wanted !== ''
            ? objects.filter((o) => String(o[name] ?? '') === wanted)
            : objects;
        const [first] = pick;
        if (!first) return fail('NoneFoundError');
        this.customerData = { ...(this.customerData ?? {}), [type]: { ...first } };
        return OK;
      }
      case 'GetCalculatedAttributesForCustomerProfile': {
        const profile = byId();
        if (!profile) return fail('NoneFoundError');
        const attrs = services.calculatedAttributes?.[profile.ProfileId] ?? {};
        this.customerData = { ...(this.customerData ?? {}), CalculatedAttributes: { ...attrs } };
        return OK;
      }
      default:
        return fail('NoMatchingError');
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Actions

  promptOf(source: Readonly<Record<string, unknown>>, frame: Frame): string | undefined {
    const text = str(source, 'Text');
    if (text !== undefined) return interpolate(text, frame.resolve);
    const ssml = str(source, 'SSML');
    if (ssml !== undefined) return interpolate(ssml, frame.resolve);
    const promptId = str(source, 'PromptId');
    if (promptId !== undefined) return `[prompt ${resolveSingle(promptId, frame.resolve) ?? ''}]`;
    const media = obj(source, 'Media');
    if (media) return `[media ${str(media, 'Uri') ?? ''}]`;
    return undefined;
  }

  play(source: Readonly<Record<string, unknown>>, frame: Frame, action: Action): void {
    const prompt = this.promptOf(source, frame);
    if (prompt === undefined) return;
    const heard = frame.audience === 'agent' ? `[agent] ${prompt}` : prompt;
    this.prompts.push(heard);
    this.events.push({
      at: this.iso(),
      kind: 'prompt',
      text: heard,
      flow: frame.flow.arn,
      action: action.Identifier,
    });
  }

  /** The caller's next scripted input (`null`: none, it times out), asked for interactively past the script. */
  async nextInput(
    action: Action,
    frame: Frame,
    stored: boolean,
    timeoutSeconds: number,
    what = 'keys',
  ): Promise<string | null> {
    const entry =
      this.inputIndex < this.inputs.length
        ? (this.inputs[this.inputIndex] ?? null)
        : this.opts.onInput
          ? await this.opts.onInput({
              action: action.Identifier,
              ...(this.prompts.length ? { prompt: this.prompts[this.prompts.length - 1] } : {}),
              stored,
              timeoutSeconds,
              ...(this.ivrRecording && this.recorded.includes('Customer') ? { recording: true } : {}),
            })
          : null;
    this.inputIndex++;
    this.consumedInputs.push(entry);
    this.events.push({
      at: this.iso(),
      kind: 'input',
      text: entry === null ? 'no input (timeout)' : isSpeech(entry) ? `says ${entry}` : `${what} ${entry}`,
      flow: frame.flow.arn,
      action: action.Identifier,
    });
    return entry;
  }

  async getInput(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    this.play(p, frame, action);
    const stored = parseBoolLike(p.StoreInput) === true;
    const timeout = parseIntLike(p.InputTimeLimitSeconds) ?? 5;
    const entry = await this.nextInput(action, frame, stored, timeout);
    if (entry === null) {
      this.advance(timeout);
      if (stored) {
        // "Store customer input" with no input at all continues on Success with $.StoredCustomerInput = Timeout
        // (AG store-customer-input.md: check for it with a Compare).
        this.storedInput = 'Timeout';
        return OK;
      }
      return fail('InputTimeLimitExceeded');
    }
    if (parseBoolLike(p.StoreInput) !== true) {
      // Words spoken while the caller is recorded at a DTMF prompt (a voicemail message) are no key: Connect waits
      // out the time limit, and the recording has them (the local transcriber reads the `says` event).
      if (this.ivrRecording && isSpeech(entry)) {
        this.advance(timeout);
        return fail('InputTimeLimitExceeded');
      }
      if (!/^[0-9*#]$/.test(entry)) {
        throw new ScenarioError(
          `input "${entry}" given to "${action.Identifier}", a one-key menu (StoreInput False): give one key 0-9, * or #`,
        );
      }
      return { ok: true, result: entry };
    }
    const terminator = str(obj(p, 'DTMFConfiguration') ?? {}, 'InputTerminationSequence') ?? '#';
    let digits = entry.endsWith(terminator) ? entry.slice(0, -terminator.length) : entry;
    if (!/^[0-9*#]*$/.test(digits)) {
      throw new ScenarioError(
        `input "${entry}" given to "${action.Identifier}" is not DTMF keys (0-9, *, #)`,
      );
    }
    const validation = obj(p, 'InputValidation') ?? {};
    const custom = obj(validation, 'CustomValidation');
    const phone = obj(validation, 'PhoneNumberValidation');
    if (custom) {
      // Connect stops collecting at the maximum: extra keys are not part of the input.
      const max = parseIntLike(custom.MaximumLength);
      if (max !== undefined && digits.length > max) {
        this.note(
          action,
          `input "${entry}" is longer than MaximumLength ${max}: kept "${digits.slice(0, max)}"`,
        );
        digits = digits.slice(0, max);
      }
    }
    if (phone) {
      const e164 = phone.NumberFormat === 'E164';
      const country = str(phone, 'CountryCode') as CountryCode | undefined;
      const parsed = /^\d+$/.test(digits)
        ? parsePhoneNumberFromString(e164 ? `+${digits}` : digits, e164 ? undefined : country)
        : undefined;
      if (!parsed?.isPossible()) return fail('InvalidPhoneNumber');
      // Stored in E.164 (what UpdateContactCallbackNumber needs; the stored format is unverified).
      digits = parsed.number;
    }
    this.storedInput = digits;
    return OK;
  }

  async invokeLambda(action: Action, frame: Frame): Promise<Step> {
    const p = action.Parameters;
    const reference = interpolate(str(p, 'LambdaFunctionARN') ?? '', frame.resolve);
    const limitSeconds = parseIntLike(p.InvocationTimeLimitSeconds) ?? 8;
    const responseType = str(obj(p, 'ResponseValidation') ?? {}, 'ResponseType') ?? 'STRING_MAP';
    const asynchronous = p.InvocationType === 'ASYNCHRONOUS';
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(p, 'LambdaInvocationAttributes') ?? {})) {
      parameters[k] = interpolate(typeof v === 'string' ? v : String(v), frame.resolve);
    }
    const call: LambdaCall = {
      name: functionNameOf(reference),
      arn: reference,
      flow: frame.flow.arn,
      action: action.Identifier,
      latencyMs: 0,
    };
    const failed = (error: string, extra: Partial<LambdaCall> = {}): Step => {
      Object.assign(call, { error }, extra);
      this.lambdas.push(call);
      // $.External holds only the latest invocation; after a failure nothing is left (unverified).
      if (!asynchronous) this.external = {};
      this.events.push({
        at: this.iso(),
        kind: 'lambda',
        text: `${call.name}: error: ${error}`,
        flow: frame.flow.arn,
        action: action.Identifier,
      });
      return fail('NoMatchingError');
    };
    const invoker = findInvoker(this.rt.lambdas, reference);
    if (!invoker) return failed(`no stub for ${reference}`);
    const event = this.lambdaEvent(parameters);
    const scale = this.rt.options.lambdaTimeScale ?? 1;
    const requestId = this.rt.newId();
    const deadline = performance.now() + limitSeconds * 1000 * scale;
    const context = lambdaContext(reference, requestId, () => (deadline - performance.now()) / scale, {
      region: this.region,
      account: this.account,
    });
    const result = await invokeWithTimeLimit(() => invoker(event, context), limitSeconds * 1000, scale);
    call.latencyMs = result.latencyMs;
    if (!result.ok) return failed(result.error, result.timedOut ? { timedOut: true } : {});
    const accepted = acceptResponse(result.value, responseType);
    if (!accepted.ok) {
      let response: unknown;
      try {
        response = JSON.parse(JSON.stringify(result.value) ?? 'null');
      } catch {
        response = String(result.value);
      }
      return failed(accepted.error, { response });
    }
    call.response = accepted.external;
    this.lambdas.push(call);
    if (asynchronous) {
      // The contact moves on at once and the response is read later ("Load Lambda result", type unverified):
      // here the invocation is awaited, $.External is left alone and only $.LambdaInvocation.InvocationId is set.
      this.invocationId = requestId;
      this.note(action, 'ASYNCHRONOUS invocation awaited; $.External not updated');
    } else {
      this.external = accepted.external;
    }
    this.events.push({
      at: this.iso(),
      kind: 'lambda',
      text: `${call.name} (${Math.round(call.latencyMs)} ms) → ${JSON.stringify(accepted.external)}`,
      flow: frame.flow.arn,
      action: action.Identifier,
    });
    return OK;
  }

  lambdaEvent(parameters: Record<string, string>): ContactFlowEvent {
    const q = this.queue;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...this.attributes },
          Channel: this.channel,
          ContactId: this.id,
          CustomerEndpoint: this.customer ? { ...this.customer } : null,
          CustomerId: this.customerId ?? null,
          Description: this.description ?? null,
          InitialContactId: this.id,
          InitiationMethod: this.initiationMethod,
          InstanceARN: this.rt.instanceArn,
          LanguageCode: this.languageCode,
          MediaStreams: { Customer: { Audio: null } },
          Name: this.contactName ?? 'ContactFlowEvent',
          PreviousContactId: null,
          Queue: q
            ? {
                ARN: q.arn,
                Name: q.name,
                ...(q.outboundCallerId
                  ? { OutboundCallerId: { Address: q.outboundCallerId, Type: 'TELEPHONE_NUMBER' } }
                  : {}),
              }
            : null,
          References: {},
          SystemEndpoint: this.system ? { ...this.system } : null,
        },
        Parameters: parameters,
      },
    };
  }

  updateAttributes(p: Readonly<Record<string, unknown>>, frame: Frame): Step {
    if (p.TargetContact === 'Related') return fail('NoMatchingError');
    // All or nothing: resolve everything, then apply. An undefined reference gives "" (unverified).
    const updates: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(obj(p, 'Attributes') ?? {})) {
      updates.push([
        interpolate(key, frame.resolve),
        interpolate(typeof value === 'string' ? value : String(value), frame.resolve),
      ]);
    }
    for (const [k, v] of updates) this.attributes[k] = v;
    return OK;
  }

  /** QueueId or AgentId (static, or one JSONPath): the queue, or the agent's personal queue. */
  queueParam(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Queue | undefined {
    const queueRef = str(p, 'QueueId');
    const agentRef = str(p, 'AgentId');
    if (queueRef !== undefined) {
      const ref = resolveSingle(queueRef, frame.resolve);
      if (!ref) {
        this.note(action, `QueueId ${queueRef} resolves to nothing: error branch`);
        return undefined;
      }
      return this.findQueue(ref, action);
    }
    if (agentRef !== undefined) {
      const ref = resolveSingle(agentRef, frame.resolve);
      let agent = ref ? this.rt.acd.agent(ref) : undefined;
      if (!agent && ref && this.rt.options.createMissing) {
        agent = this.rt.acd.addAgent({
          id: idOf(ref),
          username: idOf(ref),
          routingProfile: { queues: [] },
        });
        this.notes.push(`created agent ${ref} on the fly (Available)`);
      }
      if (!agent) {
        this.note(action, `unknown agent ${ref ?? agentRef}: error branch`);
        return undefined;
      }
      return this.rt.acd.queue(agent.queueArn);
    }
    return undefined;
  }

  findQueue(ref: string, action: Action): Queue | undefined {
    const known = this.rt.acd.queue(ref);
    if (known) return known;
    if (this.rt.options.createMissing) {
      const arn = ref.startsWith('arn:') ? ref : `${this.rt.instanceArn}/queue/${ref}`;
      const name = this.rt.options.resourceNames?.get(arn);
      const withAgent = this.rt.options.stubAgents ?? true;
      const created = this.rt.acd.createStubQueue(arn, name, withAgent);
      this.notes.push(
        `created queue ${name ? `"${name}" ` : ''}${arn} on the fly (open 24/7, ${withAgent ? 'one available stub agent' : 'served by the agents given'})`,
      );
      return created;
    }
    this.note(action, `unknown queue ${ref}: error branch`);
    return undefined;
  }

  findHours(ref: string, action: Action): HoursOfOperation | undefined {
    const known = this.rt.acd.hours(ref);
    if (known) return known;
    if (this.rt.options.createMissing) {
      const arn = ref.startsWith('arn:') ? ref : `${this.rt.instanceArn}/operating-hours/${ref}`;
      const name = this.rt.options.resourceNames?.get(arn);
      this.notes.push(`created hours ${name ? `"${name}" ` : ''}${arn} on the fly (open 24/7)`);
      return this.rt.acd.addHours(alwaysOpen(arn, name ?? `Stub hours ${idOf(arn)}`));
    }
    this.note(action, `unknown hours of operation ${ref}: error branch`);
    return undefined;
  }

  dequeueAndTransfer(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    const target = this.queueParam(p, frame, action);
    if (!target) return fail('NoMatchingError');
    if (!this.inQueue) {
      this.note(action, 'the contact is not in queue: error branch');
      return fail('NoMatchingError');
    }
    if (this.rt.acd.atCapacity(target.arn)) return fail('QueueAtCapacity');
    this.rt.acd.remove(this.id);
    this.queue = target;
    this.enqueuedAt = this.now;
    this.enterQueue(target);
    this.event('queue', `moved to queue ${target.name}`);
    // The customer queue flow starts again for the new queue (unverified).
    this.runUntil(this.now);
    return { exit: { kind: 'dequeued' }, branch: 'Transfer' };
  }

  checkHours(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    const given = str(p, 'HoursOfOperationId');
    let hours: HoursOfOperation | undefined;
    if (given !== undefined) {
      const ref = resolveSingle(given, frame.resolve);
      hours = ref ? this.findHours(ref, action) : undefined;
    } else {
      const q = this.queue;
      if (!q) {
        this.note(action, 'no HoursOfOperationId and no target queue: error branch');
        return fail('NoMatchingError');
      }
      if (q.type === 'AGENT') {
        this.note(action, 'an agent queue has no hours of operation: error branch');
        return fail('NoMatchingError');
      }
      if (q.hoursArn === undefined) {
        if (this.rt.options.createMissing) {
          this.notes.push(`queue ${q.name} has no hours: taken as open 24/7`);
          return { ok: true, result: 'True' };
        }
        this.note(action, `queue ${q.name} has no hours of operation configured: error branch`);
        return fail('NoMatchingError');
      }
      hours = this.findHours(q.hoursArn, action);
    }
    if (!hours) return fail('NoMatchingError');
    return { ok: true, result: isOpen(hours, new Date(this.now)) ? 'True' : 'False' };
  }

  /** The queue a metric is about: QueueId/AgentId, else the target queue. */
  metricQueue(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Queue | undefined {
    if (p.QueueId !== undefined || p.AgentId !== undefined) return this.queueParam(p, frame, action);
    if (!this.queue) this.note(action, 'no queue given and no target queue: error branch');
    return this.queue;
  }

  checkMetric(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    const queue = this.metricQueue(p, frame, action);
    if (!queue) return fail('NoMatchingError');
    const agents = this.rt.acd.agentMetrics(queue.arn, this.now);
    const waiting = this.rt.acd.queueMetrics(queue.arn, this.now);
    let value: number;
    switch (p.MetricType) {
      case 'NumberOfAgentsAvailable':
        value = agents.available;
        break;
      case 'NumberOfAgentsStaffed':
        value = agents.staffed;
        break;
      case 'NumberOfAgentsOnline':
        value = agents.online;
        break;
      case 'NumberOfContactsInQueue':
        value = waiting.size;
        break;
      case 'OldestContactInQueueAgeSeconds':
        value = waiting.oldestAgeSeconds ?? 0;
        break;
      default:
        this.note(action, `unknown MetricType ${String(p.MetricType)}: error branch`);
        return fail('NoMatchingError');
    }
    return { ok: true, result: String(value) };
  }

  getMetrics(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    const queue = this.metricQueue(p, frame, action);
    if (!queue) return fail('NoMatchingError');
    const agents = this.rt.acd.agentMetrics(queue.arn, this.now);
    const waiting = this.rt.acd.queueMetrics(queue.arn, this.now);
    const position = this.rt.acd.position(this.id);
    const count = (n: number) => ({ Count: String(n) });
    this.metrics = {
      Queue: {
        Name: queue.name,
        ARN: queue.arn,
        Size: String(waiting.size),
        // Null when there is no activity [doc]: left undefined, so it reads as "".
        ...(waiting.oldestAgeSeconds === undefined
          ? {}
          : { OldestContactAge: String(waiting.oldestAgeSeconds) }),
        // Position of this contact in its queue (unverified path; only while waiting).
        ...(position === undefined ? {} : { Position: String(position) }),
      },
      Agents: {
        Online: count(agents.online),
        Available: count(agents.available),
        Staffed: count(agents.staffed),
        AfterContactWork: count(agents.afterContactWork),
        Busy: count(agents.busy),
        Missed: count(agents.missed),
        NonProductive: count(agents.nonProductive),
      },
    };
    return OK;
  }

  routingBehavior(p: Readonly<Record<string, unknown>>, frame: Frame): Step {
    const value = (key: string) => {
      const raw = str(p, key);
      return raw === undefined ? undefined : parseIntLike(resolveSingle(raw, frame.resolve));
    };
    const priority = value('QueuePriority');
    const adjustment = value('QueueTimeAdjustmentSeconds');
    if (priority !== undefined) this.priority = priority;
    if (adjustment !== undefined) this.timeAdjustment = adjustment;
    // Connect takes ~60 s to apply a change to a contact already in queue [doc]; here it applies at once.
    const waiting = this.rt.acd.waiting().find((w) => w.contactId === this.id);
    if (waiting) {
      waiting.priority = this.priority;
      waiting.timeAdjustmentSeconds = this.timeAdjustment;
    }
    return OK;
  }

  eventHooks(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    for (const [key, value] of Object.entries(obj(p, 'EventHooks') ?? {})) {
      const ref = typeof value === 'string' ? resolveSingle(value, frame.resolve) : undefined;
      const flow = ref ? this.rt.flow(ref) : undefined;
      if (!flow) {
        this.note(action, `${key} hook: unknown flow ${ref ?? String(value)}: error branch`);
        return fail('NoMatchingError');
      }
      this.hooks[key] = flow.arn;
    }
    return OK;
  }

  loop(action: Action, frame: Frame): Step {
    const raw = str(action.Parameters, 'LoopCount');
    const count = parseIntLike(raw === undefined ? undefined : resolveSingle(raw, frame.resolve));
    if (count === undefined || count < 0) {
      throw new FlowRuntimeError(`LoopCount "${raw}" is not a non-negative integer`);
    }
    const key = `${frame.flow.arn}\u0000${action.Identifier}`;
    const done = this.loops.get(key) ?? 0;
    if (done < count) {
      this.loops.set(key, done + 1);
      return { ok: true, result: 'ContinueLooping' };
    }
    this.loops.delete(key);
    return { ok: true, result: 'DoneLooping' };
  }

  /**
   * Loop prompts. Message durations are unknown offline, so each run plays one message (the next one: the
   * position persists for the call [doc]) per interrupt period; without an interrupt it plays each message once
   * and waits until something happens to the contact. Outside a queue (a hold flow) the flow ends there.
   */
  messageLoop(action: Action, frame: Frame): Step {
    if (this.channel === 'CHAT') return fail('NoMatchingError');
    const raw = action.Parameters.Messages;
    const messages = Array.isArray(raw)
      ? raw.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
      : [];
    const key = `${frame.flow.arn}\u0000${action.Identifier}`;
    const position = this.messagePositions.get(key) ?? 0;
    const interrupt = parseIntLike(action.Parameters.InterruptFrequencySeconds);
    if (interrupt !== undefined) {
      const message = messages[position % Math.max(1, messages.length)];
      if (message) this.play(message, frame, action);
      this.messagePositions.set(key, position + 1);
      if (this.inQueue) {
        this.advance(interrupt);
        return { ok: true, result: 'MessagesInterrupted' };
      }
    } else {
      for (let i = 0; i < messages.length; i++) {
        const message = messages[(position + i) % messages.length];
        if (message) this.play(message, frame, action);
      }
      if (this.inQueue) this.runUntil(Number.POSITIVE_INFINITY);
    }
    return {
      exit: {
        kind: 'end',
        reason: `ended by flow ${frame.flow.name} (messages loop "${action.Identifier}" played)`,
        flow: frame.flow.name,
      },
      branch: 'End',
    };
  }

  createCallback(p: Readonly<Record<string, unknown>>, frame: Frame, action: Action): Step {
    const queue =
      p.QueueId !== undefined || p.AgentId !== undefined ? this.queueParam(p, frame, action) : this.queue;
    if (!queue) {
      this.note(action, 'no queue for the callback: error branch');
      return fail('NoMatchingError');
    }
    const number = this.callbackNumber ?? this.customer?.Address;
    if (!number) {
      this.note(action, 'no callback number and no caller number: error branch');
      return fail('NoMatchingError');
    }
    this.callback = { queue, number };
    this.event('callback', `callback to ${number} created in ${queue.name}`);
    return OK;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Flow data ($.…)

  lookup(segments: readonly string[], flowAttributes: Record<string, string>): unknown {
    const [root, ...rest] = segments;
    return walk(this.root(root ?? '', flowAttributes), rest);
  }

  root(name: string, flowAttributes: Record<string, string>): unknown {
    switch (name) {
      case 'Attributes':
        return this.attributes;
      case 'External':
        return this.external;
      case 'FlowAttributes':
        return flowAttributes;
      case 'CustomerEndpoint':
        return this.customer ?? undefined;
      case 'SystemEndpoint':
        return this.system ?? undefined;
      case 'StoredCustomerInput':
        return this.storedInput;
      case 'Queue': {
        const q = this.queue;
        if (!q) return undefined;
        return {
          Name: q.name,
          ARN: q.arn,
          ...(q.outboundCallerId
            ? { OutboundCallerId: { Address: q.outboundCallerId, Type: 'TELEPHONE_NUMBER' } }
            : {}),
        };
      }
      case 'Metrics':
        return this.metrics;
      case 'Agent': {
        const a = this.agent;
        return a
          ? { UserName: a.username, FirstName: a.firstName, LastName: a.lastName, ARN: a.arn }
          : undefined;
      }
      case 'ContactId':
      case 'InitialContactId':
        return this.id;
      case 'Channel':
        return this.channel;
      case 'InstanceARN':
        return this.rt.instanceArn;
      case 'InitiationMethod':
        return this.initiationMethod;
      case 'LanguageCode':
        return this.languageCode;
      case 'TextToSpeechVoiceId':
        return this.voice;
      case 'CustomerId':
        return this.customerId;
      case 'Name':
        return this.contactName;
      case 'Description':
        return this.description;
      case 'AwsRegion':
        return this.region;
      case 'LambdaInvocation':
        return this.invocationId ? { InvocationId: this.invocationId } : undefined;
      case 'Lex':
        return this.lex;
      case 'Customer':
        return this.customerData;
      case 'Case':
        return this.caseData;
      case 'Wisdom':
        return this.wisdomSessionArn ? { SessionArn: this.wisdomSessionArn } : undefined;
      case 'Tags':
        return this.tags;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Result

  iso(): string {
    return new Date(this.now).toISOString();
  }

  event(kind: CallEvent['kind'], text: string, flow?: string): void {
    this.events.push({ at: this.iso(), kind, text, ...(flow === undefined ? {} : { flow }) });
  }

  note(action: Action, text: string): void {
    this.events.push({ at: this.iso(), kind: 'note', text: `${action.Identifier}: ${text}` });
  }

  result(): CallResult {
    const outcome = this.outcome ?? { type: 'disconnected' as const, reason: 'unknown' };
    return {
      contactId: this.id,
      entryFlow: this.rt.flow(this.opts.entryFlowArn)?.arn ?? this.opts.entryFlowArn,
      channel: this.channel,
      prompts: this.prompts,
      inputs: this.consumedInputs,
      attributes: { ...this.attributes },
      lambdas: this.lambdas,
      outcome,
      path: this.path,
      events: this.events,
      notes: this.notes,
      ...(Object.keys(this.tags).length ? { tags: { ...this.tags } } : {}),
      ctr: this.ctr(),
    };
  }

  ctr(): ContactTraceRecord {
    const ts = (ms: number | undefined) => (ms === undefined ? null : ctrTimestamp(ms));
    const agent = this.agent;
    const connected = this.connectedAt;
    const end = this.disconnectedAt;
    const q = this.queue;
    const queued = this.enqueuedAt !== undefined && q !== undefined;
    const recorded =
      this.channel === 'VOICE' && this.recorded.length > 0 && (connected !== undefined || this.ivrRecording);
    const recordingAt = connected ?? this.startedAt;
    const day = new Date(recordingAt).toISOString();
    const location = `hotline-local-recordings/connect/hotline/CallRecordings/${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}/${this.id}_${day.slice(0, 4)}${day.slice(5, 7)}${day.slice(8, 10)}T${day.slice(11, 16)}_UTC.wav`;
    return {
      AWSAccountId: this.account,
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      Agent:
        agent && connected !== undefined
          ? {
              ARN: agent.arn,
              Username: agent.username,
              ConnectedToAgentTimestamp: ctrTimestamp(connected),
              AgentInteractionDuration: this.talkSeconds,
              AfterContactWorkDuration: 0,
              AfterContactWorkStartTimestamp: ts(connected + this.talkSeconds * 1000),
              AfterContactWorkEndTimestamp: ts(connected + this.talkSeconds * 1000),
              CustomerHoldDuration: 0,
              LongestHoldDuration: 0,
              NumberOfHolds: 0,
              HierarchyGroups: null,
              RoutingProfile: { ARN: agent.routingProfile.arn, Name: agent.routingProfile.name },
            }
          : null,
      AgentConnectionAttempts: agent ? 1 : 0,
      Attributes: { ...this.attributes },
      Channel: this.channel,
      ConnectedToSystemTimestamp: ctrTimestamp(this.startedAt),
      ContactId: this.id,
      CustomerEndpoint: this.customer ? { ...this.customer } : null,
      DisconnectReason: this.disconnectReason,
      DisconnectTimestamp: ts(end),
      InitialContactId: null,
      InitiationMethod: this.initiationMethod,
      InitiationTimestamp: ctrTimestamp(this.startedAt),
      InstanceARN: this.rt.instanceArn,
      LastUpdateTimestamp: ctrTimestamp(end ?? this.now),
      MediaStreams: [{ Type: this.channel === 'CHAT' ? 'CHAT' : 'AUDIO' }],
      NextContactId: null,
      PreviousContactId: null,
      Queue: queued
        ? {
            ARN: q.arn,
            Name: q.name,
            EnqueueTimestamp: ts(this.enqueuedAt),
            DequeueTimestamp: ts(this.dequeuedAt),
            Duration:
              this.dequeuedAt === undefined || this.enqueuedAt === undefined
                ? null
                : Math.round((this.dequeuedAt - this.enqueuedAt) / 1000),
          }
        : null,
      Recording: recorded
        ? { Location: location, Status: 'AVAILABLE', Type: 'AUDIO', DeletionReason: null }
        : null,
      Recordings: recorded
        ? [
            {
              Location: location,
              Status: 'AVAILABLE',
              Type: 'AUDIO',
              DeletionReason: null,
              MediaStreamType: 'AUDIO',
              ParticipantType: null,
              StorageType: 'S3',
              FragmentStartNumber: null,
              FragmentStopNumber: null,
              StartTimestamp: null,
              StopTimestamp: null,
            },
          ]
        : [],
      References: [],
      ScheduledTimestamp: null,
      SystemEndpoint: this.system ? { ...this.system } : null,
      TransferCompletedTimestamp: null,
      TransferredToEndpoint: this.transferredTo
        ? { Address: this.transferredTo, Type: 'TELEPHONE_NUMBER' }
        : null,
      VoiceIdResult: null,
    };
  }
}

/** The first value under `key` anywhere inside `value` (depth-first). */
function deepFind(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
  for (const child of Object.values(value)) {
    const found = deepFind(child, key);
    if (found !== undefined) return found;
  }
  return undefined;
}
