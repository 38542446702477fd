/**
 * Scenarios of the retail ordering centre that read back what the real in-call Lambdas store: its real flows, the
 * real handlers on DynamoDB Local, the seed retailers (infra/local/seed/distribution.csv). Retailers type their
 * customer card number first and are routed to their branch.
 */
import type { Customer } from '../../schemas/crm.js';
import { orderCentreScenarios, orderCustomers } from './order-centre-scenarios.js';
import {
  type Caller,
  englishCallers,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
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
  menuAgents: { '1': 'agent-ma', '2': 'agent-ma', '3': 'agent-zhao', '0': 'agent-ma' },
  afterHours: { at: MONDAY_18 },
  queueClosed: { at: SATURDAY_10, key: '3' },
};

// Routing, the card number, the branches, the customer queue, the whisper, the ticket menu, the survey, voicemail and
// the order centre's flow branches as flows: scenario files (contact-flows/scenarios/distribution.yaml and
// distribution/*.yaml, run by `hotline test` at 100% transition coverage: scenario-files.test.ts). Here: what the
// real in-call Lambdas store in DynamoDB Local and decide (tickets, survey results, voicemail tickets, orders, the
// card check), which a scenario file's stubs cannot show.
const file = profileScenarios(spec);

ticketScenarios(file);
orderCentreScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
