/**
 * escalatePickups: run by an EventBridge schedule every 5 minutes (issue 12). A pickup not collected by the end
 * of its slot goes once to its branch's dispatch topic and to the supervisors, and the escalation is recorded in
 * its history. First it publishes again the dispatch notices SNS refused (kept in the table). Throws only when
 * misconfigured or when the table cannot be read (EventBridge retries).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createObservability } from '../shared/observability.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../shared/pickup-deps.js';
import { escalateOverduePickups, resendPendingNotices } from '../use-cases/pickups/pickups.js';

export function createEscalatePickupsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  pickups: PickupRuntimeDeps | { configError: string };
}) {
  const { logger, metrics, pickups } = deps;
  const run = async (): Promise<{ escalated: string[]; resent: string[] }> => {
    if ('configError' in pickups) throw new Error(`escalatePickups is misconfigured: ${pickups.configError}`);
    // The notices SNS refused before (kept by the in-call function, the CLI or an earlier run) go first.
    const resent = await resendPendingNotices(pickups);
    const done = await escalateOverduePickups(pickups);
    metrics.addMetric('PickupsEscalated', MetricUnit.Count, done.length);
    metrics.addMetric('PickupNoticesResent', MetricUnit.Count, resent.sent.length);
    metrics.addMetric('PickupNoticesStillPending', MetricUnit.Count, resent.failed.length);
    logger.info('pickup escalation run', {
      escalated: done.map((p) => p.pickupId),
      resent: resent.sent,
      stillPending: resent.failed,
    });
    return { escalated: done.map((p) => p.pickupId), resent: resent.sent };
  };
  return middy(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

const { logger, metrics } = createObservability('escalate-pickups');
export const handler = createEscalatePickupsHandler({ logger, metrics, pickups: pickupDepsFromEnv() });
