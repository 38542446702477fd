/** Pickups (pure): slots by branch days, holidays, lead time and capacity; labels; ids; the lifecycle. */
import { describe, expect, it } from 'vitest';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { isMobileNumber } from '../../functions/core/mobile.js';
import {
  changePickupStatus,
  formatPickupId,
  isOverdue,
  nextStatus,
  PickupRuleError,
  parseSlotId,
  slotLabel,
  slotsToOffer,
  spokenPickupId,
  upcomingSlots,
} from '../../functions/core/pickups.js';
import type { Pickup, PickupSettings } from '../../schemas/pickups.js';

const settings = pickupSettingsOf('logistics') as PickupSettings;
const branch = (key: string) => {
  const b = settings.branches.find((x) => x.key === key);
  if (!b) throw new Error(key);
  return b;
};
const at = (iso: string) => new Date(iso);

describe('slots', () => {
  it('a Monday 10:00 in Shanghai: this morning (ends 12:00, more than an hour left), this afternoon, tomorrow morning', () => {
    const slots = slotsToOffer(settings, branch('shanghai'), at('2026-11-23T10:00:00+08:00'), new Map());
    expect(slots.map((s) => s.slotId)).toEqual([
      'shanghai#20261123#am',
      'shanghai#20261123#pm',
      'shanghai#20261124#am',
    ]);
    expect(slots[0]?.start.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(slots[0]?.end.toISOString()).toBe('2026-11-23T04:00:00.000Z');
  });

  it('less than the lead time before its end, a slot is no longer offered', () => {
    const slots = upcomingSlots(settings, branch('shanghai'), at('2026-11-23T11:01:00+08:00'));
    expect(slots[0]?.slotId).toBe('shanghai#20261123#pm');
  });

  it('a full slot is skipped, the next one with capacity left is offered', () => {
    const full = new Map([['shanghai#20261123#pm', branch('shanghai').capacityPerSlot]]);
    const slots = slotsToOffer(settings, branch('shanghai'), at('2026-11-23T12:30:00+08:00'), full);
    expect(slots.map((s) => s.slotId)).toEqual([
      'shanghai#20261124#am',
      'shanghai#20261124#pm',
      'shanghai#20261125#am',
    ]);
  });

  it("a branch's closed weekday (Sunday in Suzhou) and the holidays are skipped", () => {
    const saturdayEvening = at('2026-11-28T19:00:00+08:00');
    expect(slotsToOffer(settings, branch('suzhou'), saturdayEvening, new Map()).map((s) => s.day)).toEqual([
      '20261130',
      '20261130',
    ]);
    const beforeHoliday = at('2026-09-30T19:00:00+08:00');
    expect(upcomingSlots(settings, branch('shanghai'), beforeHoliday).map((s) => s.day)).toEqual([]);
  });

  it('slot ids round-trip; unknown branches, slot keys and days are refused', () => {
    const s = parseSlotId(settings, 'hangzhou#20261124#pm');
    expect(s?.start.toISOString()).toBe('2026-11-24T05:00:00.000Z');
    expect(parseSlotId(settings, 'paris#20261124#pm')).toBeUndefined();
    expect(parseSlotId(settings, 'hangzhou#20261124#night')).toBeUndefined();
    expect(parseSlotId(settings, 'hangzhou#2026112#pm')).toBeUndefined();
  });

  it('labels: today/tomorrow/the day after, then the date; an SMS always names the date', () => {
    const now = at('2026-11-23T10:00:00+08:00');
    const label = (id: string, l: 'zh-CN' | 'en-US', absolute = false) =>
      slotLabel(
        settings,
        parseSlotId(settings, id) as NonNullable<ReturnType<typeof parseSlotId>>,
        now,
        l,
        absolute,
      );
    expect(label('shanghai#20261123#pm', 'zh-CN')).toBe('今天下午1点到6点');
    expect(label('shanghai#20261124#am', 'zh-CN')).toBe('明天上午9点到12点');
    expect(label('shanghai#20261126#am', 'zh-CN')).toBe('11月26日上午9点到12点');
    expect(label('shanghai#20261124#am', 'en-US')).toBe('tomorrow, morning, 9 AM to noon');
    expect(label('shanghai#20261124#am', 'zh-CN', true)).toBe('11月24日上午9点到12点');
  });
});

describe('pickup numbers and the lifecycle', () => {
  it('numbers follow the local day; spoken digit by digit', () => {
    expect(formatPickupId(at('2026-11-23T23:30:00+08:00'), 7, 'Asia/Shanghai')).toBe('P20261123-0007');
    expect(spokenPickupId('P20261123-0007')).toBe('P, 2 0 2 6 1 1 2 3, 0 0 0 7');
  });

  const pickup: Pickup = {
    pickupId: 'P20261123-0001',
    status: 'booked',
    branch: 'shanghai',
    slotId: 'shanghai#20261123#pm',
    slotStart: '2026-11-23T05:00:00.000Z',
    slotEnd: '2026-11-23T10:00:00.000Z',
    customerId: 'LG-1005',
    address: '上海市静安区南京西路1266号',
    language: 'zh-CN',
    source: 'ivr',
    createdAt: '2026-11-23T02:00:00.000Z',
    updatedAt: '2026-11-23T02:00:00.000Z',
    history: [{ at: '2026-11-23T02:00:00.000Z', to: 'booked', by: 'ivr' }],
  };

  it('booked → dispatched → collected, with history; closed pickups move no more', () => {
    const dispatched = changePickupStatus(pickup, 'dispatched', at('2026-11-23T13:00:00+08:00'), 'agent-wu', {
      courier: 'c-17',
    });
    expect(dispatched).toMatchObject({ status: 'dispatched', courier: 'c-17' });
    expect(nextStatus(dispatched.status)).toBe('collected');
    const collected = changePickupStatus(dispatched, 'collected', at('2026-11-23T15:00:00+08:00'), 'c-17');
    expect(collected.history.map((h) => `${h.from ?? ''}>${h.to}`)).toEqual([
      '>booked',
      'booked>dispatched',
      'dispatched>collected',
    ]);
    expect(() => changePickupStatus(collected, 'cancelled', new Date(), 'x')).toThrow(PickupRuleError);
    expect(nextStatus('collected')).toBeUndefined();
  });

  it('overdue: open at the end of its slot and not yet escalated', () => {
    expect(isOverdue(pickup, at('2026-11-23T17:59:00+08:00'))).toBe(false);
    expect(isOverdue(pickup, at('2026-11-23T18:00:00+08:00'))).toBe(true);
    expect(
      isOverdue({ ...pickup, escalatedAt: '2026-11-23T10:05:00.000Z' }, at('2026-11-23T19:00:00+08:00')),
    ).toBe(false);
    expect(isOverdue({ ...pickup, status: 'collected' }, at('2026-11-23T19:00:00+08:00'))).toBe(false);
  });
});

describe('mobile numbers (SMS only to them)', () => {
  it.each([
    ['+8613800138000', true],
    ['+8618621081008', true],
    ['+862584511010', false],
    ['+862162881001', false],
    [undefined, false],
  ])('%s → %s', (n, mobile) => {
    expect(isMobileNumber(n)).toBe(mobile);
  });
});
