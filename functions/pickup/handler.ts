/**
 * pickup: the in-call Lambda of the carrier's pickup booking (issue 12). Two actions, one use case each:
 * - `offer`: the caller's address on file and the next slots of their branch with capacity left (`ok`, with
 *   `prompt` and `slot1..3`), or why an agent must book (`refer`, with `prompt`);
 * - `book`: book the chosen slot (`ok` with the pickup number in `prompt`; `full` when it filled meanwhile),
 *   then, with what is left of the budget, the dispatch notice to the branch's topic and the confirmation SMS
 *   (mobile numbers only; a landline caller hears that no SMS follows).
 * Built with the in-call wrapper: it always answers (`degraded` on any failure) and is idempotent per ContactId.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LanguageSchema } from '../../schemas/crm.js';
import { NO_SLOT, PickupParamsSchema, type PickupResponse } from '../../schemas/pickups.js';
import { maskPhone } from '../core/phone.js';
import { PICKUP_TEXT } from '../core/pickups.js';
import { createInCallHandler, TIMEOUT } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../shared/pickup-deps.js';
import {
  bookedPrompt,
  bookPickup,
  confirmPickup,
  notifyBranch,
  offerPickup,
} from '../use-cases/pickups/pickups.js';

export interface PickupHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly pickups: PickupRuntimeDeps | { readonly configError: string };
  readonly budgetMs?: number;
}

const EMPTY: Omit<PickupResponse, 'pickupStatus'> = {
  prompt: '',
  slot1: NO_SLOT,
  slot2: NO_SLOT,
  slot3: NO_SLOT,
  slot1ReadBack: '',
  slot2ReadBack: '',
  slot3ReadBack: '',
  pickupId: '',
};

export const degradedPickup = (): PickupResponse => ({ pickupStatus: 'degraded', ...EMPTY });

export function createPickupHandler({ logger, metrics, pickups, budgetMs }: PickupHandlerDeps) {
  return createInCallHandler({
    name: 'pickup',
    metricPrefix: 'Pickup',
    logger,
    metrics,
    deps: pickups,
    params: PickupParamsSchema,
    budgetMs: (d) => budgetMs ?? d.env.PICKUP_BUDGET_MS,
    fallback: degradedPickup,
    run: async ({ contact, params: p, within }, d): Promise<PickupResponse> => {
      const parsedLanguage = LanguageSchema.safeParse(p.language || contact.Attributes.language);
      const language = parsedLanguage.success ? parsedLanguage.data : 'zh-CN';
      const customerId = p.customerId || contact.Attributes.customerId || undefined;
      if (p.action === 'offer') {
        const offer = await offerPickup(d, { customerId, language });
        metrics.addMetric(`PickupOffer_${offer.status === 'ok' ? 'ok' : offer.reason}`, MetricUnit.Count, 1);
        return offer.status === 'ok'
          ? { pickupStatus: 'ok', ...EMPTY, prompt: offer.prompt, ...offer.answer }
          : { pickupStatus: 'refer', ...EMPTY, prompt: offer.prompt };
      }
      const phone = p.phoneNumber || contact.CustomerEndpoint?.Address || undefined;
      const booking = await bookPickup(d, {
        customerId,
        slotId: p.slot ?? '',
        language,
        phone,
        contactId: contact.ContactId,
        source: 'ivr',
        by: 'ivr',
      });
      if (booking.status === 'full') {
        metrics.addMetric('PickupSlotFull', MetricUnit.Count, 1);
        return { pickupStatus: 'full', ...EMPTY, prompt: PICKUP_TEXT[language].full };
      }
      if (booking.status === 'refer') return { pickupStatus: 'refer', ...EMPTY, prompt: booking.prompt };
      const { pickup, created } = booking;
      // The notice and the SMS get what is left of the budget; neither fails the booking. A replay (Connect
      // retried) sends neither again: the SMS is deduplicated, and the notice went with the first attempt.
      const notice = created
        ? await within(notifyBranch(d, pickup, 'pickup.booked'), { reserveMs: 40 })
        : 'replay';
      const sms = await within(confirmPickup(d, pickup), { reserveMs: 20 });
      const smsStatus = sms === TIMEOUT ? 'timeout' : 'failed' in sms ? 'failed' : sms.status;
      metrics.addMetric(created ? 'PickupBooked' : 'PickupReplayed', MetricUnit.Count, 1);
      logger.info('pickup booked', {
        pickupId: pickup.pickupId,
        branch: pickup.branch,
        slotId: pickup.slotId,
        created,
        caller: maskPhone(phone),
        notice: notice === TIMEOUT ? 'timeout' : notice,
        smsStatus,
      });
      const heard =
        smsStatus === 'landline'
          ? 'landline'
          : smsStatus === 'sent' || smsStatus === 'duplicate'
            ? 'sent'
            : 'other';
      return {
        pickupStatus: 'ok',
        ...EMPTY,
        pickupId: pickup.pickupId,
        prompt: bookedPrompt(d, pickup, heard),
      };
    },
  });
}

const { logger, metrics } = createObservability('pickup');
export const handler = createPickupHandler({ logger, metrics, pickups: pickupDepsFromEnv() });
