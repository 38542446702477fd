/**
 * Caller lookup: the first Lambda of every inbound call (F3, F4, F5, F6).
 * Thin: parse the Connect event, run the use case, answer a flat string map for `$.External`.
 * It always answers: a malformed event, missing configuration or a failing or slow DynamoDB
 * give the safe default (`lookupStatus=degraded`, route to the general queue).
 * It only reads, so Connect's retries of the same ContactId are harmless (idempotent).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { ConnectContactFlowEventSchema } from '../../schemas/connect-event.js';
import { CallerLookupEnvSchema } from '../../schemas/env.js';
import type { LookupResponse } from '../../schemas/lookup.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { degradedLookup } from '../core/caller-lookup.js';
import { maskPhone } from '../core/phone.js';
import { createObservability } from '../shared/observability.js';
import { type LookupCallerDeps, lookupCaller } from '../use-cases/lookup-caller.js';

export interface CallerLookupHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The use case's dependencies, or why they could not be built (answered as `degraded`). */
  readonly lookup: LookupCallerDeps | { readonly configError: string };
}

/** Build the handler around its dependencies (tests and the local contact centre use this). */
export function createCallerLookupHandler({ logger, metrics, lookup }: CallerLookupHandlerDeps) {
  const lookupHandler = async (event: unknown): Promise<LookupResponse> => {
    const started = performance.now();
    try {
      if ('configError' in lookup) {
        logger.error('caller lookup is misconfigured; answering degraded', {
          configError: lookup.configError,
        });
        metrics.addMetric('LookupMisconfigured', MetricUnit.Count, 1);
        return degradedLookup();
      }
      const parsed = ConnectContactFlowEventSchema.safeParse(event);
      if (!parsed.success) {
        logger.warn('malformed Connect event; answering degraded', {
          issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        metrics.addMetric('LookupMalformedEvent', MetricUnit.Count, 1);
        return degradedLookup();
      }
      const { ContactData, Parameters } = parsed.data.Details;
      logger.appendKeys({ contactId: ContactData.ContactId, channel: ContactData.Channel });
      const raw = Parameters.phoneNumber ?? ContactData.CustomerEndpoint?.Address;
      const outcome = await lookupCaller(lookup, raw);
      const ms = performance.now() - started;
      metrics.addMetric(`Lookup_${outcome.response.lookupStatus}`, MetricUnit.Count, 1);
      metrics.addMetric('LookupLatency', MetricUnit.Milliseconds, ms);
      const summary = {
        caller: maskPhone(outcome.caller.kind === 'e164' ? outcome.caller.e164 : raw),
        callerKind: outcome.caller.kind,
        lookupStatus: outcome.response.lookupStatus,
        blocked: outcome.response.blocked,
        vip: outcome.response.vip,
        ms: Math.round(ms),
      };
      if (outcome.failure) {
        logger.error('CRM read failed; answering degraded', {
          ...summary,
          failure: outcome.failure,
          error: outcome.error as Error,
        });
      } else logger.info('caller looked up', summary);
      return outcome.response;
    } catch (error) {
      // Last line of defence: nothing may reach the flow as an exception.
      logger.error('unexpected failure; answering degraded', { error: error as Error });
      return degradedLookup();
    }
  };
  return middy(lookupHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** Dependencies from the environment CDK (or the local runtime) sets. */
export function lookupDepsFromEnv(env: NodeJS.ProcessEnv = process.env): CallerLookupHandlerDeps['lookup'] {
  const parsed = CallerLookupEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  // The budget covers the whole read; per-request timeouts keep a hung socket from using all of it twice.
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: Math.min(300, cfg.LOOKUP_BUDGET_MS),
    requestTimeoutMs: Math.max(100, Math.floor(cfg.LOOKUP_BUDGET_MS / 2)),
    maxAttempts: 2,
  });
  return {
    crm: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    policy: { vipQueue: profile.vipQueue, branchQueues: profile.branchQueues },
    phoneRegion: cfg.PHONE_REGION ?? profile.phoneRegion,
    budgetMs: cfg.LOOKUP_BUDGET_MS,
  };
}

const { logger, metrics } = createObservability('caller-lookup');
export const handler = createCallerLookupHandler({ logger, metrics, lookup: lookupDepsFromEnv() });
