/**
 * The outbound campaigns' dialler in AWS (issue 13), two entry points over one use case module
 * (use-cases/campaigns/aws-dialler.ts):
 *
 * - `tick`: an EventBridge schedule, once a minute: places the calls pacing and the calling windows allow
 *   (StartOutboundVoiceContact, one client token per attempt) and looks up dials whose end was not heard of.
 * - `outcome`: Amazon Connect's contact events (EventBridge rule: DISCONNECTED of API-initiated contacts of this
 *   instance): records the attempt of the campaign entry the contact dialled and feeds its source.
 *
 * Both throw only when misconfigured or when a dependency fails (EventBridge retries; every step is idempotent).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createObservability } from '../shared/observability.js';
import {
  type AwsDiallerDeps,
  dialTick,
  recordContactOutcome,
  type TickReport,
} from '../use-cases/campaigns/aws-dialler.js';
import { campaignDiallerDepsFromEnv } from './deps.js';

/** The part of an "Amazon Connect Contact Event" the outcome reads (other fields are ignored). */
export const ContactEventSchema = z.object({
  detail: z.object({
    contactId: z.string().min(1).max(256),
    eventType: z.string().optional(),
    initiationMethod: z.string().optional(),
  }),
});

type Deps = AwsDiallerDeps | { readonly configError: string };

const ready = (deps: Deps): AwsDiallerDeps => {
  if ('configError' in deps) throw new Error(`the campaign dialler is misconfigured: ${deps.configError}`);
  return deps;
};

export function createTickHandler(o: {
  logger: Logger;
  metrics: Metrics;
  deps: () => Deps;
  now?: () => Date;
}) {
  const run = async (): Promise<TickReport> => {
    const report = await dialTick(ready(o.deps()), (o.now ?? (() => new Date()))());
    o.metrics.addMetric('CampaignCallsPlaced', MetricUnit.Count, report.placed);
    o.metrics.addMetric('CampaignDncSkipped', MetricUnit.Count, report.skippedDnc);
    o.metrics.addMetric('CampaignCallsRefused', MetricUnit.Count, report.refused);
    o.logger.info('campaign dialler tick', { ...report });
    return report;
  };
  return middy(run)
    .use(injectLambdaContext(o.logger, { resetKeys: true }))
    .use(logMetrics(o.metrics));
}

export function createOutcomeHandler(o: {
  logger: Logger;
  metrics: Metrics;
  deps: () => Deps;
  now?: () => Date;
}) {
  const run = async (event: unknown): Promise<{ resolution: string }> => {
    const parsed = ContactEventSchema.safeParse(event);
    if (!parsed.success) {
      o.logger.warn('not a contact event', { issues: parsed.error.issues.length });
      return { resolution: 'ignored' };
    }
    const { contactId, eventType } = parsed.data.detail;
    if (eventType && eventType !== 'DISCONNECTED' && eventType !== 'CONTACT_DATA_UPDATED')
      return { resolution: 'ignored' };
    const resolution = await recordContactOutcome(
      ready(o.deps()),
      { contactId },
      (o.now ?? (() => new Date()))(),
    );
    if (resolution === 'recorded') o.metrics.addMetric('CampaignAttemptsRecorded', MetricUnit.Count, 1);
    o.logger.info('campaign contact ended', { contactId, resolution });
    return { resolution };
  };
  return middy(run)
    .use(injectLambdaContext(o.logger, { resetKeys: true }))
    .use(logMetrics(o.metrics));
}

let built: Deps | undefined;
const deps = () => {
  built ??= campaignDiallerDepsFromEnv();
  return built;
};
const obs = createObservability('campaign-dialler');
export const tick = createTickHandler({ ...obs, deps });
export const outcome = createOutcomeHandler({ ...obs, deps });
