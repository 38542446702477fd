/**
 * The one wrapper every in-call Lambda (a flow's InvokeLambdaFunction) is built with. A caller waits in silence
 * while it runs, Connect gives it at most 8 s and retries it on an error, so it:
 *
 * - parses the Connect event and the flow's parameters with zod (`params`): a malformed event or a parameter
 *   the schema refuses answers the safe default (`fallback('malformed')`), never an exception;
 * - answers the safe default when its dependencies could not be built (`{ configError }`: `fallback('config')`);
 * - enforces one time budget for the whole work: `run` races a timer, and the abort signal it gets is aborted
 *   when the budget is spent (pass it to SDK calls). A slow dependency answers `fallback('timeout')`, a failing
 *   one `fallback('error')`; `run` may also finish a step early with `req.within(promise)` and answer with what
 *   it has (store what it validly can);
 * - logs through Powertools with phone numbers masked (the logger's replacer) and the ContactId as a key, and
 *   emits `<metricPrefix>Misconfigured`, `<metricPrefix>MalformedEvent`, `<metricPrefix>_timeout`,
 *   `<metricPrefix>_error` and `<metricPrefix>Latency`.
 *
 * Idempotency is the use case's: key the write on the ContactId (and the action), because Connect retries.
 *
 * ```ts
 * const Params = z.object({ productCode: z.string().regex(/^\d{1,8}$/), quantity: lenient(z.coerce.number()) });
 * export function createPlaceOrderHandler({ logger, metrics, orders }: Deps) {
 *   return createInCallHandler({
 *     name: 'place-order', metricPrefix: 'Order', logger, metrics, deps: orders,
 *     params: Params, budgetMs: (d) => d.budgetMs,
 *     fallback: () => ({ orderStatus: 'degraded' }),
 *     run: async ({ contact, params, signal }, d) => placeOrder(d, { contactId: contact.ContactId, ...params }, signal),
 *   });
 * }
 * ```
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ZodType, z } from 'zod';
import { type ConnectContactData, ConnectContactFlowEventSchema } from '../../schemas/connect-event.js';

/** Why the safe default was answered. */
export type InCallFailure = 'config' | 'malformed' | 'timeout' | 'error';

/**
 * The longest ContactId accepted. Connect's are UUIDs (36 characters); every in-call write keys on it, and
 * DynamoDB refuses a partition key over 2,048 bytes, so an absurd one is a malformed event, answered at once.
 */
export const MAX_CONTACT_ID_LENGTH = 256;

/** What `within` resolves to when the step did not finish in time. */
export const TIMEOUT: unique symbol = Symbol('timeout');
export type Timeout = typeof TIMEOUT;

export interface InCallRequest<P> {
  /** The contact (ContactId, attributes, endpoints, queue). */
  readonly contact: ConnectContactData;
  /** The flow's parameters as `params` parsed them. */
  readonly params: P;
  /** Aborted once the budget is spent: pass it to SDK calls (`{ abortSignal }`). */
  readonly signal: AbortSignal;
  /** Milliseconds left of the budget (never negative). */
  remainingMs(): number;
  /**
   * Wait for `work` at most `ms` (default: what is left of the budget, less `reserveMs`); resolves `TIMEOUT`
   * instead of waiting longer and never rejects (a failure resolves `{ failed: error }`).
   */
  within<T>(
    work: Promise<T>,
    opts?: { ms?: number; reserveMs?: number },
  ): Promise<T | Timeout | { failed: unknown }>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface InCallSpec<D, P, R extends Record<string, string>> {
  /** For log messages: `survey`, `create-ticket`. */
  readonly name: string;
  /** Metric name prefix: `Survey` → `SurveyMalformedEvent`, `Survey_timeout`. */
  readonly metricPrefix: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The use case's dependencies, or why they could not be built. */
  readonly deps: D | { readonly configError: string };
  /** Schema of `Details.Parameters` (a string map). Use `lenient()` for a field that may be dropped. */
  readonly params: ZodType<P>;
  /** The whole work's budget in milliseconds. */
  readonly budgetMs: number | ((deps: D) => number);
  /** The safe default for each kind of failure. */
  readonly fallback: (failure: InCallFailure) => R;
  /** The work: a flat string map for `$.External`. */
  readonly run: (request: InCallRequest<P>, deps: D) => Promise<R>;
}

/** A field kept when valid and dropped (undefined) otherwise: store what can validly be stored. */
export function lenient<T extends ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const issuesOf = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.join('.')}: ${i.message}`.slice(0, 200));

const EventSchema = ConnectContactFlowEventSchema.superRefine((e, ctx) => {
  if (e.Details.ContactData.ContactId.length > MAX_CONTACT_ID_LENGTH)
    ctx.addIssue({
      code: 'custom',
      path: ['Details', 'ContactData', 'ContactId'],
      message: `longer than ${MAX_CONTACT_ID_LENGTH} characters`,
    });
});

/** Build a middy handler (Powertools logger context and metrics) around one in-call use case. */
export function createInCallHandler<D, P, R extends Record<string, string>>(spec: InCallSpec<D, P, R>) {
  const { logger, metrics, metricPrefix: m } = spec;
  const degrade = (failure: InCallFailure): R => spec.fallback(failure);

  const handle = async (event: unknown): Promise<R> => {
    const started = performance.now();
    try {
      const deps = spec.deps;
      if (typeof deps === 'object' && deps !== null && 'configError' in deps) {
        logger.error(`${spec.name} is misconfigured; answering the safe default`, {
          configError: (deps as { configError: string }).configError,
        });
        metrics.addMetric(`${m}Misconfigured`, MetricUnit.Count, 1);
        return degrade('config');
      }
      const d = deps as D;
      const parsed = EventSchema.safeParse(event);
      const params = parsed.success ? spec.params.safeParse(parsed.data.Details.Parameters) : undefined;
      if (!parsed.success || !params?.success) {
        logger.warn(`malformed Connect event or parameters; ${spec.name} answers the safe default`, {
          issues: parsed.success ? (params?.error ? issuesOf(params.error) : []) : issuesOf(parsed.error),
        });
        metrics.addMetric(`${m}MalformedEvent`, MetricUnit.Count, 1);
        return degrade('malformed');
      }
      const contact = parsed.data.Details.ContactData;
      logger.appendKeys({ contactId: contact.ContactId });
      const budget = typeof spec.budgetMs === 'function' ? spec.budgetMs(d) : spec.budgetMs;
      const abort = new AbortController();
      const deadline = started + budget;
      const remainingMs = () => Math.max(0, deadline - performance.now());
      const request: InCallRequest<P> = {
        contact,
        params: params.data,
        signal: abort.signal,
        remainingMs,
        within: (work, opts = {}) =>
          race(
            work.catch((failed: unknown) => ({ failed })),
            opts.ms ?? remainingMs() - (opts.reserveMs ?? 0),
          ),
        logger,
        metrics,
      };
      const outcome = await race(
        spec.run(request, d).then(
          (answer) => ({ answer }),
          (error: unknown) => ({ error }),
        ),
        budget,
      );
      metrics.addMetric(`${m}Latency`, MetricUnit.Milliseconds, performance.now() - started);
      if (outcome === TIMEOUT) {
        abort.abort();
        logger.error(`${spec.name} exceeded its budget; answering the safe default`, { budgetMs: budget });
        metrics.addMetric(`${m}_timeout`, MetricUnit.Count, 1);
        return degrade('timeout');
      }
      if ('error' in outcome) {
        logger.error(`${spec.name} failed; answering the safe default`, { error: outcome.error as Error });
        metrics.addMetric(`${m}_error`, MetricUnit.Count, 1);
        return degrade(abort.signal.aborted ? 'timeout' : 'error');
      }
      return outcome.answer;
    } catch (error) {
      // Last line of defence: nothing may reach the flow as an exception.
      logger.error(`${spec.name}: unexpected failure; answering the safe default`, { error: error as Error });
      metrics.addMetric(`${m}_error`, MetricUnit.Count, 1);
      return degrade('error');
    }
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** `work`, or `TIMEOUT` once `ms` have passed (the timer never keeps the process alive past the answer). */
export function race<T>(work: Promise<T>, ms: number): Promise<T | Timeout> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Timeout>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The `{ configError }` of a failed environment parse. */
export function configErrorOf(error: z.ZodError): { readonly configError: string } {
  return { configError: issuesOf(error).join('; ') };
}
