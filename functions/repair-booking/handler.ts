/**
 * repair-booking: the in-call Lambda of the dealer's repair and maintenance booking (issue 12). One use case per
 * action:
 * - `offer`: the vehicles on file, the caller's upcoming booking and the next slots with capacity left (`ok`:
 *   no booking yet; `existing`: one to move or cancel), or why an agent must book (`refer`);
 * - `book`: book the chosen slot for the chosen vehicle (`ok` with the booking in `prompt`; `full` when it filled
 *   meanwhile); `move`: the booking to another slot (`ok`, `full`); `cancel`: cancel it (`ok`);
 *   then, with what is left of the budget, the SMS (mobile numbers only; a landline caller hears that no SMS
 *   follows).
 * Built with the in-call wrapper: it always answers (`degraded` on any failure) and is idempotent per ContactId.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BookingParamsSchema, type BookingResponse } from '../../schemas/bookings.js';
import { LanguageSchema } from '../../schemas/crm.js';
import { NO_SLOT } from '../../schemas/pickups.js';
import { BOOKING_TEXT } from '../core/bookings.js';
import { maskPhone } from '../core/phone.js';
import { type BookingRuntimeDeps, bookingDepsFromEnv } from '../shared/booking-deps.js';
import { createInCallHandler, TIMEOUT } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import {
  type BookingResult,
  bookRepair,
  cancelBooking,
  confirmBooking,
  moveBooking,
  offerBooking,
  resultPrompt,
} from '../use-cases/bookings/bookings.js';

export interface RepairBookingHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly bookings: BookingRuntimeDeps | { readonly configError: string };
  readonly budgetMs?: number;
}

const EMPTY: Omit<BookingResponse, 'bookingStatus'> = {
  prompt: '',
  vehiclesPrompt: '',
  slotsPrompt: '',
  slot1: NO_SLOT,
  slot2: NO_SLOT,
  slot3: NO_SLOT,
  slot1ReadBack: '',
  slot2ReadBack: '',
  slot3ReadBack: '',
  vehicle1: NO_SLOT,
  vehicle2: NO_SLOT,
  vehicle3: NO_SLOT,
  bookingId: '',
};

export const degradedBooking = (): BookingResponse => ({ bookingStatus: 'degraded', ...EMPTY });

export function createRepairBookingHandler({
  logger,
  metrics,
  bookings,
  budgetMs,
}: RepairBookingHandlerDeps) {
  return createInCallHandler({
    name: 'repair-booking',
    metricPrefix: 'Booking',
    logger,
    metrics,
    deps: bookings,
    params: BookingParamsSchema,
    budgetMs: (d) => budgetMs ?? d.env.BOOKING_BUDGET_MS,
    fallback: degradedBooking,
    run: async ({ contact, params: p, within }, d): Promise<BookingResponse> => {
      const parsedLanguage = LanguageSchema.safeParse(p.language || contact.Attributes.language);
      const language = parsedLanguage.success ? parsedLanguage.data : 'zh-CN';
      const customerId = p.customerId || contact.Attributes.customerId || undefined;
      const t = BOOKING_TEXT[language];
      if (p.action === 'offer') {
        const offer = await offerBooking(d, { customerId, language });
        metrics.addMetric(
          `BookingOffer_${offer.status === 'refer' ? offer.reason : offer.status}`,
          MetricUnit.Count,
          1,
        );
        return offer.status === 'refer'
          ? { bookingStatus: 'refer', ...EMPTY, prompt: offer.prompt }
          : {
              bookingStatus: offer.status,
              ...EMPTY,
              prompt: offer.prompt,
              vehiclesPrompt: offer.vehiclesPrompt,
              slotsPrompt: offer.slotsPrompt,
              ...offer.answer,
              bookingId: offer.existing?.bookingId ?? '',
            };
      }
      const phone = p.phoneNumber || contact.CustomerEndpoint?.Address || undefined;
      let result: BookingResult;
      if (p.action === 'book')
        result = await bookRepair(d, {
          customerId,
          slotId: p.slot ?? '',
          vehicle: p.vehicle,
          language,
          phone,
          contactId: contact.ContactId,
          source: 'ivr',
          by: 'ivr',
        });
      else if (p.action === 'move')
        result = await moveBooking(d, {
          bookingId: p.bookingId ?? '',
          slotId: p.slot ?? '',
          customerId,
          language,
          by: 'ivr',
        });
      else result = await cancelBooking(d, { bookingId: p.bookingId ?? '', customerId, language, by: 'ivr' });
      if (result.status === 'full') {
        metrics.addMetric('BookingSlotFull', MetricUnit.Count, 1);
        return { bookingStatus: 'full', ...EMPTY, prompt: t.full };
      }
      if (result.status === 'refer') return { bookingStatus: 'refer', ...EMPTY, prompt: result.prompt };
      const { booking, created } = result;
      // The SMS gets what is left of the budget and never fails the booking; a replay sends nothing again (the
      // dedupe key).
      const sms = await within(confirmBooking(d, booking), { reserveMs: 20 });
      const smsStatus = sms === TIMEOUT ? 'timeout' : 'failed' in sms ? 'failed' : sms.status;
      metrics.addMetric(`Booking_${p.action}${created ? '' : '_replay'}`, MetricUnit.Count, 1);
      logger.info(`booking ${p.action}`, {
        bookingId: booking.bookingId,
        slotId: booking.slotId,
        created,
        caller: maskPhone(phone),
        smsStatus,
      });
      const heard =
        smsStatus === 'landline'
          ? 'landline'
          : smsStatus === 'sent' || smsStatus === 'duplicate'
            ? 'sent'
            : 'other';
      return {
        bookingStatus: 'ok',
        ...EMPTY,
        bookingId: booking.bookingId,
        prompt: resultPrompt(d, booking, p.action, heard, language),
      };
    },
  });
}

const { logger, metrics } = createObservability('repair-booking');
export const handler = createRepairBookingHandler({
  logger,
  metrics,
  bookings: bookingDepsFromEnv(),
});
