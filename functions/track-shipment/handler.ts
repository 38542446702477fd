/**
 * trackShipment: the in-call Lambda of the carrier's waybill tracking (issue 12 item 2, F14). The flow passes the
 * digits the caller typed (`#`-terminated) and its copy's language; the answer is `ok` (the latest status and
 * place, in `prompt`), `unknown` (no such waybill: the flow re-prompts once, then an agent), `invalid` (not a
 * waybill number) or `degraded`. One GetItem; it only reads, so Connect's retries are harmless.
 * Built with the in-call wrapper: it always answers, within TRACK_BUDGET_MS.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LanguageSchema } from '../../schemas/crm.js';
import { TrackParamsSchema, type TrackResponse } from '../../schemas/shipments.js';
import { createInCallHandler } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import { type ShipmentRuntimeDeps, shipmentDepsFromEnv } from '../shared/shipment-deps.js';
import { trackShipment } from '../use-cases/shipments/shipments.js';

export interface TrackShipmentHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly shipments: ShipmentRuntimeDeps | { readonly configError: string };
  readonly budgetMs?: number;
}

export const degradedTrack = (): TrackResponse => ({
  trackStatus: 'degraded',
  prompt: '',
  waybill: '',
  shipmentStatus: '',
});

export function createTrackShipmentHandler({
  logger,
  metrics,
  shipments,
  budgetMs,
}: TrackShipmentHandlerDeps) {
  return createInCallHandler({
    name: 'track-shipment',
    metricPrefix: 'Track',
    logger,
    metrics,
    deps: shipments,
    params: TrackParamsSchema,
    budgetMs: (d) => budgetMs ?? d.env.TRACK_BUDGET_MS,
    fallback: degradedTrack,
    run: async ({ contact, params, signal }, d): Promise<TrackResponse> => {
      const parsed = LanguageSchema.safeParse(params.language ?? contact.Attributes.language);
      const language = parsed.success ? parsed.data : 'zh-CN';
      const answer = await trackShipment(d, { typed: params.waybill, language, signal });
      metrics.addMetric(`Track_${answer.status}`, MetricUnit.Count, 1);
      logger.info('waybill tracked', { trackStatus: answer.status, digits: answer.waybill.length });
      return {
        trackStatus: answer.status,
        prompt: answer.prompt,
        waybill: answer.waybill,
        shipmentStatus: answer.status === 'ok' ? answer.shipmentStatus : '',
      };
    },
  });
}

const { logger, metrics } = createObservability('track-shipment');
export const handler = createTrackShipmentHandler({ logger, metrics, shipments: shipmentDepsFromEnv() });
