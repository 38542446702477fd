/**
 * The scenarios every industry profile must pass, run by each profile's test file with the profile's cast
 * (who calls, who answers). Not a test file itself: `<profile>.test.ts` calls `profileScenarios(spec)`, adds
 * its own scenarios, and ends with `coverageChecks(file, …)`.
 *
 * Expected prompts are read from the profile definition (never hard-coded), expected agents come from the
 * profile's routing profiles as written in the spec (with every agent Available, the ACD picks the agent whose
 * routing profile ranks the queue first, ties going to the lower agent id).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAQ_TEXT, faqMenuText } from '../../contact-flows/flows/faq-menu.js';
import {
  buildProfileFlows,
  buildProfileModules,
  localFlowRefs,
  menuText,
} from '../../contact-flows/flows/index.js';
import { leadMenuOption } from '../../contact-flows/flows/lead-capture.js';
import { pickupMenuOption } from '../../contact-flows/flows/pickup-booking.js';
import { repairMenuOption } from '../../contact-flows/flows/repair-booking.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import { trackingMenuOption } from '../../contact-flows/flows/shipment-tracking.js';
import { lastAgentOfferText } from '../../contact-flows/flows/text.js';
import { ticketMenuOption, ticketMenuText } from '../../contact-flows/flows/ticket-menu.js';
import { queueOfferText, voicemailOfferText } from '../../contact-flows/flows/voicemail.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import { type AgentState, DEFAULT_PRIORITY } from '../../contact-flows/runtime/acd.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { BOOKING_TEXT } from '../../functions/core/bookings.js';
import { LEAD_TEXT } from '../../functions/core/leads.js';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
import { TRACK_TEXT } from '../../functions/core/shipments.js';
import { localHandlers } from '../../infra/local/contact-centre.js';
import type { Customer, RecentContact } from '../../schemas/crm.js';
import type { FlowDocument } from '../../schemas/flow.js';
import type { Language, Profile, ProfileId } from '../../schemas/profile.js';
import { LANGUAGES, SENTENCE_JOIN } from '../../schemas/profile.js';
import {
  closeHours,
  closeQueue,
  coverageByFlow,
  coverageLine,
  FLOW_KEYS,
  fill,
  limitQueue,
  MONDAY_10,
  openScenarioCentre,
  type ScenarioCall,
  type ScenarioCentre,
  type ScenarioData,
  type ScenarioFlowKey,
  type ScenarioResult,
  writeCoverageReport,
} from '../support/scenario-harness.js';

// ---------------------------------------------------------------------------------------------------------------
// The cast

/** Someone calling the hotline. */
export interface Caller {
  /** The number as Connect passes it; often not the format the CRM stored it in. */
  readonly dial: string;
  /** Customer card number the caller types (with #) where the profile asks for it; otherwise they type nothing. */
  readonly card?: string;
  readonly customerId?: string;
  readonly name?: string;
  readonly tier?: string;
}

/** The callers of one language. */
export interface LanguageCast {
  /** A blocked number, dialled in another format than the one blocked. */
  readonly blocked: Caller;
  /** A VIP with a dedicated agent. */
  readonly vip: Caller & { readonly agent: string };
  /** A VIP without a dedicated agent, and the agent who answers the VIP queue (everyone Available). */
  readonly vipNoAgent: Caller & { readonly agent: string };
  /** A known caller whose last contact was with `lastAgent`. */
  readonly repeat: Caller & { readonly lastAgent: string };
  /** A known caller without history (en-US: also without a branch: it makes the menu scenarios). */
  readonly plain: Caller;
  /** A repeat caller whose last agent has left (no longer an agent in Connect). */
  readonly former: Caller;
}

export interface ProfileSpec {
  readonly id: ProfileId;
  /** CRM data next to the seed file (blocks, history, extra customers). */
  readonly data: ScenarioData;
  readonly cast: Readonly<Record<Language, LanguageCast>>;
  /** A number nobody in the CRM has. */
  readonly unknown: string;
  /** Who takes the VIP queue while the VIP's dedicated agent is Busy (the dedicated agent, once free, if nobody). */
  readonly vipQueueWhileBusy: string;
  /**
   * Menu keys that start a self-service for an authenticated caller, with the inputs that take the caller from there
   * to an agent (e.g. the order centre's `'1': ['0#']`).
   */
  readonly selfServiceToAgent?: Readonly<Record<string, readonly (string | null)[]>>;
  /** Who answers each menu key for a caller without a branch, every agent Available. */
  readonly menuAgents: Readonly<Record<string, string>>;
  /** When the entry hours are closed; `closeEntryHours` when they never close (the operator closes them). */
  readonly afterHours: { readonly at: string } | { readonly closeEntryHours: true };
  /** A moment and a menu key whose queue is closed while the entry hours are open. */
  readonly queueClosed: { readonly at: string; readonly key: string };
  /** Callers placed in a branch, per language and branch queue, and the branch agent who answers. */
  readonly branches?: Readonly<
    Record<Language, Readonly<Record<string, Caller & { readonly agent: string }>>>
  >;
}

/** Numbers of the synthetic English-speaking callers (the seed files have few). */
const EN = {
  vip: '+8613999000101',
  vipNoAgent: '+8613999000102',
  repeat: '+8613999000103',
  blocked: '+8613999000104',
  plain: '+8613999000105',
  former: '+8613999000106',
  formerZh: '+8613999000107',
} as const;

/** The id of an agent who left: still in callers' history, no longer in Connect. */
export const DEPARTED_AGENT = 'agent-departed';

/** A contact two weeks before the scenarios, with `agentId`. */
/** A past contact, by default the day before the scenarios' Monday: inside the profiles' last-agent window (7 days). */
export const recentContact = (agentId: string, at = '2025-03-02T09:30:00+08:00'): RecentContact => ({
  contactId: `scenario-${agentId}-${at.slice(0, 10)}`,
  at,
  agentId,
  queue: 'general',
  channel: 'VOICE',
});

/**
 * English-speaking callers of a profile, saved next to the seed customers: a VIP of `vipAgent`, a VIP without
 * dedicated agent, a repeat caller of `lastAgent`, a blocked customer, a caller of an agent who left, and
 * (unless the seed has one) a plain customer. Each dials in another format than the one stored. Also a
 * Mandarin-speaking caller of the agent who left (`formerZh`; the seed files have none).
 */
export function englishCallers(
  prefix: string,
  opts: { vipAgent: string; vipQueueAgent: string; lastAgent: string; plain?: Caller },
): { data: ScenarioData; cast: LanguageCast; formerZh: Caller } {
  const customer = (id: string, phone: string, extra: Partial<Customer> = {}): Customer => ({
    customerId: `${prefix}-EN-${id}`,
    name: `Scenario ${id.toLowerCase()}`,
    phones: [phone],
    tier: 'gold',
    vip: false,
    language: 'en-US',
    ...extra,
  });
  const customers = [
    customer('VIP', EN.vip, { vip: true, tier: 'platinum', dedicatedAgentId: opts.vipAgent }),
    customer('VIP2', EN.vipNoAgent, { vip: true }),
    customer('REPEAT', EN.repeat),
    customer('BLOCKED', EN.blocked),
    customer('LEFT', EN.former),
    { ...customer('LEFT-ZH', EN.formerZh), name: '离职坐席的客户', language: 'zh-CN' as const },
    ...(opts.plain ? [] : [customer('PLAIN', EN.plain, { tier: 'silver' })]),
  ];
  return {
    data: {
      customers,
      blocks: [{ e164: EN.blocked, reason: 'abuse' }],
      history: [
        { e164: EN.repeat, recentContacts: [recentContact(opts.lastAgent)], openTickets: 3 },
        { e164: EN.former, recentContacts: [recentContact(DEPARTED_AGENT)] },
        { e164: EN.formerZh, recentContacts: [recentContact(DEPARTED_AGENT)] },
      ],
    },
    formerZh: { dial: '139 9900 0107', customerId: `${prefix}-EN-LEFT-ZH` },
    cast: {
      blocked: { dial: '139 9900 0104', customerId: `${prefix}-EN-BLOCKED` },
      vip: {
        dial: '0086 139 9900 0101',
        customerId: `${prefix}-EN-VIP`,
        name: 'Scenario vip',
        tier: 'platinum',
        agent: opts.vipAgent,
      },
      vipNoAgent: { dial: '139-9900-0102', customerId: `${prefix}-EN-VIP2`, agent: opts.vipQueueAgent },
      repeat: {
        dial: '+86 139 9900 0103',
        customerId: `${prefix}-EN-REPEAT`,
        name: 'Scenario repeat',
        tier: 'gold',
        lastAgent: opts.lastAgent,
      },
      plain: opts.plain ?? {
        dial: '13999000105',
        customerId: `${prefix}-EN-PLAIN`,
        name: 'Scenario plain',
        tier: 'silver',
      },
      former: { dial: '0086 13999000106', customerId: `${prefix}-EN-LEFT` },
    },
  };
}

/** Both data sets in one (lists appended). */
export function mergeData(...sets: ScenarioData[]): ScenarioData {
  return {
    customers: sets.flatMap((s) => s.customers ?? []),
    blocks: sets.flatMap((s) => s.blocks ?? []),
    history: sets.flatMap((s) => s.history ?? []),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What the flows say

/** Identifier of an action in a language's copy of a flow (`Menu`, `Menu en-US`). */
export const idIn = (profile: Profile, name: string, language: Language): string =>
  language === profile.defaultLanguage ? name : `${name} ${language}`;

/** What a caller hears first: the welcome, then the card-number prompt where the profile asks for it. */
export function opening(profile: Profile, language: Language): string[] {
  const t = profile.prompts[language];
  if (!profile.authenticateByCard) return [t.welcome];
  if (t.cardNumber === undefined) throw new Error(`${profile.id}: no cardNumber prompt`);
  return [t.welcome, t.cardNumber];
}

/** The caller's keys: the card number first where the profile asks for it (none: the caller lets it time out). */
export function keys(
  profile: Profile,
  caller: Caller | undefined,
  ...menu: (string | null)[]
): (string | null)[] {
  return profile.authenticateByCard ? [caller?.card ?? null, ...menu] : menu;
}

/** What a caller hears between the menu and the transfer after pressing `key` alone: the ticket submenu, if any. */
export function afterMenuKey(profile: Profile, language: Language, key: string): string[] {
  if (ticketMenuOption(profile)?.key === key) return [ticketMenuText(profile, language)];
  // Pickup booking (pickup-scenarios.ts): the menu callers have no pickup address on file, so an agent books.
  if (pickupMenuOption(profile)?.key === key) return [PICKUP_TEXT[language].noAddress];
  // Waybill tracking (tracking-scenarios.ts): no waybill typed, asked once more, then an agent.
  if (trackingMenuOption(profile)?.key === key) {
    const ss = SELF_SERVICE_TEXT[language];
    const enter = [TRACK_TEXT[language].enter, ss.entryAgent].join(SENTENCE_JOIN[language]);
    return [enter, ss.noInput, enter, ss.noInput, ss.toAgent];
  }
  // Spoken FAQ answers (faq-scenarios.test.ts): no key in the FAQ menu, asked menuRetries more times, then an agent.
  const faq = knowledgeOf(profile.id).ivrFaq;
  if (faq?.menuKey === key) {
    const ask = faqMenuText(faq, language);
    const none = FAQ_TEXT[language].noInput;
    return [ask, none, ...Array.from({ length: profile.menuRetries }, () => [ask, none]).flat()];
  }
  // Repair booking (repair-scenarios.ts): the menu callers have no vehicle on file, so an agent books.
  if (repairMenuOption(profile)?.key === key) return [BOOKING_TEXT[language].noVehicle];
  // Lead capture (lead-scenarios.ts): a caller who answers nothing hears the interest menu three times.
  const leads = leadSettingsOf(profile.id);
  if (leads && leadMenuOption(profile)?.key === key) {
    const ss = SELF_SERVICE_TEXT[language];
    const ask = [LEAD_TEXT[language].interest(leads), ss.menuAgent].join(SENTENCE_JOIN[language]);
    return [ask, ss.noInput, ask, ss.noInput, ask, ss.noInput, ss.toAgent];
  }
  return [];
}

/** A prompt as heard: SSML tags dropped, entities decoded. */
export function speech(prompt: string): string {
  return prompt
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** Seconds from the start of the call to a CTR timestamp. */
export function secondsIn(r: ScenarioResult, timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  return (Date.parse(timestamp) - Date.parse(r.ctr.InitiationTimestamp)) / 1000;
}

/** `[agent] text`: a prompt the agent hears (the whisper). */
export const toAgent = (text: string): string => `[agent] ${text}`;

/** Every agent of the profile in `state`, with exceptions. */
export function everyAgent(
  profile: Profile,
  state: AgentState,
  except: Readonly<Record<string, AgentState>> = {},
): Record<string, AgentState> {
  return Object.fromEntries(profile.agents.map((a) => [a.id, except[a.id] ?? state]));
}

// ---------------------------------------------------------------------------------------------------------------
// Stub in-call functions (the lookup failing in ways the real handler never does)

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};
/** Answers a VIP — far too late: after ten times the (scaled) time limit. */
const tooSlow: LambdaInvoker = () =>
  new Promise((resolve) => {
    setTimeout(() => resolve({ lookupStatus: 'ok', known: 'true', vip: 'true' }), 300).unref();
  });
/** Answers something that is not a flat string map. */
const garbage: LambdaInvoker = () => ({ lookupStatus: 'ok', known: true, vip: { nested: 'yes' } });

// ---------------------------------------------------------------------------------------------------------------
// The suite

export interface ScenarioFile {
  readonly spec: ProfileSpec;
  readonly profile: Profile;
  /** The file's contact centre (available once beforeAll ran). */
  centre(): ScenarioCentre;
}

/**
 * `routing: false`: only the scenario centre (for the ticket, survey and other record-checking scenarios), for a
 * profile whose routing scenarios are scenario files (contact-flows/scenarios/<profile>/, run by `hotline test`).
 */
export function profileScenarios(spec: ProfileSpec, opts: { readonly routing?: boolean } = {}): ScenarioFile {
  const profile = getProfile(spec.id);
  let current: ScenarioCentre | undefined;
  const centre = (): ScenarioCentre => {
    if (!current) throw new Error('the scenario centre is not open yet');
    return current;
  };
  beforeAll(async () => {
    current = await openScenarioCentre(spec.id, spec.data);
  });

  const primary = profile.defaultLanguage;
  const w = profile.prompts[primary];
  // The key straight to the general queue (not the spoken FAQ key, whose 0 also reaches it).
  const faqKey = knowledgeOf(profile.id).ivrFaq?.menuKey;
  const generalKey = profile.menu.find((o) => o.queue === profile.generalQueue && o.key !== faqKey)?.key;
  if (generalKey === undefined) throw new Error(`${spec.id}: no menu key for the general queue`);
  const agentOf = (key: string): string => {
    const agent = spec.menuAgents[key];
    if (!agent) throw new Error(`${spec.id}: no agent for menu key ${key}`);
    return agent;
  };
  const generalAgent = agentOf(generalKey);
  const wrongKey = ['9', '8', '7', '4'].find((k) => !profile.menu.some((o) => o.key === k));
  if (wrongKey === undefined) throw new Error(`${spec.id}: every key is in the menu`);
  const inbound = () => centre().flowArn('inbound');
  const queueFlow = () => centre().flowArn('customerQueue');
  if (opts.routing === false) return { spec, profile, centre };

  describe.each(LANGUAGES)(`${spec.id}: callers whose language is %s`, (language) => {
    const t = profile.prompts[language];
    const cast = spec.cast[language];
    const id = (name: string) => idIn(profile, name, language);
    const menu = menuText(profile, language);
    const start = opening(profile, language);
    /** What a repeat caller hears before their last agent: the urgent keys (issue 12), if the profile has any. */
    const offerText = lastAgentOfferText(profile, language);
    const lastAgentOffer = offerText ? [offerText] : [];
    /** The caller of menu scenarios: an unknown number (primary language) or a plain known customer. */
    const menuCaller: Caller = language === primary ? { dial: spec.unknown } : cast.plain;
    /** What the repeat caller chooses when not routed to their last agent: an option that agent does not answer. */
    const repeatOption = profile.menu.find((o) => !o.branchFirst && agentOf(o.key) !== cast.repeat.lastAgent);
    if (!repeatOption) throw new Error(`${spec.id}: no menu option for the repeat caller`);

    it('a blocked caller dialling another format than the one blocked hears the blocked prompt and is hung up on', async () => {
      const r = await centre().call({ from: cast.blocked.dial, inputs: ['1'] });
      expect(r.prompts).toEqual([t.blocked, t.goodbye]);
      expect(r.outcome.type).toBe('disconnected');
      expect(r.outcome.agent).toBeUndefined();
      expect(r.ctr.Queue).toBeNull();
      expect(r.inputs).toEqual([]);
      expect(r.attributes).toMatchObject({ blocked: 'true', lookupStatus: expect.any(String) });
      expect(r.attributes.blockReason).not.toBe('');
      expect(r.lambdas.map((l) => l.error)).toEqual([undefined]);
    });

    it('a VIP goes to their dedicated agent when that agent is available, at priority 1', async () => {
      const vip = cast.vip;
      const r = await centre().call({ from: vip.dial, inputs: keys(profile, vip) });
      expect(r.outcome).toMatchObject({ type: 'agent', priority: 1 });
      expect(r.queueKey).toBe(`agent:${vip.agent}`);
      expect(r.agentId).toBe(vip.agent);
      expect(r.attributes).toMatchObject({
        lookupStatus: 'ok',
        known: 'true',
        vip: 'true',
        customerId: vip.customerId,
        displayName: vip.name,
        tier: vip.tier,
        dedicatedAgentId: vip.agent,
        queueHint: profile.vipQueue,
        language,
      });
      // No menu: the green channel goes straight through.
      expect(r.prompts.slice(0, start.length + 1)).toEqual([...start, t.transfer]);
      expect(r.prompts).not.toContain(menu);
      expect(r.prompts.at(start.length + 1)).toBe(toAgent(w.whisperVip));
    });

    it('a VIP whose dedicated agent is Busy waits in the VIP queue at priority 1', async () => {
      const vip = cast.vip;
      const r = await centre().call({
        from: vip.dial,
        inputs: keys(profile, vip),
        agents: { [vip.agent]: 'Busy' },
        agentEvents: [{ agent: vip.agent, state: 'Available', afterSeconds: 120 }],
      });
      expect(r.outcome).toMatchObject({ type: 'agent', priority: 1 });
      expect(r.queueKey).toBe(profile.vipQueue);
      expect(r.agentId).toBe(spec.vipQueueWhileBusy);
      expect(r.path).toContainEqual(
        expect.objectContaining({ action: id('Dedicated agent free?'), branch: 'NextAction' }),
      );
    });

    it('a VIP without a dedicated agent goes to the VIP queue at priority 1', async () => {
      const vip = cast.vipNoAgent;
      const r = await centre().call({ from: vip.dial, inputs: keys(profile, vip) });
      expect(r.attributes).toMatchObject({ vip: 'true', dedicatedAgentId: '', customerId: vip.customerId });
      expect(r.outcome).toMatchObject({ type: 'agent', priority: 1 });
      expect(r.queueKey).toBe(profile.vipQueue);
      expect(r.agentId).toBe(vip.agent);
      expect(r.prompts.slice(0, start.length + 1)).toEqual([...start, t.transfer]);
    });

    it('a repeat caller goes to the agent who served them last, who hears their summary and last contact', async () => {
      const caller = cast.repeat;
      const r = await centre().call({ from: caller.dial, inputs: keys(profile, caller) });
      expect(r.outcome).toMatchObject({ type: 'agent', priority: DEFAULT_PRIORITY });
      expect(r.queueKey).toBe(`agent:${caller.lastAgent}`);
      expect(r.agentId).toBe(caller.lastAgent);
      expect(r.attributes).toMatchObject({
        known: 'true',
        vip: 'false',
        customerId: caller.customerId,
        lastAgentId: caller.lastAgent,
        recentContactCount: '1',
      });
      expect(r.prompts).toEqual([
        ...start,
        ...lastAgentOffer,
        t.transfer,
        // The agents' language, whatever the caller's.
        toAgent(fill(w.whisper, r.attributes)),
        toAgent(fill(w.whisperLastContact, r.attributes)),
      ]);
    });

    // Issue 12: skipping the menu never takes an urgent key (roadside rescue) away.
    const urgent = profile.menu.filter((o) => o.urgent);
    if (urgent.length > 0) {
      it.each(urgent.map((o) => [o.key, o.queue] as const))(
        'a repeat caller on the way to their last agent may press the urgent key %s: queue %s',
        async (key, queue) => {
          const caller = cast.repeat;
          // The key goes where the menu sends it: its self-service first, if it has one (the distributor's ordering,
          // where the caller then asks for an agent: `selfServiceToAgent`).
          const toAgentKeys = spec.selfServiceToAgent?.[key];
          const r = await centre().call({
            from: caller.dial,
            inputs: keys(profile, caller, key, ...(toAgentKeys ?? [])),
          });
          if (toAgentKeys) {
            expect(r.prompts.slice(0, start.length + 1)).toEqual([...start, ...lastAgentOffer]);
            expect(r.prompts).toContain(t.transfer);
            // The option's queue, or its branch's (a branch-first option).
            expect([queue, ...Object.values(profile.branchQueues)]).toContain(r.queueKey);
          } else {
            const sub = afterMenuKey(profile, language, key);
            expect(r.prompts.slice(0, start.length + 2 + sub.length)).toEqual([
              ...start,
              ...lastAgentOffer,
              ...sub,
              t.transfer,
            ]);
            expect(r.queueKey).toBe(queue);
          }
        },
      );

      it('a wrong key, or a failing offer, during the last-agent offer: the last agent all the same', async () => {
        const caller = cast.repeat;
        const wrong = await centre().call({ from: caller.dial, inputs: keys(profile, caller, '9') });
        expect(wrong.agentId).toBe(caller.lastAgent);
        const failing = await centre().call({
          from: caller.dial,
          inputs: keys(profile, caller),
          faults: [
            { flow: centre().flowArn('inbound'), action: id('Last agent offer'), error: 'NoMatchingError' },
          ],
        });
        expect(failing.agentId).toBe(caller.lastAgent);
      });
    }

    it.each<AgentState>(['Busy', 'Offline'])(
      'a repeat caller whose last agent is %s gets the menu',
      async (state) => {
        const caller = cast.repeat;
        const option = repeatOption;
        const r = await centre().call({
          from: caller.dial,
          inputs: keys(profile, caller, option.key),
          agents: { [caller.lastAgent]: state },
        });
        const sub = afterMenuKey(profile, language, option.key);
        expect(r.prompts.slice(0, start.length + 2 + sub.length)).toEqual([
          ...start,
          menu,
          ...sub,
          t.transfer,
        ]);
        expect(r.queueKey).toBe(option.queue);
        expect(r.agentId).toBe(agentOf(option.key));
        expect(r.outcome.priority).toBe(DEFAULT_PRIORITY);
      },
    );

    it.each(profile.menu.map((o) => [o.key, o.queue] as const))(
      'menu key %s goes to queue %s and its agent',
      async (key, queue) => {
        const r = await centre().call({ from: menuCaller.dial, inputs: keys(profile, menuCaller, key) });
        // The ticket submenu's key, left without an answer, goes on to its queue (ticket-scenarios.ts).
        const sub = afterMenuKey(profile, language, key);
        expect(r.prompts.slice(0, start.length + 2 + sub.length)).toEqual([
          ...start,
          menu,
          ...sub,
          t.transfer,
        ]);
        expect(r.outcome).toMatchObject({ type: 'agent', priority: DEFAULT_PRIORITY });
        expect(r.queueKey).toBe(queue);
        expect(r.agentId).toBe(agentOf(key));
      },
    );

    it(`no key at all: the menu is offered again ${profile.menuRetries} times, then the general queue`, async () => {
      const silent = Array.from({ length: profile.menuRetries + 1 }, () => null);
      const r = await centre().call({ from: menuCaller.dial, inputs: keys(profile, menuCaller, ...silent) });
      const tries = silent.flatMap(() => [menu, t.menuNoInput]);
      expect(r.prompts.slice(0, start.length + tries.length + 1)).toEqual([...start, ...tries, t.transfer]);
      expect(r.queueKey).toBe(profile.generalQueue);
      expect(r.agentId).toBe(generalAgent);
    });

    it(`wrong keys: the menu is offered again ${profile.menuRetries} times, then the general queue`, async () => {
      const wrong = Array.from({ length: profile.menuRetries + 1 }, (_, i) => (i % 2 ? '*' : wrongKey));
      const r = await centre().call({ from: menuCaller.dial, inputs: keys(profile, menuCaller, ...wrong) });
      const tries = wrong.flatMap(() => [menu, t.menuInvalid]);
      expect(r.prompts.slice(0, start.length + tries.length + 1)).toEqual([...start, ...tries, t.transfer]);
      expect(r.queueKey).toBe(profile.generalQueue);
      expect(r.agentId).toBe(generalAgent);
    });

    it('no key, then a wrong key, then a valid key: the chosen queue', async () => {
      const option = profile.menu.find((o) => !o.branchFirst && o.queue !== profile.generalQueue);
      if (!option) throw new Error('no menu option for this scenario');
      const r = await centre().call({
        from: menuCaller.dial,
        inputs: keys(profile, menuCaller, null, wrongKey, option.key),
      });
      const sub = afterMenuKey(profile, language, option.key);
      expect(r.prompts.slice(0, start.length + 6 + sub.length)).toEqual([
        ...start,
        menu,
        t.menuNoInput,
        menu,
        t.menuInvalid,
        menu,
        ...sub,
        t.transfer,
      ]);
      expect(r.queueKey).toBe(option.queue);
    });

    it('after hours: the after-hours message, the voicemail offer; no key: goodbye', async () => {
      const when = spec.afterHours;
      const r = await centre().call({
        from: cast.plain.dial,
        inputs: [],
        ...('at' in when ? { at: when.at } : { setup: (c, p) => closeHours(c, p, p.hoursForEntry) }),
      });
      expect(r.prompts).toEqual([t.welcome, t.afterHours, voicemailOfferText(profile, language), t.goodbye]);
      expect(r.outcome.type).toBe('disconnected');
      expect(r.ctr.Queue).toBeNull();
    });

    it('a queue outside its own hours: the queue-closed message, the voicemail offer, then goodbye', async () => {
      const { at, key } = spec.queueClosed;
      const r = await centre().call({ at, from: menuCaller.dial, inputs: keys(profile, menuCaller, key) });
      expect(r.prompts).toEqual([
        ...start,
        menu,
        ...afterMenuKey(profile, language, key),
        t.queueClosed,
        voicemailOfferText(profile, language),
        t.goodbye,
      ]);
      expect(r.outcome.type).toBe('disconnected');
      expect(r.outcome.agent).toBeUndefined();
    });

    it('a full queue: the busy message, then goodbye', async () => {
      const r = await centre().call({
        from: menuCaller.dial,
        inputs: keys(profile, menuCaller, generalKey),
        agents: everyAgent(profile, 'Offline'),
        waiting: { [profile.generalQueue]: 1 },
        setup: (c, p) => limitQueue(c, p, p.generalQueue, 1),
      });
      expect(r.prompts).toEqual([...start, menu, t.transfer, t.busy, t.goodbye]);
      expect(r.outcome.type).toBe('disconnected');
    });

    if (spec.branches) {
      const branchFirst = profile.menu.filter((o) => o.branchFirst);
      const rows = Object.entries(spec.branches[language]).flatMap(([queue, caller]) =>
        branchFirst.map((o) => [o.key, queue, caller] as const),
      );
      it.each(rows)(
        'a caller of a branch pressing %s goes to the branch queue %s',
        async (key, queue, caller) => {
          // A key that starts a self-service for an authenticated caller (the order centre's ordering and history):
          // the caller asks for the agent there (`selfServiceToAgent`), who is in the branch queue too.
          const toAgentKeys = spec.selfServiceToAgent?.[key];
          const r = await centre().call({
            from: caller.dial,
            inputs: keys(profile, caller, key, ...(toAgentKeys ?? [])),
          });
          expect(r.attributes.queueHint).toBe(queue);
          if (toAgentKeys) {
            expect(r.prompts.slice(0, start.length + 1)).toEqual([...start, menu]);
            expect(r.prompts).toContain(t.transfer);
          } else expect(r.prompts.slice(0, start.length + 2)).toEqual([...start, menu, t.transfer]);
          expect(r.queueKey).toBe(queue);
          expect(r.agentId).toBe(caller.agent);
        },
      );
    }

    describe('the customer queue flow (no agent free)', () => {
      const hold = speech(t.hold);
      const caller = menuCaller;
      const call = (extra: Partial<ScenarioCall> & { inputs?: (string | null)[] }): Promise<ScenarioResult> =>
        centre().call({
          from: caller.dial,
          agents: everyAgent(profile, 'Offline'),
          ...extra,
          inputs: keys(profile, caller, generalKey, ...(extra.inputs ?? [])),
        });

      it('others waiting: the queue status, hold music, then a callback offer the caller accepts', async () => {
        const r = await call({ inputs: ['1'], waiting: { [profile.generalQueue]: 2 } });
        expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([
          t.queueStatus.replace('$.Metrics.Queue.Size', '3'),
          hold,
          queueOfferText(profile, language),
          t.callbackConfirmed,
          t.goodbye,
        ]);
        expect(r.outcome).toMatchObject({ type: 'callback', priority: DEFAULT_PRIORITY });
        expect(r.outcome.callbackNumber).toBe(r.ctr.CustomerEndpoint?.Address);
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.agentId).toBeUndefined();
      });

      it('alone in queue: no status; the caller declines the callback twice and an agent takes the call', async () => {
        const r = await call({
          inputs: [null, '9'],
          agentEvents: [{ agent: generalAgent, state: 'Available', afterSeconds: 150 }],
        });
        const heard = r.prompts.slice(start.length + 2).filter((p) => !p.startsWith('[agent]'));
        const offer = queueOfferText(profile, language);
        expect(heard.map(speech)).toEqual([hold, offer, hold, offer, hold]);
        expect(r.outcome).toMatchObject({ type: 'agent' });
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.agentId).toBe(generalAgent);
        expect(r.path).toContainEqual(
          expect.objectContaining({ flow: queueFlow(), action: id('Hold'), branch: 'Interrupted' }),
        );
      });

      it('the caller gives up waiting (patience): abandoned in the queue', async () => {
        const r = await call({ patienceSeconds: 90 });
        expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([
          hold,
          queueOfferText(profile, language),
          hold,
        ]);
        expect(r.outcome).toMatchObject({ type: 'abandoned', priority: DEFAULT_PRIORITY });
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.ctr.Agent).toBeNull();
      });

      it('a chat contact gets no hold loop (its error branch) and waits until an agent takes it', async () => {
        const r = await call({
          channel: 'CHAT',
          agentEvents: [{ agent: generalAgent, state: 'Available', afterSeconds: 100 }],
        });
        expect(r.path).toContainEqual(
          expect.objectContaining({ flow: queueFlow(), action: id('Hold'), branch: 'Error:NoMatchingError' }),
        );
        expect(r.prompts.slice(start.length + 2).filter((p) => !p.startsWith('[agent]'))).toEqual([]);
        expect(r.agentId).toBe(generalAgent);
        expect(secondsIn(r, r.ctr.Queue?.DequeueTimestamp)).toBe(100);
      });

      it('booking the callback fails: the caller stays in the queue', async () => {
        const r = await call({
          inputs: ['1'],
          patienceSeconds: 100,
          faults: [{ flow: queueFlow(), action: id('Book callback'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([
          hold,
          queueOfferText(profile, language),
          hold,
        ]);
        expect(r.outcome.type).toBe('abandoned');
        expect(r.outcome.callbackNumber).toBeUndefined();
      });

      it('the queue metrics fail: no status, hold music', async () => {
        const r = await call({
          waiting: { [profile.generalQueue]: 2 },
          patienceSeconds: 30,
          faults: [{ flow: queueFlow(), action: id('Queue metrics'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([hold]);
        expect(r.outcome.type).toBe('abandoned');
      });

      it('the callback offer fails: back to hold music', async () => {
        const r = await call({
          inputs: ['1'],
          patienceSeconds: 100,
          faults: [{ flow: queueFlow(), action: id('Offer callback'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([hold, hold]);
        expect(r.inputs.slice(-1)).toEqual([generalKey]);
        expect(r.outcome.type).toBe('abandoned');
      });
    });

    describe('errors in the inbound flow never drop the caller', () => {
      it('the dedicated agent cannot be set: the VIP queue', async () => {
        const r = await centre().call({
          from: cast.vip.dial,
          inputs: keys(profile, cast.vip),
          faults: [{ flow: inbound(), action: id('Dedicated agent'), error: 'NoMatchingError' }],
        });
        expect(r.queueKey).toBe(profile.vipQueue);
        expect(r.outcome.priority).toBe(1);
        expect(r.agentId).toBe(cast.vipNoAgent.agent);
      });

      it('the last agent cannot be set: the menu', async () => {
        const r = await centre().call({
          from: cast.repeat.dial,
          // No key at the last-agent offer (a profile with urgent keys), then the menu's.
          inputs: keys(profile, cast.repeat, ...(offerText ? [null] : []), repeatOption.key),
          faults: [{ flow: inbound(), action: id('Last agent'), error: 'NoMatchingError' }],
        });
        const sub = afterMenuKey(profile, language, repeatOption.key);
        expect(r.prompts.slice(0, start.length + 2 + lastAgentOffer.length + sub.length)).toEqual([
          ...start,
          ...lastAgentOffer,
          menu,
          ...sub,
          t.transfer,
        ]);
        expect(r.queueKey).toBe(repeatOption.queue);
        expect(r.agentId).toBe(agentOf(repeatOption.key));
      });

      it('the last agent has left (unknown to Connect): the menu', async () => {
        const r = await centre().call({
          from: cast.former.dial,
          inputs: keys(profile, cast.former, generalKey),
        });
        expect(r.attributes.lastAgentId).toBe(DEPARTED_AGENT);
        expect(r.path).toContainEqual(
          expect.objectContaining({ action: id('Last agent free?'), branch: 'Error:NoMatchingError' }),
        );
        expect(r.prompts.slice(0, start.length + 2)).toEqual([...start, menu, t.transfer]);
        expect(r.queueKey).toBe(profile.generalQueue);
      });

      it('the menu fails: the general queue', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller),
          faults: [{ flow: inbound(), action: id('Menu'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(0, start.length + 1)).toEqual([...start, t.transfer]);
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.agentId).toBe(generalAgent);
      });

      it('the entry hours cannot be checked: the caller goes on as if open', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller, generalKey),
          faults: [{ flow: inbound(), action: id('Open?'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(0, start.length + 2)).toEqual([...start, menu, t.transfer]);
        expect(r.queueKey).toBe(profile.generalQueue);
      });

      it('the VIP line cannot be set: the menu, still at priority 1', async () => {
        const r = await centre().call({
          from: cast.vipNoAgent.dial,
          inputs: keys(profile, cast.vipNoAgent, generalKey),
          faults: [{ flow: inbound(), action: id('VIP line'), error: 'NoMatchingError' }],
        });
        expect(r.path).toContainEqual(
          expect.objectContaining({ action: id('VIP line'), branch: 'Error:NoMatchingError' }),
        );
        expect(r.prompts).toContain(menu);
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.outcome.priority).toBe(1);
      });

      it('the VIP line is closed: the menu, still at priority 1', async () => {
        const r = await centre().call({
          from: cast.vipNoAgent.dial,
          inputs: keys(profile, cast.vipNoAgent, generalKey),
          setup: (c, p) => closeQueue(c, p, p.vipQueue),
        });
        expect(r.path).toContainEqual(
          expect.objectContaining({ action: id('VIP line open?'), branch: 'Condition:Equals False' }),
        );
        expect(r.prompts.slice(0, start.length + 2)).toEqual([...start, menu, t.transfer]);
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.outcome.priority).toBe(1);
      });

      it("the VIP line's hours cannot be checked: the VIP queue", async () => {
        const r = await centre().call({
          from: cast.vipNoAgent.dial,
          inputs: keys(profile, cast.vipNoAgent),
          faults: [{ flow: inbound(), action: id('VIP line open?'), error: 'NoMatchingError' }],
        });
        expect(r.queueKey).toBe(profile.vipQueue);
        expect(r.outcome.priority).toBe(1);
      });

      const queues = [
        ...new Set([...profile.menu.map((o) => o.queue), ...Object.keys(spec.branches?.[language] ?? {})]),
      ].filter((q) => q !== profile.generalQueue);
      it.each(queues)('queue %s cannot be set: the general queue', async (queue) => {
        const option = profile.menu.find((o) => o.queue === queue);
        const branchCaller = spec.branches?.[language][queue];
        const route: ScenarioCall = branchCaller
          ? {
              from: branchCaller.dial,
              inputs: keys(profile, branchCaller, profile.menu.find((o) => o.branchFirst)?.key ?? null),
            }
          : { from: menuCaller.dial, inputs: keys(profile, menuCaller, option?.key ?? null) };
        const r = await centre().call({
          ...route,
          faults: [{ flow: inbound(), action: id(`Queue ${queue}`), error: 'NoMatchingError' }],
        });
        expect(r.path).toContainEqual(
          expect.objectContaining({ action: id(`Queue ${queue}`), branch: 'Error:NoMatchingError' }),
        );
        expect(r.queueKey).toBe(profile.generalQueue);
        expect(r.outcome.type).toBe('agent');
      });

      it('the general queue cannot be set: the error message, then goodbye', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller, generalKey),
          faults: [
            { flow: inbound(), action: id(`Queue ${profile.generalQueue}`), error: 'NoMatchingError' },
          ],
        });
        expect(r.prompts).toEqual([...start, menu, t.error, t.goodbye]);
        expect(r.outcome.type).toBe('disconnected');
      });

      it('the transfer fails: the error message, then goodbye', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller, generalKey),
          faults: [{ flow: inbound(), action: id('Transfer'), error: 'NoMatchingError' }],
        });
        expect(r.prompts).toEqual([...start, menu, t.transfer, t.error, t.goodbye]);
        expect(r.outcome.type).toBe('disconnected');
      });

      it('the customer queue flow cannot be set: the caller waits in silence for an agent', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller, generalKey),
          agents: everyAgent(profile, 'Offline'),
          agentEvents: [{ agent: generalAgent, state: 'Available', afterSeconds: 90 }],
          faults: [{ flow: inbound(), action: id('Queue flow'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.filter((p) => !p.startsWith('[agent]'))).toEqual([...start, menu, t.transfer]);
        expect(r.agentId).toBe(generalAgent);
        expect(secondsIn(r, r.ctr.Queue?.DequeueTimestamp)).toBe(90);
      });

      it('the whisper flow cannot be set: the agent takes the call without a whisper', async () => {
        const r = await centre().call({
          from: menuCaller.dial,
          inputs: keys(profile, menuCaller, generalKey),
          faults: [{ flow: inbound(), action: id('Whisper flow'), error: 'NoMatchingError' }],
        });
        expect(r.prompts).toEqual([...start, menu, t.transfer]);
        expect(r.agentId).toBe(generalAgent);
      });
    });
  });

  describe(`${spec.id}: unknown callers, and the caller lookup failing`, () => {
    const t = profile.prompts[primary];
    const start = opening(profile, primary);
    const menu = menuText(profile, primary);
    const vip = spec.cast[primary].vip;
    /** The contact attributes besides the lookup's: none (where a card is asked for, the VIP types none here). */
    const typed: Record<string, string> = {};
    /** The attributes but `callerNumber`, which the flow saves before the lookup whatever happens next. */
    const withoutNumber = ({ callerNumber: _, ...rest }: Readonly<Record<string, string>>) => rest;

    it('an unknown caller: not found, the menu, and the agent hears "unidentified caller"', async () => {
      const r = await centre().call({ from: spec.unknown, inputs: keys(profile, undefined, generalKey) });
      expect(r.attributes).toMatchObject({
        lookupStatus: 'not_found',
        known: 'false',
        withheld: 'false',
        vip: 'false',
        blocked: 'false',
        customerId: '',
        recentContactCount: '0',
      });
      expect(r.prompts).toEqual([...start, menu, t.transfer, toAgent(w.whisperUnknown)]);
      expect(r.outcome).toMatchObject({ type: 'agent', priority: DEFAULT_PRIORITY });
      expect(r.agentId).toBe(generalAgent);
    });

    it('a withheld number is never offered a callback', async () => {
      const r = await centre().call({
        from: 'anonymous',
        inputs: keys(profile, undefined, generalKey, '1'),
        agents: everyAgent(profile, 'Offline'),
        patienceSeconds: 150,
      });
      expect(r.attributes).toMatchObject({ withheld: 'true', known: 'false' });
      expect(r.prompts.slice(start.length + 2).map(speech)).toEqual([
        speech(t.hold),
        speech(t.hold),
        speech(t.hold),
      ]);
      expect(r.outcome.type).toBe('abandoned');
    });

    const unidentified = async (call: ScenarioCall) => {
      // A VIP calls, but the lookup cannot say so: the call goes on as an unknown caller. (Where the profile asks
      // for a card, the VIP types none: a card would identify them whatever the lookup says.)
      const r = await centre().call({
        from: vip.dial,
        inputs: keys(profile, undefined, generalKey),
        ...call,
      });
      expect(r.prompts).toEqual([...start, menu, t.transfer, toAgent(w.whisperUnknown)]);
      expect(r.outcome).toMatchObject({ type: 'agent', priority: DEFAULT_PRIORITY });
      expect(r.queueKey).toBe(profile.generalQueue);
      expect(r.agentId).toBe(generalAgent);
      expect(r.attributes.callerNumber).toBeTruthy();
      return r;
    };

    it('the lookup Lambda throws: an unknown caller (lookupStatus error)', async () => {
      const r = await unidentified({ lambdas: { callerLookup: throws } });
      expect(withoutNumber(r.attributes)).toEqual({ lookupStatus: 'error', ...typed });
      expect(r.lambdas).toMatchObject([{ error: expect.stringMatching(/^threw: /) }]);
    });

    it('the lookup Lambda is slower than its time limit: an unknown caller; its late VIP answer is ignored', async () => {
      const r = await unidentified({ lambdas: { callerLookup: tooSlow }, lambdaTimeScale: 0.01 });
      expect(withoutNumber(r.attributes)).toEqual({ lookupStatus: 'error', ...typed });
      expect(r.lambdas).toMatchObject([{ timedOut: true }]);
    });

    it('the lookup Lambda answers something that is not a string map: an unknown caller', async () => {
      const r = await unidentified({ lambdas: { callerLookup: garbage } });
      expect(withoutNumber(r.attributes)).toEqual({ lookupStatus: 'error', ...typed });
      expect(r.lambdas[0]?.error).toMatch(/STRING_MAP/);
    });

    it('the CRM table is missing: the real handler answers degraded, an unknown caller', async () => {
      const tables = centre().tables;
      const broken = localHandlers(profile, {
        tableEnv: { ...tables.env, CRM_TABLE_NAME: 'no-such-table' },
        endpoint: tables.endpoint,
      });
      const r = await unidentified({ lambdas: broken });
      expect(r.attributes).toMatchObject({ lookupStatus: 'degraded', known: 'false', vip: 'false' });
      expect(r.lambdas.map((l) => l.error)).toEqual([undefined]);
    });

    it('saving the caller number fails: the lookup still runs, the screen pop just lacks the number', async () => {
      const r = await centre().call({
        from: spec.unknown,
        inputs: keys(profile, undefined, generalKey),
        faults: [{ flow: inbound(), action: 'Save number', error: 'NoMatchingError' }],
      });
      expect(r.attributes.callerNumber).toBeUndefined();
      expect(r.attributes.lookupStatus).toBe('not_found');
      expect(r.agentId).toBe(generalAgent);
    });

    it('saving the lookup answer fails: an unknown caller', async () => {
      const r = await unidentified({
        faults: [{ flow: inbound(), action: 'Save caller', error: 'NoMatchingError' }],
      });
      expect(withoutNumber(r.attributes)).toEqual({ lookupStatus: 'error', ...typed });
    });

    it('marking the lookup as failed fails too: still an unknown caller', async () => {
      const r = await unidentified({
        lambdas: { callerLookup: throws },
        faults: [{ flow: inbound(), action: 'Lookup failed', error: 'NoMatchingError' }],
      });
      expect(withoutNumber(r.attributes)).toEqual(typed);
    });
  });

  describe(`${spec.id}: the agent whisper`, () => {
    it('a VIP repeat caller: the VIP notice, the summary (name, tier, open tickets), the last contact', async () => {
      const vip = spec.cast[primary].vip;
      const r = await centre().call({ from: vip.dial, inputs: keys(profile, vip) });
      const a = r.attributes;
      expect(Number(a.recentContactCount)).toBeGreaterThan(0);
      const whisper = r.prompts.filter((p) => p.startsWith('[agent]'));
      expect(whisper).toEqual([
        toAgent(w.whisperVip),
        toAgent(fill(w.whisper, a)),
        toAgent(fill(w.whisperLastContact, a)),
      ]);
      for (const value of [vip.name, vip.tier, a.openTickets, a.lastContactAt]) {
        expect(value).toBeTruthy();
        expect(whisper.join(' ')).toContain(value);
      }
    });

    it('a known caller without history: the summary only', async () => {
      const plain = spec.cast['en-US'].plain;
      const r = await centre().call({ from: plain.dial, inputs: keys(profile, plain, generalKey) });
      expect(r.attributes).toMatchObject({ known: 'true', vip: 'false', recentContactCount: '0' });
      const whisper = r.prompts.filter((p) => p.startsWith('[agent]'));
      expect(whisper).toEqual([toAgent(fill(w.whisper, r.attributes))]);
      expect(whisper[0]).toContain(plain.name);
      expect(whisper[0]).toContain(plain.tier);
    });
  });

  return { spec, profile, centre };
}

// ---------------------------------------------------------------------------------------------------------------
// Error sweep and coverage

/** A transition no scenario takes, and why. */
export interface Uncovered {
  readonly flow: ScenarioFlowKey;
  readonly action: string;
  readonly branch: string;
  readonly why: string;
}

/** Transitions of every profile that no scenario can take with the real caller lookup. */
export const UNREACHABLE: readonly Uncovered[] = [
  {
    flow: 'customerQueue',
    action: 'Callback possible? en-US',
    branch: 'Condition:Equals true',
    why:
      'needs a withheld number with language en-US: the lookup gives a withheld number no customer, hence no ' +
      'language, so withheld callers always take the zh-CN copy',
  },
  ...['Card number', 'Card number en-US'].map(
    (action): Uncovered => ({
      flow: 'inbound',
      action,
      branch: 'Error:NoMatchingError',
      why:
        'Store customer input with no key continues on Success with $.StoredCustomerInput = "Timeout" (AG ' +
        'store-customer-input.md), so no scripted input makes the card-number entry fail (distribution only)',
    }),
  ),
];

/** Action types whose error does nothing but skip the action: the sweep checks exactly that. */
const SKIPPABLE = new Set(['MessageParticipant', 'UpdateContactTextToSpeechVoice', 'UpdateContactData']);

/**
 * Last in a profile's test file: every message, voice and language action is replayed with that action failing (a call that passed it, re-run with a fault): the caller must
 * hear the same call minus that prompt and end the same way. Then the coverage of each flow must reach
 * `floors`, with exactly the `uncovered` transitions left; the report goes to coverage/flows/<profile>.txt.
 */
export function coverageChecks(
  file: ScenarioFile,
  floors: Readonly<Record<Exclude<ScenarioFlowKey, 'ticketMenu'>, number>> & { ticketMenu?: number },
  uncovered: readonly Uncovered[] = UNREACHABLE,
): void {
  const { profile } = file;
  const refs = localFlowRefs(profile);
  const built = buildProfileFlows(profile, refs);
  const flows: Record<ScenarioFlowKey, { content: FlowDocument }> = {
    ...built,
    ticketMenu: buildProfileModules(profile, refs).ticketMenu,
  };
  const rows = FLOW_KEYS.flatMap((key) =>
    flows[key].content.Actions.filter(
      (a) => SKIPPABLE.has(a.Type) && a.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingError'),
    ).map((a) => [key, a.Identifier] as const),
  );

  afterAll(() => {
    const centre = file.centre();
    const why = Object.fromEntries(uncovered.map((u) => [`${u.action} ${u.branch}`, u.why]));
    const path = writeCoverageReport(centre, why);
    process.stdout.write(`${coverageLine(centre)} (report: ${path})\n`);
  });

  // Only the listed transitions this profile's flows have (e.g. the card number is distribution's alone).
  const mine = uncovered.filter((u) => flows[u.flow].content.Actions.some((a) => a.Identifier === u.action));

  describe(`${profile.id}: coverage`, () => {
    it.each(rows)('%s: an error in "%s" only skips it', async (flowKey, action) => {
      const centre = file.centre();
      const flow = centre.flowArn(flowKey);
      const visits = (r: ScenarioResult) => r.path.some((s) => s.flow === flow && s.action === action);
      // A call that passed the action: one without faults if there is one (some actions are only reached
      // through another error, e.g. the error message).
      const passed = centre.history.filter(
        (h) => visits(h.result) && !h.call.faults?.some((f) => f.action === action),
      );
      const base = passed.find((h) => !h.call.faults?.length) ?? passed[0];
      if (!base) throw new Error(`no scenario passes "${action}" in ${flowKey}`);
      const r = await centre.call({
        ...base.call,
        faults: [...(base.call.faults ?? []), { flow, action, error: 'NoMatchingError' }],
      });
      const faulted = (s: { flow?: string; action?: string }) => s.flow === flow && s.action === action;
      expect(r.path).toEqual(
        base.result.path.map((s) =>
          faulted(s) ? { ...s, branch: 'Error:NoMatchingError', error: 'NoMatchingError' } : s,
        ),
      );
      expect([...r.prompts, ...r.surveyPrompts]).toEqual(
        base.result.events.filter((e) => e.kind === 'prompt' && !faulted(e)).map((e) => e.text),
      );
      expect(r.outcome).toEqual(base.result.outcome);
    });

    it('reaches the coverage floor of each flow, leaving only the known unreachable transitions', () => {
      const centre = file.centre();
      const byFlow = coverageByFlow(centre);
      // The spoken FAQ (its module and the inbound steps that invoke it) is covered by its scenario file
      // (contact-flows/scenarios/faq/, run by faq-scenarios.test.ts), not here.
      const elsewhere = centre.coverage.missed().filter((r) => faqCoveredElsewhere(r.flowName, r.action));
      for (const key of FLOW_KEYS) {
        // The floor is over what a scenario can take: the known unreachable transitions are left out.
        const unreachable =
          mine.filter((u) => u.flow === key).length +
          elsewhere.filter((r) => r.flowName === `${profile.id} ${flowName(key)}`).length;
        const { taken, total } = byFlow[key];
        const reachable = total - unreachable;
        const percent = reachable === 0 ? 100 : Math.round((taken / reachable) * 1000) / 10;
        expect(percent, key).toBeGreaterThanOrEqual(floors[key] ?? 100);
      }
      const left = centre.coverage
        .missed()
        .filter((r) => !faqCoveredElsewhere(r.flowName, r.action))
        .map((r) => `${r.flowName}: ${r.action} ${r.branch}`);
      const expected = mine.map((u) => `${profile.id} ${flowName(u.flow)}: ${u.action} ${u.branch}`);
      expect(left.sort()).toEqual(expected.sort());
    });
  });
}

/** The spoken FAQ's transitions: the FAQ module's, and the inbound flow's `FAQ` and `After FAQ` steps. */
const faqCoveredElsewhere = (flow: string, action: string): boolean =>
  flow.endsWith(' FAQ answers') || /^(After )?FAQ( en-US)?$/.test(action);

const flowName = (key: ScenarioFlowKey): string =>
  ({
    inbound: 'inbound',
    customerQueue: 'customer queue',
    agentWhisper: 'agent whisper',
    ticketMenu: 'ticket menu',
  })[key];

export { MONDAY_10 };
