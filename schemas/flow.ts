import { z } from 'zod';

/**
 * Amazon Connect Flow Language (the `Content` of a contact flow), version 2019-10-30.
 *
 * Two layers:
 * - the generic document schema (`FlowDocumentSchema`, `ActionSchema`): the shape every flow has. It accepts
 *   unknown action types, because console exports contain many we do not model; the interpreter decides what to
 *   do with them.
 * - per-type parameter schemas (`ACTION_PARAMETER_SCHEMAS`): applied by the validator
 *   (`contact-flows/builder/validate.ts`) to the action types we use.
 *
 * Encoding: in real exports numbers and booleans are strings (`"InvocationTimeLimitSeconds":"8"`,
 * `"StoreInput":"False"`). Whether raw JSON numbers/booleans are also accepted by Connect is unverified, so these
 * schemas accept both shapes; our builder always emits strings.
 *
 * Parameter objects are loose (unknown keys pass): newer console exports add keys (`EventHooksConfiguration`,
 * `TextToSpeechStyle`, `InvocationType`…) faster than we model them.
 *
 * Source: docs/reference `amazon-connect.md` §1–§4 (AWS "Flow language" pages and console exports).
 */

export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/** `AWS::Connect::ContactFlow.Type` values we deploy (CAMPAIGN is in the API enum but not in CloudFormation's). */
export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'AGENT_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
] as const;
export const FlowTypeSchema = z.enum(FLOW_TYPES);
export type FlowType = z.infer<typeof FlowTypeSchema>;

/**
 * What a document can be validated and run as: a flow type, or a flow module (`AWS::Connect::ContactFlowModule`,
 * invoked with InvokeFlowModule, returns with EndFlowModuleExecution). Modules are not a flow type in the API.
 */
export type FlowKind = FlowType | 'FLOW_MODULE';
export const FLOW_KINDS: readonly FlowKind[] = [...FLOW_TYPES, 'FLOW_MODULE'];

/** The documented condition operators; each takes exactly one string operand. */
export const CONDITION_OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
] as const;
export const ConditionOperatorSchema = z.enum(CONDITION_OPERATORS);
export type ConditionOperator = z.infer<typeof ConditionOperatorSchema>;
export const NUMBER_OPERATORS = [
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
] as const satisfies readonly ConditionOperator[];

/** Error types documented for the actions we use (the generic schema accepts any string). */
export const ERROR_TYPES = [
  'NoMatchingError',
  'NoMatchingCondition',
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
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** Valid `UpdateContactEventHooks` keys (current AWS page). */
export const EVENT_HOOK_KEYS = [
  'AgentHold',
  'AgentWhisper',
  'CustomerHold',
  'CustomerQueue',
  'CustomerRemaining',
  'CustomerWhisper',
  'DefaultAgentUI',
  'DisconnectAgentUI',
  'PauseContact',
  'ResumeContact',
] as const;
export const EventHookKeySchema = z.enum(EVENT_HOOK_KEYS);
export type EventHookKey = z.infer<typeof EventHookKeySchema>;

/** Actions that end the flow; their `Transitions` must be `{}`. */
export const TERMINAL_ACTION_TYPES = [
  'DisconnectParticipant',
  'EndFlowExecution',
  'EndFlowModuleExecution',
] as const;

export const STAFFING_METRICS = [
  'NumberOfAgentsAvailable',
  'NumberOfAgentsStaffed',
  'NumberOfAgentsOnline',
] as const;
export const QUEUE_METRICS = ['OldestContactInQueueAgeSeconds', 'NumberOfContactsInQueue'] as const;
export const METRIC_TYPES = [...STAFFING_METRICS, ...QUEUE_METRICS] as const;
export type StaffingMetric = (typeof STAFFING_METRICS)[number];
export type QueueMetric = (typeof QUEUE_METRICS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Value encodings

const INT_STRING = /^-?\d+$/;

/** A number in a Flow Language parameter: `"8"` (what exports contain) or `8` (unverified; accepted). */
export function parseIntLike(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && INT_STRING.test(value)) return Number(value);
  return undefined;
}

/** A boolean parameter: `"True"`/`"False"` (exports; `"false"` also appears) or a JSON boolean (unverified). */
export function parseBoolLike(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** A JSONPath reference used as a whole value: `$.Attributes.x`, `$.Attributes.['a b']`, `$['AwsRegion']`. */
export const SINGLE_JSONPATH = /^\$(?:\.[A-Za-z0-9_-]+|\.?\['[^']+'\])+$/;

const intLike = z
  .union([z.string(), z.number()], { error: 'expected an integer written as a string, e.g. "8"' })
  .refine((v) => parseIntLike(v) !== undefined, {
    error: 'expected an integer written as a string, e.g. "8"',
  });

/** An integer, or (where the docs allow "fully dynamic") a single JSONPath. */
const intOrPath = z
  .union([z.string(), z.number()], { error: 'expected an integer string or a JSONPath' })
  .refine((v) => parseIntLike(v) !== undefined || (typeof v === 'string' && SINGLE_JSONPATH.test(v)), {
    error: 'expected an integer string (e.g. "2") or a single JSONPath',
  });

const boolLike = z
  .union([z.string(), z.boolean()], { error: 'expected "True" or "False"' })
  .refine((v) => parseBoolLike(v) !== undefined, { error: 'expected "True" or "False"' });

type Ctx = z.core.$RefinementCtx;
function issue(ctx: Ctx, rule: string, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, path, params: { rule } });
}

/** Checks a static integer against a range (a JSONPath value is checked at run time, not here). */
function checkRange(ctx: Ctx, rule: string, key: string, value: unknown, min: number, max: number): void {
  const n = parseIntLike(value);
  if (n !== undefined && (n < min || n > max)) {
    issue(ctx, rule, `${key} must be between ${min} and ${max}, got ${n}`, [key]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Generic document

export interface Condition {
  Operator: string;
  /** Strings for the documented operators; nested conditions for composite operators (none documented). */
  Operands: Array<string | Condition>;
}
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.object({ Operator: z.string(), Operands: z.array(z.union([z.string(), ConditionSchema])) }),
);

export const ErrorTransitionSchema = z.object({ ErrorType: z.string(), NextAction: z.string() });
export type ErrorTransition = z.infer<typeof ErrorTransitionSchema>;

export const ConditionTransitionSchema = z.object({ NextAction: z.string(), Condition: ConditionSchema });
export type ConditionTransition = z.infer<typeof ConditionTransitionSchema>;

export const TransitionsSchema = z.object({
  NextAction: z.string().optional(),
  Errors: z.array(ErrorTransitionSchema).optional(),
  Conditions: z.array(ConditionTransitionSchema).optional(),
});
export type Transitions = z.infer<typeof TransitionsSchema>;

export const ActionSchema = z.object({
  Identifier: z.string(),
  /** Any string: unknown types are accepted here and reported as warnings by the validator. */
  Type: z.string().min(1),
  /** Connect accepts an action without `Parameters` (exports of parameterless actions omit it): read as `{}`. */
  Parameters: z.record(z.string(), z.unknown()).default({}),
  Transitions: TransitionsSchema,
});
export type Action = z.infer<typeof ActionSchema>;

export const FlowDocumentSchema = z.object({
  Version: z.literal(FLOW_LANGUAGE_VERSION),
  StartAction: z.string(),
  /**
   * Free-form; the console keeps layout here. Whether Connect accepts a document without it is unverified, so it
   * is optional here and our builder always emits it.
   */
  Metadata: z.record(z.string(), z.unknown()).optional(),
  Actions: z.array(ActionSchema),
  /** Flow modules only: `{"InputParameters":[],"OutputParameters":[],"Transitions":[]}` in exports. */
  Settings: z.record(z.string(), z.unknown()).optional(),
});
export type FlowDocument = z.infer<typeof FlowDocumentSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Per-type parameters

const MediaSchema = z.looseObject({
  Uri: z.string(),
  SourceType: z.literal('S3'),
  MediaType: z.literal('Audio'),
});
const PROMPT_KEYS = ['Text', 'SSML', 'PromptId', 'Media'] as const;
const promptFields = {
  Text: z.string().optional(),
  SSML: z.string().optional(),
  PromptId: z.string().optional(),
  Media: MediaSchema.optional(),
};

function exactlyOnePrompt(value: Record<string, unknown>, ctx: Ctx, path: PropertyKey[] = []): void {
  const present = PROMPT_KEYS.filter((k) => value[k] !== undefined);
  if (present.length !== 1) {
    issue(
      ctx,
      'prompt-source',
      present.length === 0
        ? 'needs exactly one prompt source (Text, SSML, PromptId or Media), found none'
        : `needs exactly one prompt source (Text, SSML, PromptId or Media), found ${present.join(', ')}`,
      path,
    );
  }
}

function queueXorAgent(required: boolean) {
  return (value: { QueueId?: string | undefined; AgentId?: string | undefined }, ctx: Ctx): void => {
    if (value.QueueId !== undefined && value.AgentId !== undefined) {
      issue(ctx, 'queue-or-agent', 'QueueId and AgentId cannot both be set');
    } else if (required && value.QueueId === undefined && value.AgentId === undefined) {
      issue(ctx, 'queue-or-agent', 'needs QueueId or AgentId');
    }
  };
}

export const MessageParticipantParametersSchema = z
  .looseObject(promptFields)
  .superRefine((v, ctx) => exactlyOnePrompt(v, ctx));

export const GetParticipantInputParametersSchema = z
  .looseObject({
    ...promptFields,
    InputTimeLimitSeconds: intLike,
    /** Absent means False. */
    StoreInput: boolLike.optional(),
    InputValidation: z
      .looseObject({
        PhoneNumberValidation: z
          .looseObject({ NumberFormat: z.enum(['Local', 'E164']), CountryCode: z.string().optional() })
          .optional(),
        CustomValidation: z.looseObject({ MaximumLength: intLike }).optional(),
      })
      .optional(),
    InputEncryption: z.looseObject({ EncryptionKeyId: z.string(), Key: z.string() }).optional(),
    DTMFConfiguration: z
      .looseObject({
        InputTerminationSequence: z.string().optional(),
        DisableCancelKey: boolLike.optional(),
        /** Newer docs per a third-party digest: unverified. */
        InterdigitTimeLimitSeconds: intLike.optional(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    exactlyOnePrompt(v, ctx);
    checkRange(
      ctx,
      'parameters',
      'InputTimeLimitSeconds',
      v.InputTimeLimitSeconds,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    const store = parseBoolLike(v.StoreInput) ?? false;
    if (store && !v.InputValidation) {
      issue(ctx, 'store-input', 'StoreInput True needs InputValidation', ['InputValidation']);
    }
    if (!store && v.InputValidation) {
      issue(ctx, 'store-input', 'InputValidation is only allowed with StoreInput True', ['InputValidation']);
    }
    const validation = v.InputValidation;
    if (validation) {
      const phone = validation.PhoneNumberValidation;
      if ((phone === undefined) === (validation.CustomValidation === undefined)) {
        issue(
          ctx,
          'store-input',
          'InputValidation needs exactly one of PhoneNumberValidation or CustomValidation',
          ['InputValidation'],
        );
      }
      if (phone?.NumberFormat === 'Local' && !phone.CountryCode) {
        issue(ctx, 'store-input', 'PhoneNumberValidation with NumberFormat Local needs CountryCode', [
          'InputValidation',
          'PhoneNumberValidation',
          'CountryCode',
        ]);
      }
    }
    if (v.InputEncryption && !validation?.CustomValidation) {
      issue(ctx, 'store-input', 'InputEncryption is only allowed with CustomValidation', ['InputEncryption']);
    }
    const terminator = v.DTMFConfiguration?.InputTerminationSequence;
    if (terminator !== undefined && !/^[0-9*#]{1,5}$/.test(terminator)) {
      issue(ctx, 'parameters', 'InputTerminationSequence is up to five DTMF keys', [
        'DTMFConfiguration',
        'InputTerminationSequence',
      ]);
    }
  });

export const InvokeLambdaFunctionParametersSchema = z
  .looseObject({
    LambdaFunctionARN: z.string().min(1),
    InvocationTimeLimitSeconds: intLike,
    /** Absent in exports; treated as synchronous (unverified default). */
    InvocationType: z.enum(['SYNCHRONOUS', 'ASYNCHRONOUS']).optional(),
    LambdaInvocationAttributes: z.record(z.string(), z.string()).optional(),
    ResponseValidation: z.looseObject({ ResponseType: z.enum(['STRING_MAP', 'JSON']) }).optional(),
  })
  .superRefine((v, ctx) => {
    // Current AG: up to 8 s synchronous, up to 60 s asynchronous.
    const max = v.InvocationType === 'ASYNCHRONOUS' ? 60 : 8;
    checkRange(ctx, 'lambda-timeout', 'InvocationTimeLimitSeconds', v.InvocationTimeLimitSeconds, 1, max);
  });

export const UpdateContactAttributesParametersSchema = z.looseObject({
  Attributes: z.record(z.string(), z.string()),
  TargetContact: z.enum(['Current', 'Related']).optional(),
});

export const UpdateFlowAttributesParametersSchema = z.looseObject({
  FlowAttributes: z.record(z.string(), z.looseObject({ Value: z.string() })),
});

export const CompareParametersSchema = z.looseObject({ ComparisonValue: z.string() });

export const UpdateContactTargetQueueParametersSchema = z
  .looseObject({ QueueId: z.string().optional(), AgentId: z.string().optional() })
  .superRefine(queueXorAgent(true));

export const TransferContactToQueueParametersSchema = z.looseObject({});

export const DequeueContactAndTransferToQueueParametersSchema = z
  .looseObject({ QueueId: z.string().optional(), AgentId: z.string().optional() })
  .superRefine(queueXorAgent(true));

export const CheckHoursOfOperationParametersSchema = z.looseObject({
  /** Optional: defaults to the target queue's hours. */
  HoursOfOperationId: z.string().optional(),
});

export const CheckMetricDataParametersSchema = z
  .looseObject({
    MetricType: z.enum(METRIC_TYPES),
    QueueId: z.string().optional(),
    AgentId: z.string().optional(),
  })
  .superRefine(queueXorAgent(false));

export const GetMetricDataParametersSchema = z
  .looseObject({
    QueueId: z.string().optional(),
    AgentId: z.string().optional(),
    /** `Voice` or `Chat`, may be dynamic. */
    QueueChannel: z.string().optional(),
  })
  .superRefine(queueXorAgent(false));

export const UpdateContactRecordingBehaviorParametersSchema = z
  .looseObject({
    RecordingBehavior: z
      .looseObject({
        RecordedParticipants: z.array(z.enum(['Agent', 'Customer'])),
        IVRRecordingBehavior: z.enum(['Enabled', 'Disabled']).optional(),
        ScreenRecordedParticipants: z.array(z.string()).optional(),
      })
      .optional(),
    AnalyticsBehavior: z
      .looseObject({
        Enabled: boolLike,
        AnalyticsLanguage: z.string().optional(),
        AnalyticsRedactionBehavior: z.enum(['Enabled', 'Disabled']).optional(),
        AnalyticsRedactionResults: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.RecordingBehavior && !v.AnalyticsBehavior) {
      issue(ctx, 'parameters', 'needs RecordingBehavior or AnalyticsBehavior');
    }
    const recorded = v.RecordingBehavior?.RecordedParticipants ?? [];
    if (v.AnalyticsBehavior && !(recorded.includes('Agent') && recorded.includes('Customer'))) {
      issue(ctx, 'parameters', 'AnalyticsBehavior needs both Agent and Customer recorded', [
        'AnalyticsBehavior',
      ]);
    }
  });

export const UpdateContactEventHooksParametersSchema = z
  .looseObject({
    EventHooks: z.record(z.string(), z.string()),
    EventHooksConfiguration: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((v, ctx) => {
    const keys = Object.keys(v.EventHooks);
    if (keys.length !== 1) {
      issue(ctx, 'event-hook-count', `EventHooks takes exactly one hook per action, found ${keys.length}`, [
        'EventHooks',
      ]);
    }
    for (const key of keys) {
      if (!(EVENT_HOOK_KEYS as readonly string[]).includes(key)) {
        issue(ctx, 'event-hook-key', `unknown event hook "${key}" (known: ${EVENT_HOOK_KEYS.join(', ')})`, [
          'EventHooks',
          key,
        ]);
      }
    }
  });

export const UpdateContactTextToSpeechVoiceParametersSchema = z.looseObject({
  TextToSpeechVoice: z.string().min(1),
  TextToSpeechEngine: z.string().optional(),
  TextToSpeechStyle: z.string().optional(),
});

export const UpdateFlowLoggingBehaviorParametersSchema = z.looseObject({
  FlowLoggingBehavior: z.enum(['Enabled', 'Disabled']),
});

export const UpdateContactRoutingBehaviorParametersSchema = z
  .looseObject({
    QueuePriority: intLike.optional(),
    QueueTimeAdjustmentSeconds: intLike.optional(),
    RoutingProficiencies: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((v, ctx) => {
    const set = (['QueuePriority', 'QueueTimeAdjustmentSeconds', 'RoutingProficiencies'] as const).filter(
      (k) => v[k] !== undefined,
    );
    if (set.length !== 1) {
      issue(
        ctx,
        'parameters',
        'needs exactly one of QueuePriority, QueueTimeAdjustmentSeconds or RoutingProficiencies',
      );
    }
    checkRange(ctx, 'parameters', 'QueuePriority', v.QueuePriority, 1, Number.MAX_SAFE_INTEGER);
  });

export const LoopParametersSchema = z
  .looseObject({ LoopCount: intOrPath })
  .superRefine((v, ctx) => checkRange(ctx, 'parameters', 'LoopCount', v.LoopCount, 0, 100));

const IterativeMessageSchema = z.looseObject(promptFields).superRefine((v, ctx) => exactlyOnePrompt(v, ctx));

export const MessageParticipantIterativelyParametersSchema = z
  .looseObject({
    Messages: z.array(IterativeMessageSchema).min(1),
    InterruptFrequencySeconds: intLike.optional(),
  })
  .superRefine((v, ctx) =>
    checkRange(
      ctx,
      'parameters',
      'InterruptFrequencySeconds',
      v.InterruptFrequencySeconds,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
  );

const THREE_DAYS = 259_200;
export const CreateCallbackContactParametersSchema = z
  .looseObject({
    QueueId: z.string().optional(),
    AgentId: z.string().optional(),
    InitialCallDelaySeconds: intLike,
    MaximumConnectionAttempts: intLike,
    RetryDelaySeconds: intLike,
  })
  .superRefine((v, ctx) => {
    queueXorAgent(false)(v, ctx);
    checkRange(ctx, 'parameters', 'InitialCallDelaySeconds', v.InitialCallDelaySeconds, 1, THREE_DAYS);
    checkRange(
      ctx,
      'parameters',
      'MaximumConnectionAttempts',
      v.MaximumConnectionAttempts,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    checkRange(ctx, 'parameters', 'RetryDelaySeconds', v.RetryDelaySeconds, 1, THREE_DAYS);
  });

export const TransferToFlowParametersSchema = z.looseObject({ ContactFlowId: z.string().min(1) });

export const EndFlowExecutionParametersSchema = z.looseObject({});
export const DisconnectParticipantParametersSchema = z.looseObject({});

export const UpdateContactCallbackNumberParametersSchema = z.looseObject({ CallbackNumber: z.string() });

export const UpdateContactDataParametersSchema = z
  .looseObject({
    LanguageCode: z.string().optional(),
    Name: z.string().optional(),
    Description: z.string().optional(),
    CustomerId: z.string().optional(),
    TargetContact: z.enum(['Current', 'Related']).optional(),
  })
  .superRefine((v, ctx) => {
    if (Object.keys(v).filter((k) => k !== 'TargetContact').length === 0) {
      issue(ctx, 'parameters', 'sets nothing (e.g. LanguageCode)');
    }
  });

export const DistributeByPercentageParametersSchema = z.looseObject({});

export const WaitParametersSchema = z
  .looseObject({
    TimeoutSeconds: intOrPath,
    /** `CustomerReturned`, `BotParticipantDisconnected`; kept open (the list grows). */
    Events: z.array(z.string()).optional(),
  })
  .superRefine((v, ctx) => checkRange(ctx, 'parameters', 'TimeoutSeconds', v.TimeoutSeconds, 1, 604_800));

const LooseParametersSchema = z.record(z.string(), z.unknown());

/** Per-type parameter schemas, for the types we build (first block) and types we only recognise (second). */
export const ACTION_PARAMETER_SCHEMAS = {
  MessageParticipant: MessageParticipantParametersSchema,
  GetParticipantInput: GetParticipantInputParametersSchema,
  InvokeLambdaFunction: InvokeLambdaFunctionParametersSchema,
  UpdateContactAttributes: UpdateContactAttributesParametersSchema,
  Compare: CompareParametersSchema,
  UpdateContactTargetQueue: UpdateContactTargetQueueParametersSchema,
  TransferContactToQueue: TransferContactToQueueParametersSchema,
  CheckHoursOfOperation: CheckHoursOfOperationParametersSchema,
  CheckMetricData: CheckMetricDataParametersSchema,
  GetMetricData: GetMetricDataParametersSchema,
  UpdateContactRoutingBehavior: UpdateContactRoutingBehaviorParametersSchema,
  UpdateContactRecordingBehavior: UpdateContactRecordingBehaviorParametersSchema,
  UpdateContactEventHooks: UpdateContactEventHooksParametersSchema,
  UpdateContactTextToSpeechVoice: UpdateContactTextToSpeechVoiceParametersSchema,
  UpdateFlowLoggingBehavior: UpdateFlowLoggingBehaviorParametersSchema,
  Loop: LoopParametersSchema,
  MessageParticipantIteratively: MessageParticipantIterativelyParametersSchema,
  CreateCallbackContact: CreateCallbackContactParametersSchema,
  TransferToFlow: TransferToFlowParametersSchema,
  EndFlowExecution: EndFlowExecutionParametersSchema,
  DisconnectParticipant: DisconnectParticipantParametersSchema,
  DequeueContactAndTransferToQueue: DequeueContactAndTransferToQueueParametersSchema,
  UpdateContactCallbackNumber: UpdateContactCallbackNumberParametersSchema,
  UpdateContactData: UpdateContactDataParametersSchema,
  UpdateFlowAttributes: UpdateFlowAttributesParametersSchema,
  DistributeByPercentage: DistributeByPercentageParametersSchema,
  Wait: WaitParametersSchema,
  // Recognised (in the reference catalogue) but not modelled: parameters are not checked.
  ConnectParticipantWithLexBot: LooseParametersSchema,
  UpdatePreviousContactParticipantState: LooseParametersSchema,
  InvokeFlowModule: LooseParametersSchema,
  EndFlowModuleExecution: LooseParametersSchema,
  TransferContactToAgent: LooseParametersSchema,
  UpdateContactMediaStreamingBehavior: LooseParametersSchema,
  // The rest of the documented catalogue (API Reference "Actions" pages, 57 types in all): run offline with a
  // local model (see contact-flows/runtime/services.ts); parameters are not checked beyond being an object.
  TransferParticipantToThirdParty: LooseParametersSchema,
  ShowView: LooseParametersSchema,
  TagContact: LooseParametersSchema,
  UnTagContact: LooseParametersSchema,
  CreateWisdomSession: LooseParametersSchema,
  CreateTask: LooseParametersSchema,
  CreateCase: LooseParametersSchema,
  GetCase: LooseParametersSchema,
  UpdateCase: LooseParametersSchema,
  GetCustomerProfile: LooseParametersSchema,
  CreateCustomerProfile: LooseParametersSchema,
  UpdateCustomerProfile: LooseParametersSchema,
  AssociateContactToCustomerProfile: LooseParametersSchema,
  GetCustomerProfileObject: LooseParametersSchema,
  GetCalculatedAttributesForCustomerProfile: LooseParametersSchema,
  UpdateRoutingCriteria: LooseParametersSchema,
  UpdateContactRoutingCriteria: LooseParametersSchema,
  UpdateContactRecordingAndAnalyticsBehavior: LooseParametersSchema,
  UpdateContactMediaProcessing: LooseParametersSchema,
  CheckVoiceId: LooseParametersSchema,
  StartVoiceIdStream: LooseParametersSchema,
  CheckOutboundCallStatus: LooseParametersSchema,
  CompleteOutboundCall: LooseParametersSchema,
  ResumeContact: LooseParametersSchema,
  StartOutboundChatContact: LooseParametersSchema,
} as const;

/** Every action type of the API Reference "Actions" pages (participant, contact, flow control, interactions). */
export const DOCUMENTED_ACTION_TYPES = [
  // Participant actions
  'ConnectParticipantWithLexBot',
  'DisconnectParticipant',
  'GetParticipantInput',
  'MessageParticipant',
  'MessageParticipantIteratively',
  'ShowView',
  'TransferParticipantToThirdParty',
  'Wait',
  // Contact actions
  'CompleteOutboundCall',
  'CreateCase',
  'CreateTask',
  'CreateWisdomSession',
  'DequeueContactAndTransferToQueue',
  'EndFlowModuleExecution',
  'GetCase',
  'InvokeFlowModule',
  'StartOutboundChatContact',
  'TagContact',
  'TransferContactToAgent',
  'TransferContactToQueue',
  'UnTagContact',
  'UpdateCase',
  'UpdateContactAttributes',
  'UpdateContactCallbackNumber',
  'UpdateContactData',
  'UpdateContactEventHooks',
  'UpdateContactMediaProcessing',
  'UpdateContactMediaStreamingBehavior',
  'UpdateContactRecordingAndAnalyticsBehavior',
  'UpdateContactRecordingBehavior',
  'ResumeContact',
  'UpdateContactRoutingBehavior',
  'UpdateContactTargetQueue',
  'UpdateContactTextToSpeechVoice',
  'UpdatePreviousContactParticipantState',
  // Flow control actions
  'CheckHoursOfOperation',
  'CheckMetricData',
  'CheckOutboundCallStatus',
  'CheckVoiceId',
  'Compare',
  'DistributeByPercentage',
  'EndFlowExecution',
  'GetMetricData',
  'Loop',
  'StartVoiceIdStream',
  'TransferToFlow',
  'UpdateFlowAttributes',
  'UpdateFlowLoggingBehavior',
  'UpdateRoutingCriteria',
  // Interactions
  'AssociateContactToCustomerProfile',
  'CreateCallbackContact',
  'CreateCustomerProfile',
  'InvokeLambdaFunction',
  'GetCustomerProfile',
  'GetCustomerProfileObject',
  'GetCalculatedAttributesForCustomerProfile',
  'UpdateCustomerProfile',
] as const;

export type KnownActionType = keyof typeof ACTION_PARAMETER_SCHEMAS;
export const KNOWN_ACTION_TYPES = Object.keys(ACTION_PARAMETER_SCHEMAS) as KnownActionType[];
export function isKnownActionType(type: string): type is KnownActionType {
  return Object.hasOwn(ACTION_PARAMETER_SCHEMAS, type);
}

export type ActionParameters<T extends KnownActionType> = z.infer<(typeof ACTION_PARAMETER_SCHEMAS)[T]>;

function knownAction<T extends KnownActionType>(type: T) {
  return ActionSchema.extend({ Type: z.literal(type), Parameters: ACTION_PARAMETER_SCHEMAS[type] });
}

/** An action of a known type with its parameters checked (discriminated on `Type`). */
export const KnownActionSchema = z.discriminatedUnion('Type', [
  knownAction('MessageParticipant'),
  knownAction('GetParticipantInput'),
  knownAction('InvokeLambdaFunction'),
  knownAction('UpdateContactAttributes'),
  knownAction('Compare'),
  knownAction('UpdateContactTargetQueue'),
  knownAction('TransferContactToQueue'),
  knownAction('CheckHoursOfOperation'),
  knownAction('CheckMetricData'),
  knownAction('GetMetricData'),
  knownAction('UpdateContactRoutingBehavior'),
  knownAction('UpdateContactRecordingBehavior'),
  knownAction('UpdateContactEventHooks'),
  knownAction('UpdateContactTextToSpeechVoice'),
  knownAction('UpdateFlowLoggingBehavior'),
  knownAction('Loop'),
  knownAction('MessageParticipantIteratively'),
  knownAction('CreateCallbackContact'),
  knownAction('TransferToFlow'),
  knownAction('EndFlowExecution'),
  knownAction('DisconnectParticipant'),
  knownAction('DequeueContactAndTransferToQueue'),
  knownAction('UpdateContactCallbackNumber'),
  knownAction('UpdateContactData'),
  knownAction('UpdateFlowAttributes'),
  knownAction('DistributeByPercentage'),
  knownAction('Wait'),
  knownAction('ConnectParticipantWithLexBot'),
  knownAction('UpdatePreviousContactParticipantState'),
  knownAction('InvokeFlowModule'),
  knownAction('EndFlowModuleExecution'),
  knownAction('TransferContactToAgent'),
  knownAction('UpdateContactMediaStreamingBehavior'),
]);
export type KnownAction = z.infer<typeof KnownActionSchema>;
