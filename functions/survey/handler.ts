/**
 * Post-call survey (F8): the disconnect flow's Lambda. Parameters `score` (1–5, required) and `answer2`
 * (optional second question); the agent and queue from the contact. Stores the result once per contact and,
 * for a score of 2 or less, opens a follow-up ticket. Always answers a flat string map (never throws to the
 * flow); Connect's retries are harmless (conditional put, ticket idempotent per contact).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { SurveyResponse } from '../../schemas/call-record.js';
import { ConnectContactFlowEventSchema } from '../../schemas/connect-event.js';
import { CallRecordsEnvSchema } from '../../schemas/env.js';
import { DynamoCallRecordRepository } from '../adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import {
  CreateTicketFollowUps,
  PendingFollowUps,
  surveyFollowUpCategory,
} from '../adapters/tickets/follow-up-tickets.js';
import { agentIdOf, parseScore } from '../core/call-record.js';
import { normalizePhone } from '../core/phone.js';
import type { FollowUpTickets } from '../ports/call-records.js';
import { createObservability } from '../shared/observability.js';
import { ticketDepsFromEnv } from '../shared/ticket-deps.js';
import { type RecordSurveyDeps, recordSurvey } from '../use-cases/call-records/record-survey.js';

export interface SurveyHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly survey:
    | (RecordSurveyDeps & { readonly phoneRegion: string; readonly now: () => Date })
    | { readonly configError: string };
}

const answer = (surveyStatus: SurveyResponse['surveyStatus'], followUp = false): SurveyResponse => ({
  surveyStatus,
  followUp: String(followUp) as 'true' | 'false',
});

export function createSurveyHandler({ logger, metrics, survey }: SurveyHandlerDeps) {
  const handle = async (event: unknown): Promise<SurveyResponse> => {
    try {
      if ('configError' in survey) {
        logger.error('survey is misconfigured', { configError: survey.configError });
        return answer('error');
      }
      const parsed = ConnectContactFlowEventSchema.safeParse(event);
      if (!parsed.success) {
        metrics.addMetric('SurveyMalformedEvent', MetricUnit.Count, 1);
        return answer('invalid');
      }
      const { ContactData: c, Parameters: p } = parsed.data.Details;
      logger.appendKeys({ contactId: c.ContactId });
      const score = parseScore(p.score);
      if (score === undefined) {
        metrics.addMetric('SurveyNoScore', MetricUnit.Count, 1);
        return answer('invalid');
      }
      const answer2 = parseScore(p.answer2);
      const caller = normalizePhone(c.CustomerEndpoint?.Address, survey.phoneRegion);
      const agent = p.agentId || c.Attributes.agentId || '';
      const queue = p.queue || c.Queue?.Name || '';
      const outcome = await recordSurvey(survey, {
        contactId: c.ContactId,
        score,
        ...(answer2 !== undefined ? { answer2 } : {}),
        ...(agent ? { agentId: agentIdOf(agent) } : {}),
        ...(queue ? { queue } : {}),
        ...(caller.kind === 'e164' ? { callerNumber: caller.e164 } : {}),
        ...(c.Attributes.customerId ? { customerId: c.Attributes.customerId } : {}),
        at: survey.now().toISOString(),
      });
      metrics.addMetric(outcome.stored ? 'SurveyRecorded' : 'SurveyDuplicate', MetricUnit.Count, 1);
      logger.info('survey recorded', { score, stored: outcome.stored, ticketId: outcome.ticketId });
      return answer(outcome.stored ? 'recorded' : 'duplicate', outcome.ticketId !== undefined);
    } catch (error) {
      logger.error('survey failed', { error: error as Error });
      metrics.addMetric('SurveyFailed', MetricUnit.Count, 1);
      return answer('error');
    }
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/**
 * Dependencies from the environment. `tickets` overrides the follow-up adapter; by default follow-ups go through
 * the tickets use case (issue 5) with the ticket functions' environment. Should that environment be incomplete,
 * the survey still works and the follow-up is recorded on the survey item as `PENDING-<contactId>`.
 */
export function surveyDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  tickets?: FollowUpTickets,
  /** The clock (the local contact centre passes its simulated one). @default the system clock */
  now: () => Date = () => new Date(),
): SurveyHandlerDeps['survey'] {
  const parsed = CallRecordsEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 300,
    requestTimeoutMs: 1000,
    maxAttempts: 2,
  });
  return {
    records: new DynamoCallRecordRepository(doc, cfg.CONTACTS_TABLE_NAME),
    tickets: tickets ?? followUpsFromEnv(env, now),
    phoneRegion: cfg.PHONE_REGION ?? getProfile(cfg.HOTLINE_PROFILE).phoneRegion,
    now,
  };
}

function followUpsFromEnv(env: NodeJS.ProcessEnv, now: () => Date): FollowUpTickets {
  const deps = ticketDepsFromEnv(env, { now });
  if ('configError' in deps) return new PendingFollowUps();
  return new CreateTicketFollowUps(deps, surveyFollowUpCategory(deps.ticketing.categories));
}

const { logger, metrics } = createObservability('survey');
export const handler = createSurveyHandler({ logger, metrics, survey: surveyDepsFromEnv() });
