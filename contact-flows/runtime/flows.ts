import { type Action, type FlowDocument, FlowDocumentSchema, type FlowKind } from '../../schemas/flow.js';
import { type FlowProblem, FlowValidationError, formatProblem } from '../builder/problems.js';
import { type ValidateOptions, validateFlow } from '../builder/validate.js';
import { idOf } from './acd.js';
import { FlowRefusedError } from './errors.js';
import { flowKindOf, unwrapFlowExport } from './export-wrapper.js';

/**
 * The flows a runtime knows, keyed by ARN. A flow is a Flow Language document (ours, or a console export),
 * optionally with its flow type and a name. Without a type, the runtime takes it from a console export's
 * `Metadata.type` when present, else from the role the flow is run in (entry and TransferToFlow: CONTACT_FLOW,
 * CustomerQueue hook: CUSTOMER_QUEUE, AgentWhisper hook: AGENT_WHISPER…), and validates it as that type.
 */
export interface FlowDefinition {
  /** The document, or a `{Name, Type, Content}` wrapper (read by `unwrapFlowExport`). */
  readonly content: unknown;
  /** A flow type, or `FLOW_MODULE` for a flow module. */
  readonly type?: FlowKind;
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
  readonly declaredType: FlowKind | undefined;
  readonly actions: ReadonlyMap<string, Action>;
}

/** The flow kind a console export declares in `Metadata.type` (`contactFlow`, a FlowType, `module`), if any. */
export function declaredFlowType(doc: unknown): FlowKind | undefined {
  const metadata = (doc as { Metadata?: { type?: unknown } } | null)?.Metadata;
  return flowKindOf(metadata?.type);
}

function isDefinition(source: FlowSource): source is FlowDefinition {
  return typeof source === 'object' && source !== null && 'content' in source && !('Actions' in source);
}

/** Parses every flow (a document that does not parse is refused at once, with the validator's problems). */
export function loadFlows(sources: FlowSources): Map<string, LoadedFlow> {
  const entries = sources instanceof Map ? [...sources.entries()] : Object.entries(sources);
  const flows = new Map<string, LoadedFlow>();
  for (const [arn, source] of entries as Array<[string, FlowSource]>) {
    const given: FlowDefinition = isDefinition(source) ? source : { content: source };
    let unwrapped: ReturnType<typeof unwrapFlowExport>;
    try {
      unwrapped = unwrapFlowExport(given.content);
    } catch (e) {
      throw new FlowRefusedError(arn, [], `flow ${arn}: ${(e as Error).message}`);
    }
    const def: FlowDefinition = {
      content: unwrapped.content,
      ...((given.type ?? unwrapped.kind) ? { type: given.type ?? unwrapped.kind } : {}),
      ...((given.name ?? unwrapped.name) ? { name: given.name ?? unwrapped.name } : {}),
    };
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

  check(flow: LoadedFlow, type: FlowKind): void {
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
