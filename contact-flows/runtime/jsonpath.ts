import { SINGLE_JSONPATH } from '../../schemas/flow.js';

/**
 * JSONPath references into the flow data object (reference §2): `$.Attributes.x`, `$.Attributes.['a b']`,
 * `$['AwsRegion']`, `$.External.Name.First`.
 *
 * In free text (prompts, attribute values) a path is matched with the reference's practical rule: segments of
 * `[A-Za-z0-9_-]` after a dot, or a quoted bracket segment. So a sentence-ending `.` (or a `<` in SSML) is not
 * part of the path: "Thanks for calling $.Attributes.company." reads `$.Attributes.company`. The exact Connect
 * tokenizer is unverified; the consequence is that "$.Attributes.x.Bye" is read as one (nested) path.
 */

const SEGMENT = /\.([A-Za-z0-9_-]+)|\.?\['([^']+)'\]/y;
/** A path embedded in text (global, for `replace`). */
export const EMBEDDED_JSONPATH = /\$(?:\.[A-Za-z0-9_-]+|\.?\['[^']+'\])+/g;

const parsed = new Map<string, readonly string[] | null>();

/** `$.Attributes.['a b']` → `['Attributes', 'a b']`; `undefined` when it is not a path. */
export function parsePath(path: string): readonly string[] | undefined {
  const cached = parsed.get(path);
  if (cached !== undefined) return cached ?? undefined;
  let result: string[] | null = null;
  if (path.startsWith('$') && path.length > 1) {
    const segments: string[] = [];
    let i = 1;
    while (i < path.length) {
      SEGMENT.lastIndex = i;
      const m = SEGMENT.exec(path);
      if (!m) break;
      segments.push(m[1] ?? m[2] ?? '');
      i = SEGMENT.lastIndex;
    }
    if (i === path.length && segments.length > 0) result = segments;
  }
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(path, result);
  return result ?? undefined;
}

/** Looks up a parsed path in the flow data object. `undefined`: the path leads nowhere. */
export type PathResolver = (segments: readonly string[]) => unknown;

/** Walks plain objects (and arrays by index) below a root value. */
export function walk(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * A flow data value as text: strings as they are, numbers and booleans printed, objects (a nested JSON Lambda
 * response) as JSON (unverified), `null`/`undefined` as `undefined`.
 */
export function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The value of one whole-value path (`undefined` when it resolves to nothing). */
export function resolvePath(path: string, resolve: PathResolver): string | undefined {
  const segments = parsePath(path);
  return segments ? asText(resolve(segments)) : undefined;
}

/**
 * Free text with embedded paths, substituted. An undefined path becomes the empty string (unverified: Connect's
 * behaviour for undefined references is not documented; empty is what a caller would hear).
 */
export function interpolate(text: string, resolve: PathResolver): string {
  if (!text.includes('$')) return text;
  return text.replace(EMBEDDED_JSONPATH, (match) => resolvePath(match, resolve) ?? '');
}

/**
 * A "static or single JSONPath" parameter (QueueId, ContactFlowId, PromptId…): the path's value when the whole
 * value is one path (`undefined` if it resolves to nothing), else the static value as given.
 */
export function resolveSingle(value: string, resolve: PathResolver): string | undefined {
  return SINGLE_JSONPATH.test(value) ? resolvePath(value, resolve) : value;
}
