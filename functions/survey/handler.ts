/**
 * Post-call survey (F8): the disconnect flow's Lambda. Parameters `score` (1–5, required) and `answer2`
 * (optional second question); the agent and queue from the contact. Stores the result once per contact and,
 * for a score of 2 or less, opens a follow-up ticket. Built with the in-call wrapper (functions/shared/in-call.ts):
 * it answers within its budget (`error` when the store is slow or failing), stores what it validly can (a
 * malformed customerId, agent or queue is dropped, not fatal; the rating stays stored when the follow-up ticket
 * fails or runs out of time), and Connect's retries are harmless (conditional put, ticket idempotent per contact).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { SurveyResponse } from '../../schemas/call-record.js';
import { CustomerIdSchema } from '../../schemas/crm.js';
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
import { configErrorOf, createInCallHandler, lenient, TIMEOUT } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import { ticketDepsFromEnv } from '../shared/ticket-deps.js';
import { type RecordSurveyDeps, recordSurvey } from '../use-cases/call-records/record-survey.js';

/** The whole survey's budget when the environment sets none (the flow waits 5 s). */
export const DEFAULT_SURVEY_BUDGET_MS = 3000;
/** Kept from the budget for answering once the follow-up ticket is given up. */
const ANSWER_RESERVE_MS = 50;

export interface SurveyHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly survey:
    | (RecordSurveyDeps & {
        readonly phoneRegion: string;
        readonly now: () => Date;
        /** @default DEFAULT_SURVEY_BUDGET_MS */
        readonly budgetMs?: number;
      })
    | { readonly configError: string };
}

/**
 * The flow's parameters. Only the score is required; every other field is kept when valid and dropped when not
 * (the rating is stored with what is valid: a malformed agent or queue never loses it).
 */
export const SurveyParametersSchema = z.looseObject({
  score: z.string().optional(),
  answer2: z.string().optional(),
  agentId: lenient(z.string().max(512)),
  queue: lenient(z.string().max(256)),
});

const answer = (surveyStatus: SurveyResponse['surveyStatus'], followUp = false): SurveyResponse => ({
  surveyStatus,
  followUp: String(followUp) as 'true' | 'false',
});

export function createSurveyHandler({ logger, metrics, survey }: SurveyHandlerDeps) {
  return createInCallHandler({
    name: 'survey',
    metricPrefix: 'Survey',
    logger,
    metrics,
    deps: survey,
    params: SurveyParametersSchema,
    budgetMs: (d) => d.budgetMs ?? DEFAULT_SURVEY_BUDGET_MS,
    // A malformed event is `invalid` (nothing to store); anything else is `error` (the flow thanks the caller).
    fallback: (failure) => answer(failure === 'malformed' ? 'invalid' : 'error'),
    run: async ({ contact: c, params: p, within }, d) => {
      const score = parseScore(p.score);
      if (score === undefined) {
        metrics.addMetric('SurveyNoScore', MetricUnit.Count, 1);
        return answer('invalid');
      }
      const answer2 = parseScore(p.answer2);
      const caller = normalizePhone(c.CustomerEndpoint?.Address, d.phoneRegion);
      const agent = p.agentId || lenient(z.string().max(512)).parse(c.Attributes.agentId) || '';
      const queue = p.queue || lenient(z.string().max(256)).parse(c.Queue?.Name ?? undefined) || '';
      const customerId = lenient(CustomerIdSchema).parse(c.Attributes.customerId);
      if (c.Attributes.customerId && !customerId)
        logger.warn('malformed customerId attribute; stored without it');
      // The follow-up ticket gets what is left of the budget: the rating is stored first and kept either way.
      const tickets: FollowUpTickets = {
        open: async (input) => {
          const opened = await within(d.tickets.open(input), { reserveMs: ANSWER_RESERVE_MS });
          if (opened === TIMEOUT) throw new Error('the follow-up ticket exceeded the budget');
          if ('failed' in opened) throw opened.failed;
          return opened;
        },
      };
      const outcome = await recordSurvey(
        { records: d.records, tickets },
        {
          contactId: c.ContactId,
          score,
          ...(answer2 !== undefined ? { answer2 } : {}),
          ...(agent ? { agentId: agentIdOf(agent) } : {}),
          ...(queue ? { queue } : {}),
          ...(caller.kind === 'e164' ? { callerNumber: caller.e164 } : {}),
          ...(customerId ? { customerId } : {}),
          at: d.now().toISOString(),
        },
      );
      if (outcome.followUpError !== undefined) {
        metrics.addMetric('SurveyFollowUpFailed', MetricUnit.Count, 1);
        logger.error('survey stored; its follow-up ticket could not be opened (a replay tries again)', {
          error: outcome.followUpError as Error,
        });
      }
      metrics.addMetric(outcome.stored ? 'SurveyRecorded' : 'SurveyDuplicate', MetricUnit.Count, 1);
      logger.info('survey recorded', { score, stored: outcome.stored, ticketId: outcome.ticketId });
      return answer(outcome.stored ? 'recorded' : 'duplicate', outcome.ticketId !== undefined);
    },
  });
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
  if (!parsed.success) return configErrorOf(parsed.error);
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
