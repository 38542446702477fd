/**
 * The CrmRepository contract, run against both adapters: DynamoDB (on DynamoDB Local) and in memory.
 * The in-memory one stands in for DynamoDB in the benchmark, so it must keep the same rules.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryCrmRepository } from '../../functions/adapters/memory/crm-repository.js';
import { CrmConflictError, type CrmRepository } from '../../functions/ports/crm-repository.js';
import type { Customer } from '../../schemas/crm.js';
import { createTestTables } from '../support/dynamo.js';

const adapters: [string, () => Promise<CrmRepository>][] = [
  ['DynamoDB', async () => (await createTestTables()).crm],
  ['in memory', async () => new InMemoryCrmRepository()],
];

const zhao: Customer = {
  customerId: 'C1',
  name: '赵敏',
  phones: ['+8613800138000', '+861065521234'],
  tier: 'silver',
  vip: false,
  language: 'zh-CN',
  cardNumber: 'ab-1234',
};
const t0 = new Date('2026-11-23T00:00:00Z');

describe.each(adapters)('CrmRepository contract: %s', (_name, open) => {
  it('saves a customer and copies it onto each of its numbers', async () => {
    const crm = await open();
    expect(await crm.saveCustomer(zhao, undefined, t0)).toBe('created');
    expect(await crm.getCustomer('C1')).toMatchObject({ ...zhao, createdAt: t0.toISOString() });
    for (const phone of zhao.phones) {
      expect(await crm.getPhone(phone)).toMatchObject({
        phone,
        customerId: 'C1',
        name: '赵敏',
        tier: 'silver',
      });
    }
    expect(await crm.findCustomerIdByCard('AB-1234')).toBe('C1');
    expect([...(await crm.getCustomers(['C1', 'nobody'])).keys()]).toEqual(['C1']);
  });

  it('releases a removed number and a replaced card, and keeps the block of a number', async () => {
    const crm = await open();
    await crm.saveCustomer(zhao, undefined, t0);
    await crm.setBlock('+861065521234', { reason: 'spam', blockedBy: 'ops', blockedAt: t0.toISOString() });
    const prev = await crm.getCustomer('C1');
    const next = { ...zhao, phones: ['+8613800138000'], cardNumber: 'CD-9', dedicatedAgentId: undefined };
    expect(await crm.saveCustomer(next, prev, new Date('2026-11-24T00:00:00Z'))).toBe('updated');
    const released = await crm.getPhone('+861065521234');
    expect(released?.customerId).toBeUndefined();
    expect(released?.block?.reason).toBe('spam');
    expect(await crm.findCustomerIdByCard('AB-1234')).toBeUndefined();
    expect(await crm.findCustomerIdByCard('cd-9')).toBe('C1');
  });

  it('refuses a number or card that belongs to another customer, and a stale update', async () => {
    const crm = await open();
    await crm.saveCustomer(zhao, undefined, t0);
    const other: Customer = { ...zhao, customerId: 'C2', phones: ['+8613800138000'], cardNumber: 'ZZ-1' };
    await expect(crm.saveCustomer(other, undefined, t0)).rejects.toThrow(CrmConflictError);
    await expect(
      crm.saveCustomer({ ...other, phones: ['+8613900139000'], cardNumber: 'AB-1234' }, undefined, t0),
    ).rejects.toThrow(/card number AB-1234 belongs to another customer/);
    const prev = await crm.getCustomer('C1');
    await crm.saveCustomer({ ...zhao, name: '赵敏敏' }, prev, new Date('2026-11-24T00:00:00Z'));
    await expect(
      crm.saveCustomer({ ...zhao, name: 'stale' }, prev, new Date('2026-11-25T00:00:00Z')),
    ).rejects.toThrow(/changed by someone else/);
    expect((await crm.getCustomer('C1'))?.name).toBe('赵敏敏');
  });

  it('blocks a number nobody owns, and unblocking an unknown number changes nothing', async () => {
    const crm = await open();
    await crm.setBlock('+8613700137000', { reason: 'fraud', blockedBy: 'ops', blockedAt: t0.toISOString() });
    expect((await crm.getPhone('+8613700137000'))?.block?.reason).toBe('fraud');
    await crm.setBlock('+8613700137000', undefined);
    expect((await crm.getPhone('+8613700137000'))?.block).toBeUndefined();
    await crm.setBlock('+8613600136000', undefined);
    expect(await crm.getPhone('+8613600136000')).toBeUndefined();
  });
});
