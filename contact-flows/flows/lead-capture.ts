/**
 * The outsourcer's lead capture in the inbound flow (issue 12), built from the shared self-service blocks
 * (self-service.ts). Reached from the main-menu key of the profile's sales queue (`leadSettingsOf().queue`): the
 * caller says what they are interested in (the client's product lines) and whether a sales adviser may call back,
 * the lead is recorded, and the call goes on to sales. An agent is one key away (0) at every prompt.
 *
 * ```
 * Lead interest ("which products: broadband 1, mobile 2, …; 0 agent") ─n→ Lead interest n (leadInterest) → Lead consent
 * Lead consent ("may we call you back? 1 yes, 2 no") ─1→ Lead consent yes ─2→ Lead consent no → Lead capture
 * Lead capture (λ captureLead) ─ok→ Lead captured ($.External.prompt) → the sales queue
 *                              ─error/degraded→ Self-service failed → the sales queue
 * every menu: 0 → the sales queue; no key / wrong key → re-prompt, then the sales queue
 * ```
 */
import { LEAD_TEXT } from '../../functions/core/leads.js';
import { inCallFunction } from '../../functions/registry.js';
import type { Language, Profile } from '../../schemas/profile.js';
import type { DtmfKey, FlowBuilder } from '../builder/index.js';
import { leadSettingsOf } from '../profiles/leads.js';
import { type FlowRefs, refOf } from './refs.js';
import { SELF_SERVICE_TEXT, selfService } from './self-service.js';

/** The main-menu option that captures leads, if the profile captures them. */
export function leadMenuOption(profile: Profile) {
  const settings = leadSettingsOf(profile.id);
  return settings ? profile.menu.find((o) => o.queue === settings.queue) : undefined;
}

/** Adds one language's copy; returns its first step. `queue` sets the sales queue (where the call goes after). */
export function addLeadCapture(
  f: FlowBuilder,
  profile: Profile,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  queue: string,
): string {
  const settings = leadSettingsOf(profile.id);
  if (!settings) throw new Error(`profile ${profile.id} captures no leads`);
  const fn = inCallFunction('captureLead');
  const t = LEAD_TEXT[language];
  const ss = selfService(f, { id, agent: queue, text: SELF_SERVICE_TEXT[language], language });
  const start = ss.menu('Lead interest', {
    prompt: t.interest(settings),
    options: Object.fromEntries(
      settings.productLines.map((_, i) => [String(i + 1) as DtmfKey, id(`Lead interest ${i + 1}`)]),
    ),
  });
  for (const [i, product] of settings.productLines.entries())
    f.setAttributes(id(`Lead interest ${i + 1}`), { leadInterest: product.key })
      .next(id('Lead consent'))
      .onError(ss.sorry());
  ss.menu('Lead consent', {
    prompt: t.consent,
    options: { '1': id('Lead consent yes'), '2': id('Lead consent no') },
  });
  for (const answer of ['yes', 'no'] as const)
    f.setAttributes(id(`Lead consent ${answer}`), { leadConsent: answer })
      .next(id('Lead capture'))
      .onError(ss.sorry());
  ss.transaction('Lead capture', {
    functionArn: refOf(refs.lambdas, 'captureLead', 'Lambda'),
    timeoutSeconds: fn.invocationTimeLimitSeconds,
    parameters: {
      action: 'capture',
      interest: '$.Attributes.leadInterest',
      consent: '$.Attributes.leadConsent',
      customerId: '$.Attributes.customerId',
      language: '$.Attributes.language',
      phoneNumber: '$.CustomerEndpoint.Address',
      dialledNumber: '$.SystemEndpoint.Address',
    },
    status: 'leadStatus',
    keep: { leadId: 'leadId' },
    routes: { ok: id('Lead captured') },
  });
  f.message(id('Lead captured'), { text: '$.External.prompt' }).always(queue);
  return start;
}
