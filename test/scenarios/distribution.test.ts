/**
 * Scenarios of the retail ordering centre: its real flows, the real caller lookup on DynamoDB Local, the
 * seed retailers (infra/local/seed/distribution.csv). Retailers type their customer card number first and
 * are routed to their branch. See profile-scenarios.ts for the common scenarios.
 */
import { describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import type { Customer } from '../../schemas/crm.js';
import { orderCentreScenarios, orderCustomers } from './order-centre-scenarios.js';
import {
  type Caller,
  coverageChecks,
  englishCallers,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
  UNREACHABLE,
} from './profile-scenarios.js';
import { surveyScenarios } from './survey-scenarios.js';
import { ticketScenarios } from './ticket-scenarios.js';
import { voicemailScenarios } from './voicemail-scenarios.js';

const SATURDAY_10 = '2025-03-08T10:00:00+08:00';
const MONDAY_18 = '2025-03-03T18:00:00+08:00';

const english = englishCallers('DS', {
  vipAgent: 'agent-zhao',
  vipQueueAgent: 'agent-zhao',
  lastAgent: 'agent-gao',
});
const withCard = <T extends Caller>(caller: T, card: string): T => ({ ...caller, card });

/** Retailers of the east branch (none in the seed file) and English-speaking retailers of each branch. */
const retailer = (
  customerId: string,
  phone: string,
  branch: string,
  language: 'zh-CN' | 'en-US',
): Customer => ({
  customerId,
  name: `${branch} retailer ${customerId}`,
  phones: [phone],
  tier: 'standard',
  vip: false,
  branch,
  language,
});
const branchRetailers: Customer[] = [
  retailer('DS-EAST-ZH', '+8613999000201', 'east', 'zh-CN'),
  retailer('DS-NORTH-EN', '+8613999000202', 'north', 'en-US'),
  retailer('DS-SOUTH-EN', '+8613999000203', 'south', 'en-US'),
  retailer('DS-EAST-EN', '+8613999000204', 'east', 'en-US'),
];

/** The card numbers the cast types (card authentication checks them against the CRM). */
const CARDS: Readonly<Record<string, string>> = {
  'DS-EN-VIP': '990000000101',
  'DS-EN-VIP2': '990000000102',
  'DS-EN-REPEAT': '990000000103',
  'DS-NORTH-EN': '990000000202',
  'DS-SOUTH-EN': '990000000203',
  'DS-EAST-ZH': '230104000201',
};
const withCards = (customers: readonly Customer[] = []): Customer[] =>
  customers.map((c) => (CARDS[c.customerId] ? { ...c, cardNumber: CARDS[c.customerId] } : c));

const spec: ProfileSpec = {
  id: 'distribution',
  data: mergeData(
    {
      customers: [...withCards(branchRetailers), ...orderCustomers()],
      blocks: [{ e164: '+8613700137000', reason: 'fraud' }],
      history: [
        // DS-2004 (VIP, seeded as 186-4510-2004) and DS-2001 (139-0451-2001).
        { e164: '+8618645102004', recentContacts: [recentContact('agent-zhao')], openTickets: 2 },
        { e164: '+8613904512001', recentContacts: [recentContact('agent-gao')] },
      ],
    },
    { ...english.data, customers: withCards(english.data.customers) },
  ),
  cast: {
    'zh-CN': {
      blocked: { dial: '0086 137 0013 7000' },
      vip: {
        dial: '+86 186 4510 2004',
        card: '230103000204#',
        customerId: 'DS-2004',
        name: '学府路24小时便利店（刘芳）',
        tier: 'platinum',
        agent: 'agent-zhao',
      },
      vipNoAgent: {
        dial: '187 4510 2007',
        card: '230102000207#',
        customerId: 'DS-2007',
        agent: 'agent-zhao',
      },
      repeat: {
        dial: '13904512001',
        card: '230102000201#',
        customerId: 'DS-2001',
        name: '城北便民超市（王建国）',
        tier: 'gold',
        lastAgent: 'agent-gao',
      },
      plain: {
        dial: '0086 137 0451 2005',
        customerId: 'DS-2005',
        name: '道里烟草专卖点（陈刚）',
        tier: 'standard',
      },
      former: english.formerZh,
    },
    'en-US': {
      ...english.cast,
      vip: withCard(english.cast.vip, '990000000101#'),
      vipNoAgent: withCard(english.cast.vipNoAgent, '990000000102#'),
      repeat: withCard(english.cast.repeat, '990000000103'),
      // The plain caller types no card number (the prompt times out).
    },
  },
  unknown: '+8613600136000',
  // Only the customer manager serves key retailers.
  vipQueueWhileBusy: 'agent-zhao',
  // A caller without a branch: central order takers; complaints go to the customer manager.
  menuAgents: { '1': 'agent-ma', '2': 'agent-ma', '3': 'agent-zhao', '4': 'agent-ma', '0': 'agent-ma' },
  // An authenticated retailer's key 1 starts ordering (0# at the product code: an agent); key 2 reads the order
  // history (none for the branch retailers: then an agent).
  selfServiceToAgent: { '1': ['0#'], '2': [], '4': ['0'] },
  afterHours: { at: MONDAY_18 },
  queueClosed: { at: SATURDAY_10, key: '3' },
  branches: {
    'zh-CN': {
      'branch-north': {
        dial: '138-4510-2002',
        card: '230102000202#',
        customerId: 'DS-2002',
        agent: 'agent-gao',
      },
      'branch-south': {
        dial: '+86 135 0451 2003',
        card: '230103000203#',
        customerId: 'DS-2003',
        agent: 'agent-lin',
      },
      'branch-east': {
        dial: '139 9900 0201',
        card: '230104000201#',
        customerId: 'DS-EAST-ZH',
        agent: 'agent-he',
      },
    },
    'en-US': {
      'branch-north': { dial: '13999000202', card: '990000000202#', agent: 'agent-gao' },
      'branch-south': { dial: '13999000203', card: '990000000203#', agent: 'agent-lin' },
      'branch-east': { dial: '13999000204', agent: 'agent-he' },
    },
  },
};

const file = profileScenarios(spec);
const { profile } = file;
const zh = profile.prompts['zh-CN'];
const north = spec.branches?.['zh-CN']['branch-north'];
if (!north) throw new Error('no north retailer');

describe('distribution: the customer card number', () => {
  it('is asked for after the welcome and kept on the contact (attribute and CTR)', async () => {
    const r = await file.centre().call({ from: north.dial, inputs: ['230102000202#', '3'] });
    expect(r.prompts.slice(0, 3)).toEqual([zh.welcome, zh.cardNumber, menuText(profile, 'zh-CN')]);
    // Key 3 opens the ticket submenu, where the caller presses nothing (a timeout: on to the complaints queue).
    expect(r.inputs.slice(0, 3)).toEqual(['230102000202#', '3', null]);
    expect(r.attributes.cardNumber).toBe('230102000202');
    expect(r.ctr.Attributes?.cardNumber).toBe('230102000202');
    expect(r.path).toContainEqual(expect.objectContaining({ action: 'Card number', branch: 'NextAction' }));
  });

  it('is kept when typed without the # key', async () => {
    const r = await file.centre().call({ from: north.dial, inputs: ['230102000202', '3'] });
    expect(r.attributes.cardNumber).toBe('230102000202');
  });

  it(`keeps the first ${profile.cardNumberMaxLength} digits of a longer number`, async () => {
    const r = await file.centre().call({ from: north.dial, inputs: ['2301020002029999#', '3'] });
    expect(r.attributes.cardNumber).toBe('230102000202');
    expect(r.attributes.cardNumber).toHaveLength(profile.cardNumberMaxLength);
  });

  it('may be skipped: no card number, the caller still gets the menu and a queue', async () => {
    const r = await file.centre().call({ from: north.dial, inputs: [null, '3'] });
    expect(r.attributes).not.toHaveProperty('cardNumber');
    expect(r.prompts.slice(0, 3)).toEqual([zh.welcome, zh.cardNumber, menuText(profile, 'zh-CN')]);
    expect(r.queueKey).toBe('complaints');
    expect(r.agentId).toBe('agent-zhao');
  });

  it('cannot be saved: the caller goes on without it', async () => {
    const r = await file.centre().call({
      from: north.dial,
      inputs: ['230102000202#', '3'],
      faults: [
        { flow: file.centre().flowArn('inbound'), action: 'Card number save', error: 'NoMatchingError' },
      ],
    });
    expect(r.attributes).not.toHaveProperty('cardNumber');
    expect(r.queueKey).toBe('complaints');
  });

  it('cannot be saved for an English-speaking caller either: the caller goes on without it', async () => {
    const caller = spec.cast['en-US'].vip;
    const r = await file.centre().call({
      from: caller.dial,
      inputs: [caller.card ?? null],
      faults: [
        {
          flow: file.centre().flowArn('inbound'),
          action: 'Card number save en-US',
          error: 'NoMatchingError',
        },
      ],
    });
    expect(r.attributes).not.toHaveProperty('cardNumber');
    expect(r.agentId).toBe(caller.agent);
  });

  it('is asked for in English for an English-speaking retailer', async () => {
    const caller = spec.cast['en-US'].vip;
    const r = await file.centre().call({ from: caller.dial, inputs: [caller.card ?? null] });
    const en = profile.prompts['en-US'];
    expect(r.prompts.slice(0, 2)).toEqual([en.welcome, en.cardNumber]);
    expect(r.attributes.cardNumber).toBe('990000000101');
  });
});

describe('distribution: branches', () => {
  it('a branch retailer pressing 3 (complaints) goes to complaints, not to the branch', async () => {
    const r = await file.centre().call({ from: north.dial, inputs: [north.card ?? null, '3'] });
    expect(r.attributes.queueHint).toBe('branch-north');
    expect(r.queueKey).toBe('complaints');
    expect(r.agentId).toBe('agent-zhao');
  });

  it('a north retailer whose branch agent is busy is taken by a central order taker after 30 s', async () => {
    const r = await file.centre().call({
      from: north.dial,
      inputs: [north.card ?? null, '1'],
      agents: { 'agent-gao': 'Busy' },
    });
    expect(r.queueKey).toBe('branch-north');
    expect(r.agentId).toBe('agent-ma');
    expect(r.ctr.Queue?.Duration).toBe(30);
  });

  it('a key retailer of a branch takes the VIP line, not the branch', async () => {
    const vip = spec.cast['zh-CN'].vipNoAgent;
    const r = await file.centre().call({ from: vip.dial, inputs: [vip.card ?? null] });
    expect(r.attributes).toMatchObject({ branch: 'north', queueHint: 'vip' });
    expect(r.queueKey).toBe('vip');
    expect(r.outcome.priority).toBe(1);
  });
});

ticketScenarios(file);
orderCentreScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
coverageChecks(file, { inbound: 100, customerQueue: 97.8, agentWhisper: 100 }, UNREACHABLE);
