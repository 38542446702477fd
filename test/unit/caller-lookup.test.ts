import { describe, expect, it } from 'vitest';
import { decideLookup, degradedLookup, isBlockActive } from '../../functions/core/caller-lookup.js';
import type { PhoneItem } from '../../schemas/crm.js';
import { LookupResponseSchema } from '../../schemas/lookup.js';

const policy = { vipQueue: 'vip', branchQueues: { north: 'branch-north' } };
const now = new Date('2026-11-23T08:00:00Z');
const caller = { kind: 'e164' as const, e164: '+8613800138000' };
const base: PhoneItem = { pk: 'PHONE#+8613800138000', sk: 'PHONE', entity: 'phone', phone: '+8613800138000' };
const customer: PhoneItem = {
  ...base,
  customerId: 'C001',
  name: '王伟',
  tier: 'gold',
  vip: false,
  branch: 'north',
  language: 'zh-CN',
  openTickets: 2,
};

describe('decideLookup', () => {
  it('answers every key as a string, for every outcome', () => {
    for (const r of [
      decideLookup(caller, customer, policy, now),
      decideLookup(caller, undefined, policy, now),
      decideLookup({ kind: 'withheld' }, undefined, policy, now),
      degradedLookup(),
    ]) {
      expect(LookupResponseSchema.parse(r)).toEqual(r);
      expect(Object.values(r).every((v) => typeof v === 'string')).toBe(true);
    }
  });

  it('identifies a known customer and hints their branch queue', () => {
    const r = decideLookup(caller, customer, policy, now);
    expect(r).toMatchObject({
      lookupStatus: 'ok',
      known: 'true',
      customerId: 'C001',
      displayName: '王伟',
      tier: 'gold',
      vip: 'false',
      blocked: 'false',
      branch: 'north',
      queueHint: 'branch-north',
      openTickets: '2',
      language: 'zh-CN',
    });
  });

  it('routes a VIP to the VIP queue with their dedicated agent', () => {
    const r = decideLookup(caller, { ...customer, vip: true, dedicatedAgentId: 'agent-7' }, policy, now);
    expect(r).toMatchObject({ vip: 'true', queueHint: 'vip', dedicatedAgentId: 'agent-7' });
  });

  it('does not pass a dedicated agent for a non-VIP', () => {
    expect(
      decideLookup(caller, { ...customer, dedicatedAgentId: 'agent-7' }, policy, now).dedicatedAgentId,
    ).toBe('');
  });

  it('gives the last agent and time from the newest contact, and the list newest first', () => {
    const r = decideLookup(
      caller,
      {
        ...customer,
        recentContacts: [
          { contactId: 'a', at: '2026-11-20T09:00:00Z', agentId: 'agent-1', queue: 'general' },
          { contactId: 'c', at: '2026-11-22T09:00:00Z' },
          { contactId: 'b', at: '2026-11-21T09:00:00Z', agentId: 'agent-2', queue: 'repair' },
        ],
      },
      policy,
      now,
    );
    expect(r.lastContactAt).toBe('2026-11-22T09:00:00Z');
    expect(r.lastAgentId).toBe('agent-2');
    expect(r.recentContactCount).toBe('3');
    expect(JSON.parse(r.recentContacts).map((c: { at: string }) => c.at)).toEqual([
      '2026-11-22T09:00:00Z',
      '2026-11-21T09:00:00Z',
      '2026-11-20T09:00:00Z',
    ]);
  });

  it('reports a blocked number by reason code, known or not', () => {
    const block = { reason: 'harassment' as const, blockedBy: 'ops', blockedAt: '2026-11-01T00:00:00Z' };
    expect(decideLookup(caller, { ...base, block }, policy, now)).toMatchObject({
      lookupStatus: 'not_found',
      known: 'false',
      blocked: 'true',
      blockReason: 'harassment',
    });
    expect(decideLookup(caller, { ...customer, block }, policy, now)).toMatchObject({
      known: 'true',
      blocked: 'true',
    });
  });

  it('ignores an expired block', () => {
    const block = {
      reason: 'spam' as const,
      blockedBy: 'ops',
      blockedAt: '2026-11-01T00:00:00Z',
      until: '2026-11-23T07:59:59Z',
    };
    expect(decideLookup(caller, { ...base, block }, policy, now)).toMatchObject({
      blocked: 'false',
      blockReason: '',
    });
    expect(isBlockActive({ ...block, until: '2026-11-23T08:00:01Z' }, now)).toBe(true);
  });

  it('never matches a withheld or invalid number, even if an item were given', () => {
    const block = { reason: 'spam' as const, blockedBy: 'ops', blockedAt: '2026-11-01T00:00:00Z' };
    const withheld = decideLookup({ kind: 'withheld' }, { ...customer, block }, policy, now);
    expect(withheld).toMatchObject({
      lookupStatus: 'not_found',
      known: 'false',
      withheld: 'true',
      blocked: 'false',
      customerId: '',
    });
    const invalid = decideLookup({ kind: 'invalid', reason: 'x' }, { ...customer, block }, policy, now);
    expect(invalid).toMatchObject({ known: 'false', withheld: 'false', blocked: 'false' });
  });

  it('degraded is the safe default: unknown, unblocked, no hint', () => {
    expect(degradedLookup()).toMatchObject({
      lookupStatus: 'degraded',
      known: 'false',
      blocked: 'false',
      vip: 'false',
      queueHint: '',
    });
  });
});

describe('the last-agent recency window (issue 12 item 6)', () => {
  const recent = (at: string) => ({
    ...customer,
    recentContacts: [{ contactId: 'x', at, agentId: 'agent-1', queue: 'general' }],
  });

  it('gives the last agent only when the contact is at most the window old (default 7 days)', () => {
    expect(decideLookup(caller, recent('2026-11-16T08:00:00Z'), policy, now).lastAgentId).toBe('agent-1');
    const old = decideLookup(caller, recent('2026-11-16T07:59:59Z'), policy, now);
    expect(old.lastAgentId).toBe('');
    // The screen pop still shows the contact.
    expect(old.recentContactCount).toBe('1');
    expect(old.lastContactAt).toBe('2026-11-16T07:59:59Z');
  });

  it('follows the profile: a 30-day window keeps a 3-week-old agent, 0 days turns last-agent routing off', () => {
    const threeWeeks = recent('2026-11-02T08:00:00Z');
    expect(decideLookup(caller, threeWeeks, { ...policy, lastAgentWindowDays: 30 }, now).lastAgentId).toBe(
      'agent-1',
    );
    expect(
      decideLookup(caller, recent('2026-11-23T07:00:00Z'), { ...policy, lastAgentWindowDays: 0 }, now)
        .lastAgentId,
    ).toBe('');
  });
});
