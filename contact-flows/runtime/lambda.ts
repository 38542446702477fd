import type { Context } from 'aws-lambda';

/**
 * The Lambda side of InvokeLambdaFunction (reference §5): the event Connect sends, the context, the time limit,
 * and which responses Connect understands.
 */

export interface EndpointData {
  Address: string;
  Type: string;
}

/** `Details.ContactData` as Connect sends it (§5.1; wider than @types/aws-lambda's). */
export interface ContactData {
  Attributes: Record<string, string>;
  Channel: string;
  ContactId: string;
  CustomerEndpoint: EndpointData | null;
  CustomerId: string | null;
  Description: string | null;
  InitialContactId: string;
  InitiationMethod: string;
  InstanceARN: string;
  LanguageCode: string;
  MediaStreams: { Customer: { Audio: null } };
  Name: string;
  PreviousContactId: string | null;
  Queue: { ARN: string; Name: string; OutboundCallerId?: EndpointData } | null;
  References: Record<string, { Type: string; Value: string }>;
  SystemEndpoint: EndpointData | null;
}

export interface ContactFlowEvent {
  Name: 'ContactFlowEvent';
  Details: {
    ContactData: ContactData;
    /** The action's `LambdaInvocationAttributes`, resolved. */
    Parameters: Record<string, string>;
  };
}

/**
 * A function the runtime can invoke: a real handler (`(event, context) => Promise<…>`, middy or not) or a stub.
 * It may return a value or a promise, or throw.
 */
export type LambdaInvoker = (event: ContactFlowEvent, context: Context) => unknown;

/** ARN or function name → invoker; or a function answering for any reference (undefined: unknown). */
export type LambdaRegistry =
  | ReadonlyMap<string, LambdaInvoker>
  | Readonly<Record<string, LambdaInvoker>>
  | ((reference: string) => LambdaInvoker | undefined);

/** `arn:aws:lambda:<r>:<a>:function:<name>[:<qualifier>]` → `<name>`; anything else is returned as it is. */
export function functionNameOf(reference: string): string {
  const m = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(reference);
  return m?.[1] ?? reference;
}

/** Finds the invoker for a function reference: by the exact ARN, then by the function name. */
export function findInvoker(
  registry: LambdaRegistry | undefined,
  reference: string,
): LambdaInvoker | undefined {
  if (registry === undefined) return undefined;
  if (typeof registry === 'function') return registry(reference);
  const name = functionNameOf(reference);
  if (registry instanceof Map) {
    const map = registry as ReadonlyMap<string, LambdaInvoker>;
    return map.get(reference) ?? map.get(name);
  }
  const record = registry as Readonly<Record<string, LambdaInvoker>>;
  if (Object.hasOwn(record, reference)) return record[reference];
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A Lambda context whose remaining time counts down to the action's time limit. */
export function lambdaContext(
  reference: string,
  requestId: string,
  remainingMs: () => number,
  regionAndAccount: { region: string; account: string },
): Context {
  const name = functionNameOf(reference);
  const arn = reference.startsWith('arn:')
    ? reference
    : `arn:aws:lambda:${regionAndAccount.region}:${regionAndAccount.account}:function:${name}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'hotline-offline-runtime',
    getRemainingTimeInMillis: () => Math.max(0, Math.round(remainingMs())),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export type InvocationResult =
  | { readonly ok: true; readonly value: unknown; readonly latencyMs: number }
  | { readonly ok: false; readonly error: string; readonly timedOut: boolean; readonly latencyMs: number };

const TIMED_OUT = Symbol('timed out');

/**
 * Invokes with a real timer: past `limitMs` (times `scale`, so tests can shrink 8 s to 80 ms) the invocation
 * counts as failed and its late result, or late error, is ignored. A throw or a rejected promise is a failure.
 * Connect retries failed synchronous invocations within the limit [doc]; this runtime does not (each
 * invocation runs once, so side effects stay countable).
 */
export async function invokeWithTimeLimit(
  invoke: () => unknown,
  limitMs: number,
  scale: number,
): Promise<InvocationResult> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 100) / 100;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), limitMs * scale);
  });
  const run = (async () => invoke())();
  // A late rejection after the timeout must not surface as an unhandled rejection.
  run.catch(() => {});
  try {
    const settled = await Promise.race([
      run.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      timeout,
    ]);
    if (settled === TIMED_OUT) {
      return {
        ok: false,
        error: `timed out after ${limitMs / 1000} s (InvocationTimeLimitSeconds)`,
        timedOut: true,
        latencyMs: latency(),
      };
    }
    if ('error' in settled) {
      const e = settled.error;
      return {
        ok: false,
        error: `threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
        timedOut: false,
        latencyMs: latency(),
      };
    }
    return { ok: true, value: settled.value, latencyMs: latency() };
  } finally {
    clearTimeout(timer);
  }
}

/** Connect's limit on a Lambda response [doc AG 2023]. */
export const MAX_RESPONSE_BYTES = 32 * 1024;

/**
 * What Connect would make of a response, by `ResponseValidation.ResponseType` (absent: STRING_MAP, the classic
 * behaviour). Returns the value exposed as `$.External`, or why it is not understood (→ error branch).
 *
 * - STRING_MAP: a flat object of string values. Anything else is "not understood" (unverified for each case:
 *   the docs only say the response must be a flat string map). `null` values are accepted and dropped, since
 *   @types/aws-lambda types results as `string | null` (unverified).
 * - JSON: any JSON value; nested objects are read with dotted paths (`$.External.a.b`, unverified).
 * - Either way, more than 32 KB of JSON is refused.
 */
export function acceptResponse(
  value: unknown,
  responseType: string,
): { ok: true; external: Record<string, unknown> } | { ok: false; error: string } {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    return { ok: false, error: `response is not JSON: ${(e as Error).message}` };
  }
  if (json === undefined) return { ok: false, error: 'response is empty (undefined)' };
  if (Buffer.byteLength(json, 'utf8') > MAX_RESPONSE_BYTES) {
    return { ok: false, error: `response is larger than 32 KB (${Buffer.byteLength(json, 'utf8')} bytes)` };
  }
  const copy: unknown = JSON.parse(json);
  if (responseType === 'JSON') {
    if (typeof copy === 'object' && copy !== null)
      return { ok: true, external: copy as Record<string, unknown> };
    return { ok: false, error: `JSON response must be an object or array, got ${describe(copy)}` };
  }
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    return { ok: false, error: `STRING_MAP response must be a flat object, got ${describe(copy)}` };
  }
  const external: Record<string, string> = {};
  for (const [key, v] of Object.entries(copy)) {
    if (v === null) continue;
    if (typeof v !== 'string') {
      return { ok: false, error: `STRING_MAP response: "${key}" is ${describe(v)}, not a string` };
    }
    external[key] = v;
  }
  return { ok: true, external };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
