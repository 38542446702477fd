/**
 * The dealer's repair and maintenance booking in the inbound flow (issue 12), built from the shared self-service
 * blocks (self-service.ts), like the carrier's pickup booking. Reached from the main-menu key of the profile's
 * repair queue (`bookingSettingsOf().queue`); an agent is one key away (0) at every prompt.
 *
 * ```
 * Repair offer (λ offer) ─ok→ Repair vehicle ("the vehicle on file is …: 1 to confirm" / "vehicle 1…3")
 *                        ─existing→ Repair existing ("you have a booking …: 1 move, 2 cancel, 3 another vehicle")
 *                        ─refer→ Repair refer ($.External.prompt: no vehicle / no slots) → queue
 *                        ─error/degraded→ Self-service failed → queue
 * Repair existing ─1→ Repair move (action move) → Repair slot
 *                 ─2→ Repair cancel (action cancel) → Repair submit
 *                 ─3→ Repair vehicle
 * Repair vehicle ─1→ Repair vehicle 1;  ─2,3→ Repair vehicle n? ─none→ Repair vehicle invalid  ─otherwise→ Repair vehicle n
 * Repair vehicle n (action book, repairVehicle) → Repair slot
 * Repair slot ─n→ Repair slot n? ─none→ Repair slot invalid ─otherwise→ Repair slot n (repairSlot, repairReadBack)
 * Repair slot n → Repair confirm ("you chose …; 1 confirm, 2 change, 0 agent") ─1→ Repair submit ─2→ Repair slot
 * Repair submit (λ book|move|cancel) ─ok→ Repair done (booking number, SMS or "landline: no SMS") → Goodbye
 *                                    ─full→ Repair full ("just taken") → Repair offer
 *                                    ─refer→ Repair refer → queue
 * every menu: 0 → agent; no key / wrong key → re-prompt, then the agent
 * ```
 */
import type { Language, Profile } from '../../schemas/profile.js';
import type { FlowBuilder } from '../builder/index.js';
import { bookingSettingsOf } from '../profiles/bookings.js';
import type { FlowRefs } from './refs.js';
import {
  BOOKING_CALLER,
  bookingBlocks,
  bookingOutcomes,
  OFFER_KEYS,
  offeredChoice,
  slotKeep,
  slotOffer,
} from './slot-offer.js';

/** The main-menu option that books repairs, if the profile books them. */
export function repairMenuOption(profile: Profile) {
  const settings = bookingSettingsOf(profile.id);
  return settings ? profile.menu.find((o) => o.queue === settings.queue) : undefined;
}

/** Adds one language's copy; returns its first step. `queue` sets the repair queue (the agent), `goodbye` ends. */
export function addRepairBooking(
  f: FlowBuilder,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  steps: { readonly queue: string; readonly goodbye: string },
): string {
  const { ss, lambda } = bookingBlocks(f, refs, language, id, steps.queue, 'repairBooking');
  const offer = ss.transaction('Repair offer', {
    ...lambda,
    parameters: { action: 'offer', ...BOOKING_CALLER },
    status: 'bookingStatus',
    keep: {
      repairExisting: 'prompt',
      repairVehicles: 'vehiclesPrompt',
      repairSlots: 'slotsPrompt',
      repairBookingId: 'bookingId',
      ...Object.fromEntries(
        OFFER_KEYS.flatMap((n) => [...slotKeep('repair', n), [`repairVehicle${n}`, `vehicle${n}`]]),
      ),
    },
    routes: { ok: id('Repair vehicle'), existing: id('Repair existing'), refer: id('Repair refer') },
  });

  ss.menu('Repair existing', {
    prompt: '$.Attributes.repairExisting',
    options: { '1': id('Repair move'), '2': id('Repair cancel'), '3': id('Repair vehicle') },
  });
  f.setAttributes(id('Repair move'), { repairAction: 'move' }).next(id('Repair slot')).onError(ss.sorry());
  f.setAttributes(id('Repair cancel'), { repairAction: 'cancel' })
    .next(id('Repair submit'))
    .onError(ss.sorry());

  offeredChoice(f, ss, id, 'Repair vehicle', {
    prompt: '$.Attributes.repairVehicles',
    offered: (n) => `$.Attributes.repairVehicle${n}`,
    checkFirst: false,
    set: (n) => ({ repairAction: 'book', repairVehicle: n }),
    next: id('Repair slot'),
  });
  // Every slot key is checked: a caller moving a booking may have no other slot open (key 1 names none).
  slotOffer(f, ss, id, {
    kind: 'Repair',
    attr: 'repair',
    prompt: '$.Attributes.repairSlots',
    checkFirst: true,
    onConfirm: id('Repair submit'),
  });

  ss.transaction('Repair submit', {
    ...lambda,
    parameters: {
      action: '$.Attributes.repairAction',
      slot: '$.Attributes.repairSlot',
      vehicle: '$.Attributes.repairVehicle',
      bookingId: '$.Attributes.repairBookingId',
      ...BOOKING_CALLER,
    },
    status: 'bookingStatus',
    keep: { repairBookingId: 'bookingId' },
    routes: { ok: id('Repair done'), full: id('Repair full'), refer: id('Repair refer') },
  });
  bookingOutcomes(f, id, 'Repair', 'done', { ...steps, offer });
  return offer;
}
