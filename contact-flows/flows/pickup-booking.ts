/**
 * The carrier's pickup booking in the inbound flow (issue 12), built from the shared self-service blocks
 * (self-service.ts). Reached from the main-menu key of the profile's pickup queue (`pickupSettingsOf().queue`):
 *
 * ```
 * Pickup offer (λ offer) ─ok→ Pickup slot ("your address is …; this afternoon press 1, …; 0 agent")
 *                        ─refer→ Pickup refer ($.External.prompt: no address / no branch / no slots) → queue
 *                        ─error/degraded→ Self-service failed → queue
 * Pickup slot ─1→ Pickup slot 1;  ─2,3→ Pickup slot n? ─none→ Pickup slot invalid (re-prompt)   ─otherwise→ Pickup slot n
 *             ─0→ agent; no key / wrong key → re-prompt, then the agent
 * Pickup slot n (pickupSlot, pickupReadBack) → Pickup confirm ("you chose …; 1 confirm, 2 change, 0 agent")
 * Pickup confirm ─1→ Pickup book (λ book) ─ok→ Pickup booked (number, SMS or "landline: no SMS") → Goodbye
 *                                         ─full→ Pickup full ("just taken") → Pickup offer
 *                                         ─refer→ Pickup refer → queue
 *                ─2→ Pickup slot
 * ```
 */
import type { Language, Profile } from '../../schemas/profile.js';
import type { FlowBuilder } from '../builder/index.js';
import { pickupSettingsOf } from '../profiles/pickups.js';
import type { FlowRefs } from './refs.js';
import {
  BOOKING_CALLER,
  bookingBlocks,
  bookingOutcomes,
  OFFER_KEYS,
  slotKeep,
  slotOffer,
} from './slot-offer.js';

/** The main-menu option that books pickups, if the profile books them. */
export function pickupMenuOption(profile: Profile) {
  const settings = pickupSettingsOf(profile.id);
  return settings ? profile.menu.find((o) => o.queue === settings.queue) : undefined;
}

/** Adds one language's copy; returns its first step. `queue` sets the pickup queue (the agent), `goodbye` ends. */
export function addPickupBooking(
  f: FlowBuilder,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  steps: { readonly queue: string; readonly goodbye: string },
): string {
  const { ss, lambda } = bookingBlocks(f, refs, language, id, steps.queue, 'pickup');
  const offer = ss.transaction('Pickup offer', {
    ...lambda,
    parameters: { action: 'offer', ...BOOKING_CALLER },
    status: 'pickupStatus',
    keep: { pickupOffer: 'prompt', ...Object.fromEntries(OFFER_KEYS.flatMap((n) => slotKeep('pickup', n))) },
    routes: { ok: id('Pickup slot'), refer: id('Pickup refer') },
  });
  slotOffer(f, ss, id, {
    kind: 'Pickup',
    attr: 'pickup',
    prompt: '$.Attributes.pickupOffer',
    checkFirst: false,
    onConfirm: id('Pickup book'),
  });
  ss.transaction('Pickup book', {
    ...lambda,
    parameters: { action: 'book', slot: '$.Attributes.pickupSlot', ...BOOKING_CALLER },
    status: 'pickupStatus',
    keep: { pickupId: 'pickupId' },
    routes: { ok: id('Pickup booked'), full: id('Pickup full'), refer: id('Pickup refer') },
  });
  bookingOutcomes(f, id, 'Pickup', 'booked', { ...steps, offer });
  return offer;
}
