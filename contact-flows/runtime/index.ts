/**
 * Offline runtime: executes Flow Language documents (ours or console exports) as Amazon Connect would, with a
 * local ACD, simulated time and Lambdas as real handlers or stubs. See `runtime.ts` for the entry point.
 */
export {
  type Agent,
  type AgentConfig,
  type AgentCounts,
  type AgentState,
  type Assignment,
  DEFAULT_PRIORITY,
  idOf,
  LocalAcd,
  type LocalAcdOptions,
  type NewWaitingContact,
  type Queue,
  type QueueConfig,
  type QueueType,
  type RoutingProfileQueue,
  type WaitingContact,
} from './acd.js';
export {
  type FlowReference,
  flowReferences,
  instanceArnIn,
  matchReferencedFlow,
  normalizeName,
  resourceNames,
} from './console-export.js';
export {
  type CoverageFigures,
  type CoverageRow,
  type CoverageSummary,
  CoverageTracker,
  type FlowCoverage,
} from './coverage.js';
export {
  FlowRefusedError,
  FlowRuntimeError,
  MissingBranchError,
  ScenarioError,
  StepLimitError,
  UnsupportedActionError,
} from './errors.js';
export {
  declaredFlowType,
  type FlowDefinition,
  type FlowSource,
  type FlowSources,
  type LoadedFlow,
  loadFlows,
} from './flows.js';
export { EMBEDDED_JSONPATH, interpolate, parsePath, resolvePath, resolveSingle } from './jsonpath.js';
export {
  acceptResponse,
  type ContactData,
  type ContactFlowEvent,
  findInvoker,
  functionNameOf,
  type LambdaInvoker,
  type LambdaRegistry,
} from './lambda.js';
export {
  createProfileRuntime,
  type ProfileRuntime,
  type ProfileRuntimeOptions,
  profileAgents,
} from './profile-runtime.js';
export { SeededRandom } from './rng.js';
export {
  type AgentEvent,
  type CallOptions,
  ContactCentreRuntime,
  type Fault,
  type InputRequest,
  type RuntimeOptions,
} from './runtime.js';
export {
  alwaysOpen,
  ctrTimestamp,
  type HoursOfOperation,
  type HoursSlot,
  isOpen,
  SimulatedClock,
} from './time.js';
export { formatTranscript, parseKeys } from './transcript.js';
export {
  chooseTransition,
  conditionLabel,
  evaluateCondition,
  type Outcome,
  toNumber,
} from './transitions.js';
