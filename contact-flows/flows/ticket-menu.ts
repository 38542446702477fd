/**
 * The IVR's ticket submenu (F7), part of the inbound flow: reached from the main-menu key of the profile's
 * ticketing (`ivr.menuKey`), it creates a ticket of the chosen category with the createTicket Lambda, reads the
 * ticket number back and transfers to the option's queue (goodbye instead for categories that need no
 * follow-up, e.g. praise). Key 0, no key, a wrong key or an error go straight to the queue; a failed or degraded
 * Lambda apologises, then goes to the queue.
 *
 * ```
 * Ticket menu ─key n→ Ticket <category> (ticketCategory) → Create ticket ─error→ Ticket failed → Queue <q>
 *                       └─error→ Ticket failed
 *             ─0/timeout/invalid/error→ Queue <q>
 * Create ticket → Ticket created? ─ok→ Ticket number → [Transfer after ticket? ─false→ Goodbye] → Queue <q>
 *                                 └─otherwise→ Ticket failed → Queue <q>
 * ```
 */

import { inCallFunction } from '../../functions/registry.js';
import { type Language, type Profile, SENTENCE_JOIN } from '../../schemas/profile.js';
import type { FlowBuilder } from '../builder/index.js';
import { ticketingOf } from '../profiles/ticketing.js';
import { type FlowRefs, refOf } from './refs.js';

/** The submenu prompt: intro, each category option, then key 0 for an agent. */
export function ticketMenuText(profile: Profile, language: Language): string {
  const { tickets } = ticketingOf(profile.id);
  const p = tickets.ivr.prompts[language];
  const options = tickets.ivr.options.map((o) => {
    const label = tickets.categories.find((c) => c.key === o.category)?.label[language] ?? o.category;
    return p.option.replaceAll('{label}', label).replaceAll('{key}', o.key);
  });
  return [p.intro, ...options, p.agent].join(SENTENCE_JOIN[language]);
}

/** The main-menu option that opens the ticket submenu, if the profile has one. */
export function ticketMenuOption(profile: Profile) {
  const key = ticketingOf(profile.id).tickets.ivr.menuKey;
  return profile.menu.find((o) => o.key === key);
}

/** Adds one language's copy of the submenu; returns the id of its first action. */
export function addTicketMenu(
  f: FlowBuilder,
  profile: Profile,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  queueStep: string,
): string {
  const { tickets } = ticketingOf(profile.id);
  const p = tickets.ivr.prompts[language];
  const fn = inCallFunction('createTicket');
  const menu = f.getInput(id('Ticket menu'), {
    text: ticketMenuText(profile, language),
    timeoutSeconds: profile.menuTimeoutSeconds,
  });
  for (const o of tickets.ivr.options) menu.onKey(o.key, id(`Ticket ${o.category}`));
  menu.onKey('0', queueStep).onTimeout(queueStep).onInvalid(queueStep).onError(queueStep);
  for (const o of tickets.ivr.options) {
    f.setAttributes(id(`Ticket ${o.category}`), { ticketCategory: o.category })
      .next(id('Create ticket'))
      .onError(id('Ticket failed'));
  }
  f.invokeLambda(id('Create ticket'), {
    functionArn: refOf(refs.lambdas, 'createTicket', 'Lambda'),
    timeoutSeconds: fn.invocationTimeLimitSeconds,
    parameters: {
      category: '$.Attributes.ticketCategory',
      phoneNumber: '$.CustomerEndpoint.Address',
      customerId: '$.Attributes.customerId',
      language: '$.Attributes.language',
    },
    responseType: 'STRING_MAP',
  })
    .next(id('Ticket created?'))
    .onError(id('Ticket failed'));
  f.compare(id('Ticket created?'), '$.External.ticketStatus')
    .when('Equals', 'ok', id('Ticket number'))
    .otherwise(id('Ticket failed'));
  const someEndTheCall = tickets.ivr.options.some(
    (o) => tickets.categories.find((c) => c.key === o.category)?.transferAfter === false,
  );
  f.message(id('Ticket number'), { text: p.created }).always(
    someEndTheCall ? id('Transfer after ticket?') : queueStep,
  );
  if (someEndTheCall) {
    f.compare(id('Transfer after ticket?'), '$.External.transfer')
      .when('Equals', 'false', id('Goodbye'))
      .otherwise(queueStep);
  }
  f.message(id('Ticket failed'), { text: p.failed }).always(queueStep);
  return id('Ticket menu');
}
