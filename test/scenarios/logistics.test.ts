/**
 * Scenarios of the express carrier hotline that read back what the real in-call Lambdas store: its real flows, the
 * real handlers on DynamoDB Local, the seed customers (infra/local/seed/logistics.csv).
 */
import { describe, expect, it } from 'vitest';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
import type { Customer } from '../../schemas/crm.js';
import { pickupScenarios } from './pickup-scenarios.js';
import {
  englishCallers,
  mergeData,
  type ProfileSpec,
  profileScenarios,
  recentContact,
  toAgent,
} from './profile-scenarios.js';
import { surveyScenarios } from './survey-scenarios.js';
import { ticketScenarios } from './ticket-scenarios.js';
import { trackingScenarios } from './tracking-scenarios.js';
import { voicemailScenarios } from './voicemail-scenarios.js';

const SATURDAY_10 = '2025-03-08T10:00:00+08:00';
const MONDAY_2230 = '2025-03-03T22:30:00+08:00';

// The English-speaking plain caller is synthetic: the seed's (LG-1008) belongs to the Shanghai branch, and the menu
// scenarios need a caller without a branch.
const english = englishCallers('LG', {
  vipAgent: 'agent-li',
  vipQueueAgent: 'agent-li',
  lastAgent: 'agent-zhang',
});

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
      customers: [UNLISTED_BRANCH],
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

// Routing, the customer queue, the whisper, the ticket menu, the survey, voicemail, pickup booking and waybill tracking
// as flows: scenario files (contact-flows/scenarios/logistics.yaml and logistics/*.yaml, run by `hotline test` at 100%
// transition coverage: scenario-files.test.ts). Here: what the real in-call Lambdas store in DynamoDB Local and answer
// from it (tickets, their SMS and open-ticket counts; survey results and follow-up tickets; voicemail tickets; the
// booked pickup, its dispatch notice and SMS; the newest scan of a waybill), which a scenario file's stubs cannot show.
const file = profileScenarios(spec);

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

  it("the agent's whisper names the caller's branch, not its key", async () => {
    // LG-1002 (hangzhou, pickup address on file), straight to an agent.
    const r = await file.centre().call({ from: '13588011002', inputs: ['0'] });
    const whisper = r.prompts.filter((p) => p.startsWith(toAgent('')));
    expect(
      whisper.some((p) => p.includes('取件地址：杭州市西湖区龙井路12号，网点：杭州分部。')),
      whisper.join('\n'),
    ).toBe(true);
    expect(whisper.join('\n')).not.toContain('hangzhou');
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
