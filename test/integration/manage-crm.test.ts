import { beforeEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { DateInputError } from '../../functions/core/date-input.js';
import {
  blockNumber,
  CrmInputError,
  CrmNotFoundError,
  type ShowDeps,
  setVip,
  showNumber,
  unblockNumber,
} from '../../functions/use-cases/manage-crm.js';
import type { Customer } from '../../schemas/crm.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const T0 = new Date('2026-03-01T08:00:00Z');
const profile = getProfile('distribution');
const ZHANG: Customer = {
  customerId: 'DS-1',
  name: '张伟',
  phones: ['+8613800138000', '+861065529988'],
  tier: 'gold',
  vip: false,
  branch: 'north',
  language: 'zh-CN',
  cardNumber: '230102000201',
};

let t: TestTables;
let deps: ShowDeps;
let clock: Date;

beforeEach(async () => {
  t = await createTestTables();
  clock = T0;
  deps = {
    crm: t.crm,
    phoneRegion: 'CN',
    now: () => clock,
    policy: { vipQueue: profile.vipQueue, branchQueues: profile.branchQueues },
    budgetMs: 5000,
  };
  await t.crm.saveCustomer(ZHANG, undefined, T0);
});

describe('block and unblock', () => {
  it('blocks a number written in any format; the lookup sees it in any other format', async () => {
    const out = await blockNumber(deps, { number: '138-0013-8000', reason: 'spam', by: 'alice' });
    expect(out).toEqual({
      number: '+8613800138000',
      block: { reason: 'spam', blockedBy: 'alice', blockedAt: T0.toISOString() },
    });
    for (const written of ['+86 138 0013 8000', '008613800138000', '13800138000']) {
      const report = await showNumber(deps, written);
      expect(report.lookup).toMatchObject({ blocked: 'true', blockReason: 'spam', customerId: 'DS-1' });
      expect(report.block).toEqual({ ...out.block, active: true });
    }
    // The customer's other number is not blocked.
    expect((await showNumber(deps, '010-6552-9988')).lookup.blocked).toBe('false');
  });

  it('blocks a number no customer has, until a date; the block ends then', async () => {
    const out = await blockNumber(deps, {
      number: '+86 139 0000 0001',
      reason: 'fraud',
      by: 'bob',
      until: '2026-03-02T00:00:00+08:00',
    });
    expect(out.block.until).toBe('2026-03-01T16:00:00.000Z');
    expect((await showNumber(deps, '13900000001')).lookup).toMatchObject({
      lookupStatus: 'not_found',
      known: 'false',
      blocked: 'true',
      blockReason: 'fraud',
    });
    clock = new Date('2026-03-01T16:00:00Z');
    const later = await showNumber(deps, '13900000001');
    expect(later.lookup).toMatchObject({ blocked: 'false', blockReason: '' });
    expect(later.block).toMatchObject({ reason: 'fraud', active: false });
    expect(later.customer).toBeUndefined();
  });

  it('refuses a bad number, reason, date or operator name, changing nothing', async () => {
    const cases = [
      [{ number: 'abc', reason: 'spam', by: 'a' }, '"abc" is not a valid number'],
      [{ number: 'anonymous', reason: 'spam', by: 'a' }, '"anonymous" is not a phone number'],
      [{ number: '13800138000', reason: 'rude', by: 'a' }, 'reason "rude" is not one of harassment, fraud'],
      [{ number: '13800138000', reason: 'spam', by: 'a', until: '2026-02-28' }, 'is not in the future'],
      [{ number: '13800138000', reason: 'spam', by: 'a', until: 'soon' }, '--until "soon" is not a date'],
      [{ number: '13800138000', reason: 'spam', by: 'a', until: '2030-02-30' }, 'is not a real date'],
      [{ number: '13800138000', reason: 'spam', by: ' ' }, '--by'],
    ] as const;
    for (const [input, message] of cases) {
      const err = await blockNumber(deps, input).catch((e: unknown) => e);
      // A malformed date is the shared date parser's error; both are usage errors for the CLI.
      expect([CrmInputError, DateInputError]).toContain((err as Error).constructor);
      expect((err as Error).message).toContain(message);
    }
    expect((await t.crm.getPhone('+8613800138000'))?.block).toBeUndefined();
  });

  it('unblocks, and says when there was nothing to lift', async () => {
    await blockNumber(deps, { number: '13800138000', reason: 'abuse', by: 'a' });
    const out = await unblockNumber(deps, '+86 138-0013-8000');
    expect(out).toMatchObject({ number: '+8613800138000', wasBlocked: true, previous: { reason: 'abuse' } });
    expect((await t.crm.getPhone('+8613800138000'))?.block).toBeUndefined();
    expect((await t.crm.getPhone('+8613800138000'))?.customerId).toBe('DS-1');
    expect(await unblockNumber(deps, '13800138000')).toEqual({ number: '+8613800138000', wasBlocked: false });
    expect(await unblockNumber(deps, '13900000009')).toEqual({ number: '+8613900000009', wasBlocked: false });
    expect(await t.crm.getPhone('+8613900000009')).toBeUndefined();
  });
});

describe('vip', () => {
  it('makes the customer behind a number a VIP with a dedicated agent; the lookup routes them', async () => {
    clock = new Date('2026-03-02T00:00:00Z');
    const out = await setVip(deps, { customer: '010 6552 9988', agentId: 'agent-07' });
    expect(out).toMatchObject({
      result: 'updated',
      customer: { customerId: 'DS-1', vip: true, dedicatedAgentId: 'agent-07' },
    });
    expect(await t.crm.getCustomer('DS-1')).toMatchObject({
      vip: true,
      dedicatedAgentId: 'agent-07',
      tier: 'gold',
      cardNumber: '230102000201',
      updatedAt: clock.toISOString(),
      createdAt: T0.toISOString(),
    });
    // Both numbers' lookup items follow.
    for (const n of ['13800138000', '01065529988']) {
      expect((await showNumber(deps, n)).lookup).toMatchObject({
        vip: 'true',
        dedicatedAgentId: 'agent-07',
        queueHint: 'vip',
      });
    }
  });

  it('finds the customer by id, keeps the agent when none is given, and does not rewrite an unchanged one', async () => {
    await setVip(deps, { customer: 'DS-1', agentId: 'agent-07' });
    const stored = await t.crm.getCustomer('DS-1');
    clock = new Date('2026-03-03T00:00:00Z');
    expect(await setVip(deps, { customer: 'DS-1' })).toMatchObject({
      result: 'unchanged',
      customer: { vip: true, dedicatedAgentId: 'agent-07' },
    });
    expect(await t.crm.getCustomer('DS-1')).toEqual(stored);
  });

  it('withdraws VIP status and the dedicated agent with off', async () => {
    await setVip(deps, { customer: '13800138000', agentId: 'agent-07' });
    const out = await setVip(deps, { customer: '13800138000', off: true });
    expect(out.result).toBe('updated');
    const stored = await t.crm.getCustomer('DS-1');
    expect(stored?.vip).toBe(false);
    expect(stored).not.toHaveProperty('dedicatedAgentId');
    const report = await showNumber(deps, '13800138000');
    expect(report.lookup).toMatchObject({ vip: 'false', dedicatedAgentId: '', queueHint: 'branch-north' });
  });

  it('says when no customer has that number or id, and refuses contradictory options', async () => {
    await expect(setVip(deps, { customer: '13900000000' })).rejects.toBeInstanceOf(CrmNotFoundError);
    await expect(setVip(deps, { customer: 'NOPE-1' })).rejects.toThrow(
      'no customer has the number or id "NOPE-1"',
    );
    await expect(setVip(deps, { customer: 'DS-1', off: true, agentId: 'a' })).rejects.toBeInstanceOf(
      CrmInputError,
    );
    await expect(setVip(deps, { customer: 'DS-1', agentId: 'bad agent!' })).rejects.toBeInstanceOf(
      CrmInputError,
    );
  });
});

describe('show', () => {
  it("answers exactly the Lambda's lookup, plus the stored customer record", async () => {
    const report = await showNumber(deps, '0086 138 0013 8000');
    expect(report.number).toBe('+8613800138000');
    expect(report.lookup).toEqual({
      lookupStatus: 'ok',
      known: 'true',
      withheld: 'false',
      customerId: 'DS-1',
      displayName: '张伟',
      tier: 'gold',
      vip: 'false',
      blocked: 'false',
      blockReason: '',
      dedicatedAgentId: '',
      lastAgentId: '',
      lastContactAt: '',
      branch: 'north',
      queueHint: 'branch-north',
      openTickets: '0',
      recentContactCount: '0',
      recentContacts: '[]',
      language: 'zh-CN',
      // Industry fields (issue 12): none on this customer.
      pickupAddress: '',
      vehicles: '',
      client: '',
      brand: '',
      customerDetails: '',
    });
    expect(report.block).toBeUndefined();
    expect(report.customer).toMatchObject({ ...ZHANG, createdAt: T0.toISOString() });
  });

  it('answers not_found for an unknown number, and refuses what is not a number', async () => {
    const report = await showNumber(deps, '13911112222');
    expect(report.lookup).toMatchObject({ lookupStatus: 'not_found', known: 'false', customerId: '' });
    expect(report.customer).toBeUndefined();
    await expect(showNumber(deps, 'hello')).rejects.toBeInstanceOf(CrmInputError);
  });

  it('fails loudly, rather than showing the degraded default, when the CRM cannot be read', async () => {
    const broken = {
      ...deps,
      crm: Object.assign(Object.create(t.crm), { getPhone: () => Promise.reject(new Error('boom')) }),
    };
    await expect(showNumber(broken, '13800138000')).rejects.toThrow(
      'the CRM could not be read (error: boom)',
    );
  });
});
