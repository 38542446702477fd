import { inCallFunction } from '../../functions/registry.js';
import type { FlowDocument } from '../../schemas/flow.js';
import { LookupResponseSchema } from '../../schemas/lookup.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { FlowBuilder } from '../builder/index.js';
import { addFaqMenu, faqMenuOption } from './faq-menu.js';
import { addLeadCapture, leadMenuOption } from './lead-capture.js';
import { addOrderCentre, ORDER_CENTRE_KEYS } from './order-centre.js';
import { addPickupBooking, pickupMenuOption } from './pickup-booking.js';
import { agentUserIdsParameter, type FlowRefs, refOf } from './refs.js';
import { addRepairBooking, repairMenuOption } from './repair-booking.js';
import { addShipmentTracking, trackingMenuOption } from './shipment-tracking.js';
import { flowLanguages, idsFor, lastAgentOfferText, menuText, voiceOf } from './text.js';
import { addTicketMenu, ticketMenuEndsCall, ticketMenuOption } from './ticket-menu.js';
import { addVoicemail } from './voicemail.js';

/** Every key of the caller lookup's answer: copied from `$.External` to contact attributes of the same name. */
export const LOOKUP_ATTRIBUTE_KEYS: readonly string[] = LookupResponseSchema.keyof().options;

/** The contact attribute with the caller's number (E.164 as Connect gives it), for the workspace's screen pop. */
export const CALLER_NUMBER_ATTRIBUTE = 'callerNumber';

/** `lookupStatus` when the lookup Lambda failed or timed out (the Lambda itself answers ok/not_found/degraded). */
export const LOOKUP_FAILED_STATUS = 'error';

/** Seconds a repeat caller has to press an urgent key before being put through to their last agent. */
const LAST_AGENT_OFFER_SECONDS = 3;

/** Seconds a caller has to start typing the card number. */
const CARD_INPUT_SECONDS = 8;

/**
 * The inbound flow (CONTACT_FLOW) of a profile: attached to the hotline's phone numbers.
 *
 * ```
 * Flow logging → Voice (primary) → Language → Save number (callerNumber) → Lookup caller ─error→ Lookup failed → Welcome
 *   → Save caller ($.External.* → attributes) → Caller language? ─en-US→ Voice en-US → Language en-US → (en-US copy)
 * each language:
 *   Blocked? ─true→ Blocked → Goodbye → Hang up
 *   Welcome → Open? (hoursForEntry) ─closed→ After hours → Voicemail offer (voicemail.ts) ─no key→ Goodbye
 *   [Card number → Check card → Card accepted]   (authenticateByCard: order-centre.ts)
 *   VIP? ─true→ VIP priority (1) → Dedicated agent free? ─yes→ Dedicated agent ─┐
 *                                                  └─no/error→ VIP line → VIP line open? ─open─────→ Connecting
 *                                                                                    └─closed→ Menu (priority 1 kept)
 *   Repeat caller? ─yes→ Last agent free? ─yes→ Last agent ─────────────────────┤
 *   Menu ─key→ [Branch or <queue>] → Queue <queue> ──────────────────────────────┤
 *        [Branch or <queue>] ─queueHint = a branch queue→ [Desk <branch> open for <queue>?] ─closed→ Queue <queue>
 *                                                                                 └─open→ Queue <branch>
 *        ─timeout/invalid→ No input / Invalid key → Menu retries ─done→ Queue <general>
 *   Queue open? ─closed→ Queue closed → Voicemail offer   (the working queue's own hours; agent queues: error → go on)
 *   Connecting → Recording → Queue flow → Whisper flow → Transfer ─full→ Queue full / error→ Sorry → Goodbye
 * ```
 *
 * Our Lambda never drops a call: a lookup error goes on as an unknown caller. Every prompt exists once per
 * language (identifiers of the non-primary copies end with the language, e.g. `Menu en-US`).
 *
 * Card authentication, ordering and order history (distribution) are in order-centre.ts.
 */
export function buildInboundFlow(
  profile: Profile,
  refs: FlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument {
  const f = new FlowBuilder({
    name: `${profile.id} inbound`,
    type: 'CONTACT_FLOW',
    description: `Inbound flow of ${profile.title}`,
  });
  const languages = flowLanguages(language);
  const others = languages.slice(1);
  const first = idsFor(language, language);
  const lookup = inCallFunction('callerLookup');

  f.setLogging('Flow logging').next('Voice');
  f.setVoice('Voice', voiceOf(profile, language)).always('Language');
  f.setLanguage('Language', language).always('Save number');
  // The caller's number as a contact attribute: the agent workspace's screen pop reads it in Connect (the
  // Amazon Connect SDK gives the app the contact's attributes, not its endpoint). Never blocks the call.
  f.setAttributes('Save number', { [CALLER_NUMBER_ATTRIBUTE]: '$.CustomerEndpoint.Address' })
    .next('Lookup caller')
    .onError('Lookup caller');
  f.invokeLambda('Lookup caller', {
    functionArn: refOf(refs.lambdas, 'callerLookup', 'Lambda'),
    timeoutSeconds: lookup.invocationTimeLimitSeconds,
    parameters: {
      phoneNumber: '$.CustomerEndpoint.Address',
      // Dedicated and last-agent routing need Connect user IDs: the deployment's, by profile agent key.
      ...(refs.agentUserIds && Object.keys(refs.agentUserIds).length
        ? { agentUserIds: agentUserIdsParameter(refs.agentUserIds) }
        : {}),
    },
    responseType: 'STRING_MAP',
  })
    .next('Save caller')
    .onError('Lookup failed');
  // For the whisper and screen pop, the CTR, and the flows after this one ($.External is gone by then).
  f.setAttributes(
    'Save caller',
    Object.fromEntries(LOOKUP_ATTRIBUTE_KEYS.map((key) => [key, `$.External.${key}`])),
  )
    .next('Caller language?')
    .onError('Lookup failed');
  f.setAttributes('Lookup failed', { lookupStatus: LOOKUP_FAILED_STATUS }).always(first('Welcome'));

  const callerLanguage = f.compare('Caller language?', '$.Attributes.language');
  for (const other of others) callerLanguage.when('Equals', other, `Voice ${other}`);
  callerLanguage.otherwise(first('Blocked?'));
  for (const other of others) {
    const id = idsFor(other, language);
    f.setVoice(`Voice ${other}`, voiceOf(profile, other)).always(`Language ${other}`);
    f.setLanguage(`Language ${other}`, other).always(id('Blocked?'));
  }

  for (const l of languages) addCallerPath(f, profile, refs, l, idsFor(l, language));
  f.disconnect('Hang up');
  return f.build();
}

/** One language's copy of everything after the lookup. */
function addCallerPath(
  f: FlowBuilder,
  profile: Profile,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
): void {
  const t = profile.prompts[language];
  const queueArn = (key: string) => refOf(refs.queues, key, 'queue');
  const queueStep = (key: string) => id(`Queue ${key}`);
  const general = queueStep(profile.generalQueue);

  f.compare(id('Blocked?'), '$.Attributes.blocked')
    .when('Equals', 'true', id('Blocked'))
    .otherwise(id('Welcome'));
  f.message(id('Blocked'), { text: t.blocked }).always(id('Goodbye'));

  f.message(id('Welcome'), { text: t.welcome }).always(id('Open?'));
  const afterOpen = profile.authenticateByCard ? id('Card number') : id('VIP?');
  // An error (e.g. the hours were deleted) must not turn callers away: go on as if open.
  f.checkHours(id('Open?'), { hoursOfOperationId: refOf(refs.hours, profile.hoursForEntry, 'hours') })
    .open(afterOpen)
    .closed(id('After hours'))
    .onError(afterOpen);
  // Voicemail (F15, voicemail.ts): after hours, a complaint or a message instead of a goodbye.
  const voicemail = addVoicemail(f, profile, refs, language, id, {
    goodbye: id('Goodbye'),
    offer: true,
    failed: id('Sorry'),
  });
  f.message(id('After hours'), { text: t.afterHours }).always(voicemail.offer ?? id('Goodbye'));

  // The order centre (distribution, contact-flows/flows/order-centre.ts): card authentication after the welcome,
  // ordering and order history by IVR on their menu keys.
  const orderKeys = ORDER_CENTRE_KEYS[profile.id];
  const orderCentre =
    profile.authenticateByCard && orderKeys
      ? addOrderCentre(f, profile, refs, language, id, {
          next: id('VIP?'),
          generalQueue: general,
          orderQueue: id(
            `Branch or ${profile.menu.find((o) => o.key === orderKeys.order)?.queue ?? profile.generalQueue}`,
          ),
          goodbye: id('Goodbye'),
          cardTimeoutSeconds: CARD_INPUT_SECONDS,
        })
      : undefined;

  // VIP green channel (F5): priority 1, then the dedicated agent if free, else the VIP queue. An empty
  // dedicatedAgentId makes the availability check fail, which also leads to the VIP queue.
  f.compare(id('VIP?'), '$.Attributes.vip')
    .when('Equals', 'true', id('VIP priority'))
    .otherwise(id('Repeat caller?'));
  f.setPriority(id('VIP priority'), 1).next(id('Dedicated agent free?'));
  // The VIP line has hours of its own: when it is closed the VIP keeps priority 1 and gets the menu, so
  // that around-the-clock services (roadside rescue) stay reachable.
  const vipQueue = id('VIP line');
  f.setQueue(vipQueue, { queueId: queueArn(profile.vipQueue) })
    .next(id('VIP line open?'))
    .onError(id('Menu'));
  f.checkHours(id('VIP line open?')).open(id('Connecting')).closed(id('Menu')).onError(id('Connecting'));
  // CheckMetricData with AgentId (the agent's queue): documented on the API page; unverified against a live
  // instance. An agent id is a Connect user id (or ARN) in AWS and the CRM's agent id locally.
  f.checkStaffing(id('Dedicated agent free?'), {
    metric: 'NumberOfAgentsAvailable',
    agentId: '$.Attributes.dedicatedAgentId',
  })
    .hasAgents(id('Dedicated agent'))
    .noAgents(vipQueue)
    .onError(vipQueue);
  f.setQueue(id('Dedicated agent'), { agentId: '$.Attributes.dedicatedAgentId' })
    .next(id('Queue open?'))
    .onError(vipQueue);

  // Last-agent routing (F6): a repeat caller goes to the agent who served them last if that agent is free (the
  // lookup gives a last agent only within the profile's recency window, `lastAgentWindowDays`).
  const lastAgentOffer = lastAgentOfferText(profile, language);
  f.compare(id('Repeat caller?'), '$.Attributes.recentContactCount')
    .when('NumberGreaterThan', 0, id('Last agent free?'))
    .otherwise(id('Menu'));
  f.checkStaffing(id('Last agent free?'), {
    metric: 'NumberOfAgentsAvailable',
    agentId: '$.Attributes.lastAgentId',
  })
    .hasAgents(lastAgentOffer ? id('Last agent offer') : id('Last agent'))
    .noAgents(id('Menu'))
    .onError(id('Menu'));
  // Skipping the menu never takes an urgent key away (issue 12): the caller hears it first and may press it.
  if (lastAgentOffer) {
    const offer = f
      .getInput(id('Last agent offer'), { text: lastAgentOffer, timeoutSeconds: LAST_AGENT_OFFER_SECONDS })
      .onTimeout(id('Last agent'))
      .onInvalid(id('Last agent'))
      .onError(id('Last agent'));
    // An offered key goes where the menu would send it: its self-service (the distributor's phone ordering) or queue.
    for (const o of profile.menu.filter((m) => m.urgent))
      offer.onKey(
        o.key,
        orderCentre?.menu[o.key] ?? (o.branchFirst ? id(`Branch or ${o.queue}`) : queueStep(o.queue)),
      );
  }
  f.setQueue(id('Last agent'), { agentId: '$.Attributes.lastAgentId' })
    .next(id('Queue open?'))
    .onError(id('Menu'));

  // The menu (F1): re-prompted on no key or a wrong key, `menuRetries` times, then the general queue.
  const menu = f.getInput(id('Menu'), {
    text: menuText(profile, language),
    timeoutSeconds: profile.menuTimeoutSeconds,
  });
  const branchFirst = new Set<string>();
  // The ticket submenu (F7, a flow module: contact-flows/flows/ticket-menu.ts) replaces its main-menu option's
  // direct transfer.
  const ticketOption = ticketMenuOption(profile);
  const ticketMenu = ticketOption
    ? addTicketMenu(f, refs, id, {
        queue: queueStep(ticketOption.queue),
        goodbye: id('Goodbye'),
        endsCall: ticketMenuEndsCall(profile),
      })
    : undefined;
  // Pickup booking (issue 12, contact-flows/flows/pickup-booking.ts) replaces its option's direct transfer.
  const pickupOption = pickupMenuOption(profile);
  // An agent who books it (no address on file, 0 at a prompt) is the branch's, for a branch-first option (carrier).
  const pickupBooking = pickupOption
    ? addPickupBooking(f, refs, language, id, {
        queue: pickupOption.branchFirst
          ? id(`Branch or ${pickupOption.queue}`)
          : queueStep(pickupOption.queue),
        goodbye: id('Goodbye'),
      })
    : undefined;
  // Waybill tracking (issue 12, contact-flows/flows/shipment-tracking.ts) replaces its option's direct transfer.
  const trackingOption = trackingMenuOption(profile);
  const tracking = trackingOption
    ? addShipmentTracking(f, profile, refs, language, id, {
        queue: queueStep(trackingOption.queue),
        goodbye: id('Goodbye'),
      })
    : undefined;
  // Repair booking (dealer, repair-booking.ts) and lead capture (outsourcer, lead-capture.ts), the same way.
  const repairOption = repairMenuOption(profile);
  const leadOption = leadMenuOption(profile);
  const bookingSteps = new Map<unknown, string>();
  if (repairOption)
    bookingSteps.set(
      repairOption,
      addRepairBooking(f, refs, language, id, {
        queue: queueStep(repairOption.queue),
        goodbye: id('Goodbye'),
      }),
    );
  if (leadOption)
    bookingSteps.set(leadOption, addLeadCapture(f, profile, refs, language, id, queueStep(leadOption.queue)));
  // Spoken FAQ answers (issue 14, a flow module: faq-menu.ts): after an answer, goodbye; else the option's queue.
  const faqOption = faqMenuOption(profile);
  if (faqOption)
    bookingSteps.set(
      faqOption,
      addFaqMenu(f, refs, id, {
        agent: faqOption.branchFirst ? id(`Branch or ${faqOption.queue}`) : queueStep(faqOption.queue),
        goodbye: id('Goodbye'),
      }),
    );
  for (const option of profile.menu) {
    if (option.branchFirst) branchFirst.add(option.queue);
    const selfServiceStep = orderCentre?.menu[option.key] ?? bookingSteps.get(option);
    if (ticketMenu && option === ticketOption) menu.onKey(option.key, ticketMenu);
    else if (selfServiceStep) menu.onKey(option.key, selfServiceStep);
    else if (pickupBooking && option === pickupOption) menu.onKey(option.key, pickupBooking);
    else if (tracking && option === trackingOption) menu.onKey(option.key, tracking);
    else
      menu.onKey(option.key, option.branchFirst ? id(`Branch or ${option.queue}`) : queueStep(option.queue));
  }
  menu.onTimeout(id('No input')).onInvalid(id('Invalid key')).onError(general);
  f.message(id('No input'), { text: t.menuNoInput }).always(id('Menu retries'));
  f.message(id('Invalid key'), { text: t.menuInvalid }).always(id('Menu retries'));
  f.loop(id('Menu retries'), profile.menuRetries).body(id('Menu')).done(general);

  // Callers the lookup placed in a branch (queueHint = the branch's queue key) go to their branch. A branch the
  // profile does not list gives no queueHint: the option's own (central) queue. A branch desk with hours of its own
  // (the carrier's smaller branches close on Sundays) is checked first: closed, the caller goes to the central
  // queue, open around the clock as the desk is not, instead of hearing that the service is closed. Desks with the
  // central queue's hours need no check (closed together).
  const branchQueues = [...new Set(Object.values(profile.branchQueues))];
  const hoursOf = (key: string) => profile.queues.find((q) => q.key === key)?.hours;
  for (const queue of branchFirst) {
    const choose = f.compare(id(`Branch or ${queue}`), '$.Attributes.queueHint');
    for (const branchQueue of branchQueues) {
      const branchHours = hoursOf(branchQueue);
      if (!branchHours || branchHours === hoursOf(queue)) {
        choose.when('Equals', branchQueue, queueStep(branchQueue));
        continue;
      }
      // An error (the hours were deleted) must not take the branch away: its queue's own check follows anyway.
      const open = id(`Desk ${branchQueue} open for ${queue}?`);
      choose.when('Equals', branchQueue, open);
      f.checkHours(open, { hoursOfOperationId: refOf(refs.hours, branchHours, 'hours') })
        .open(queueStep(branchQueue))
        .closed(queueStep(queue))
        .onError(queueStep(branchQueue));
    }
    choose.otherwise(queueStep(queue));
  }

  const queues = new Set<string>([
    profile.generalQueue,
    ...profile.menu.map((o) => o.queue),
    ...(branchFirst.size ? branchQueues : []),
  ]);
  for (const key of queues) {
    f.setQueue(queueStep(key), { queueId: queueArn(key) })
      .next(id('Queue open?'))
      .onError(key === profile.generalQueue ? id('Sorry') : general);
  }

  // The working queue's own hours (rescue answers at night, claims only in office hours). Agent queues have
  // no hours and take the error branch: go on.
  f.checkHours(id('Queue open?')).open(id('Connecting')).closed(id('Queue closed')).onError(id('Connecting'));
  f.message(id('Queue closed'), { text: t.queueClosed }).always(voicemail.offer ?? id('Goodbye'));
  f.message(id('Connecting'), { text: t.transfer }).always(id('Recording'));
  f.setRecording(id('Recording'), { participants: ['Agent', 'Customer'] }).next(id('Queue flow'));
  f.setEventHook(id('Queue flow'), { CustomerQueue: refs.flows.customerQueue }).always(id('Whisper flow'));
  f.setEventHook(id('Whisper flow'), { AgentWhisper: refs.flows.agentWhisper }).always(id('Survey flow'));
  // The post-call survey (F8): runs when the agent hangs up first and the caller stays on the line.
  f.setEventHook(id('Survey flow'), { CustomerRemaining: refs.flows.survey }).always(id('Transfer'));
  f.transferToQueue(id('Transfer')).onAtCapacity(id('Queue full')).onError(id('Sorry'));
  f.message(id('Queue full'), { text: t.busy }).always(id('Goodbye'));
  f.message(id('Sorry'), { text: t.error }).always(id('Goodbye'));
  f.message(id('Goodbye'), { text: t.goodbye }).always('Hang up');
}
