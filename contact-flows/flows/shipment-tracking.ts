/**
 * The carrier's waybill tracking in the inbound flow (issue 12 item 2, F14), built from the shared self-service
 * blocks (self-service.ts). Reached from the main-menu key of the profile's tracking queue
 * (`trackingSettingsOf().queue`):
 *
 * ```
 * Waybill (entry, #-terminated; 0# agent) ─→ Track (λ trackShipment)
 * Track ─ok→ Tracked ("waybill … is in transit, at …; another waybill press 1; 0 agent")
 *       ─unknown→ Waybill unknown ("we could not find waybill …") → Waybill retries (once) ─done→ agent
 *       ─invalid→ Waybill invalid → Waybill retries
 *       ─degraded/error→ Self-service failed → agent
 * Tracked ─1→ Waybill;  ─0→ agent;  no key → Goodbye;  wrong key → Tracked invalid → Tracked retries (once) → Goodbye
 * ```
 */
import { TRACK_TEXT } from '../../functions/core/shipments.js';
import { inCallFunction } from '../../functions/registry.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { SENTENCE_JOIN } from '../../schemas/profile.js';
import { WAYBILL_MAX_DIGITS } from '../../schemas/shipments.js';
import type { FlowBuilder } from '../builder/index.js';
import { trackingSettingsOf } from '../profiles/shipments.js';
import { type FlowRefs, refOf } from './refs.js';
import { SELF_SERVICE_TEXT, selfService } from './self-service.js';

/** Seconds the caller has to press 1 (another waybill) or 0 after hearing the status. */
const AFTER_STATUS_SECONDS = 5;

/** The main-menu option that tracks waybills, if the profile tracks them. */
export function trackingMenuOption(profile: Profile) {
  const settings = trackingSettingsOf(profile.id);
  return settings ? profile.menu.find((o) => o.queue === settings.queue) : undefined;
}

/** Adds one language's copy; returns its first step. `queue` sets the tracking queue (the agent), `goodbye` ends. */
export function addShipmentTracking(
  f: FlowBuilder,
  profile: Profile,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  steps: { readonly queue: string; readonly goodbye: string },
): string {
  const settings = trackingSettingsOf(profile.id);
  if (!settings) throw new Error(`profile ${profile.id} tracks no shipments`);
  const fn = inCallFunction('trackShipment');
  const text = SELF_SERVICE_TEXT[language];
  const t = TRACK_TEXT[language];
  // The blocks' shared steps ("Self-service to agent", "Self-service failed") go to this option's queue: named for
  // tracking, so that they do not clash with another self-service option's (pickup booking's) of the same copy.
  const ssId = (name: string) => id(name.startsWith('Self-service') ? `Tracking ${name}` : name);
  const ss = selfService(f, { id: ssId, agent: steps.queue, text, language });
  const entry = ss.entry('Waybill', {
    prompt: t.enter,
    attribute: 'waybill',
    maxLength: WAYBILL_MAX_DIGITS,
    next: id('Track'),
    retries: settings.retries,
  });
  ss.transaction('Track', {
    functionArn: refOf(refs.lambdas, 'trackShipment', 'Lambda'),
    timeoutSeconds: fn.invocationTimeLimitSeconds,
    parameters: { waybill: '$.Attributes.waybill', language },
    status: 'trackStatus',
    keep: { trackPrompt: 'prompt', shipmentStatus: 'shipmentStatus' },
    routes: { ok: id('Tracked'), unknown: id('Waybill unknown'), invalid: entry.invalid },
  });
  f.message(id('Waybill unknown'), { text: '$.Attributes.trackPrompt' }).always(id('Waybill retries'));
  // The status, then "1 for another waybill, 0 for an agent": silence ends the call (the caller has the answer).
  f.getInput(id('Tracked'), {
    // A path runs until a character that cannot be in a name: the space ends it (and is not heard).
    text: `$.Attributes.trackPrompt ${[t.another, text.menuAgent].join(SENTENCE_JOIN[language])}`,
    timeoutSeconds: AFTER_STATUS_SECONDS,
  })
    .onKey('1', entry.start)
    .onKey('0', ss.toAgent())
    .onTimeout(steps.goodbye)
    .onInvalid(id('Tracked invalid'))
    .onError(ss.sorry());
  f.message(id('Tracked invalid'), { text: text.invalid }).always(id('Tracked retries'));
  f.loop(id('Tracked retries'), 1).body(id('Tracked')).done(steps.goodbye);
  return entry.start;
}
