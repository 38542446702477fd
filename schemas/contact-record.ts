import { z } from 'zod';

/**
 * Contact records: the contact trace record (CTR) Amazon Connect streams to Kinesis (reference
 * `amazon-connect.md` §6), and the result of one simulated call in the offline runtime
 * (`contact-flows/runtime`), whose `ctr` is shaped like a real CTR.
 *
 * `ContactTraceRecordSchema` is lenient on purpose: it will also ingest real CTRs. Connect adds fields over
 * time and AWS says to ignore unknown ones [doc], so every object is loose; whatever the reference shows as
 * `null` in a real record (or documents as absent in some cases) is nullish.
 */

/** CTR timestamps: UTC, whole seconds, `yyyy-mm-ddThh:mm:ssZ` [doc]. Records we produce always match it. */
export const CTR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Lenient on input (real records are not re-checked); see `CTR_TIMESTAMP` for the documented format. */
const Timestamp = z.string();

export const CtrEndpointSchema = z.looseObject({
  Address: z.string().nullish(),
  Type: z.string().nullish(),
});

export const CtrAgentSchema = z.looseObject({
  ARN: z.string().nullish(),
  Username: z.string().nullish(),
  ConnectedToAgentTimestamp: Timestamp.nullish(),
  AgentInteractionDuration: z.number().nullish(),
  AfterContactWorkDuration: z.number().nullish(),
  AfterContactWorkStartTimestamp: Timestamp.nullish(),
  AfterContactWorkEndTimestamp: Timestamp.nullish(),
  CustomerHoldDuration: z.number().nullish(),
  LongestHoldDuration: z.number().nullish(),
  NumberOfHolds: z.number().nullish(),
  HierarchyGroups: z.unknown().nullish(),
  RoutingProfile: z.looseObject({ ARN: z.string().nullish(), Name: z.string().nullish() }).nullish(),
});
export type CtrAgent = z.infer<typeof CtrAgentSchema>;

export const CtrQueueSchema = z.looseObject({
  ARN: z.string().nullish(),
  Name: z.string().nullish(),
  EnqueueTimestamp: Timestamp.nullish(),
  DequeueTimestamp: Timestamp.nullish(),
  /** Seconds from enqueue to dequeue. */
  Duration: z.number().nullish(),
});
export type CtrQueue = z.infer<typeof CtrQueueSchema>;

export const CtrRecordingSchema = z.looseObject({
  /** S3 "bucket/key", without `s3://` [doc]. */
  Location: z.string().nullish(),
  Status: z.string().nullish(),
  Type: z.string().nullish(),
  DeletionReason: z.string().nullish(),
});

export const CtrRecordingsItemSchema = CtrRecordingSchema.extend({
  MediaStreamType: z.string().nullish(),
  ParticipantType: z.string().nullish(),
  StorageType: z.string().nullish(),
  FragmentStartNumber: z.string().nullish(),
  FragmentStopNumber: z.string().nullish(),
  StartTimestamp: Timestamp.nullish(),
  StopTimestamp: Timestamp.nullish(),
});

export const ContactTraceRecordSchema = z.looseObject({
  AWSAccountId: z.string().nullish(),
  /** `"2017-03-10"`. */
  AWSContactTraceRecordFormatVersion: z.string(),
  /** `null` when no agent was ever connected. */
  Agent: CtrAgentSchema.nullish(),
  AgentConnectionAttempts: z.number().nullish(),
  /** User-defined contact attributes (max 32 KB [doc]). */
  Attributes: z.record(z.string(), z.string()).nullish(),
  /** VOICE | CHAT | TASK | EMAIL (open: the list grows). */
  Channel: z.string(),
  ConnectedToSystemTimestamp: Timestamp.nullish(),
  ContactId: z.string().min(1),
  CustomerEndpoint: CtrEndpointSchema.nullish(),
  /** CUSTOMER_DISCONNECT, AGENT_DISCONNECT, CONTACT_FLOW_DISCONNECT, … (often null). */
  DisconnectReason: z.string().nullish(),
  DisconnectTimestamp: Timestamp.nullish(),
  InitialContactId: z.string().nullish(),
  /** INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, QUEUE_TRANSFER, … (open). */
  InitiationMethod: z.string(),
  InitiationTimestamp: Timestamp,
  InstanceARN: z.string().nullish(),
  LastUpdateTimestamp: Timestamp,
  MediaStreams: z.array(z.looseObject({ Type: z.string().nullish() })).nullish(),
  NextContactId: z.string().nullish(),
  PreviousContactId: z.string().nullish(),
  /** Present once the contact was queued; an abandoned contact has a Queue but no Agent [doc]. */
  Queue: CtrQueueSchema.nullish(),
  Recording: CtrRecordingSchema.nullish(),
  Recordings: z.array(CtrRecordingsItemSchema).nullish(),
  References: z.array(z.unknown()).nullish(),
  ScheduledTimestamp: Timestamp.nullish(),
  SystemEndpoint: CtrEndpointSchema.nullish(),
  TransferCompletedTimestamp: Timestamp.nullish(),
  TransferredToEndpoint: CtrEndpointSchema.nullish(),
  VoiceIdResult: z.unknown().nullish(),
});
export type ContactTraceRecord = z.infer<typeof ContactTraceRecordSchema>;

// ---------------------------------------------------------------------------------------------------------------
// One simulated call (offline runtime)

/**
 * How a simulated call ended:
 * - `agent`: an agent accepted it; `queue`: still waiting when the simulation stopped (wait cap);
 * - `abandoned`: the caller hung up while waiting in queue (the scenario's patience ran out);
 * - `callback`: a callback contact was created, then the caller left;
 * - `voicemail`: transferred to a queue marked as a voicemail queue;
 * - `disconnected`: a flow hung up (DisconnectParticipant, or an inbound flow with nowhere to go) before any of
 *   the above;
 * - `ended`: a flow ended without disconnecting (EndFlowExecution or EndFlowModuleExecution in a whisper, hold,
 *   queue or module flow run on its own): nothing was hung up;
 * - `third-party`: transferred to an outside number (TransferParticipantToThirdParty) and the flow did not go on.
 */
export const OUTCOME_TYPES = [
  'queue',
  'agent',
  'disconnected',
  'ended',
  'third-party',
  'voicemail',
  'callback',
  'abandoned',
] as const;
export const OutcomeTypeSchema = z.enum(OUTCOME_TYPES);
export type OutcomeType = z.infer<typeof OutcomeTypeSchema>;

export const CallOutcomeSchema = z.object({
  type: OutcomeTypeSchema,
  queue: z.object({ name: z.string(), arn: z.string() }).optional(),
  /** Routing priority the contact had in queue (lower is sooner; default 5). */
  priority: z.number().int().optional(),
  agent: z.object({ id: z.string(), name: z.string() }).optional(),
  /** For `callback`: the number that will be called back. */
  callbackNumber: z.string().optional(),
  /** For `third-party`: the number the caller was transferred to. */
  thirdPartyNumber: z.string().optional(),
  /** The flow (name) whose action ended the call, when a flow ended it. */
  flow: z.string().optional(),
  reason: z.string().optional(),
});
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/**
 * One step taken: an action and the branch it left by. `branch` is `NextAction`, `Error:<ErrorType>` (the Errors
 * entry taken; `error` is the error raised, which differs when it fell back to `NoMatchingError`),
 * `Condition:<Operator> <operand>`, `Transfer` (left the flow: queue, flow, dequeue), `End` (terminal action or
 * a flow that has nowhere to go) or `Interrupted` (a customer queue flow cut short: agent, hang-up, wait cap).
 */
export const PathStepSchema = z.object({
  /** The flow's key (its ARN). */
  flow: z.string(),
  action: z.string(),
  type: z.string(),
  branch: z.string(),
  to: z.string().optional(),
  error: z.string().optional(),
});
export type PathStep = z.infer<typeof PathStepSchema>;

export const LambdaCallSchema = z.object({
  /** Function name (the part after `function:`), or the reference as given when it is not an ARN. */
  name: z.string(),
  arn: z.string(),
  flow: z.string(),
  action: z.string(),
  /** Real (wall-clock) latency of the invocation. */
  latencyMs: z.number().nonnegative(),
  /** What the function answered (also when the answer was refused, e.g. not a STRING_MAP). */
  response: z.unknown().optional(),
  error: z.string().optional(),
  timedOut: z.boolean().optional(),
});
export type LambdaCall = z.infer<typeof LambdaCallSchema>;

export const CALL_EVENT_KINDS = [
  'flow',
  'prompt',
  'input',
  'lambda',
  'queue',
  'agent',
  'callback',
  'disconnect',
  'note',
] as const;

/** The call as a readable transcript, in order; `at` is simulated time (ISO 8601, UTC). */
export const CallEventSchema = z.object({
  at: z.string(),
  kind: z.enum(CALL_EVENT_KINDS),
  text: z.string(),
  flow: z.string().optional(),
  action: z.string().optional(),
});
export type CallEvent = z.infer<typeof CallEventSchema>;

export const CallResultSchema = z.object({
  contactId: z.string(),
  /** Key (ARN) of the flow the call entered. */
  entryFlow: z.string(),
  channel: z.string(),
  /** Everything played, in order: text/SSML after JSONPath substitution, `[prompt <id>]`, `[media <uri>]`. */
  prompts: z.array(z.string()),
  /** Scripted inputs consumed, in order (`null`: no input, the caller let it time out). */
  inputs: z.array(z.string().nullable()),
  /** Contact attributes at the end of the call. */
  attributes: z.record(z.string(), z.string()),
  lambdas: z.array(LambdaCallSchema),
  outcome: CallOutcomeSchema,
  path: z.array(PathStepSchema),
  events: z.array(CallEventSchema),
  /** What the runtime assumed or created on the fly (unknown queues, default answers…). */
  notes: z.array(z.string()),
  /** Contact tags (TagContact / UnTagContact). */
  tags: z.record(z.string(), z.string()).optional(),
  ctr: ContactTraceRecordSchema,
});
export type CallResult = z.infer<typeof CallResultSchema>;
