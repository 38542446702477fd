/**
 * The campaign dialler in AWS (functions/use-cases/campaigns/aws-dialler.ts) through its Connect adapter
 * (functions/adapters/connect/outbound-calls.ts), with Connect mocked (aws-sdk-client-mock; no emulator exists):
 * calling windows and pacing per tick, do-not-call at dial time, one client token per attempt (a tick that dies
 * after placing a call places it again with the same token, and Connect answers the first contact), answering
 * machine detection, the agentless flow's key, an agent's call, and contact events replayed.
 */
import {
  ConnectClient,
  DescribeContactCommand,
  GetContactAttributesCommand,
  GetCurrentMetricDataCommand,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PURPOSE_DISPOSITIONS, PURPOSE_KEYS } from '../../contact-flows/profiles/campaigns.js';
import { ConnectOutboundCalls } from '../../functions/adapters/connect/outbound-calls.js';
import { outcomeOfContact } from '../../functions/core/campaigns/connect-outcome.js';
import { scriptFor } from '../../functions/core/campaigns/script.js';
import {
  type AwsDiallerDeps,
  dialTick,
  recordContactOutcome,
} from '../../functions/use-cases/campaigns/aws-dialler.js';
import type { Campaign, ListEntry } from '../../schemas/campaigns.js';
import { MemoryCampaignRepository } from '../support/campaigns.js';

const connect = mockClient(ConnectClient);
afterAll(() => connect.restore());

// Tuesday 2026-12-01, 10:00 in Shanghai (inside 09:00–20:00), and 07:00 (outside).
const OPEN = new Date('2026-12-01T02:00:00Z');
const CLOSED = new Date('2026-11-30T23:00:00Z');

function campaignOf(over: Partial<Campaign> = {}): Campaign {
  return {
    name: 'rv',
    profile: 'auto-dealer',
    purpose: 'return-visit',
    mode: 'agentless',
    source: { kind: 'csv', file: 'x.csv' },
    window: { timeZone: 'Asia/Shanghai', days: { '2': { start: '09:00', end: '20:00' } }, holidays: [] },
    retry: {
      'no-answer': { afterMinutes: 60, maxAttempts: 3 },
      voicemail: { afterMinutes: 120, maxAttempts: 2 },
    },
    maxAttempts: 3,
    pacing: { kind: 'rate', callsPerMinute: 2 },
    dispositions: [...PURPOSE_DISPOSITIONS['return-visit']],
    script: '您好，这里是回访电话（{ref}）。',
    keys: { ...PURPOSE_KEYS['return-visit'] },
    status: 'active',
    createdAt: '2026-11-30T00:00:00.000Z',
    updatedAt: '2026-11-30T00:00:00.000Z',
    createdBy: 'test',
    loaded: 3,
    skipped: 0,
    ...over,
  };
}

const entryOf = (campaign: string, i: number): ListEntry => ({
  campaign,
  entryId: String(i).padStart(4, '0'),
  phone: `+861380013800${i}`,
  language: 'zh-CN',
  ref: { kind: 'ticket', ticketId: `T20261130-000${i}` },
  status: 'pending',
  attempts: 0,
  updatedAt: '2026-11-30T00:00:00.000Z',
});

interface World {
  repo: MemoryCampaignRepository;
  deps: AwsDiallerDeps;
  blocked: Set<string>;
  /** What Connect knows of each contact (DescribeContact, GetContactAttributes). */
  contacts: Map<string, { contact: Record<string, unknown>; attributes: Record<string, string> }>;
}

async function world(campaign: Campaign, n: number, amd = false): Promise<World> {
  const repo = new MemoryCampaignRepository();
  await repo.create(
    campaign,
    Array.from({ length: n }, (_, i) => entryOf(campaign.name, i + 1)),
  );
  const blocked = new Set<string>();
  const contacts: World['contacts'] = new Map();
  // Connect's idempotency: the same client token gives the same contact.
  connect.on(StartOutboundVoiceContactCommand).callsFake((input: { ClientToken: string }) => {
    return { ContactId: `contact-${input.ClientToken}` };
  });
  connect.on(DescribeContactCommand).callsFake((input: { ContactId: string }) => {
    const c = contacts.get(input.ContactId);
    if (!c) return { Contact: { Id: input.ContactId } };
    return { Contact: { Id: input.ContactId, ...c.contact } };
  });
  connect.on(GetContactAttributesCommand).callsFake((input: { InitialContactId: string }) => ({
    Attributes: contacts.get(input.InitialContactId)?.attributes ?? {},
  }));
  connect.on(GetCurrentMetricDataCommand).resolves({
    MetricResults: [
      {
        Dimensions: { Queue: { Id: 'q-complaints' } },
        Collections: [{ Metric: { Name: 'AGENTS_AVAILABLE' }, Value: 1 }],
      },
    ],
  });
  const calls = new ConnectOutboundCalls(new ConnectClient({ region: 'us-east-1' }), {
    instanceId: 'instance-1',
    queueIds: { complaints: 'q-complaints', general: 'q-general' },
    flows: { agent: { complaints: 'flow-agent-complaints' }, agentless: { 'return-visit': 'flow-rv' } },
    agentlessQueue: 'general',
    answeringMachineDetection: amd,
    ringSeconds: 30,
  });
  return {
    repo,
    blocked,
    contacts,
    deps: {
      campaigns: repo,
      dnc: { blocked: async (p) => blocked.has(p), smsOptedOut: async () => false },
      feed: {},
      calls,
      scriptFor,
    },
  };
}

const placed = () => connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
const ended = (at: Date, over: Record<string, unknown> = {}) => ({
  InitiationTimestamp: at,
  DisconnectTimestamp: new Date(at.getTime() + 60_000),
  ...over,
});

beforeEach(() => connect.reset());

describe('the AWS campaign dialler (scheduled tick + contact events)', () => {
  it('dials only inside the window, at the agentless rate, with one client token per attempt and AMD when enabled', async () => {
    const w = await world(campaignOf(), 3, true);
    expect(await dialTick(w.deps, CLOSED)).toMatchObject({ placed: 0 });
    expect(placed()).toHaveLength(0);
    expect(await dialTick(w.deps, OPEN)).toMatchObject({ placed: 2 });
    expect(placed()).toEqual([
      expect.objectContaining({
        InstanceId: 'instance-1',
        ContactFlowId: 'flow-rv',
        QueueId: 'q-general',
        DestinationPhoneNumber: '+8613800138001',
        ClientToken: 'rv-0001-1',
        TrafficType: 'CAMPAIGN',
        AnswerMachineDetectionConfig: { EnableAnswerMachineDetection: true, AwaitAnswerMachinePrompt: true },
        Attributes: expect.objectContaining({
          campaign: 'rv',
          campaignEntry: '0001',
          attempt: '1',
          campaignScript: '您好，这里是回访电话（T20261130-0001）。',
        }),
      }),
      expect.objectContaining({ ClientToken: 'rv-0002-1' }),
    ]);
    // The same minute again: the rate is used up by the two calls in progress.
    expect(await dialTick(w.deps, new Date(OPEN.getTime() + 30_000))).toMatchObject({ placed: 0 });
    expect((await w.repo.entry('rv', '0001'))?.dialling).toMatchObject({
      n: 1,
      contactId: 'contact-rv-0001-1',
    });
  });

  it('checks do-not-call at dial time: a number blocked after loading is never rung', async () => {
    const w = await world(campaignOf(), 1);
    w.blocked.add('+8613800138001');
    expect(await dialTick(w.deps, OPEN)).toMatchObject({ placed: 0, skippedDnc: 1 });
    expect(placed()).toHaveLength(0);
    expect(await w.repo.attempts('rv')).toEqual([
      expect.objectContaining({ result: 'dnc', reason: 'blacklist' }),
    ]);
  });

  it('a tick that dies after placing a call places it again with the same token: one contact, one attempt', async () => {
    const w = await world(campaignOf({ pacing: { kind: 'rate', callsPerMinute: 1 } }), 1);
    const setDialling = w.repo.setDialling.bind(w.repo);
    let fail = true;
    w.repo.setDialling = async (...args) => {
      if (fail) {
        fail = false;
        throw new Error('Lambda timed out');
      }
      return setDialling(...args);
    };
    await expect(dialTick(w.deps, OPEN)).rejects.toThrow('timed out');
    await dialTick(w.deps, new Date(OPEN.getTime() + 60_000));
    const tokens = placed().map((p) => p.ClientToken);
    expect(tokens).toEqual(['rv-0001-1', 'rv-0001-1']);
    expect((await w.repo.entry('rv', '0001'))?.dialling?.contactId).toBe('contact-rv-0001-1');
  });

  it('records the contact event once: the agentless key closes the attempt, a replay changes nothing', async () => {
    const w = await world(campaignOf(), 2);
    await dialTick(w.deps, OPEN);
    w.contacts.set('contact-rv-0001-1', {
      contact: ended(OPEN, {
        ConnectedToSystemTimestamp: OPEN,
        AnsweringMachineDetectionStatus: 'HUMAN_ANSWERED',
      }),
      attributes: { campaign: 'rv', campaignEntry: '0001', campaignResult: 'satisfied' },
    });
    w.contacts.set('contact-rv-0002-1', {
      contact: ended(OPEN, {
        ConnectedToSystemTimestamp: OPEN,
        AnsweringMachineDetectionStatus: 'VOICEMAIL_BEEP',
      }),
      attributes: { campaign: 'rv', campaignEntry: '0002' },
    });
    const later = new Date(OPEN.getTime() + 120_000);
    expect(await recordContactOutcome(w.deps, { contactId: 'contact-rv-0001-1' }, later)).toBe('recorded');
    expect(await recordContactOutcome(w.deps, { contactId: 'contact-rv-0001-1' }, later)).toBe('replay');
    expect(await recordContactOutcome(w.deps, { contactId: 'contact-rv-0002-1' }, later)).toBe('recorded');
    expect(await recordContactOutcome(w.deps, { contactId: 'someone-else' }, later)).toBe(
      'not-a-campaign-call',
    );
    const attempts = await w.repo.attempts('rv');
    expect(
      attempts.map((a) => [a.entryId, a.n, a.result, a.disposition, a.keys, a.clientToken, a.contactId]),
    ).toEqual([
      ['0001', 1, 'answered', 'satisfied', '1', 'rv-0001-1', 'contact-rv-0001-1'],
      ['0002', 1, 'voicemail', undefined, undefined, 'rv-0002-1', 'contact-rv-0002-1'],
    ]);
    const second = await w.repo.entry('rv', '0002');
    expect(second).toMatchObject({ status: 'pending', attempts: 1, nextAt: '2026-12-01T04:00:00.000Z' });
    expect(second?.dialling).toBeUndefined();
    expect(await w.repo.entry('rv', '0001')).toMatchObject({ status: 'done', disposition: 'satisfied' });
  });

  it('finds a dial whose event was lost on a later tick, and retries a no-answer with attempt 2', async () => {
    const w = await world(campaignOf({ pacing: { kind: 'rate', callsPerMinute: 1 } }), 1);
    await dialTick(w.deps, OPEN);
    w.contacts.set('contact-rv-0001-1', { contact: ended(OPEN), attributes: {} });
    expect(await dialTick(w.deps, new Date(OPEN.getTime() + 6 * 60_000))).toMatchObject({
      resolved: 1,
      placed: 0,
    });
    expect(await w.repo.entry('rv', '0001')).toMatchObject({ lastResult: 'no-answer', attempts: 1 });
    await dialTick(w.deps, new Date(OPEN.getTime() + 61 * 60_000));
    expect(placed().map((p) => p.ClientToken)).toEqual(['rv-0001-1', 'rv-0001-2']);
  });

  it('agent campaigns: one line per available agent; an agent call waits for the disposition without holding a line', async () => {
    const campaign = campaignOf({
      name: 'rva',
      mode: 'agent',
      queue: 'complaints',
      pacing: { kind: 'progressive', linesPerAgent: 1 },
      keys: undefined,
    });
    const w = await world(campaign, 2);
    expect(await dialTick(w.deps, OPEN)).toMatchObject({ placed: 1 });
    expect(placed()[0]).toMatchObject({ ContactFlowId: 'flow-agent-complaints', QueueId: 'q-complaints' });
    expect(placed()[0]?.TrafficType).toBeUndefined();
    w.contacts.set('contact-rva-0001-1', {
      contact: ended(OPEN, {
        ConnectedToSystemTimestamp: OPEN,
        AgentInfo: { Id: 'agent-uuid', ConnectedToAgentTimestamp: new Date(OPEN.getTime() + 5000) },
      }),
      attributes: { campaign: 'rva', campaignEntry: '0001' },
    });
    const later = new Date(OPEN.getTime() + 90_000);
    expect(await recordContactOutcome(w.deps, { contactId: 'contact-rva-0001-1' }, later)).toBe(
      'awaiting-agent',
    );
    expect((await w.repo.entry('rva', '0001'))?.dialling).toMatchObject({
      agentId: 'agent-uuid',
      talkSeconds: 55,
    });
    expect(await dialTick(w.deps, later)).toMatchObject({ placed: 1 });
    // The agent's disposition arrives as the contact attribute: recorded as attempt 1 of the entry.
    w.contacts.set('contact-rva-0001-1', {
      contact: ended(OPEN, {
        ConnectedToSystemTimestamp: OPEN,
        AgentInfo: { Id: 'agent-uuid', ConnectedToAgentTimestamp: new Date(OPEN.getTime() + 5000) },
      }),
      attributes: { campaign: 'rva', campaignEntry: '0001', campaignDisposition: 'unsatisfied' },
    });
    expect(await recordContactOutcome(w.deps, { contactId: 'contact-rva-0001-1' }, later)).toBe('recorded');
    expect(await w.repo.attempts('rva')).toEqual([
      expect.objectContaining({
        n: 1,
        result: 'answered',
        disposition: 'unsatisfied',
        agentId: 'agent-uuid',
        talkSeconds: 55,
      }),
    ]);
    expect(await w.repo.entry('rva', '0001')).toMatchObject({ status: 'done', disposition: 'unsatisfied' });
  });
});

describe('what a Connect contact gave (outcomeOfContact)', () => {
  const agentless = campaignOf();
  const agent = campaignOf({ mode: 'agent', queue: 'complaints', keys: undefined });
  const at = new Date('2026-12-01T02:00:00Z');
  const over = { ended: true, attributes: {} };
  it.each([
    ['a call still ringing', agentless, { ended: false, attributes: {} }, { kind: 'in-progress' }],
    [
      'voicemail detected',
      agentless,
      { ...over, connectedToSystemAt: at, amdStatus: 'VOICEMAIL_NO_BEEP' },
      { result: 'voicemail' },
    ],
    ['a busy tone', agentless, { ...over, amdStatus: 'SIT_TONE_BUSY' }, { result: 'busy' }],
    ['an invalid number', agentless, { ...over, amdStatus: 'SIT_TONE_INVALID_NUMBER' }, { result: 'failed' }],
    ['never connected', agentless, over, { result: 'no-answer' }],
    [
      'a destination error',
      agentless,
      { ...over, disconnectReason: 'OUTBOUND_DESTINATION_ENDPOINT_ERROR' },
      { result: 'failed' },
    ],
    [
      'answered, no key',
      agentless,
      { ...over, connectedToSystemAt: at },
      { kind: 'result', result: 'answered' },
    ],
    [
      'answered, key 2',
      agentless,
      { ...over, connectedToSystemAt: at, attributes: { campaignResult: 'unsatisfied' } },
      { result: 'answered', disposition: 'unsatisfied', keys: '2' },
    ],
    ['answered, no agent took it', agent, { ...over, connectedToSystemAt: at }, { result: 'abandoned' }],
    [
      'an agent with a disposition',
      agent,
      {
        ...over,
        connectedToSystemAt: at,
        connectedToAgentAt: at,
        agentId: 'a',
        attributes: { campaignDisposition: 'satisfied' },
      },
      { result: 'answered', disposition: 'satisfied', agentId: 'a' },
    ],
    [
      'an agent without one yet',
      agent,
      { ...over, connectedToSystemAt: at, connectedToAgentAt: at },
      { kind: 'awaiting-agent' },
    ],
  ] as const)('%s', (name, campaign, facts, expected) => {
    const outcome = outcomeOfContact(campaign, facts);
    expect(outcome).toMatchObject(expected);
    if (name === 'answered, no key') expect(outcome).not.toHaveProperty('disposition');
  });
});
