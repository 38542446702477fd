/**
 * Scenarios of the outsourced service and telesales centre that read back what the real in-call Lambdas store: its
 * real flows, the real handlers on DynamoDB Local, the seed customers (infra/local/seed/outsourced-crm.csv).
 */
import { leadScenarios } from './lead-scenarios.js';
import {
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
const MONDAY_2230 = '2025-03-03T22:30:00+08:00';

const english = englishCallers('OC', {
  vipAgent: 'agent-chen',
  vipQueueAgent: 'agent-chen',
  lastAgent: 'agent-yang',
  plain: { dial: '18666663006', customerId: 'OC-3006', name: 'Sophie Martin', tier: 'silver' },
});

const spec: ProfileSpec = {
  id: 'outsourced-crm',
  data: mergeData(
    {
      blocks: [{ e164: '+8613700137000', reason: 'spam' }],
      history: [
        // OC-3001 (VIP, seeded as 138-2755-3001) and OC-3002 (+86 159 2011 3002).
        { e164: '+8613827553001', recentContacts: [recentContact('agent-luo')], openTickets: 1 },
        { e164: '+8615920113002', recentContacts: [recentContact('agent-yang')] },
      ],
    },
    english.data,
  ),
  cast: {
    'zh-CN': {
      blocked: { dial: '0086 137 0013 7000' },
      vip: {
        dial: '+86 138 2755 3001',
        customerId: 'OC-3001',
        name: '郑晓明',
        tier: 'gold',
        agent: 'agent-chen',
      },
      // Retention specialist and team lead both rank the VIP queue first: the lower id takes it.
      vipNoAgent: { dial: '137-2455-3005', customerId: 'OC-3005', agent: 'agent-chen' },
      repeat: {
        dial: '15920113002',
        customerId: 'OC-3002',
        name: '冯雪',
        tier: 'standard',
        lastAgent: 'agent-yang',
      },
      plain: { dial: '189 2012 3004', customerId: 'OC-3004', name: '韩梅', tier: 'standard' },
      former: english.formerZh,
    },
    'en-US': english.cast,
  },
  unknown: '+8613600136000',
  vipQueueWhileBusy: 'agent-luo',
  menuAgents: { '1': 'agent-zheng', '2': 'agent-huang', '3': 'agent-luo', '0': 'agent-huang' },
  afterHours: { at: MONDAY_2230 },
  queueClosed: { at: SATURDAY_10, key: '3' },
};

// Routing, the customer queue, the whisper, the ticket menu, the survey, voicemail and the lead capture's branches as
// flows: scenario files (contact-flows/scenarios/outsourced-crm.yaml and outsourced-crm/*.yaml, run by `hotline
// test` at 100% transition coverage: scenario-files.test.ts). Here: what the real in-call Lambdas store in DynamoDB
// Local (tickets, survey results, voicemail tickets, leads), which a scenario file's stubs cannot show.
const file = profileScenarios(spec);

ticketScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
leadScenarios(file);
