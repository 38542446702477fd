/**
 * remindBookings: run by a schedule (issue 12; EventBridge every 15 minutes in AWS, `hotline bookings remind`
 * or the local contact centre's scheduler locally). Each booking's reminder SMS goes once, `daysBefore` its day at
 * the profile's reminder time; a moved booking is reminded for its new day. Throws only when misconfigured or when
 * the index cannot be read (EventBridge retries; nothing is sent twice).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type BookingRuntimeDeps, bookingDepsFromEnv } from '../shared/booking-deps.js';
import { createObservability } from '../shared/observability.js';
import { sendDueReminders } from '../use-cases/bookings/bookings.js';

export function createRemindBookingsHandler(deps: {
  logger: Logger;
  metrics: Metrics;
  bookings: BookingRuntimeDeps | { configError: string };
}) {
  const { logger, metrics, bookings } = deps;
  const run = async (): Promise<{ reminded: string[] }> => {
    if ('configError' in bookings)
      throw new Error(`remindBookings is misconfigured: ${bookings.configError}`);
    const done = await sendDueReminders(bookings);
    metrics.addMetric('BookingsReminded', MetricUnit.Count, done.length);
    logger.info('booking reminder run', {
      reminded: done.map((r) => ({ bookingId: r.booking.bookingId, sms: r.sms })),
    });
    return { reminded: done.map((r) => r.booking.bookingId) };
  };
  return middy(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

const { logger, metrics } = createObservability('remind-bookings');
export const handler = createRemindBookingsHandler({ logger, metrics, bookings: bookingDepsFromEnv() });
