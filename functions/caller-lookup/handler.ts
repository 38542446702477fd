/**
 * Caller lookup: the first Lambda of every inbound call (F3, F4, F5, F6).
 * Thin: parse the Connect event, run the use case, answer a flat string map for `$.External`.
 * It always answers: a malformed event, missing configuration or a failing or slow DynamoDB
 * give the safe default (`lookupStatus=degraded`, route to the general queue).
 * It only reads, so Connect's retries of the same ContactId are harmless (idempotent).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { CallerLookupEnvSchema } from '../../schemas/env.js';
import type { LookupResponse } from '../../schemas/lookup.js';
import { budgetedDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { degradedLookup, parseAgentUserIds, withAgentUserIds } from '../core/caller-lookup.js';
import { maskPhone } from '../core/phone.js';
import { configErrorOf, createInCallHandler } from '../shared/in-call.js';
import { lookupPolicyOf } from '../shared/lookup-policy.js';
import { createObservability } from '../shared/observability.js';
import { type LookupCallerDeps, lookupCaller } from '../use-cases/lookup-caller.js';

/**
 * The flow passes the caller's number (without it, the contact's endpoint is used) and, in a deployment with
 * Connect users for the profile's agents, their user IDs (`agentUserIds`: `agent-wang=<id>,…`).
 */
export const LookupParametersSchema = z.looseObject({
  phoneNumber: z.string().optional(),
  agentUserIds: z.string().optional(),
});

/** How much longer than the lookup's own budget the wrapper waits before it answers `degraded` itself. */
const SAFETY_NET_MS = 100;

export interface CallerLookupHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The use case's dependencies, or why they could not be built (answered as `degraded`). */
  readonly lookup: LookupCallerDeps | { readonly configError: string };
}

/**
 * Build the handler around its dependencies (tests and the local contact centre use this). The use case enforces
 * the budget itself (abort signal on the read); the wrapper's own budget, a little longer, is the safety net.
 */
export function createCallerLookupHandler({ logger, metrics, lookup }: CallerLookupHandlerDeps) {
  return createInCallHandler({
    name: 'caller lookup',
    metricPrefix: 'Lookup',
    logger,
    metrics,
    deps: lookup,
    params: LookupParametersSchema,
    budgetMs: (d) => d.budgetMs + SAFETY_NET_MS,
    fallback: (): LookupResponse => degradedLookup(),
    run: async ({ contact, params }, d) => {
      const started = performance.now();
      logger.appendKeys({ channel: contact.Channel });
      const raw = params.phoneNumber ?? contact.CustomerEndpoint?.Address;
      const looked = await lookupCaller(d, raw);
      // Dedicated and last-agent routing by the deployed agents' Connect user IDs.
      const outcome = params.agentUserIds
        ? { ...looked, response: withAgentUserIds(looked.response, parseAgentUserIds(params.agentUserIds)) }
        : looked;
      const ms = performance.now() - started;
      metrics.addMetric(`Lookup_${outcome.response.lookupStatus}`, MetricUnit.Count, 1);
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
    },
  });
}

/** Dependencies from the environment CDK (or the local runtime) sets. */
export function lookupDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  /** The clock the recency window is read on (the local contact centre's simulated one); default the real one. */
  now?: () => Date,
): CallerLookupHandlerDeps['lookup'] {
  const parsed = CallerLookupEnvSchema.safeParse(env);
  if (!parsed.success) return configErrorOf(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const doc = budgetedDocumentClient(cfg.LOOKUP_BUDGET_MS, cfg.DYNAMODB_ENDPOINT);
  return {
    crm: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    policy: lookupPolicyOf(profile),
    phoneRegion: cfg.PHONE_REGION ?? profile.phoneRegion,
    budgetMs: cfg.LOOKUP_BUDGET_MS,
    ...(now ? { now } : {}),
  };
}

const { logger, metrics } = createObservability('caller-lookup');
export const handler = createCallerLookupHandler({ logger, metrics, lookup: lookupDepsFromEnv() });
