/**
 * The IVR's ticket submenu (F7), a flow module (`CfnContactFlowModule`) the inbound flow invokes from the main-menu
 * key of the profile's ticketing (`ivr.menuKey`): it creates a ticket of the chosen category with the createTicket
 * Lambda, reads the ticket number back and returns; the inbound flow then transfers to the option's queue (or says
 * goodbye, for categories that need no follow-up, e.g. praise: the module sets `ticketTransfer` = `false`). Key 0,
 * no key, a wrong key or an error return at once; a failed or degraded Lambda apologises, then returns.
 *
 * ```
 * module: Caller language? ─en-US→ (en-US copy)
 *   Ticket menu ─key n→ Ticket <category> (ticketCategory) → Create ticket ─error→ Ticket failed → Return
 *               ─0/timeout/invalid/error→ Return
 *   Create ticket → Ticket created? ─ok→ Ticket number → [Transfer after ticket? ─false→ No transfer] → Return
 *                                   └─otherwise→ Ticket failed → Return
 * inbound: Ticket menu (invoke module) → [After ticket menu ─ticketTransfer false→ Goodbye] → Queue <q>
 * ```
 * One module holds both languages: the lookup's `language` attribute picks the copy (the voice is the contact's,
 * set by the inbound flow). The module's `$.External` is its own (Connect keeps a module's flow-local data apart),
 * so only contact attributes cross back to the inbound flow.
 */

import { inCallFunction } from '../../functions/registry.js';
import type { FlowDocument } from '../../schemas/flow.js';
import { type Language, type Profile, SENTENCE_JOIN } from '../../schemas/profile.js';
import { FlowBuilder } from '../builder/index.js';
import { ticketingOf } from '../profiles/ticketing.js';
import { type BaseFlowRefs, type FlowRefs, refOf } from './refs.js';
import { flowLanguages, idsFor } from './text.js';

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

/** `ticketTransfer` after the module: `false` when the chosen category ends the call after the ticket. */
export const TICKET_TRANSFER_ATTRIBUTE = 'ticketTransfer';

/** Whether any category of the profile's submenu ends the call after its ticket (praise). */
export function ticketMenuEndsCall(profile: Profile): boolean {
  const { tickets } = ticketingOf(profile.id);
  return tickets.ivr.options.some(
    (o) => tickets.categories.find((c) => c.key === o.category)?.transferAfter === false,
  );
}

/**
 * Invokes the ticket module in one language's copy of the inbound flow; returns the id of the step the main
 * menu's key goes to. After the module: the option's queue, or `goodbye` when the module said no transfer.
 */
export function addTicketMenu(
  f: FlowBuilder,
  refs: FlowRefs,
  id: (name: string) => string,
  targets: { readonly queue: string; readonly goodbye: string; readonly endsCall: boolean },
): string {
  const invoke = f.invokeModule(id('Ticket menu'), refOf(refs.modules, 'ticketMenu', 'flow module'));
  invoke.onError(targets.queue);
  if (targets.endsCall) {
    invoke.next(id('After ticket menu'));
    f.compare(id('After ticket menu'), `$.Attributes.${TICKET_TRANSFER_ATTRIBUTE}`)
      .when('Equals', 'false', targets.goodbye)
      .otherwise(targets.queue);
  } else invoke.next(targets.queue);
  return id('Ticket menu');
}

/** The ticket submenu as a flow module (`FLOW_MODULE`), both languages, `language` first. */
export function buildTicketMenuModule(
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument {
  const f = new FlowBuilder({
    name: `${profile.id} ticket menu`,
    type: 'FLOW_MODULE',
    description: `Ticket submenu (F7) of ${profile.title}`,
  });
  const languages = flowLanguages(language);
  const pick = f.compare('Caller language?', '$.Attributes.language');
  for (const other of languages.slice(1)) pick.when('Equals', other, idsFor(other, language)('Ticket menu'));
  pick.otherwise(idsFor(language, language)('Ticket menu'));
  for (const l of languages) addTicketSteps(f, profile, refs, l, idsFor(l, language));
  if (ticketMenuEndsCall(profile)) {
    f.setAttributes('No transfer', { [TICKET_TRANSFER_ATTRIBUTE]: 'false' })
      .next('Return')
      .onError('Return');
  }
  f.endModule('Return');
  return f.build();
}

/** One language's copy of the submenu, inside the module. */
function addTicketSteps(
  f: FlowBuilder,
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language,
  id: (name: string) => string,
): void {
  const { tickets } = ticketingOf(profile.id);
  const p = tickets.ivr.prompts[language];
  const fn = inCallFunction('createTicket');
  const done = 'Return';
  const menu = f.getInput(id('Ticket menu'), {
    text: ticketMenuText(profile, language),
    timeoutSeconds: profile.menuTimeoutSeconds,
  });
  for (const o of tickets.ivr.options) menu.onKey(o.key, id(`Ticket ${o.category}`));
  menu.onKey('0', done).onTimeout(done).onInvalid(done).onError(done);
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
  const endsCall = ticketMenuEndsCall(profile);
  f.message(id('Ticket number'), { text: p.created }).always(endsCall ? id('Transfer after ticket?') : done);
  if (endsCall) {
    f.compare(id('Transfer after ticket?'), '$.External.transfer')
      .when('Equals', 'false', 'No transfer')
      .otherwise(done);
  }
  f.message(id('Ticket failed'), { text: p.failed }).always(done);
}
