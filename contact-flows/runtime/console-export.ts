import { FlowDocumentSchema } from '../../schemas/flow.js';
import { idOf } from './acd.js';
import { unwrapFlowExport } from './export-wrapper.js';

/**
 * Helpers for flows exported from the Amazon Connect console: which other flows they refer to (TransferToFlow,
 * event hooks), under which display names (the console keeps them in `Metadata.ActionMetadata`, e.g.
 * `"ContactFlow": {"id": "arn:…", "text": "Main menu"}` or `"contactFlow": {…}` for hooks), and the instance
 * they come from.
 */

export interface FlowReference {
  readonly arn: string;
  /** `TransferToFlow` or `EventHook:<key>`. */
  readonly kind: string;
  /** Identifier of the action that refers to it. */
  readonly action: string;
  /** Names the console recorded for the target (may be empty). */
  readonly displayNames: readonly string[];
}

/** Static flow ARNs a document refers to (JSONPath references are skipped: they are only known at run time). */
export function flowReferences(doc: unknown): FlowReference[] {
  const parsed = FlowDocumentSchema.safeParse(unwrapFlowExport(doc).content);
  if (!parsed.success) return [];
  const metadata = (parsed.data.Metadata?.ActionMetadata ?? {}) as Record<string, unknown>;
  const refs: FlowReference[] = [];
  for (const action of parsed.data.Actions) {
    const names = displayNames(metadata[action.Identifier]);
    const p = action.Parameters;
    if (
      action.Type === 'TransferToFlow' &&
      typeof p.ContactFlowId === 'string' &&
      !p.ContactFlowId.startsWith('$')
    ) {
      refs.push({
        arn: p.ContactFlowId,
        kind: 'TransferToFlow',
        action: action.Identifier,
        displayNames: names,
      });
    }
    if (
      action.Type === 'InvokeFlowModule' &&
      typeof p.FlowModuleId === 'string' &&
      !p.FlowModuleId.startsWith('$')
    ) {
      refs.push({
        arn: p.FlowModuleId,
        kind: 'InvokeFlowModule',
        action: action.Identifier,
        displayNames: names,
      });
    }
    if (
      action.Type === 'UpdateContactEventHooks' &&
      typeof p.EventHooks === 'object' &&
      p.EventHooks !== null
    ) {
      for (const [hook, value] of Object.entries(p.EventHooks as Record<string, unknown>)) {
        if (typeof value === 'string' && !value.startsWith('$')) {
          refs.push({
            arn: value,
            kind: `EventHook:${hook}`,
            action: action.Identifier,
            displayNames: names,
          });
        }
      }
    }
  }
  return refs;
}

/** Every `text` / `displayName` string in an action's console metadata (not positions). */
function displayNames(metadata: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (key === 'text' || key === 'displayName') found.push(value);
      return;
    }
    if (typeof value !== 'object' || value === null || key === 'position') return;
    for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(metadata, '');
  return found;
}

/** Lower case, with runs of spaces, `_` and `-` as one space: "Main_Menu" matches "main menu". */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/**
 * Which referenced flow a file is: its base name (without `.json`) or its `Metadata.name` equals the target's
 * flow ID (the last ARN segment) or a display name the console recorded. `undefined` when none or several match.
 */
export function matchReferencedFlow(
  fileBaseName: string,
  metadataName: string | undefined,
  references: readonly FlowReference[],
): string | undefined {
  const wanted = new Set([
    normalizeName(fileBaseName),
    ...(metadataName ? [normalizeName(metadataName)] : []),
  ]);
  const arns = new Set<string>();
  for (const ref of references) {
    const names = [idOf(ref.arn), ...ref.displayNames].map(normalizeName);
    if (names.some((n) => wanted.has(n))) arns.add(ref.arn);
  }
  return arns.size === 1 ? [...arns][0] : undefined;
}

/**
 * Display names the console recorded for the resources a flow refers to: every `{"id": "arn:…", "text": "…"}`
 * in `Metadata.ActionMetadata` (queues, hours, flows). Used to name queues and hours created on the fly.
 */
export function resourceNames(doc: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    const { id, text } = value as { id?: unknown; text?: unknown };
    if (typeof id === 'string' && id.startsWith('arn:') && typeof text === 'string' && text !== '') {
      names.set(id, text);
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit((doc as { Metadata?: { ActionMetadata?: unknown } } | null)?.Metadata?.ActionMetadata);
  return names;
}

/** The instance ARN (`arn:aws:connect:<region>:<account>:instance/<id>`) of the first Connect ARN in the JSON. */
export function instanceArnIn(json: unknown): string | undefined {
  return /arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+/.exec(JSON.stringify(json))?.[0];
}
