import { type FlowKind, FlowTypeSchema } from '../../schemas/flow.js';

/**
 * Flows come as a bare Flow Language document, or wrapped the way the API and exports describe a flow:
 * `{ "Name", "Type", "Content" }` (DescribeContactFlow's `ContactFlow`, `aws connect describe-contact-flow`
 * output with its `ContactFlow` key, CloudFormation-like exports), where `Content` is the document as a JSON
 * string or an object. Modules come as `{ Name, Content }` with a `ContactFlowModule` key, or with `Settings`.
 */
export interface UnwrappedFlow {
  readonly content: unknown;
  readonly name?: string;
  readonly kind?: FlowKind;
}

/** Console `Metadata.type` and wrapper `Type` spellings → flow kinds. */
const KIND_NAMES: Readonly<Record<string, FlowKind>> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  agentHold: 'AGENT_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
  module: 'FLOW_MODULE',
  flowModule: 'FLOW_MODULE',
  contactFlowModule: 'FLOW_MODULE',
  FLOW_MODULE: 'FLOW_MODULE',
  MODULE: 'FLOW_MODULE',
};

export function flowKindOf(name: unknown): FlowKind | undefined {
  if (typeof name !== 'string') return undefined;
  if (FlowTypeSchema.safeParse(name).success) return name as FlowKind;
  return KIND_NAMES[name];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads the wrapper if there is one; a bare document comes back as it is. Throws on unparsable `Content`. */
export function unwrapFlowExport(json: unknown): UnwrappedFlow {
  let outer = record(json);
  if (!outer) return { content: json };
  let moduleKey = false;
  if (!('Actions' in outer)) {
    const inner = record(outer.ContactFlow) ?? record(outer.ContactFlowModule);
    if (inner) {
      moduleKey = outer.ContactFlowModule !== undefined;
      outer = inner;
    }
  }
  if ('Actions' in outer || !('Content' in outer)) {
    return { content: json, ...kindOfDocument(outer) };
  }
  let content: unknown = outer.Content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content) as unknown;
    } catch (e) {
      throw new Error(`the flow's "Content" is not JSON: ${(e as Error).message}`);
    }
  }
  const name = typeof outer.Name === 'string' ? outer.Name : undefined;
  const kind =
    flowKindOf(outer.Type) ?? (moduleKey ? 'FLOW_MODULE' : kindOfDocument(record(content) ?? {}).kind);
  return { content, ...(name === undefined ? {} : { name }), ...(kind === undefined ? {} : { kind }) };
}

/** What a bare document says about itself: console `Metadata.type`, or module `Settings`. */
function kindOfDocument(doc: Record<string, unknown>): { kind?: FlowKind } {
  const meta = record(doc.Metadata);
  const kind = flowKindOf(meta?.type) ?? (doc.Settings !== undefined ? 'FLOW_MODULE' : undefined);
  return kind === undefined ? {} : { kind };
}
