import {
  type Action,
  type FlowDocument,
  FlowDocumentSchema,
  type FlowType,
  FlowTypeSchema,
} from '../../schemas/flow.js';
import { type FlowProblem, FlowValidationError, formatProblem } from '../builder/problems.js';
import { type ValidateOptions, validateFlow } from '../builder/validate.js';
import { idOf } from './acd.js';
import { FlowRefusedError } from './errors.js';

/**
 * The flows a runtime knows, keyed by ARN. A flow is a Flow Language document (ours, or a console export),
 * optionally with its flow type and a name. Without a type, the runtime takes it from a console export's
 * `Metadata.type` when present, else from the role the flow is run in (entry and TransferToFlow: CONTACT_FLOW,
 * CustomerQueue hook: CUSTOMER_QUEUE, AgentWhisper hook: AGENT_WHISPER…), and validates it as that type.
 */
export interface FlowDefinition {
  readonly content: unknown;
  readonly type?: FlowType;
  readonly name?: string;
}

export type FlowSource = FlowDocument | FlowDefinition;
export type FlowSources = ReadonlyMap<string, FlowSource> | Readonly<Record<string, FlowSource>>;

export interface LoadedFlow {
  /** The key it was given under (its ARN). */
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly doc: FlowDocument;
  readonly declaredType: FlowType | undefined;
  readonly actions: ReadonlyMap<string, Action>;
}

/** Console export `Metadata.type` values → flow types. */
const CONSOLE_FLOW_TYPES: Readonly<Record<string, FlowType>> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  agentHold: 'AGENT_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
};

function isDefinition(source: FlowSource): source is FlowDefinition {
  return typeof source === 'object' && source !== null && 'content' in source && !('Actions' in source);
}

/** The flow type a console export declares in `Metadata.type` (`contactFlow`, or a FlowType), if any. */
export function declaredFlowType(doc: unknown): FlowType | undefined {
  const metadata = (doc as { Metadata?: { type?: unknown } } | null)?.Metadata;
  const type = metadata?.type;
  if (typeof type !== 'string') return undefined;
  return (
    CONSOLE_FLOW_TYPES[type] ?? (FlowTypeSchema.safeParse(type).success ? (type as FlowType) : undefined)
  );
}

/** Parses every flow (a document that does not parse is refused at once, with the validator's problems). */
export function loadFlows(sources: FlowSources): Map<string, LoadedFlow> {
  const entries = sources instanceof Map ? [...sources.entries()] : Object.entries(sources);
  const flows = new Map<string, LoadedFlow>();
  for (const [arn, source] of entries as Array<[string, FlowSource]>) {
    const def: FlowDefinition = isDefinition(source) ? source : { content: source };
    const parsed = FlowDocumentSchema.safeParse(def.content);
    const declaredType = def.type ?? declaredFlowType(def.content);
    if (!parsed.success) {
      const problems = validateFlow(def.content, declaredType ?? 'CONTACT_FLOW').filter(
        (p) => p.rule === 'schema' || p.rule === 'version',
      );
      throw new FlowRefusedError(
        arn,
        problems,
        `flow ${arn} is not a Flow Language document: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    const doc = parsed.data;
    const metaName = (doc.Metadata as { name?: unknown } | undefined)?.name;
    flows.set(arn, {
      arn,
      id: idOf(arn),
      name: def.name ?? (typeof metaName === 'string' ? metaName : idOf(arn)),
      doc,
      declaredType,
      actions: new Map(doc.Actions.map((a) => [a.Identifier, a])),
    });
  }
  return flows;
}

/** Validates once per flow and type; error-level problems refuse the flow. */
export class FlowValidator {
  readonly #done = new Set<string>();

  constructor(readonly options: ValidateOptions = {}) {}

  check(flow: LoadedFlow, type: FlowType): void {
    const key = `${type}\u0000${flow.arn}`;
    if (this.#done.has(key)) return;
    const problems: FlowProblem[] = validateFlow(flow.doc, type, this.options);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors[0]) {
      const refused = new FlowRefusedError(
        flow.arn,
        problems,
        `flow "${flow.name}" (${flow.arn}) is refused as ${type}: ${errors.length} error-level problem(s), first: ${formatProblem(errors[0])}`,
      );
      // Keep the builder's error type reachable for callers that already handle it.
      refused.cause = new FlowValidationError(flow.name, problems);
      throw refused;
    }
    this.#done.add(key);
  }
}
