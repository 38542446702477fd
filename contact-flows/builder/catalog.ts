import {
  FLOW_KINDS,
  type FlowKind,
  type KnownActionType,
  parseBoolLike,
  SINGLE_JSONPATH,
  STAFFING_METRICS,
} from '../../schemas/flow.js';

/**
 * What Amazon Connect allows per action type: flow types, error branches, how the action continues, and which
 * parameters must be static. One table shared by the builder (to fill in branches), the validator (to check any
 * document, ours or a console export) and the offline interpreter.
 *
 * Source: reference `amazon-connect.md` §3.1 (summary table, "Where allowed" and "Errors" columns), §3.2 (export
 * shapes), §4 (flow types); the AWS Flow Language action pages (awsdocs/amazon-connect-admin-guide doc_source/
 * `participant-actions-*`, `contact-actions-*`, `flow-control-actions-*`, `interactions-*`).
 */

/**
 * Flow modules accept what an inbound flow accepts (the module designer offers the inbound blocks; the exact list
 * is unverified), plus EndFlowModuleExecution: `MODULE` is added wherever INBOUND is.
 */
const INBOUND: readonly FlowKind[] = ['CONTACT_FLOW', 'FLOW_MODULE'];
const TRANSFER: readonly FlowKind[] = ['AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const QUEUE: readonly FlowKind[] = ['CUSTOMER_QUEUE'];
const WHISPER: readonly FlowKind[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];
const HOLD: readonly FlowKind[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];
const ALL: readonly FlowKind[] = FLOW_KINDS;

/** Order in which error branches are emitted: specific errors, then the two generic ones (as in exports). */
export const ERROR_ORDER = [
  'InputTimeLimitExceeded',
  'InvalidPhoneNumber',
  'QueueAtCapacity',
  'InvalidCallbackNumber',
  'CallbackNumberNotDialable',
  'ParticipantNotFound',
  'TimeLimitExceeded',
  'CallFailed',
  'ConnectionTimeLimitExceeded',
  'NoneFoundError',
  'MultipleFoundError',
  'ContactNotLinked',
  'NoMatchingCondition',
  'NoMatchingError',
] as const;

export interface ErrorSpec {
  /** Must be present: Connect refuses to publish without them (level `connect`). */
  readonly required: readonly string[];
  /**
   * Also required at the `strict` level, the rules for the flows we build (e.g. MessageParticipant's
   * NoMatchingError: Connect accepts its absence, AWS-deployed whisper flows omit it, but we always wire it).
   */
  readonly strict: readonly string[];
  /** May be present; includes `required`; in emission order. Anything else is reported as a warning. */
  readonly allowed: readonly string[];
}

function errs(
  required: readonly string[],
  optional: readonly string[] = [],
  strict: readonly string[] = [],
): ErrorSpec {
  const all = new Set([...required, ...optional, ...strict]);
  const ordered = (ERROR_ORDER as readonly string[]).filter((e) => all.has(e));
  const extra = [...all].filter((e) => !ordered.includes(e));
  return {
    required: ordered.filter((e) => required.includes(e)),
    strict: ordered.filter((e) => strict.includes(e) && !required.includes(e)),
    allowed: [...ordered, ...extra],
  };
}

/** The error branches an action must have at a validation level. */
export function requiredErrors(spec: ErrorSpec, level: 'connect' | 'strict'): readonly string[] {
  return level === 'strict' ? [...spec.required, ...spec.strict] : spec.required;
}

/** How an action continues when it succeeds. */
export type SuccessPath =
  /** `NextAction`, or (with conditions) the first true condition, then `NoMatchingCondition`, then `NextAction`. */
  | 'next'
  /** The required conditions cover every result (CheckHoursOfOperation, Loop, Wait): `NextAction` is optional. */
  | 'exhaustive'
  /** Success leaves this flow (transfers): exports still carry a `NextAction`, but it is optional. */
  | 'leaves'
  /** Only conditions or errors continue it (MessageParticipantIteratively loops until interrupted). */
  | 'interrupt'
  /** Terminal. */
  | 'none';

/** Where JSONPath is allowed in a parameter value (reference §1.2). */
export type ParamKind =
  /** Static only: no JSONPath at all. */
  | 'static'
  /** Static, or one JSONPath that is the whole value. */
  | 'single'
  /** Exactly one JSONPath, never static. */
  | 'path';

export interface ParamRule {
  /** Dotted path into `Parameters`; `*` matches any key or index; a trailing `**` covers the whole subtree. */
  readonly path: string;
  readonly kind: ParamKind;
}

export interface ActionSpec {
  readonly allowedIn: readonly FlowKind[];
  /** `always`: Transitions must be `{}`; `optional`: may be `{}` (hold-flow loops); `never`. */
  readonly terminal: 'always' | 'optional' | 'never';
  readonly success: SuccessPath;
  /** Whether `Conditions` are supported at all (per-type rules are in the validator). */
  readonly conditions: boolean;
  /** Error branches; `undefined` when not modelled (recognised types we do not build). */
  readonly errors: ((parameters: Record<string, unknown>) => ErrorSpec) | undefined;
  readonly params: readonly ParamRule[];
}

const PROMPT_PARAMS: readonly ParamRule[] = [{ path: 'PromptId', kind: 'single' }];
const QUEUE_OR_AGENT_SINGLE: readonly ParamRule[] = [
  { path: 'QueueId', kind: 'single' },
  { path: 'AgentId', kind: 'single' },
];

function spec(s: Partial<ActionSpec> & Pick<ActionSpec, 'allowedIn'>): ActionSpec {
  return {
    terminal: 'never',
    success: 'next',
    conditions: false,
    errors: undefined,
    params: [],
    ...s,
  };
}

const none = (): ErrorSpec => errs([]);
const noMatchingError = (): ErrorSpec => errs(['NoMatchingError']);
const optionalError = (): ErrorSpec => errs([], ['NoMatchingError']);
const profileErrors = (): ErrorSpec => errs([], ['NoneFoundError', 'MultipleFoundError', 'NoMatchingError']);

export const ACTION_CATALOG: Readonly<Record<KnownActionType, ActionSpec>> = {
  MessageParticipant: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...WHISPER, ...QUEUE],
    // Connect accepts no error branch (console exports, AWS-deployed whisper flows); we always wire one.
    errors: () => errs([], [], ['NoMatchingError']),
    params: PROMPT_PARAMS,
  }),
  GetParticipantInput: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    conditions: true,
    errors: (p) => {
      if (parseBoolLike(p.StoreInput) === true) {
        const validation = p.InputValidation as { PhoneNumberValidation?: unknown } | undefined;
        const phone = validation?.PhoneNumberValidation !== undefined;
        // InputTimeLimitExceeded with StoreInput True: unverified, tolerated.
        return errs(
          ['NoMatchingError', ...(phone ? ['InvalidPhoneNumber'] : [])],
          ['InputTimeLimitExceeded'],
        );
      }
      // NoMatchingCondition and NoMatchingError: "must be defined" [doc]; InputTimeLimitExceeded: every export.
      return errs(['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError']);
    },
    params: [
      ...PROMPT_PARAMS,
      { path: 'InputTimeLimitSeconds', kind: 'static' },
      { path: 'StoreInput', kind: 'static' },
      { path: 'InputValidation.**', kind: 'static' },
      { path: 'DTMFConfiguration.**', kind: 'static' },
    ],
  }),
  InvokeLambdaFunction: spec({
    allowedIn: ALL,
    errors: noMatchingError,
    params: [
      { path: 'InvocationTimeLimitSeconds', kind: 'static' },
      { path: 'InvocationType', kind: 'static' },
      { path: 'ResponseValidation.**', kind: 'static' },
    ],
  }),
  UpdateContactAttributes: spec({ allowedIn: ALL, errors: noMatchingError }),
  // Errors: none per a third-party digest of current docs; exports include NoMatchingError.
  UpdateFlowAttributes: spec({ allowedIn: ALL, errors: () => errs([], ['NoMatchingError']) }),
  Compare: spec({
    allowedIn: ALL,
    conditions: true,
    errors: () => errs(['NoMatchingCondition']),
    params: [{ path: 'ComparisonValue', kind: 'path' }],
  }),
  UpdateContactTargetQueue: spec({
    allowedIn: [...INBOUND, ...TRANSFER],
    errors: noMatchingError,
    params: QUEUE_OR_AGENT_SINGLE,
  }),
  TransferContactToQueue: spec({
    allowedIn: [...INBOUND, ...TRANSFER],
    success: 'leaves',
    errors: () => errs(['QueueAtCapacity', 'NoMatchingError']),
  }),
  DequeueContactAndTransferToQueue: spec({
    allowedIn: QUEUE,
    success: 'leaves',
    errors: () => errs(['QueueAtCapacity', 'NoMatchingError']),
    params: QUEUE_OR_AGENT_SINGLE,
  }),
  CheckHoursOfOperation: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    success: 'exhaustive',
    conditions: true,
    errors: noMatchingError,
    // ID or ARN; "single JSONPath" by analogy with QueueId (unverified).
    params: [{ path: 'HoursOfOperationId', kind: 'single' }],
  }),
  CheckMetricData: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    conditions: true,
    errors: (p) =>
      (STAFFING_METRICS as readonly unknown[]).includes(p.MetricType)
        ? errs(['NoMatchingError'])
        : errs(['NoMatchingCondition', 'NoMatchingError']),
    params: [{ path: 'MetricType', kind: 'static' }],
  }),
  GetMetricData: spec({ allowedIn: ALL, errors: noMatchingError }),
  UpdateContactRecordingBehavior: spec({
    allowedIn: [...INBOUND, ...TRANSFER, 'OUTBOUND_WHISPER', ...QUEUE],
    errors: none,
    params: [
      { path: 'RecordingBehavior.**', kind: 'static' },
      { path: 'AnalyticsBehavior.Enabled', kind: 'static' },
      { path: 'AnalyticsBehavior.AnalyticsLanguage', kind: 'static' },
    ],
  }),
  UpdateContactEventHooks: spec({
    allowedIn: ALL,
    errors: noMatchingError,
    // Keys are checked against the known list; values are flow IDs/ARNs or one JSONPath (exports).
    params: [
      { path: 'EventHooks.*', kind: 'single' },
      { path: 'EventHooksConfiguration.**', kind: 'static' },
    ],
  }),
  // 2023 docs: no errors; newer exports include NoMatchingError.
  UpdateContactTextToSpeechVoice: spec({
    allowedIn: ALL,
    errors: () => errs([], ['NoMatchingError']),
    params: [
      { path: 'TextToSpeechVoice', kind: 'static' },
      { path: 'TextToSpeechEngine', kind: 'static' },
    ],
  }),
  UpdateFlowLoggingBehavior: spec({
    allowedIn: ALL,
    errors: none,
    params: [{ path: 'FlowLoggingBehavior', kind: 'static' }],
  }),
  UpdateContactRoutingBehavior: spec({
    allowedIn: INBOUND,
    errors: none,
    params: [
      { path: 'QueuePriority', kind: 'static' },
      { path: 'QueueTimeAdjustmentSeconds', kind: 'static' },
    ],
  }),
  Loop: spec({
    allowedIn: ALL,
    success: 'exhaustive',
    conditions: true,
    errors: none,
    params: [{ path: 'LoopCount', kind: 'single' }],
  }),
  MessageParticipantIteratively: spec({
    allowedIn: [...QUEUE, ...HOLD],
    terminal: 'optional',
    success: 'interrupt',
    conditions: true,
    // The hold-flow export has `Transitions: {}`, so the error branch is optional (chat takes it at once).
    errors: () => errs([], ['NoMatchingError']),
    params: [
      { path: 'Messages.*.PromptId', kind: 'single' },
      // Static in every export; the docs do not say (unverified).
      { path: 'InterruptFrequencySeconds', kind: 'static' },
    ],
  }),
  CreateCallbackContact: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    errors: noMatchingError,
    params: [
      ...QUEUE_OR_AGENT_SINGLE,
      { path: 'InitialCallDelaySeconds', kind: 'static' },
      { path: 'MaximumConnectionAttempts', kind: 'static' },
      { path: 'RetryDelaySeconds', kind: 'static' },
    ],
  }),
  TransferToFlow: spec({
    allowedIn: [...INBOUND, ...TRANSFER],
    success: 'leaves',
    errors: noMatchingError,
    params: [{ path: 'ContactFlowId', kind: 'single' }],
  }),
  EndFlowExecution: spec({ allowedIn: [...WHISPER, ...QUEUE], terminal: 'always', success: 'none' }),
  DisconnectParticipant: spec({ allowedIn: ALL, terminal: 'always', success: 'none' }),
  UpdateContactCallbackNumber: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    // NoMatchingError is not documented for this action; tolerated (unverified).
    errors: () => errs(['InvalidCallbackNumber', 'CallbackNumberNotDialable'], ['NoMatchingError']),
    params: [{ path: 'CallbackNumber', kind: 'path' }],
  }),
  // Where allowed: "all" per a third-party digest (unverified).
  UpdateContactData: spec({ allowedIn: ALL, errors: noMatchingError }),
  DistributeByPercentage: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    conditions: true,
    errors: () => errs(['NoMatchingCondition']),
  }),
  // Flow-language page: every flow type, chat only; the current AG block page lists inbound and customer queue
  // with voice options. Unverified: allowed everywhere here.
  Wait: spec({
    allowedIn: ALL,
    success: 'exhaustive',
    conditions: true,
    errors: () => errs(['NoMatchingError'], ['ParticipantNotFound']),
    params: [
      { path: 'TimeoutSeconds', kind: 'single' },
      { path: 'Events.**', kind: 'static' },
    ],
  }),
  // Where allowed: from the reference (§3.1); the errors listed in the action pages are all optional here
  // unless Connect refuses to publish without them (unverified for most: tolerated, never an error).
  ConnectParticipantWithLexBot: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    conditions: true,
    errors: () => errs([], ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError']),
    params: [{ path: 'PromptId', kind: 'single' }],
  }),
  UpdatePreviousContactParticipantState: spec({
    allowedIn: [...INBOUND, ...TRANSFER],
    errors: optionalError,
  }),
  // Inbound flows only: "The following types of flows do not support modules: Customer queue, … Transfer to agent,
  // Transfer to queue", and "Modules do not allow invoking another module" (Administrator Guide, "Flow modules").
  InvokeFlowModule: spec({ allowedIn: ['CONTACT_FLOW'], errors: optionalError }),
  EndFlowModuleExecution: spec({ allowedIn: ['FLOW_MODULE'], terminal: 'always', success: 'none' }),
  TransferContactToAgent: spec({
    allowedIn: TRANSFER,
    terminal: 'optional',
    success: 'leaves',
    errors: optionalError,
  }),
  UpdateContactMediaStreamingBehavior: spec({
    allowedIn: ALL.filter((t) => !HOLD.includes(t)),
    errors: optionalError,
  }),
  TransferParticipantToThirdParty: spec({
    allowedIn: [...INBOUND, ...TRANSFER],
    errors: () => errs([], ['CallFailed', 'ConnectionTimeLimitExceeded', 'NoMatchingError']),
  }),
  // Chat only; inbound and customer queue flows [doc].
  ShowView: spec({
    allowedIn: [...INBOUND, ...QUEUE],
    conditions: true,
    errors: () => errs([], ['TimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError']),
  }),
  TagContact: spec({ allowedIn: ALL, errors: optionalError }),
  UnTagContact: spec({ allowedIn: ALL, errors: optionalError }),
  CreateWisdomSession: spec({ allowedIn: ALL, errors: optionalError }),
  CreateTask: spec({ allowedIn: ALL, errors: optionalError }),
  CreateCase: spec({ allowedIn: ALL, errors: () => errs([], ['ContactNotLinked', 'NoMatchingError']) }),
  GetCase: spec({
    allowedIn: ALL,
    errors: () => errs([], ['ContactNotLinked', 'NoneFoundError', 'MultipleFoundError', 'NoMatchingError']),
  }),
  UpdateCase: spec({ allowedIn: ALL, errors: () => errs([], ['ContactNotLinked', 'NoMatchingError']) }),
  GetCustomerProfile: spec({ allowedIn: ALL, errors: profileErrors }),
  CreateCustomerProfile: spec({ allowedIn: ALL, errors: profileErrors }),
  UpdateCustomerProfile: spec({ allowedIn: ALL, errors: profileErrors }),
  AssociateContactToCustomerProfile: spec({ allowedIn: ALL, errors: profileErrors }),
  GetCustomerProfileObject: spec({ allowedIn: ALL, errors: profileErrors }),
  GetCalculatedAttributesForCustomerProfile: spec({ allowedIn: ALL, errors: profileErrors }),
  UpdateRoutingCriteria: spec({ allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE], errors: optionalError }),
  // The name the issue tracker uses; the API Reference page is UpdateRoutingCriteria (alias, unverified).
  UpdateContactRoutingCriteria: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    errors: optionalError,
  }),
  // What new console flows use instead of UpdateContactRecordingBehavior.
  UpdateContactRecordingAndAnalyticsBehavior: spec({
    allowedIn: [...INBOUND, ...TRANSFER, 'OUTBOUND_WHISPER', ...QUEUE],
    errors: optionalError,
  }),
  UpdateContactMediaProcessing: spec({ allowedIn: ALL, errors: optionalError }),
  CheckVoiceId: spec({
    allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE],
    conditions: true,
    errors: () => errs([], ['NoMatchingCondition', 'NoMatchingError']),
  }),
  StartVoiceIdStream: spec({ allowedIn: [...INBOUND, ...TRANSFER, ...QUEUE], errors: optionalError }),
  CheckOutboundCallStatus: spec({
    allowedIn: ALL,
    conditions: true,
    errors: () => errs([], ['NoMatchingCondition', 'NoMatchingError']),
  }),
  CompleteOutboundCall: spec({ allowedIn: ALL, errors: optionalError }),
  ResumeContact: spec({ allowedIn: ALL, errors: optionalError }),
  StartOutboundChatContact: spec({ allowedIn: ALL, errors: optionalError }),
};

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

export const MAX_IDENTIFIER_LENGTH = 50;
export const MAX_ACTIONS = 250;
export const MAX_CONTENT_CHARS = 256_000;
const FORBIDDEN_IDENTIFIER_CHARS = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

/** Why an action identifier is invalid, or `undefined` when it is fine. */
export function identifierProblem(id: string): string | undefined {
  if (id.length === 0) return 'identifier is empty';
  if (id.length > MAX_IDENTIFIER_LENGTH) {
    return `identifier is ${id.length} characters; at most ${MAX_IDENTIFIER_LENGTH}`;
  }
  const bad = FORBIDDEN_IDENTIFIER_CHARS.exec(id);
  if (bad) return `identifier contains "${bad[0]}" (not allowed: % : ( \\ / ) = $ , ; [ ] { })`;
  if (RESERVED_IDENTIFIERS.has(id)) return `identifier "${id}" is a reserved name`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// JSONPath

/**
 * Top-level names of the flow data object (reference §2). A single-JSONPath parameter rooted elsewhere is
 * rejected by Connect ("`$.BadValue` is rejected"); newer roots may exist, so the validator only warns.
 */
export const JSONPATH_ROOTS: ReadonlySet<string> = new Set([
  'Attributes',
  'External',
  'CustomerEndpoint',
  'SystemEndpoint',
  'StoredCustomerInput',
  'Queue',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'Task',
  'Channel',
  'InstanceARN',
  'InitiationMethod',
  'LanguageCode',
  'TextToSpeechVoiceId',
  'CustomerId',
  'Name',
  'Description',
  'References',
  'AwsRegion',
  'Agent',
  'Metrics',
  'Lex',
  'MediaStreams',
  'Media',
  'FlowAttributes',
  'Customer',
  'Case',
  'Wisdom',
  'LambdaInvocation',
]);

/**
 * Whether a string refers to the flow data object anywhere (`$.` or `$[`). CDK tokens (`${Token[TOKEN.123]}`) do
 * not: `$` is followed by `{`, so a token is static, as it must be (it resolves to an ARN at deploy time).
 */
export function containsJsonPath(value: string): boolean {
  return /\$[.[]/.test(value);
}

/** Whether a string is exactly one JSONPath reference (the whole value). */
export function isSingleJsonPath(value: string): boolean {
  return SINGLE_JSONPATH.test(value);
}

/** `Attributes` for `$.Attributes.x`, `AwsRegion` for `$['AwsRegion']`. */
export function jsonPathRoot(path: string): string | undefined {
  return /^\$(?:\.([A-Za-z0-9_-]+)|\.?\['([^']+)'\])/
    .exec(path)
    ?.slice(1)
    .find((g) => g !== undefined);
}
