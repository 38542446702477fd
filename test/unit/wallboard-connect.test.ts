/** The wallboard's Amazon Connect source, against aws-sdk-client-mock: shapes, mapping and a bounded call count. */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  GetCurrentUserDataCommand,
  GetMetricDataV2Command,
  ListUsersCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectWallboardSource } from '../../functions/adapters/connect/wallboard-source.js';
import { computeWallboard } from '../../functions/core/supervision/wallboard.js';

const INSTANCE = 'arn:aws:connect:ap-southeast-1:123456789012:instance/11111111-2222-3333-4444-555555555555';
const NOW = new Date('2026-11-23T02:00:00Z');
const connect = mockClient(ConnectClient);

function users(n: number, offset = 0) {
  return Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    const base = { User: { Id: `u${k}`, Arn: `${INSTANCE}/agent/u${k}` }, Contacts: [] as object[] };
    if (k % 4 === 0)
      return {
        ...base,
        Status: { StatusName: 'Available', StatusStartTimestamp: new Date(NOW.getTime() - 30_000) },
      };
    if (k % 4 === 1)
      return {
        ...base,
        Status: { StatusName: 'Available', StatusStartTimestamp: new Date(NOW.getTime() - 900_000) },
        Contacts: [
          {
            ContactId: `c${k}`,
            AgentContactState: 'CONNECTED',
            StateStartTimestamp: new Date(NOW.getTime() - 60_000),
          },
        ],
      };
    if (k % 4 === 2)
      return {
        ...base,
        Status: { StatusName: 'Available', StatusStartTimestamp: new Date(NOW.getTime() - 900_000) },
        Contacts: [
          {
            ContactId: `c${k}`,
            AgentContactState: 'ENDED',
            StateStartTimestamp: new Date(NOW.getTime() - 200_000),
          },
        ],
      };
    return {
      ...base,
      Status: { StatusName: 'Lunch', StatusStartTimestamp: new Date(NOW.getTime() - 600_000) },
    };
  });
}

function source(agentCount: number, queueCount = 2) {
  connect.reset();
  const queues = Array.from({ length: queueCount }, (_, i) => ({ id: `q${i}`, name: `Queue ${i}` }));
  connect.on(ListUsersCommand).resolves({
    UserSummaryList: Array.from({ length: agentCount }, (_, i) => ({ Id: `u${i}`, Username: `agent${i}` })),
  });
  connect.on(GetCurrentMetricDataCommand).resolves({
    MetricResults: [
      {
        Dimensions: { Queue: { Id: 'q0', Arn: `${INSTANCE}/queue/q0` } },
        Collections: [
          { Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 4 },
          { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: 75.4 },
          { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 2 },
          { Metric: { Name: 'AGENTS_ON_CONTACT', Unit: 'COUNT' }, Value: 5 },
          { Metric: { Name: 'AGENTS_AFTER_CONTACT_WORK', Unit: 'COUNT' }, Value: 1 },
          { Metric: { Name: 'AGENTS_NON_PRODUCTIVE', Unit: 'COUNT' }, Value: 3 },
        ],
      },
    ],
  });
  connect.on(GetMetricDataV2Command).resolves({
    MetricResults: [
      {
        Dimensions: { QUEUE: 'q0' },
        Collections: [
          { Metric: { Name: 'CONTACTS_QUEUED' }, Value: 100 },
          { Metric: { Name: 'CONTACTS_HANDLED' }, Value: 90 },
          { Metric: { Name: 'CONTACTS_ABANDONED' }, Value: 10 },
          { Metric: { Name: 'SUM_CONTACTS_ANSWERED_IN_X' }, Value: 82 },
        ],
      },
    ],
  });
  const pages = Math.ceil(agentCount / 100);
  const userData = connect.on(GetCurrentUserDataCommand);
  for (let p = 0; p < pages; p++) {
    userData.resolvesOnce({
      UserDataList: users(Math.min(100, agentCount - p * 100), p * 100),
      ApproximateTotalCount: agentCount,
      ...(p < pages - 1 ? { NextToken: `page${p + 1}` } : {}),
    });
  }
  return new ConnectWallboardSource({
    client: new ConnectClient({ region: 'ap-southeast-1' }),
    instanceArn: INSTANCE,
    queues,
    serviceLevelSeconds: 20,
    timeZone: 'Asia/Shanghai',
  });
}

const settings = {
  serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
  queueWaitSeconds: 60,
  agentAcwSeconds: 120,
  refreshSeconds: 15,
};

describe('ConnectWallboardSource', () => {
  beforeEach(() => connect.reset());

  it('asks Connect for the queue metrics and today’s figures, grouped by queue, with the service-level threshold', async () => {
    const src = source(8);
    const snap = await src.snapshot(NOW);
    const current = connect.commandCalls(GetCurrentMetricDataCommand)[0]?.args[0].input;
    expect(current).toMatchObject({
      InstanceId: '11111111-2222-3333-4444-555555555555',
      Filters: { Queues: ['q0', 'q1'], Channels: ['VOICE'] },
      Groupings: ['QUEUE'],
    });
    const v2 = connect.commandCalls(GetMetricDataV2Command)[0]?.args[0].input;
    expect(v2).toMatchObject({ ResourceArn: INSTANCE, Groupings: ['QUEUE'], EndTime: NOW });
    // Midnight in Shanghai.
    expect(v2?.StartTime).toEqual(new Date('2026-11-22T16:00:00Z'));
    expect(v2?.Metrics).toContainEqual({
      Name: 'SUM_CONTACTS_ANSWERED_IN_X',
      Threshold: [{ Comparison: 'LTE', ThresholdValue: 20 }],
    });
    expect(snap.queues[0]).toEqual({
      id: 'q0',
      name: 'Queue 0',
      waiting: 4,
      oldestWaitSeconds: 75,
      agents: { available: 2, onContact: 5, acw: 1, offline: null, other: 3 },
      today: { queued: 100, answered: 90, abandoned: 10, answeredInThreshold: 82 },
    });
    expect(snap.queues[1]).toMatchObject({ id: 'q1', waiting: 0, oldestWaitSeconds: null });
    const board = computeWallboard(snap, settings);
    expect(board.queues[0]).toMatchObject({
      serviceLevelPercent: 82,
      serviceLevelMet: true,
      abandonmentPercent: 10,
      breach: true,
    });
  });

  it('maps agents: live contact → on contact, ended contact → after-contact work, status otherwise', async () => {
    const snap = await source(4).snapshot(NOW);
    expect(
      snap.agents.map((a) => [a.id, a.name, a.state, a.stateLabel, a.since, a.contactId ?? null]),
    ).toEqual([
      ['u0', 'agent0', 'available', 'Available', Date.parse('2026-11-23T01:59:30.000Z'), null],
      ['u1', 'agent1', 'on_contact', 'CONNECTED', Date.parse('2026-11-23T01:59:00.000Z'), 'c1'],
      ['u2', 'agent2', 'acw', 'AfterContactWork', Date.parse('2026-11-23T01:56:40.000Z'), 'c2'],
      ['u3', 'agent3', 'other', 'Lunch', Date.parse('2026-11-23T01:50:00.000Z'), null],
    ]);
    const board = computeWallboard(snap, settings);
    expect(board.breaches.map((b) => b.subject)).toContain('u2');
  });

  it('makes a bounded number of calls per refresh, whatever the number of agents (500 agents: 7; 2,000: still 7)', async () => {
    const small = source(10);
    await small.snapshot(NOW);
    expect(small.lastCalls).toEqual({
      GetCurrentMetricData: 1,
      GetMetricDataV2: 1,
      GetCurrentUserData: 1,
      ListUsers: 1,
    });
    const big = source(500);
    await big.snapshot(NOW);
    expect(big.lastCalls).toEqual({
      GetCurrentMetricData: 1,
      GetMetricDataV2: 1,
      GetCurrentUserData: 5,
      ListUsers: 1,
    });
    // The names are cached: the next refresh skips ListUsers.
    await big.snapshot(new Date(NOW.getTime() + 15_000)).catch(() => undefined);
    expect(big.lastCalls.ListUsers).toBeUndefined();
    const huge = source(2000);
    const snap = await huge.snapshot(NOW);
    expect(huge.lastCalls.GetCurrentUserData).toBe(5);
    expect(snap.agents).toHaveLength(500);
    expect(snap.agentsTruncated).toBe(1500);
  });
});
