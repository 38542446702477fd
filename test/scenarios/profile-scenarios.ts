/**
 * What each profile's TypeScript scenario file shares: the profile's cast (who calls, who answers), its data, and
 * the scenario centre (`profileScenarios(spec)`), on which `<profile>.test.ts` checks what the real Lambdas store.
 * The routing and flow-branch scenarios are scenario files: contact-flows/scenarios/<profile>.yaml and
 * contact-flows/scenarios/<profile>/*.yaml.
 */

import { beforeAll } from 'vitest';
import { leadMenuOption } from '../../contact-flows/flows/lead-capture.js';
import { pickupMenuOption } from '../../contact-flows/flows/pickup-booking.js';
import { repairMenuOption } from '../../contact-flows/flows/repair-booking.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import { trackingMenuOption } from '../../contact-flows/flows/shipment-tracking.js';
import { ticketMenuOption, ticketMenuText } from '../../contact-flows/flows/ticket-menu.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import type { AgentState } from '../../contact-flows/runtime/acd.js';
import { BOOKING_TEXT } from '../../functions/core/bookings.js';
import { LEAD_TEXT } from '../../functions/core/leads.js';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
import { TRACK_TEXT } from '../../functions/core/shipments.js';
import type { Customer, RecentContact } from '../../schemas/crm.js';
import type { Language, Profile, ProfileId } from '../../schemas/profile.js';
import { SENTENCE_JOIN } from '../../schemas/profile.js';
import {
  MONDAY_10,
  openScenarioCentre,
  type ScenarioCentre,
  type ScenarioData,
  type ScenarioResult,
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
// The suite

export interface ScenarioFile {
  readonly spec: ProfileSpec;
  readonly profile: Profile;
  /** The file's contact centre (available once beforeAll ran). */
  centre(): ScenarioCentre;
}

/**
 * The profile's scenario centre, opened once per file, for the scenarios that check what the real Lambdas store
 * (tickets, surveys, orders, ...). The routing scenarios are scenario files (contact-flows/scenarios/<profile>/,
 * run by `hotline test` and test/scenarios/scenario-files.test.ts).
 */
export function profileScenarios(spec: ProfileSpec): ScenarioFile {
  const profile = getProfile(spec.id);
  let current: ScenarioCentre | undefined;
  const centre = (): ScenarioCentre => {
    if (!current) throw new Error('the scenario centre is not open yet');
    return current;
  };
  beforeAll(async () => {
    current = await openScenarioCentre(spec.id, spec.data);
  });

  return { spec, profile, centre };
}

export { MONDAY_10 };
