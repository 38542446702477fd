/**
 * Scenarios of the express carrier hotline: its real flows, the real caller lookup on DynamoDB Local, the
 * seed customers (infra/local/seed/logistics.csv). See profile-scenarios.ts for the common ones.
 */
import { describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { voicemailOfferText } from '../../contact-flows/flows/voicemail.js';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
import type { Customer } from '../../schemas/crm.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { pickupScenarios } from './pickup-scenarios.js';
import {
  coverageChecks,
  englishCallers,
  everyAgent,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
  toAgent,
  UNREACHABLE,
} from './profile-scenarios.js';
import { surveyScenarios } from './survey-scenarios.js';
import { ticketScenarios } from './ticket-scenarios.js';
import { trackingScenarios } from './tracking-scenarios.js';
import { voicemailScenarios } from './voicemail-scenarios.js';

const SATURDAY_10 = '2025-03-08T10:00:00+08:00';
const MONDAY_2100 = '2025-03-03T21:00:00+08:00';
const MONDAY_2230 = '2025-03-03T22:30:00+08:00';

const SUNDAY_10 = '2025-03-09T10:00:00+08:00';

// The English-speaking plain caller is synthetic: the seed's (LG-1008) belongs to the Shanghai branch, and the menu
// scenarios need a caller without a branch.
const english = englishCallers('LG', {
  vipAgent: 'agent-li',
  vipQueueAgent: 'agent-li',
  lastAgent: 'agent-zhang',
});

/**
 * A customer of each branch per language, with a pickup address (key 1 offers slots; 0 there is an agent), and the
 * desk agent who answers: the Shanghai and Jiangsu desk (Shanghai, Suzhou, Nanjing) or the Zhejiang desk.
 */
const BRANCH_AGENTS = {
  shanghai: 'agent-chen',
  hangzhou: 'agent-yang',
  suzhou: 'agent-chen',
  ningbo: 'agent-yang',
  nanjing: 'agent-chen',
} as const;
const branchCustomer = (branch: string, i: number, language: Language): Customer => ({
  customerId: `LG-${branch.toUpperCase()}-${language === 'zh-CN' ? 'ZH' : 'EN'}`,
  name: `${branch} shipper ${language}`,
  phones: [`+86139990003${language === 'zh-CN' ? '1' : '2'}${i}`],
  tier: 'standard',
  vip: false,
  branch,
  language,
  pickupAddress: `${branch} 1号`,
});
const branchCustomers = LANGUAGES.flatMap((language) =>
  Object.keys(BRANCH_AGENTS).map((branch, i) => branchCustomer(branch, i, language)),
);
const branchCast = (language: Language) =>
  Object.fromEntries(
    Object.entries(BRANCH_AGENTS).map(([branch, agent], i) => [
      `branch-${branch}`,
      { dial: branchCustomer(branch, i, language).phones[0] as string, agent },
    ]),
  );
/** A customer of a branch the profile does not list (a new branch the profile was not told about). */
const UNLISTED_BRANCH: Customer = {
  customerId: 'LG-WUXI-ZH',
  name: '无锡新网点客户',
  phones: ['+8613999000399'],
  tier: 'standard',
  vip: false,
  branch: 'wuxi',
  language: 'zh-CN',
  pickupAddress: '无锡市梁溪区中山路1号',
};

const spec: ProfileSpec = {
  id: 'logistics',
  data: mergeData(
    {
      customers: [...branchCustomers, UNLISTED_BRANCH],
      blocks: [{ e164: '+8613700137000', reason: 'fraud' }],
      history: [
        // LG-1001 (VIP, seeded with 021-6288-1001;139-1601-1001) and LG-1003 (+86 136 1602 1003).
        { e164: '+8613916011001', recentContacts: [recentContact('agent-li')], openTickets: 4 },
        { e164: '+8613616021003', recentContacts: [recentContact('agent-zhang')] },
      ],
    },
    english.data,
  ),
  cast: {
    'zh-CN': {
      blocked: { dial: '0086 137 0013 7000' },
      vip: {
        dial: '+86 139 1601 1001',
        customerId: 'LG-1001',
        name: '上海顺达电子商务有限公司',
        tier: 'platinum',
        agent: 'agent-li',
      },
      // A landline, as seeded (025-8451-1010).
      vipNoAgent: { dial: '+86 25 8451 1010', customerId: 'LG-1010', agent: 'agent-li' },
      repeat: {
        dial: '13616021003',
        customerId: 'LG-1003',
        name: '马晓东',
        tier: 'standard',
        lastAgent: 'agent-zhang',
      },
      plain: { dial: '189 1705 1005', customerId: 'LG-1005', name: '何丽', tier: 'standard' },
      former: english.formerZh,
    },
    'en-US': english.cast,
  },
  unknown: '+8613600136000',
  // Only the key account manager serves the VIP queue.
  vipQueueWhileBusy: 'agent-li',
  menuAgents: { '1': 'agent-wu', '2': 'agent-wu', '3': 'agent-xu', '4': 'agent-xu', '0': 'agent-wu' },
  // The entry hours are the key-account line's: until 22:00.
  afterHours: { at: MONDAY_2230 },
  queueClosed: { at: SATURDAY_10, key: '4' },
  // A branch customer's key 1 offers pickup slots (an address on file): 0 there asks for an agent, of the branch.
  selfServiceToAgent: { '1': ['0'] },
  branches: { 'zh-CN': branchCast('zh-CN'), 'en-US': branchCast('en-US') },
  // The Suzhou, Ningbo and Nanjing desks close on Sundays; the central front line works every day.
  branchClosed: { at: SUNDAY_10 },
};

const file = profileScenarios(spec);
const { profile } = file;
const zh = profile.prompts['zh-CN'];

describe('logistics: the key-account line and complaints', () => {
  it('at 21:00 the front line is closed: a caller who cannot book a pickup alone hears the queue-closed message', async () => {
    const r = await file.centre().call({ at: MONDAY_2100, from: spec.unknown, inputs: ['1'] });
    expect(r.prompts).toEqual([
      zh.welcome,
      menuText(profile, 'zh-CN'),
      PICKUP_TEXT['zh-CN'].noAddress,
      zh.queueClosed,
      voicemailOfferText(profile, 'zh-CN'),
      zh.goodbye,
    ]);
    expect(r.outcome.type).toBe('disconnected');
  });

  it('at 21:00 a key account is still served on the VIP line', async () => {
    const r = await file.centre().call({ at: MONDAY_2100, from: spec.cast['zh-CN'].vipNoAgent.dial });
    expect(r.queueKey).toBe('vip');
    expect(r.agentId).toBe('agent-li');
    expect(r.outcome.priority).toBe(1);
  });

  it('a complaint goes to the key account manager when the claims handler is busy', async () => {
    const r = await file.centre().call({
      from: spec.unknown,
      inputs: ['3'],
      agents: { 'agent-xu': 'Busy' },
    });
    expect(r.queueKey).toBe('complaints');
    expect(r.agentId).toBe('agent-li');
    expect(r.ctr.Queue?.Duration).toBe(0);
  });

  it('a complaint reaches a front-line agent after 30 s when claims and key accounts are busy', async () => {
    const r = await file.centre().call({
      from: spec.unknown,
      inputs: ['3'],
      agents: everyAgent(profile, 'Available', { 'agent-xu': 'Busy', 'agent-li': 'Busy' }),
    });
    expect(r.queueKey).toBe('complaints');
    expect(r.agentId).toBe('agent-wu');
    expect(r.ctr.Queue?.Duration).toBe(30);
    expect(r.prompts.at(-1)).toBe(toAgent(zh.whisperUnknown));
  });
});

describe('logistics: branch desks', () => {
  it('a shipper of a branch the profile does not list gets no branch queue: the central queues, for 0 and for a pickup', async () => {
    const agent = await file.centre().call({ from: UNLISTED_BRANCH.phones[0] as string, inputs: ['0'] });
    expect(agent.attributes).toMatchObject({ branch: 'wuxi', queueHint: '' });
    expect(agent.queueKey).toBe('general');
    // That branch collects no pickups either: the caller hears so, and the central pickup desk books by hand.
    const pickup = await file.centre().call({ from: UNLISTED_BRANCH.phones[0] as string, inputs: ['1'] });
    expect(pickup.prompts).toContain(PICKUP_TEXT['zh-CN'].noBranch);
    expect(pickup.queueKey).toBe('pickup');
  });

  it('a shipper of a branch without an address on file is booked by the branch desk', async () => {
    // LG-1007 (hangzhou, no pickup address in the seed file).
    const r = await file.centre().call({ from: '13761071007', inputs: ['1'] });
    expect(r.prompts).toContain(PICKUP_TEXT['zh-CN'].noAddress);
    expect(r.queueKey).toBe('branch-hangzhou');
    expect(r.agentId).toBe('agent-yang');
  });
});

ticketScenarios(file);
pickupScenarios(file);
trackingScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
coverageChecks(file, { inbound: 100, customerQueue: 97.8, agentWhisper: 100 }, UNREACHABLE);
