/**
 * What the carrier's pickup booking (pickup-booking.ts) and the dealer's repair booking (repair-booking.ts) share
 * in the inbound flow (issue 12): the in-call Lambda's caller parameters, the choice among up to three offered
 * items (slots, vehicles) by key, the slot offer with its read-back and confirmation, and the three outcomes of
 * the booking Lambda. Both bookings are built from these, block by block in the same order, so the flow JSON is
 * what each built on its own before.
 *
 * ```
 * <name> ─1→ <name> 1 (or <name> 1? with `checkFirst`);  ─2,3→ <name> n? ─none→ <name> invalid (re-prompt)
 *                                                                      ─otherwise→ <name> n
 * <name> n (sets what `set` says) → next
 * <Kind> slot … → <Kind> confirm ("you chose …; 1 confirm, 2 change, 0 agent") ─1→ onConfirm ─2→ <Kind> slot
 * <Kind> refer ($.External.prompt) → queue;  <Kind> <done> → goodbye;  <Kind> full ("just taken") → offer
 * ```
 */
import { type FunctionKey, inCallFunction } from '../../functions/registry.js';
import { NO_SLOT } from '../../schemas/pickups.js';
import type { Language } from '../../schemas/profile.js';
import type { FlowBuilder } from '../builder/index.js';
import { type FlowRefs, refOf } from './refs.js';
import { SELF_SERVICE_TEXT, type SelfService, selfService } from './self-service.js';

/** The offered items' keys: at most three are offered. */
export const OFFER_KEYS = ['1', '2', '3'] as const;
export type OfferKey = (typeof OFFER_KEYS)[number];

/**
 * One language's copy of a booking: its self-service blocks (the agent is `queue`) and the booking Lambda
 * (`function`, as `functionArn` and `timeoutSeconds` for `ss.transaction`).
 */
export function bookingBlocks(
  f: FlowBuilder,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  queue: string,
  fn: FunctionKey,
) {
  return {
    ss: selfService(f, { id, agent: queue, text: SELF_SERVICE_TEXT[language], language }),
    lambda: {
      functionArn: refOf(refs.lambdas, fn, 'Lambda'),
      timeoutSeconds: inCallFunction(fn).invocationTimeLimitSeconds,
    },
  };
}

/** The caller, as every booking Lambda action takes it. */
export const BOOKING_CALLER = {
  customerId: '$.Attributes.customerId',
  language: '$.Attributes.language',
  phoneNumber: '$.CustomerEndpoint.Address',
} as const;

/** The attributes an offer keeps for its slots: `<attr>Slot<n>` and `<attr>Slot<n>ReadBack` from the answer. */
export const slotKeep = (attr: string, n: OfferKey): [string, string][] => [
  [`${attr}Slot${n}`, `slot${n}`],
  [`${attr}Slot${n}ReadBack`, `slot${n}ReadBack`],
];

/**
 * A menu of keys 1–3, each naming an offered item in `offered(n)`: a key that names none (`NO_SLOT`) is a wrong
 * key (re-prompt); else `<name> n` sets `set(n)` and goes to `next`. An offer holds at least one item, so key 1
 * is checked only with `checkFirst` (a caller moving a booking may have no other slot open).
 */
export function offeredChoice(
  f: FlowBuilder,
  ss: SelfService,
  id: (name: string) => string,
  name: string,
  o: {
    readonly prompt: string;
    readonly offered: (n: OfferKey) => string;
    readonly checkFirst: boolean;
    readonly set: (n: OfferKey) => Record<string, string>;
    readonly next: string;
  },
): string {
  const checked = (n: OfferKey) => o.checkFirst || n !== '1';
  const start = ss.menu(name, {
    prompt: o.prompt,
    options: Object.fromEntries(
      OFFER_KEYS.map((n) => [n, checked(n) ? id(`${name} ${n}?`) : id(`${name} ${n}`)]),
    ),
  });
  for (const n of OFFER_KEYS) {
    if (checked(n))
      f.compare(id(`${name} ${n}?`), o.offered(n))
        .when('Equals', NO_SLOT, id(`${name} invalid`))
        .otherwise(id(`${name} ${n}`));
    f.setAttributes(id(`${name} ${n}`), o.set(n))
      .next(o.next)
      .onError(ss.sorry());
  }
  return start;
}

/**
 * `<kind> slot`: the offered slots by key (`<attr>Slot<n>`, see `slotKeep`); the chosen one is kept as
 * `<attr>Slot` and read back from `<attr>ReadBack` in `<kind> confirm`, which goes on to `onConfirm`.
 */
export function slotOffer(
  f: FlowBuilder,
  ss: SelfService,
  id: (name: string) => string,
  o: {
    readonly kind: string;
    readonly attr: string;
    readonly prompt: string;
    readonly checkFirst: boolean;
    readonly onConfirm: string;
  },
): string {
  const start = offeredChoice(f, ss, id, `${o.kind} slot`, {
    prompt: o.prompt,
    offered: (n) => `$.Attributes.${o.attr}Slot${n}`,
    checkFirst: o.checkFirst,
    set: (n) => ({
      [`${o.attr}Slot`]: `$.Attributes.${o.attr}Slot${n}`,
      [`${o.attr}ReadBack`]: `$.Attributes.${o.attr}Slot${n}ReadBack`,
    }),
    next: id(`${o.kind} confirm`),
  });
  ss.confirm(`${o.kind} confirm`, {
    prompt: `$.Attributes.${o.attr}ReadBack`,
    onConfirm: o.onConfirm,
    onChange: start,
  });
  return start;
}

/**
 * The booking Lambda's spoken outcomes (`$.External.prompt`): `<kind> refer` to the queue, `<kind> <done>` (the
 * booking number) to goodbye, and `<kind> full` (the slot was just taken) back to the offer.
 */
export function bookingOutcomes(
  f: FlowBuilder,
  id: (name: string) => string,
  kind: string,
  done: string,
  steps: { readonly queue: string; readonly goodbye: string; readonly offer: string },
): void {
  f.message(id(`${kind} refer`), { text: '$.External.prompt' }).always(steps.queue);
  f.message(id(`${kind} ${done}`), { text: '$.External.prompt' }).always(steps.goodbye);
  f.message(id(`${kind} full`), { text: '$.External.prompt' }).always(steps.offer);
}
