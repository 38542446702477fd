/**
 * authenticateCard: the distribution flow's in-call Lambda after the caller types the customer card number
 * (issue 11). One GetItem of the card item; answers the card's retailer (the caller-lookup keys the flow uses for
 * routing: customerId, tier, vip, branch, queueHint…), `authenticated`, and `cardMismatch` when the card belongs to
 * another retailer than the calling number's. Built with the in-call wrapper: a bad event, missing configuration or
 * a slow or failing DynamoDB answer `cardStatus=degraded` (the flow goes on unauthenticated, to an agent).
 * Read-only, so Connect's retries are harmless.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { CallerLookupEnvSchema } from '../../schemas/env.js';
import type { CardAuthResponse } from '../../schemas/orders.js';
import { budgetedDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { configErrorOf, createInCallHandler, lenient } from '../shared/in-call.js';
import { lookupPolicyOf } from '../shared/lookup-policy.js';
import { createObservability } from '../shared/observability.js';
import {
  type AuthenticateCardDeps,
  authenticateCard,
  unauthenticated,
} from '../use-cases/orders/authenticate-card.js';

export const CardAuthParametersSchema = z.looseObject({
  /** What the caller typed (`$.Attributes.cardNumber`). */
  cardNumber: z.string().max(64).optional(),
  /** The calling number's customer, from the caller lookup: only to flag a mismatch. */
  callerCustomerId: lenient(z.string().max(64)),
});

export interface CardAuthHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly cards: (AuthenticateCardDeps & { readonly budgetMs: number }) | { readonly configError: string };
}

export function createCardAuthHandler({ logger, metrics, cards }: CardAuthHandlerDeps) {
  return createInCallHandler({
    name: 'authenticateCard',
    metricPrefix: 'Card',
    logger,
    metrics,
    deps: cards,
    params: CardAuthParametersSchema,
    budgetMs: (d) => d.budgetMs,
    fallback: (): CardAuthResponse => unauthenticated('degraded'),
    run: async ({ params, signal }, d) => {
      const answer = await authenticateCard(
        d,
        {
          card: params.cardNumber ?? '',
          ...(params.callerCustomerId ? { callerCustomerId: params.callerCustomerId } : {}),
        },
        { abortSignal: signal },
      );
      metrics.addMetric(`Card_${answer.cardStatus}`, MetricUnit.Count, 1);
      if (answer.cardMismatch === 'true') metrics.addMetric('CardMismatch', MetricUnit.Count, 1);
      logger.info('card checked', {
        cardStatus: answer.cardStatus,
        customerId: answer.customerId,
        cardMismatch: answer.cardMismatch,
      });
      return answer;
    },
  });
}

/** Same environment as the caller lookup (the CRM table; LOOKUP_BUDGET_MS is the budget). */
export function cardDepsFromEnv(env: NodeJS.ProcessEnv = process.env): CardAuthHandlerDeps['cards'] {
  const parsed = CallerLookupEnvSchema.safeParse(env);
  if (!parsed.success) return configErrorOf(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const doc = budgetedDocumentClient(cfg.LOOKUP_BUDGET_MS, cfg.DYNAMODB_ENDPOINT);
  return {
    cards: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    policy: lookupPolicyOf(profile),
    budgetMs: cfg.LOOKUP_BUDGET_MS,
  };
}

const { logger, metrics } = createObservability('card-auth');
export const handler = createCardAuthHandler({ logger, metrics, cards: cardDepsFromEnv() });
