/**
 * escalateTickets: run by an EventBridge schedule every 5 minutes. Thin: build the dependencies, run the use
 * case, log and count. Throws only when misconfigured or when the index cannot be read (EventBridge retries);
 * a single ticket that fails is logged and retried on the next run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createObservability } from '../shared/observability.js';
import { type TicketDeps, ticketDepsFromEnv } from '../shared/ticket-deps.js';
import { type EscalationSummary, escalateTickets } from '../use-cases/tickets/escalate-tickets.js';

export function createEscalateTicketsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  tickets: TicketDeps | { configError: string };
}) {
  const { logger, metrics, tickets } = deps;
  const run = async (): Promise<EscalationSummary> => {
    if ('configError' in tickets) throw new Error(`escalateTickets is misconfigured: ${tickets.configError}`);
    const summary = await escalateTickets(tickets);
    metrics.addMetric('TicketsEscalated', MetricUnit.Count, summary.escalated.length);
    metrics.addMetric('TicketEscalationFailures', MetricUnit.Count, summary.failed.length);
    if (summary.failed.length) logger.error('some escalations failed', { failed: summary.failed });
    logger.info('escalation run', {
      checked: summary.checked,
      escalated: summary.escalated,
      skipped: summary.skipped,
    });
    return summary;
  };
  return middy(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

const { logger, metrics } = createObservability('escalate-tickets');
export const handler = createEscalateTicketsHandler({ logger, metrics, tickets: ticketDepsFromEnv() });
