/**
 * Pickup booking settings per profile (issue 12): which branches dispatch couriers, their slots, capacity and
 * working days. Only the carrier (logistics) books pickups; the other profiles have none.
 * Branch keys are the customer record's `branch` values (infra/local/seed/logistics.csv).
 */
import { type PickupSettings, PickupSettingsSchema } from '../../schemas/pickups.js';
import type { ProfileId } from '../../schemas/profile.js';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const MON_SAT = [1, 2, 3, 4, 5, 6];

const logistics: PickupSettings = PickupSettingsSchema.parse({
  timeZone: 'Asia/Shanghai',
  queue: 'pickup',
  slots: [
    {
      key: 'am',
      start: '09:00',
      end: '12:00',
      label: { 'zh-CN': '上午9点到12点', 'en-US': 'morning, 9 AM to noon' },
    },
    {
      key: 'pm',
      start: '13:00',
      end: '18:00',
      label: { 'zh-CN': '下午1点到6点', 'en-US': 'afternoon, 1 to 6 PM' },
    },
  ],
  branches: [
    {
      key: 'shanghai',
      name: { 'zh-CN': '上海分部', 'en-US': 'Shanghai branch' },
      capacityPerSlot: 20,
      days: EVERY_DAY,
    },
    {
      key: 'hangzhou',
      name: { 'zh-CN': '杭州分部', 'en-US': 'Hangzhou branch' },
      capacityPerSlot: 10,
      days: EVERY_DAY,
    },
    {
      key: 'suzhou',
      name: { 'zh-CN': '苏州分部', 'en-US': 'Suzhou branch' },
      capacityPerSlot: 8,
      days: MON_SAT,
    },
    {
      key: 'ningbo',
      name: { 'zh-CN': '宁波分部', 'en-US': 'Ningbo branch' },
      capacityPerSlot: 6,
      days: MON_SAT,
    },
    {
      key: 'nanjing',
      name: { 'zh-CN': '南京分部', 'en-US': 'Nanjing branch' },
      capacityPerSlot: 8,
      days: MON_SAT,
    },
  ],
  leadMinutes: 60,
  offer: 3,
  horizonDays: 3,
  holidays: ['2026-10-01', '2026-10-02'],
});

const PICKUPS: Partial<Record<ProfileId, PickupSettings>> = { logistics };

/** The profile's pickup settings, or undefined when it books no pickups. */
export function pickupSettingsOf(profile: ProfileId): PickupSettings | undefined {
  return PICKUPS[profile];
}

/** Every branch that has a dispatch topic, across profiles (CDK creates one topic per branch of the profile). */
export function dispatchBranches(profile: ProfileId): readonly string[] {
  return pickupSettingsOf(profile)?.branches.map((b) => b.key) ?? [];
}
