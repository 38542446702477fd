/**
 * Scenarios of the car dealership (4S) hotline that read back what the real in-call Lambdas store: its real flows,
 * the real handlers on DynamoDB Local, the seed customers (infra/local/seed/auto-dealer.csv).
 */
import {
  englishCallers,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
} from './profile-scenarios.js';
import { repairScenarios } from './repair-scenarios.js';
import { surveyScenarios } from './survey-scenarios.js';
import { ticketScenarios } from './ticket-scenarios.js';
import { voicemailScenarios } from './voicemail-scenarios.js';

const SATURDAY_10 = '2025-03-08T10:00:00+08:00';

const english = englishCallers('AD', {
  vipAgent: 'agent-wang',
  vipQueueAgent: 'agent-wang',
  lastAgent: 'agent-zhou',
  plain: { dial: '18501011011', customerId: 'AD-0011', name: 'David Miller', tier: 'gold' },
});

const spec: ProfileSpec = {
  id: 'auto-dealer',
  data: mergeData(
    {
      blocks: [{ e164: '+8613700137000', reason: 'harassment' }],
      history: [
        // AD-0001 (VIP) and AD-0003 (silver), as seeded with 138-0013-8000 and 135 2000 3003.
        { e164: '+8613800138000', recentContacts: [recentContact('agent-liu')], openTickets: 1 },
        { e164: '+8613520003003', recentContacts: [recentContact('agent-zhou')], openTickets: 2 },
      ],
    },
    english.data,
  ),
  cast: {
    'zh-CN': {
      blocked: { dial: '0086 137 0013 7000' },
      vip: {
        dial: '+86 138 0013 8000',
        customerId: 'AD-0001',
        name: '张伟',
        tier: 'gold',
        agent: 'agent-wang',
      },
      vipNoAgent: { dial: '13910002001', customerId: 'AD-0002', agent: 'agent-wang' },
      repeat: {
        dial: '135-2000-3003',
        customerId: 'AD-0003',
        name: '李娜',
        tier: 'silver',
        lastAgent: 'agent-zhou',
      },
      plain: { dial: '186 1234 5004', customerId: 'AD-0004', name: '刘洋', tier: 'standard' },
      former: english.formerZh,
    },
    'en-US': english.cast,
  },
  unknown: '+8613600136000',
  // Only the VIP senior advisor serves the VIP queue.
  vipQueueWhileBusy: 'agent-wang',
  menuAgents: {
    '1': 'agent-liu',
    '2': 'agent-liu',
    '3': 'agent-sun',
    '5': 'agent-hu',
    '6': 'agent-hu',
    '0': 'agent-liu',
  },
  // Roadside rescue (the entry hours) answers 24/7: only an operator closing those hours makes it after hours.
  afterHours: { closeEntryHours: true },
  queueClosed: { at: SATURDAY_10, key: '5' },
};

// Routing, the customer queue, the whisper, the ticket menu and the survey as flows: scenario files
// (contact-flows/scenarios/auto-dealer.yaml and auto-dealer/*.yaml, run by `hotline test` at 100% transition
// coverage: scenario-files.test.ts). Here: what the real in-call Lambdas store in DynamoDB Local (tickets, their SMS
// and open-ticket counts; survey results and follow-up tickets), which a scenario file's stubs cannot show.
const file = profileScenarios(spec);

ticketScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
repairScenarios(file);
