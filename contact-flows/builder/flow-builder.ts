import {
  type Action,
  type ConditionOperator,
  type EventHookKey,
  FLOW_LANGUAGE_VERSION,
  type FlowDocument,
  type FlowKind,
  isKnownActionType,
  type NUMBER_OPERATORS,
  type QueueMetric,
  type StaffingMetric,
  type Transitions,
} from '../../schemas/flow.js';
import { ACTION_CATALOG, requiredErrors } from './catalog.js';
import { layout } from './layout.js';
import { type FlowProblem, type FlowRule, FlowValidationError } from './problems.js';
import { validateFlow } from './validate.js';

// ---------------------------------------------------------------------------------------------------------------
// Public value types

/** Where a transition goes: an action identifier (forward references allowed), a step handle or `f.ref(id)`. */
export type Target = string | { readonly id: string };

/** Exactly one key of T. */
type OneOf<T> = { [K in keyof T]: Pick<T, K> & { [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** What to play: text-to-speech, SSML, a Connect prompt (ID or ARN) or an S3 audio file. */
export type PromptSource = OneOf<{ text: string; ssml: string; promptId: string; mediaUri: string }>;

/** A queue (ID or ARN) or an agent's queue (agent ID or ARN); values may be CDK tokens or one JSONPath. */
export type QueueOrAgent = OneOf<{ queueId: string; agentId: string }>;

/** Exactly one event hook (Connect takes one per action): `{ CustomerQueue: queueFlowArn }`. */
export type SingleEventHook = OneOf<Record<EventHookKey, string>>;

export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export type NumberOperator = (typeof NUMBER_OPERATORS)[number];
export type WaitEvent = 'CustomerReturned' | 'BotParticipantDisconnected';

export interface FlowBuilderOptions {
  /** `CfnContactFlow.name` (≤ 127 chars). */
  readonly name: string;
  /** A flow type, or `FLOW_MODULE` for a flow module (`CfnContactFlowModule`; it returns with `.endModule()`). */
  readonly type: FlowKind;
  readonly description?: string;
  /**
   * Default target of every required `NoMatchingError` branch that is not wired with `.onError()`. Without it,
   * each such action must wire its error branch or `build()` fails.
   */
  readonly onError?: Target;
}

export interface InputOptions {
  readonly timeoutSeconds: number;
  /** Up to five keys that end input early (DTMFConfiguration.InputTerminationSequence). */
  readonly terminator?: string;
  readonly disableCancelKey?: boolean;
}

export type StoreInputValidation =
  | {
      readonly phone:
        | { readonly format: 'E164' }
        | { readonly format: 'Local'; readonly countryCode: string };
    }
  | { readonly maxLength: number };

export interface StoreInputOptions extends InputOptions {
  readonly validation: StoreInputValidation;
  /** Only with `{ maxLength }` validation. */
  readonly encryption?: { readonly keyId: string; readonly key: string };
}

export interface LambdaOptions {
  /** ARN (may be a CDK token, passed through untouched) or a JSONPath such as `$.FlowAttributes.lookupArn`. */
  readonly functionArn: string;
  /** 1–8 when synchronous. */
  readonly timeoutSeconds: number;
  /** `LambdaInvocationAttributes`: static values or text with JSONPath (`$.CustomerEndpoint.Address`). */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly responseType?: 'STRING_MAP' | 'JSON';
  /** Omitted by default (exports omit it; Connect treats it as synchronous). */
  readonly invocationType?: 'SYNCHRONOUS' | 'ASYNCHRONOUS';
}

export interface RecordingOptions {
  /** Who is recorded; `[]` turns recording off. */
  readonly participants: ReadonlyArray<'Agent' | 'Customer'>;
  /** Also record the IVR part. */
  readonly ivr?: boolean;
  readonly screen?: ReadonlyArray<'Agent'>;
  /** Contact Lens; needs both Agent and Customer recorded. */
  readonly analytics?: {
    readonly language: string;
    readonly redaction?: 'RedactedOnly' | 'RedactedAndOriginal';
  };
}

export interface CallbackOptions {
  readonly initialDelaySeconds: number;
  readonly maxAttempts: number;
  readonly retryDelaySeconds: number;
  readonly queueId?: string;
  readonly agentId?: string;
}

export interface ContactDataOptions {
  readonly languageCode?: string;
  readonly name?: string;
  readonly description?: string;
  readonly customerId?: string;
  readonly targetContact?: 'Current' | 'Related';
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts (internal) and step handles (public)

interface DraftCondition {
  readonly operator: ConditionOperator;
  readonly operand: string;
  readonly target: string;
  /** Emission order for conditions with a fixed order (True before False); otherwise call order. */
  readonly rank: number;
}

interface Draft {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly parameters: Record<string, unknown>;
  next?: string;
  readonly conditions: DraftCondition[];
  readonly errors: Map<string, string>;
  readonly wired: Set<string>;
  readonly problems: FlowProblem[];
  /** Slots that must be wired, with the method that wires them (checked at build). */
  readonly requiredSlots: Array<{ readonly slot: string; readonly method: string }>;
  /** Method that wires the default branch (NextAction / NoMatchingCondition), for messages. */
  defaultMethod: string;
  /** Transfers: NextAction defaults to the NoMatchingError target, as in exports. */
  nextDefaultsToError: boolean;
  /** `f.raw()`: emitted verbatim. */
  readonly raw?: Action;
}

function targetId(target: Target): string {
  return typeof target === 'string' ? target : target.id;
}

/** A step in the flow. Every handle has the action's identifier, so it can be used as a `Target`. */
export class Step {
  constructor(
    readonly id: string,
    protected readonly draft: Draft,
  ) {}

  /** Records a wiring once; wiring the same branch twice is reported at build time. */
  protected wire(slot: string, apply: () => void): this {
    if (this.draft.wired.has(slot)) {
      this.draft.problems.push({
        actionId: this.id,
        path: `Actions[${this.draft.index}].Transitions`,
        message: `${slot} is wired twice`,
        severity: 'error',
        rule: 'double-wiring',
      });
    }
    this.draft.wired.add(slot);
    apply();
    return this;
  }

  protected setError(errorType: string, target: Target): this {
    return this.wire(errorType, () => this.draft.errors.set(errorType, targetId(target)));
  }

  protected addCondition(
    slot: string,
    operator: ConditionOperator,
    operand: string,
    target: Target,
    rank = 0,
  ): this {
    return this.wire(slot, () =>
      this.draft.conditions.push({ operator, operand, target: targetId(target), rank }),
    );
  }

  protected setNext(target: Target, slot = 'next'): this {
    return this.wire(slot, () => {
      this.draft.next = targetId(target);
    });
  }
}

/**
 * A step that continues to one next step. (Named `next`, not `then`: a handle with `then` would be a thenable, and
 * `await`ing or returning one from an async function would call it.)
 */
export class NextStep extends Step {
  next(target: Target): this {
    return this.setNext(target);
  }
}

/** A step that continues to one next step, or to an error branch. */
export class ErrorStep extends NextStep {
  /** `NoMatchingError`: also the fallback of this action's specific error branches that are not wired. */
  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }

  /** Same next step whether it succeeds or fails (as console flows do for prompts and event hooks). */
  always(target: Target): this {
    return this.next(target).onError(target);
  }
}

/** `GetParticipantInput` (DTMF menu). */
export class InputStep extends Step {
  onKey(key: DtmfKey, target: Target): this {
    return this.addCondition(`onKey(${key})`, 'Equals', key, target);
  }

  /** No key within `timeoutSeconds` (InputTimeLimitExceeded). */
  onTimeout(target: Target): this {
    return this.setError('InputTimeLimitExceeded', target);
  }

  /** A key no `onKey` matches (NoMatchingCondition; also the NextAction, as in exports). */
  onInvalid(target: Target): this {
    return this.wire('onInvalid', () => {
      this.draft.next = targetId(target);
      this.draft.errors.set('NoMatchingCondition', targetId(target));
    });
  }

  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** `GetParticipantInput` with StoreInput True: the value goes to `$.StoredCustomerInput`. */
export class StoreInputStep extends ErrorStep {
  /** InvalidPhoneNumber (phone validation only). */
  onInvalidNumber(target: Target): this {
    return this.setError('InvalidPhoneNumber', target);
  }
}

/** `Compare` (Check contact attributes). */
export class CompareStep extends Step {
  when(operator: ConditionOperator, operand: string | number, target: Target): this {
    const value = String(operand);
    return this.addCondition(`when(${operator} ${value})`, operator, value, target);
  }

  /** No condition matched (NoMatchingCondition and NextAction). */
  otherwise(target: Target): this {
    return this.wire('otherwise', () => {
      this.draft.next = targetId(target);
      this.draft.errors.set('NoMatchingCondition', targetId(target));
    });
  }
}

/** `CheckHoursOfOperation`. */
export class HoursStep extends Step {
  open(target: Target): this {
    return this.addCondition('open', 'Equals', 'True', target, 0);
  }

  /** Closed (condition False; also the NextAction, as in exports). */
  closed(target: Target): this {
    this.draft.next = targetId(target);
    return this.addCondition('closed', 'Equals', 'False', target, 1);
  }

  /** Also taken for agent queues, which have no hours. */
  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** `CheckMetricData` on an agent count (Check staffing): the only condition is "more than 0". */
export class StaffingStep extends Step {
  hasAgents(target: Target): this {
    return this.addCondition('hasAgents', 'NumberGreaterThan', '0', target);
  }

  noAgents(target: Target): this {
    return this.setNext(target, 'noAgents');
  }

  /** Also taken when no queue is set. */
  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** `CheckMetricData` on queue size or oldest contact age (Check queue status). */
export class QueueStatusStep extends Step {
  when(operator: 'Equals' | NumberOperator, value: number, target: Target): this {
    return this.addCondition(`when(${operator} ${value})`, operator, String(value), target);
  }

  otherwise(target: Target): this {
    return this.wire('otherwise', () => {
      this.draft.next = targetId(target);
      this.draft.errors.set('NoMatchingCondition', targetId(target));
    });
  }

  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** Transfer to a queue. On success the contact leaves this flow for the queue. */
export class TransferStep extends ErrorStep {
  /** QueueAtCapacity; falls back to the `onError` target. */
  onAtCapacity(target: Target): this {
    return this.setError('QueueAtCapacity', target);
  }
}

/** `UpdateContactCallbackNumber`. */
export class CallbackNumberStep extends NextStep {
  onInvalidNumber(target: Target): this {
    return this.setError('InvalidCallbackNumber', target);
  }

  onNotDialable(target: Target): this {
    return this.setError('CallbackNumberNotDialable', target);
  }
}

/** `Loop`: `body` runs `count` times, then `done` once (and the counter resets). */
export class LoopStep extends Step {
  body(target: Target): this {
    return this.addCondition('body', 'Equals', 'ContinueLooping', target, 0);
  }

  done(target: Target): this {
    this.draft.next = targetId(target);
    return this.addCondition('done', 'Equals', 'DoneLooping', target, 1);
  }
}

/** `MessageParticipantIteratively` (Loop prompts). */
export class MessageLoopStep extends Step {
  /** Every `interruptEverySeconds` (MessagesInterrupted). */
  onInterrupt(target: Target): this {
    return this.addCondition('onInterrupt', 'Equals', 'MessagesInterrupted', target);
  }

  /** Optional; chat contacts take it at once. */
  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** `DistributeByPercentage`: `percent` branches in order, then `rest`. */
export class DistributionStep extends Step {
  #cumulative = 0;

  /** The next `share` percent of contacts. Thresholds are cumulative `NumberLessThan` (value is 1–100). */
  percent(share: number, target: Target): this {
    this.#cumulative += share;
    return this.addCondition(
      `percent(${this.#cumulative})`,
      'NumberLessThan',
      String(this.#cumulative + 1),
      target,
    );
  }

  rest(target: Target): this {
    return this.wire('rest', () => {
      this.draft.next = targetId(target);
      this.draft.errors.set('NoMatchingCondition', targetId(target));
    });
  }
}

/** `Wait` (chat). */
export class WaitStep extends Step {
  /** The time elapsed (WaitCompleted). */
  onTimeout(target: Target): this {
    this.draft.next = targetId(target);
    return this.addCondition('onTimeout', 'Equals', 'WaitCompleted', target, 0);
  }

  onEvent(event: WaitEvent, target: Target): this {
    return this.addCondition(`onEvent(${event})`, 'Equals', event, target, 1);
  }

  onError(target: Target): this {
    return this.setError('NoMatchingError', target);
  }
}

/** A terminal step (Disconnect, End flow): nothing to wire. */
export class EndStep extends Step {}

// ---------------------------------------------------------------------------------------------------------------
// Builder

const num = (n: number | string): string => (typeof n === 'string' ? n : String(n));
const bool = (b: boolean): string => (b ? 'True' : 'False');

function prompt(source: PromptSource): Record<string, unknown> {
  if (source.text !== undefined) return { Text: source.text };
  if (source.ssml !== undefined) return { SSML: source.ssml };
  if (source.promptId !== undefined) return { PromptId: source.promptId };
  return { Media: { Uri: source.mediaUri, SourceType: 'S3', MediaType: 'Audio' } };
}

function queueOrAgent(q: {
  queueId?: string | undefined;
  agentId?: string | undefined;
}): Record<string, string> {
  return {
    ...(q.queueId === undefined ? {} : { QueueId: q.queueId }),
    ...(q.agentId === undefined ? {} : { AgentId: q.agentId }),
  };
}

function dtmf(options: InputOptions): Record<string, unknown> {
  if (options.terminator === undefined && options.disableCancelKey === undefined) return {};
  return {
    DTMFConfiguration: {
      ...(options.terminator === undefined ? {} : { InputTerminationSequence: options.terminator }),
      ...(options.disableCancelKey === undefined ? {} : { DisableCancelKey: bool(options.disableCancelKey) }),
    },
  };
}

/** Problems that mean "the builder already told you this branch is not wired": not repeated by the validator. */
const WIRING_RULES: ReadonlySet<FlowRule> = new Set<FlowRule>([
  'no-transition',
  'missing-error-branch',
  'hours-conditions',
  'loop-conditions',
  'wait-conditions',
]);

/**
 * Builds a Flow Language document from named steps. Each method adds one action and returns a handle to wire its
 * branches; targets may be referenced before they are defined. Values are passed through untouched (CDK tokens
 * stay tokens); numbers and booleans are written as strings; error branches each action needs are filled in.
 *
 * ```ts
 * const f = new FlowBuilder({ name: 'Inbound', type: 'CONTACT_FLOW', onError: 'Sorry' });
 * f.setLogging('Log').next('Lookup');
 * f.invokeLambda('Lookup', { functionArn, timeoutSeconds: 3 }).next('Menu');
 * const doc = f.build(); // throws FlowValidationError listing every problem
 * ```
 */
export class FlowBuilder {
  readonly name: string;
  readonly type: FlowKind;
  readonly description: string | undefined;
  readonly #defaultError: string | undefined;
  readonly #drafts: Draft[] = [];
  #start: string | undefined;

  constructor(options: FlowBuilderOptions) {
    this.name = options.name;
    this.type = options.type;
    this.description = options.description;
    this.#defaultError = options.onError === undefined ? undefined : targetId(options.onError);
  }

  /** The first action to run (default: the first one added). */
  start(target: Target): this {
    this.#start = targetId(target);
    return this;
  }

  /** A reference to a step defined later: `f.ref('Menu')`. Same as passing the identifier string. */
  ref(id: string): { readonly id: string } {
    return { id };
  }

  // --- participant ----------------------------------------------------------------------------------------------

  /** Play prompt (`MessageParticipant`). Not allowed in hold flows. */
  message(id: string, source: PromptSource): ErrorStep {
    return new ErrorStep(id, this.#add(id, 'MessageParticipant', prompt(source)));
  }

  /** DTMF menu (`GetParticipantInput`, StoreInput False). */
  getInput(id: string, options: PromptSource & InputOptions): InputStep {
    const draft = this.#add(id, 'GetParticipantInput', {
      ...prompt(options),
      StoreInput: 'False',
      InputTimeLimitSeconds: num(options.timeoutSeconds),
      ...dtmf(options),
    });
    draft.defaultMethod = '.onInvalid()';
    return new InputStep(id, draft);
  }

  /** Store customer input (`GetParticipantInput`, StoreInput True) into `$.StoredCustomerInput`. */
  storeInput(id: string, options: PromptSource & StoreInputOptions): StoreInputStep {
    const v = options.validation;
    const validation =
      'phone' in v
        ? {
            PhoneNumberValidation: {
              NumberFormat: v.phone.format,
              ...(v.phone.format === 'Local' ? { CountryCode: v.phone.countryCode } : {}),
            },
          }
        : { CustomValidation: { MaximumLength: num(v.maxLength) } };
    const draft = this.#add(id, 'GetParticipantInput', {
      ...prompt(options),
      StoreInput: 'True',
      InputTimeLimitSeconds: num(options.timeoutSeconds),
      InputValidation: validation,
      ...(options.encryption
        ? { InputEncryption: { EncryptionKeyId: options.encryption.keyId, Key: options.encryption.key } }
        : {}),
      ...dtmf(options),
    });
    return new StoreInputStep(id, draft);
  }

  /** Loop prompts (`MessageParticipantIteratively`): customer queue and hold flows. */
  messageLoop(
    id: string,
    options: { readonly messages: readonly PromptSource[]; readonly interruptEverySeconds?: number },
  ): MessageLoopStep {
    const draft = this.#add(id, 'MessageParticipantIteratively', {
      Messages: options.messages.map(prompt),
      ...(options.interruptEverySeconds === undefined
        ? {}
        : { InterruptFrequencySeconds: num(options.interruptEverySeconds) }),
    });
    if (options.interruptEverySeconds !== undefined) {
      draft.requiredSlots.push({ slot: 'onInterrupt', method: '.onInterrupt()' });
    }
    return new MessageLoopStep(id, draft);
  }

  /** Disconnect / hang up (`DisconnectParticipant`). */
  disconnect(id: string): EndStep {
    return new EndStep(id, this.#add(id, 'DisconnectParticipant', {}));
  }

  // --- interactions ---------------------------------------------------------------------------------------------

  /** Invoke a Lambda function (`InvokeLambdaFunction`); its answer is `$.External.*`. */
  invokeLambda(id: string, options: LambdaOptions): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'InvokeLambdaFunction', {
        LambdaFunctionARN: options.functionArn,
        InvocationTimeLimitSeconds: num(options.timeoutSeconds),
        ...(options.invocationType === undefined ? {} : { InvocationType: options.invocationType }),
        ...(options.parameters === undefined
          ? {}
          : { LambdaInvocationAttributes: { ...options.parameters } }),
        ...(options.responseType === undefined
          ? {}
          : { ResponseValidation: { ResponseType: options.responseType } }),
      }),
    );
  }

  /** Queue a callback (`CreateCallbackContact`) to the current target queue, or the given one. */
  createCallback(id: string, options: CallbackOptions): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'CreateCallbackContact', {
        ...queueOrAgent(options),
        InitialCallDelaySeconds: num(options.initialDelaySeconds),
        MaximumConnectionAttempts: num(options.maxAttempts),
        RetryDelaySeconds: num(options.retryDelaySeconds),
      }),
    );
  }

  // --- contact --------------------------------------------------------------------------------------------------

  /** Set contact attributes (`UpdateContactAttributes`); values may embed JSONPath. */
  setAttributes(
    id: string,
    attributes: Readonly<Record<string, string>>,
    options: { readonly targetContact?: 'Current' | 'Related' } = {},
  ): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'UpdateContactAttributes', {
        Attributes: { ...attributes },
        TargetContact: options.targetContact ?? 'Current',
      }),
    );
  }

  /** Flow-scoped variables (`UpdateFlowAttributes`), read as `$.FlowAttributes.<key>`; not carried to other flows. */
  setFlowAttributes(id: string, attributes: Readonly<Record<string, string>>): ErrorStep {
    const flowAttributes = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { Value: v }]));
    return new ErrorStep(id, this.#add(id, 'UpdateFlowAttributes', { FlowAttributes: flowAttributes }));
  }

  /** Set working queue (`UpdateContactTargetQueue`). */
  setQueue(id: string, target: QueueOrAgent): ErrorStep {
    return new ErrorStep(id, this.#add(id, 'UpdateContactTargetQueue', queueOrAgent(target)));
  }

  /** Transfer to the working queue (`TransferContactToQueue`): inbound and transfer flows. */
  transferToQueue(id: string): TransferStep {
    const draft = this.#add(id, 'TransferContactToQueue', {});
    draft.nextDefaultsToError = true;
    return new TransferStep(id, draft);
  }

  /** Transfer to another queue from a customer queue flow (`DequeueContactAndTransferToQueue`). */
  dequeueToQueue(id: string, target: QueueOrAgent): TransferStep {
    const draft = this.#add(id, 'DequeueContactAndTransferToQueue', queueOrAgent(target));
    draft.nextDefaultsToError = true;
    return new TransferStep(id, draft);
  }

  /** Set one event hook (`UpdateContactEventHooks`), e.g. `{ CustomerQueue: queueFlowArn }`. */
  setEventHook(id: string, hook: SingleEventHook): ErrorStep {
    return new ErrorStep(id, this.#add(id, 'UpdateContactEventHooks', { EventHooks: { ...hook } }));
  }

  /** Set recording and analytics behavior (`UpdateContactRecordingBehavior`). */
  setRecording(id: string, options: RecordingOptions): NextStep {
    const a = options.analytics;
    return new NextStep(
      id,
      this.#add(id, 'UpdateContactRecordingBehavior', {
        RecordingBehavior: {
          RecordedParticipants: [...options.participants],
          ...(options.ivr === undefined
            ? {}
            : { IVRRecordingBehavior: options.ivr ? 'Enabled' : 'Disabled' }),
          ...(options.screen === undefined ? {} : { ScreenRecordedParticipants: [...options.screen] }),
        },
        ...(a === undefined
          ? {}
          : {
              AnalyticsBehavior: {
                Enabled: 'True',
                AnalyticsLanguage: a.language,
                AnalyticsRedactionBehavior: a.redaction === undefined ? 'Disabled' : 'Enabled',
                ...(a.redaction === undefined ? {} : { AnalyticsRedactionResults: a.redaction }),
              },
            }),
      }),
    );
  }

  /** Set voice (`UpdateContactTextToSpeechVoice`), e.g. `{ voice: 'Zhiyu', engine: 'Neural' }`. */
  setVoice(
    id: string,
    options: { readonly voice: string; readonly engine?: string; readonly style?: string },
  ): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'UpdateContactTextToSpeechVoice', {
        TextToSpeechVoice: options.voice,
        ...(options.engine === undefined ? {} : { TextToSpeechEngine: options.engine }),
        ...(options.style === undefined ? {} : { TextToSpeechStyle: options.style }),
      }),
    );
  }

  /** System contact fields (`UpdateContactData`). */
  setContactData(id: string, data: ContactDataOptions): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'UpdateContactData', {
        ...(data.languageCode === undefined ? {} : { LanguageCode: data.languageCode }),
        ...(data.name === undefined ? {} : { Name: data.name }),
        ...(data.description === undefined ? {} : { Description: data.description }),
        ...(data.customerId === undefined ? {} : { CustomerId: data.customerId }),
        ...(data.targetContact === undefined ? {} : { TargetContact: data.targetContact }),
      }),
    );
  }

  /** The contact's language, e.g. `zh-CN` (`UpdateContactData`). */
  setLanguage(id: string, languageCode: string): ErrorStep {
    return this.setContactData(id, { languageCode });
  }

  /** Set callback number (`UpdateContactCallbackNumber`) from a JSONPath, e.g. `$.StoredCustomerInput`. */
  setCallbackNumber(id: string, jsonPath: string): CallbackNumberStep {
    return new CallbackNumberStep(
      id,
      this.#add(id, 'UpdateContactCallbackNumber', { CallbackNumber: jsonPath }),
    );
  }

  /** Routing priority (`UpdateContactRoutingBehavior`): lower is sooner, default 5. Inbound flows only. */
  setPriority(id: string, priority: number): NextStep {
    return new NextStep(id, this.#add(id, 'UpdateContactRoutingBehavior', { QueuePriority: num(priority) }));
  }

  /** Move the contact in queue by `seconds` (`UpdateContactRoutingBehavior`). Inbound flows only. */
  adjustQueueTime(id: string, seconds: number): NextStep {
    return new NextStep(
      id,
      this.#add(id, 'UpdateContactRoutingBehavior', { QueueTimeAdjustmentSeconds: num(seconds) }),
    );
  }

  // --- flow control ---------------------------------------------------------------------------------------------

  /** Set logging behavior (`UpdateFlowLoggingBehavior`). */
  setLogging(id: string, enabled = true): NextStep {
    return new NextStep(
      id,
      this.#add(id, 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: enabled ? 'Enabled' : 'Disabled' }),
    );
  }

  /** Check contact attributes (`Compare`) on one JSONPath, e.g. `$.External.vip`. */
  compare(id: string, jsonPath: string): CompareStep {
    const draft = this.#add(id, 'Compare', { ComparisonValue: jsonPath });
    draft.defaultMethod = '.otherwise()';
    return new CompareStep(id, draft);
  }

  /** Check hours of operation (`CheckHoursOfOperation`); default: the working queue's hours. */
  checkHours(id: string, options: { readonly hoursOfOperationId?: string } = {}): HoursStep {
    const draft = this.#add(
      id,
      'CheckHoursOfOperation',
      options.hoursOfOperationId === undefined ? {} : { HoursOfOperationId: options.hoursOfOperationId },
    );
    draft.requiredSlots.push({ slot: 'open', method: '.open()' }, { slot: 'closed', method: '.closed()' });
    return new HoursStep(id, draft);
  }

  /** Check staffing (`CheckMetricData` on an agent count) of the working queue or the given one. */
  checkStaffing(
    id: string,
    options: { readonly metric: StaffingMetric; readonly queueId?: string; readonly agentId?: string },
  ): StaffingStep {
    const draft = this.#add(id, 'CheckMetricData', { MetricType: options.metric, ...queueOrAgent(options) });
    draft.requiredSlots.push({ slot: 'hasAgents', method: '.hasAgents()' });
    draft.defaultMethod = '.noAgents()';
    return new StaffingStep(id, draft);
  }

  /** Check queue status (`CheckMetricData` on contacts in queue or oldest contact age). */
  checkQueueStatus(
    id: string,
    options: { readonly metric: QueueMetric; readonly queueId?: string; readonly agentId?: string },
  ): QueueStatusStep {
    const draft = this.#add(id, 'CheckMetricData', { MetricType: options.metric, ...queueOrAgent(options) });
    draft.defaultMethod = '.otherwise()';
    return new QueueStatusStep(id, draft);
  }

  /** Get queue metrics (`GetMetricData`) into `$.Metrics.*`. */
  getQueueMetrics(
    id: string,
    options: {
      readonly queueId?: string;
      readonly agentId?: string;
      readonly channel?: 'Voice' | 'Chat';
    } = {},
  ): ErrorStep {
    return new ErrorStep(
      id,
      this.#add(id, 'GetMetricData', {
        ...queueOrAgent(options),
        ...(options.channel === undefined ? {} : { QueueChannel: options.channel }),
      }),
    );
  }

  /** `Loop`: `count` (0–100, or a JSONPath) times through `.body()`, then `.done()`. */
  loop(id: string, count: number | string): LoopStep {
    const draft = this.#add(id, 'Loop', { LoopCount: num(count) });
    draft.requiredSlots.push({ slot: 'body', method: '.body()' }, { slot: 'done', method: '.done()' });
    return new LoopStep(id, draft);
  }

  /** Distribute by percentage (`DistributeByPercentage`). */
  distribute(id: string): DistributionStep {
    const draft = this.#add(id, 'DistributeByPercentage', {});
    draft.defaultMethod = '.rest()';
    return new DistributionStep(id, draft);
  }

  /** `Wait` (chat): `.onTimeout()` after `timeoutSeconds`, or `.onEvent()`. */
  wait(
    id: string,
    options: { readonly timeoutSeconds: number | string; readonly events?: readonly WaitEvent[] },
  ): WaitStep {
    const draft = this.#add(id, 'Wait', {
      TimeoutSeconds: num(options.timeoutSeconds),
      ...(options.events === undefined ? {} : { Events: [...options.events] }),
    });
    draft.requiredSlots.push(
      { slot: 'onTimeout', method: '.onTimeout()' },
      ...(options.events ?? []).map((e) => ({ slot: `onEvent(${e})`, method: `.onEvent('${e}')` })),
    );
    return new WaitStep(id, draft);
  }

  /** Transfer to flow (`TransferToFlow`): ID or ARN, or one JSONPath. */
  transferToFlow(id: string, contactFlowId: string): ErrorStep {
    const draft = this.#add(id, 'TransferToFlow', { ContactFlowId: contactFlowId });
    draft.nextDefaultsToError = true;
    return new ErrorStep(id, draft);
  }

  /**
   * Invoke module (`InvokeFlowModule`): runs the module, then goes on at `.next()`. Inbound flows only; a module
   * cannot invoke another. The module shares the contact attributes, but its `$.External`, `$.StoredCustomerInput`,
   * Lex, Customer Profiles and queue-metric data are its own (Amazon Connect Administrator Guide, "Flow modules").
   */
  invokeModule(id: string, flowModuleId: string): ErrorStep {
    return new ErrorStep(id, this.#add(id, 'InvokeFlowModule', { FlowModuleId: flowModuleId }));
  }

  /** Return (`EndFlowModuleExecution`): ends a flow module; the invoking flow goes on. */
  endModule(id: string): EndStep {
    return new EndStep(id, this.#add(id, 'EndFlowModuleExecution', {}));
  }

  /** End flow / Resume (`EndFlowExecution`): whisper and customer queue flows. */
  end(id: string): EndStep {
    return new EndStep(id, this.#add(id, 'EndFlowExecution', {}));
  }

  /** Any action, emitted verbatim (types this builder does not model, e.g. `ConnectParticipantWithLexBot`). */
  raw(action: Action): Step {
    const draft = this.#add(action.Identifier, action.Type, action.Parameters, structuredClone(action));
    return new Step(action.Identifier, draft);
  }

  // --- output ---------------------------------------------------------------------------------------------------

  /** The document and every problem found (builder wiring and validator), errors and warnings. */
  check(): { document: FlowDocument; problems: FlowProblem[] } {
    const builderProblems: FlowProblem[] = [];
    const actions = this.#drafts.map((d) => this.#finalize(d, builderProblems));
    const start = this.#start ?? this.#drafts[0]?.id ?? '';
    // A copy: mutating the result must not change the builder (values are strings, tokens included).
    const document: FlowDocument = structuredClone({
      Version: FLOW_LANGUAGE_VERSION,
      StartAction: start,
      Metadata: layout(start, actions),
      Actions: actions,
      // A module's inputs, outputs and custom branches (none: ours share contact attributes), as AWS's published
      // modules carry them in their content (voicemail-express vmx3).
      ...(this.type === 'FLOW_MODULE'
        ? { Settings: { InputParameters: [], OutputParameters: [], Transitions: [] } }
        : {}),
    });
    const unwired = new Set(
      builderProblems.filter((p) => p.rule === 'unwired-branch').map((p) => p.actionId),
    );
    const validatorProblems = validateFlow(document, this.type, { level: 'strict' }).filter(
      (p) => !(WIRING_RULES.has(p.rule) && unwired.has(p.actionId)),
    );
    return { document, problems: [...builderProblems, ...validatorProblems] };
  }

  /** Every problem (errors and warnings) without throwing. */
  validate(): FlowProblem[] {
    return this.check().problems;
  }

  /** The Flow Language document; throws `FlowValidationError` listing every error if there is any. */
  build(): FlowDocument {
    const { document, problems } = this.check();
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new FlowValidationError(this.name, errors);
    return document;
  }

  #add(id: string, type: string, parameters: Record<string, unknown>, raw?: Action): Draft {
    const draft: Draft = {
      index: this.#drafts.length,
      id,
      type,
      parameters,
      conditions: [],
      errors: new Map(),
      wired: new Set(),
      problems: [],
      requiredSlots: [],
      defaultMethod: '.next()',
      nextDefaultsToError: false,
      ...(raw === undefined ? {} : { raw }),
    };
    this.#drafts.push(draft);
    return draft;
  }

  #finalize(d: Draft, problems: FlowProblem[]): Action {
    problems.push(...d.problems);
    if (d.raw) return d.raw;
    const action = (transitions: Transitions): Action => ({
      Identifier: d.id,
      Type: d.type,
      Parameters: d.parameters,
      Transitions: transitions,
    });
    if (!isKnownActionType(d.type)) return action({});
    const spec = ACTION_CATALOG[d.type];
    if (spec.terminal === 'always') return action({});

    const unwired = (path: string, message: string): void => {
      problems.push({
        actionId: d.id,
        path: `Actions[${d.index}].Transitions${path}`,
        message,
        severity: 'error',
        rule: 'unwired-branch',
      });
    };
    for (const { slot, method } of d.requiredSlots) {
      if (!d.wired.has(slot)) unwired('.Conditions', `${d.id}: call ${method}`);
    }

    // Fill in the error branches this action needs: NoMatchingError from the flow default; NoMatchingCondition
    // is the default branch (NextAction); specific errors fall back to NoMatchingError, as Connect does.
    const spec0 = spec.errors?.(d.parameters);
    // Our flows are built to the strict level: strict-only branches are required too.
    const errorSpec = spec0
      ? { required: requiredErrors(spec0, 'strict'), allowed: spec0.allowed }
      : { required: [] as readonly string[], allowed: [] as readonly string[] };
    const errors = new Map(d.errors);
    if (
      errorSpec.required.includes('NoMatchingError') &&
      !errors.has('NoMatchingError') &&
      this.#defaultError
    ) {
      errors.set('NoMatchingError', this.#defaultError);
    }
    for (const type of errorSpec.required) {
      if (errors.has(type)) continue;
      const fallback =
        type === 'NoMatchingCondition'
          ? d.next
          : type === 'NoMatchingError'
            ? undefined
            : (errors.get('NoMatchingError') ?? this.#defaultError);
      if (fallback !== undefined) {
        errors.set(type, fallback);
      } else {
        const how =
          type === 'NoMatchingError'
            ? 'call .onError() or give FlowBuilder an onError default'
            : type === 'NoMatchingCondition'
              ? `call ${d.defaultMethod}`
              : 'wire it or call .onError()';
        unwired('.Errors', `${d.id}: no target for ${type}; ${how}`);
      }
    }

    const next = d.next ?? (d.nextDefaultsToError ? errors.get('NoMatchingError') : undefined);
    const conditions = [...d.conditions].sort((a, b) => a.rank - b.rank);
    if (
      next === undefined &&
      spec.success === 'next' &&
      !(conditions.length && errors.has('NoMatchingCondition'))
    ) {
      unwired('.NextAction', `${d.id}: where does it go next? call ${d.defaultMethod}`);
    }

    const order = [...errorSpec.allowed, ...[...errors.keys()].filter((e) => !errorSpec.allowed.includes(e))];
    const errorList = order.flatMap((type) => {
      const target = errors.get(type);
      return target === undefined ? [] : [{ NextAction: target, ErrorType: type }];
    });
    return action({
      ...(next === undefined ? {} : { NextAction: next }),
      ...(conditions.length
        ? {
            Conditions: conditions.map((c) => ({
              NextAction: c.target,
              Condition: { Operator: c.operator, Operands: [c.operand] },
            })),
          }
        : {}),
      ...(errorList.length ? { Errors: errorList } : {}),
    });
  }
}
