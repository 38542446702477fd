/**
 * Scenarios of the car dealership (4S) hotline: its real flows, the real caller lookup on DynamoDB Local,
 * the seed customers (infra/local/seed/auto-dealer.csv). See profile-scenarios.ts for the common ones.
 */
import { describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import {
  coverageChecks,
  englishCallers,
  everyAgent,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
  speech,
  toAgent,
  UNREACHABLE,
} from './profile-scenarios.js';
import { repairScenarios } from './repair-scenarios.js';
import { surveyScenarios } from './survey-scenarios.js';
import { ticketScenarios } from './ticket-scenarios.js';

const SATURDAY_10 = '2025-03-08T10:00:00+08:00';
const SUNDAY_10 = '2025-03-09T10:00:00+08:00';
const MONDAY_NIGHT = '2025-03-03T23:30:00+08:00';
const MONDAY_2130 = '2025-03-03T21:30:00+08:00';

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

const file = profileScenarios(spec);
const { profile } = file;
const zh = profile.prompts['zh-CN'];
const w = profile.prompts['zh-CN'];

describe('auto-dealer: around the clock', () => {
  it('at night the IVR still answers (rescue is 24/7): no after-hours message, rescue takes the call', async () => {
    const r = await file.centre().call({ at: MONDAY_NIGHT, from: spec.unknown, inputs: ['3'] });
    expect(r.prompts).toEqual([
      zh.welcome,
      menuText(profile, 'zh-CN'),
      zh.transfer,
      toAgent(w.whisperUnknown),
    ]);
    expect(r.queueKey).toBe('rescue');
    expect(r.agentId).toBe('agent-sun');
  });

  it('at night a repair booking is closed: the queue-closed message', async () => {
    const r = await file.centre().call({ at: MONDAY_NIGHT, from: spec.unknown, inputs: ['1'] });
    expect(r.prompts.slice(-2)).toEqual([zh.queueClosed, zh.goodbye]);
    expect(r.outcome.type).toBe('disconnected');
  });

  it('on Sunday the service desk is closed (Monday to Saturday)', async () => {
    const r = await file.centre().call({ at: SUNDAY_10, from: spec.unknown, inputs: ['2'] });
    expect(r.prompts.slice(-2)).toEqual([zh.queueClosed, zh.goodbye]);
  });

  // Outside the VIP line's hours (08:00-21:00) a VIP keeps priority 1 and gets the menu, so roadside rescue
  // (24/7) stays reachable (it once ended in "the service you chose is closed").
  it('after 21:00 a VIP whose dedicated agent is busy gets the menu at priority 1 and reaches roadside rescue', async () => {
    const r = await file.centre().call({
      at: MONDAY_2130,
      from: spec.cast['zh-CN'].vip.dial,
      inputs: ['3'],
      agents: { 'agent-wang': 'Busy' },
    });
    expect(r.prompts.slice(0, 3)).toEqual([zh.welcome, menuText(profile, 'zh-CN'), zh.transfer]);
    expect(r.queueKey).toBe('rescue');
    expect(r.agentId).toBe('agent-sun');
    expect(r.outcome.priority).toBe(1);
  });

  it('after 21:00 a VIP whose dedicated agent is available is still put through to that agent', async () => {
    const r = await file.centre().call({ at: MONDAY_2130, from: spec.cast['zh-CN'].vip.dial });
    expect(r.agentId).toBe('agent-wang');
    expect(r.outcome.priority).toBe(1);
  });

  it('a rescue call overflows to the VIP senior advisor after 30 s when the dispatcher is busy', async () => {
    const r = await file.centre().call({
      from: spec.unknown,
      inputs: ['3'],
      agents: everyAgent(profile, 'Available', { 'agent-sun': 'Busy' }),
    });
    expect(r.queueKey).toBe('rescue');
    expect(r.agentId).toBe('agent-wang');
    expect(r.ctr.Queue?.Duration).toBe(30);
    expect(
      r.prompts
        .filter((p) => !p.startsWith('[agent]'))
        .slice(3)
        .map(speech),
    ).toEqual([zh.hold]);
  });
});

ticketScenarios(file);
surveyScenarios(file);
repairScenarios(file);
coverageChecks(file, { inbound: 100, customerQueue: 97.8, agentWhisper: 100 }, UNREACHABLE);
