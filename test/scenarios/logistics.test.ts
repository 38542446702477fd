/**
 * Scenarios of the express carrier hotline: its real flows, the real caller lookup on DynamoDB Local, the
 * seed customers (infra/local/seed/logistics.csv). See profile-scenarios.ts for the common ones.
 */
import { describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { voicemailOfferText } from '../../contact-flows/flows/voicemail.js';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
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

const english = englishCallers('LG', {
  vipAgent: 'agent-li',
  vipQueueAgent: 'agent-li',
  lastAgent: 'agent-zhang',
  plain: { dial: '18621081008', customerId: 'LG-1008', name: 'Emma Schulz', tier: 'silver' },
});

const spec: ProfileSpec = {
  id: 'logistics',
  data: mergeData(
    {
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

ticketScenarios(file);
pickupScenarios(file);
trackingScenarios(file);
surveyScenarios(file);
voicemailScenarios(file);
coverageChecks(file, { inbound: 100, customerQueue: 97.8, agentWhisper: 100 }, UNREACHABLE);
