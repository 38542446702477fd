/** The wallboard's domain (pure) and its local ACD source. */
import { describe, expect, it } from 'vitest';
import { localQueueArn } from '../../contact-flows/flows/refs.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { profileAcd, snapshotOfAcd } from '../../functions/adapters/local/acd-wallboard.js';
import {
  closedBreaches,
  computeWallboard,
  openedBreaches,
  startOfDay,
  todayByQueue,
} from '../../functions/core/supervision/wallboard.js';
import type { WallboardSettings, WallboardSnapshot } from '../../schemas/supervision.js';

const settings: WallboardSettings = {
  serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
  queueWaitSeconds: 60,
  agentAcwSeconds: 120,
  refreshSeconds: 15,
};
const AT = '2026-11-23T02:00:00.000Z';
const ago = (s: number) => Date.parse(AT) - s * 1000;

const snapshot: WallboardSnapshot = {
  at: AT,
  source: 'local',
  queues: [
    {
      id: 'sales',
      name: 'Sales',
      waiting: 3,
      oldestWaitSeconds: 61,
      today: { queued: 10, answeredInThreshold: 7, answered: 8, abandoned: 2 },
    },
    { id: 'service', name: 'Service', waiting: 0, oldestWaitSeconds: null },
  ],
  agents: [
    {
      id: 'a',
      name: 'A',
      state: 'available',
      stateLabel: 'Available',
      since: ago(30),
      queues: ['sales'],
      personalQueueWaiting: 0,
    },
    {
      id: 'b',
      name: 'B',
      state: 'on_contact',
      stateLabel: 'Busy',
      since: ago(200),
      queues: ['sales', 'service'],
      contactId: 'c1',
      personalQueueWaiting: 1,
    },
    {
      id: 'c',
      name: 'C',
      state: 'acw',
      stateLabel: 'AfterContactWork',
      since: ago(121),
      queues: ['service'],
      personalQueueWaiting: 0,
    },
    {
      id: 'd',
      name: 'D',
      state: 'acw',
      stateLabel: 'AfterContactWork',
      since: ago(120),
      queues: ['service'],
      personalQueueWaiting: 0,
    },
    {
      id: 'e',
      name: 'E',
      state: 'offline',
      stateLabel: 'Offline',
      since: ago(5000),
      queues: ['sales'],
      personalQueueWaiting: 0,
    },
  ],
  agentsTruncated: 0,
};

describe('computeWallboard', () => {
  const board = computeWallboard(snapshot, settings);

  it('counts the agents serving each queue by state, from the agents when the source does not', () => {
    expect(board.queues.map((q) => [q.id, q.agents])).toEqual([
      ['sales', { available: 1, onContact: 1, acw: 0, offline: 1, other: 0 }],
      ['service', { available: 0, onContact: 1, acw: 2, offline: 0, other: 0 }],
    ]);
    expect(board.totals.agents).toEqual({ available: 1, onContact: 1, acw: 2, offline: 1, other: 0 });
  });

  it("computes today's service level and abandonment against the profile's target", () => {
    const [sales, service] = board.queues;
    expect(sales).toMatchObject({ serviceLevelPercent: 70, serviceLevelMet: false, abandonmentPercent: 20 });
    expect(service).toMatchObject({
      serviceLevelPercent: null,
      serviceLevelMet: null,
      abandonmentPercent: null,
    });
    expect(board.totals).toMatchObject({ waiting: 3, longestWaitSeconds: 61, serviceLevelPercent: 70 });
  });

  it('gives each agent its time in state and what waits in its personal queue', () => {
    expect(board.agents.map((a) => [a.id, a.secondsInState, a.personalQueueWaiting, a.contactId])).toEqual([
      ['a', 30, 0, null],
      ['b', 200, 1, 'c1'],
      ['c', 121, 0, null],
      ['d', 120, 0, null],
      ['e', 5000, 0, null],
    ]);
  });

  it('marks breaches strictly over the limits, each with a key per occurrence', () => {
    expect(board.queues.map((q) => q.breach)).toEqual([true, false]);
    expect(board.agents.filter((a) => a.breach).map((a) => a.id)).toEqual(['c']);
    expect(board.breaches.map((b) => b.key)).toEqual([`agent_acw#c#${ago(121)}`, 'queue_wait#sales']);
  });

  it('uses agent counts the source reports (Connect) instead of counting agents', () => {
    const counts = { available: 4, onContact: 2, acw: 1, offline: null, other: 0 };
    const b = computeWallboard(
      {
        ...snapshot,
        queues: [{ id: 'service', name: 'Service', waiting: 0, oldestWaitSeconds: null, agents: counts }],
      },
      settings,
    );
    expect(b.queues[0]?.agents).toEqual(counts);
  });

  it('notifies a breach once: opened only when not already open; closed when it ends', () => {
    const open = new Set(['queue_wait#sales', 'agent_acw#x#old']);
    expect(openedBreaches(board.breaches, open).map((b) => b.key)).toEqual([`agent_acw#c#${ago(121)}`]);
    expect(closedBreaches(board.breaches, open)).toEqual(['agent_acw#x#old']);
  });
});

describe('todayByQueue', () => {
  const row = (id: string, over: Record<string, unknown>) => ({
    contact_id: id,
    queue: 'Sales',
    queued: true,
    answered: true,
    abandoned: false,
    queue_seconds: 5,
    agent_queue: false,
    last_updated_at: '2026-11-23T02:00:00.000Z',
    ...over,
  });
  it('counts the latest version of each contact, never a personal queue', () => {
    const t = todayByQueue(
      [
        row('1', {}),
        row('2', { queue_seconds: 20 }),
        row('3', { queue_seconds: 21 }),
        row('4', { answered: false, abandoned: true, queue_seconds: 50 }),
        // an older version of 4, answered: superseded
        row('4', { last_updated_at: '2026-11-23T01:00:00.000Z' }),
        row('5', { queue: 'agent-wang', agent_queue: true }),
        row('6', { queued: false, answered: false, queue: null }),
      ],
      20,
    );
    expect(Object.fromEntries(t)).toEqual({
      Sales: { queued: 4, answeredInThreshold: 2, answered: 3, abandoned: 1 },
    });
  });

  it("starts the day at midnight in the profile's time zone", () => {
    expect(startOfDay(new Date('2026-11-23T02:00:00Z'), 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-22T16:00:00.000Z',
    );
  });
});

describe('the local ACD as a wallboard source', () => {
  it('reads queues, agents, states and waiting callers; personal queues go with their agent', () => {
    const profile = getProfile('auto-dealer');
    const acd = profileAcd(profile);
    const t0 = Date.parse(AT);
    acd.setAgentState('agent-hu', 'AfterContactWork', t0 - 150_000);
    acd.setAgentState('agent-sun', 'Offline', t0 - 10_000);
    acd.enqueue({ contactId: 'w1', queue: localQueueArn('rescue'), enqueuedAt: t0 - 90_000 });
    acd.enqueue({ contactId: 'w2', queue: localQueueArn('rescue'), enqueuedAt: t0 - 5_000 });
    acd.enqueue({ contactId: 'w3', queue: `${acd.agent('agent-wang')?.queueArn}`, enqueuedAt: t0 - 1_000 });
    const snap = snapshotOfAcd(acd, new Date(AT));
    expect(snap.queues.map((q) => q.id)).toEqual(profile.queues.map((q) => q.key));
    expect(snap.queues.find((q) => q.id === 'rescue')).toMatchObject({ waiting: 2, oldestWaitSeconds: 90 });
    expect(snap.agents.find((a) => a.id === 'agent-wang')?.personalQueueWaiting).toBe(1);
    const board = computeWallboard(snap, supervisionOf('auto-dealer').wallboard);
    expect(board.breaches.map((b) => b.key).sort()).toEqual([
      `agent_acw#agent-hu#${t0 - 150_000}`,
      'queue_wait#rescue',
    ]);
    const rescue = board.queues.find((q) => q.id === 'rescue');
    // Rescue is served by agent-sun (offline), agent-liu and agent-zhou (service advisors), agent-wang (VIP).
    expect(rescue?.agents).toEqual({ available: 3, onContact: 0, acw: 0, offline: 1, other: 0 });
  });
});
