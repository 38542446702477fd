/**
 * The carrier's status-event feed (issue 12 item 2): an SQS queue the carrier's own systems send one message per
 * status event to (the body is one JSON object, the shape of a `hotline shipments import` row, see
 * schemas/shipments.ts). Each message is recorded through the same use case as the import: its history kept, the
 * latest status replaced only by a newer event, so replays (SQS delivers at least once) and events that arrive out
 * of order keep the newest status.
 *
 * Partial batch response: a message that failed is named in `batchItemFailures` and comes back; after the
 * queue's maxReceiveCount it moves to the dead-letter queue. A message that cannot be an event (not JSON, a field
 * the schema refuses) is named too: retrying cannot fix it, so it reaches the dead-letter queue, where an operator
 * sees it with its body, instead of being dropped.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { mapLimit } from '../shared/concurrency.js';
import { createObservability } from '../shared/observability.js';
import { type ShipmentRuntimeDeps, shipmentDepsFromEnv } from '../shared/shipment-deps.js';
import { InvalidShipmentEventError, recordShipmentEvent } from '../use-cases/shipments/shipments.js';

const SqsEventSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string().min(1), body: z.string() })),
});

export interface ShipmentEventsHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly shipments: ShipmentRuntimeDeps | { readonly configError: string };
}

export function createShipmentEventsHandler({ logger, metrics, shipments }: ShipmentEventsHandlerDeps) {
  const handle = async (event: unknown): Promise<SQSBatchResponse> => {
    const parsed = SqsEventSchema.safeParse(event);
    if (!parsed.success) {
      // Not an SQS batch at all: nothing to name, nothing recorded. Throwing retries the whole batch.
      logger.error('not an SQS event', { issues: parsed.error.issues.slice(0, 3) });
      throw new Error('shipment-events: not an SQS event');
    }
    const records = parsed.data.Records;
    if ('configError' in shipments) {
      logger.error('shipment-events is misconfigured; every message comes back', {
        configError: shipments.configError,
      });
      return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) };
    }
    const outcomes = await mapLimit(records, 8, async (r) => {
      try {
        let body: unknown;
        try {
          body = JSON.parse(r.body);
        } catch {
          throw new InvalidShipmentEventError('the body is not JSON');
        }
        const outcome = await recordShipmentEvent(shipments, body);
        metrics.addMetric(`ShipmentEvent_${outcome}`, MetricUnit.Count, 1);
        return undefined;
      } catch (err) {
        if (err instanceof InvalidShipmentEventError) {
          metrics.addMetric('ShipmentEventInvalid', MetricUnit.Count, 1);
          logger.error('shipment event refused; it goes to the dead-letter queue after its retries', {
            messageId: r.messageId,
            reason: err.message,
          });
        } else {
          metrics.addMetric('ShipmentEventFailed', MetricUnit.Count, 1);
          logger.error('shipment event not recorded; it will be retried', {
            messageId: r.messageId,
            error: err as Error,
          });
        }
        return { itemIdentifier: r.messageId };
      }
    });
    const batchItemFailures = outcomes.filter((o) => o !== undefined);
    logger.info('shipment events', { received: records.length, failed: batchItemFailures.length });
    return { batchItemFailures };
  };
  return middy(async (event: unknown, _context: Context) => handle(event))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

const { logger, metrics } = createObservability('shipment-events');
export const handler = createShipmentEventsHandler({
  logger,
  metrics,
  shipments: shipmentDepsFromEnv(process.env, { requestTimeoutMs: 5000 }),
});
