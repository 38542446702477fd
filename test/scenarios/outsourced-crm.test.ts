/**
 * Scenarios of the outsourced service and telesales centre: its real flows, the real caller lookup on
 * DynamoDB Local, the seed customers (infra/local/seed/outsourced-crm.csv). See profile-scenarios.ts for the
 * common ones.
 */
import { describe, expect, it } from 'vitest';
import { voicemailOfferText } from '../../contact-flows/flows/voicemail.js';
import { leadScenarios } from './lead-scenarios.js';
import {
  coverageChecks,
  englishCallers,
  everyAgent,
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
const SUNDAY_10 = '2025-03-09T10:00:00+08:00';
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

const file = profileScenarios(spec);
const { profile } = file;
const zh = profile.prompts['zh-CN'];

describe('outsourced-crm: telesales, retention and premium customers', () => {
  it('on Sunday telesales is closed (Monday to Saturday)', async () => {
    const r = await file.centre().call({ at: SUNDAY_10, from: spec.unknown, inputs: ['1'] });
    expect(r.prompts.slice(-3)).toEqual([zh.queueClosed, voicemailOfferText(profile, 'zh-CN'), zh.goodbye]);
    expect(r.outcome.type).toBe('disconnected');
  });

  it('on Sunday customer service answers', async () => {
    const r = await file.centre().call({ at: SUNDAY_10, from: spec.unknown, inputs: ['2'] });
    expect(r.queueKey).toBe('service');
    expect(r.agentId).toBe('agent-huang');
  });

  it('a cancellation goes to the team lead after 30 s when the retention specialist is busy', async () => {
    const r = await file
      .centre()
      .call({ from: spec.unknown, inputs: ['3'], agents: { 'agent-luo': 'Busy' } });
    expect(r.queueKey).toBe('retention');
    expect(r.agentId).toBe('agent-chen');
    expect(r.ctr.Queue?.Duration).toBe(30);
  });

  it('a premium customer reaches a service agent after 30 s when specialist and team lead are busy', async () => {
    const r = await file.centre().call({
      from: spec.cast['zh-CN'].vipNoAgent.dial,
      agents: everyAgent(profile, 'Available', { 'agent-luo': 'Busy', 'agent-chen': 'Busy' }),
    });
    expect(r.queueKey).toBe('vip');
    expect(r.outcome.priority).toBe(1);
    expect(r.agentId).toBe('agent-huang');
    expect(r.ctr.Queue?.Duration).toBe(30);
  });
});

ticketScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
leadScenarios(file);
coverageChecks(file, { inbound: 100, customerQueue: 97.8, agentWhisper: 100 }, UNREACHABLE);
