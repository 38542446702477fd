/**
 * Repair and maintenance booking settings per profile (issue 12): the workshops that take bookings, their slots,
 * capacity per slot per day and working days, and the reminder SMS. Only the dealer (auto-dealer) books repairs.
 * The shape is the pickups' calendar (a workshop is a branch), so the same slot rules apply.
 */
import { type BookingSettings, BookingSettingsSchema } from '../../schemas/bookings.js';
import type { ProfileId } from '../../schemas/profile.js';

const MON_SAT = [1, 2, 3, 4, 5, 6];

const autoDealer: BookingSettings = BookingSettingsSchema.parse({
  timeZone: 'Asia/Shanghai',
  queue: 'repair',
  slots: [
    {
      key: 'early',
      start: '08:30',
      end: '10:30',
      label: { 'zh-CN': '上午8点半到10点半', 'en-US': 'morning, 8:30 to 10:30 AM' },
    },
    {
      key: 'late',
      start: '10:30',
      end: '12:00',
      label: { 'zh-CN': '上午10点半到12点', 'en-US': 'late morning, 10:30 AM to noon' },
    },
    {
      key: 'afternoon',
      start: '13:30',
      end: '15:30',
      label: { 'zh-CN': '下午1点半到3点半', 'en-US': 'afternoon, 1:30 to 3:30 PM' },
    },
    {
      key: 'evening',
      start: '15:30',
      end: '17:30',
      label: { 'zh-CN': '下午3点半到5点半', 'en-US': 'late afternoon, 3:30 to 5:30 PM' },
    },
  ],
  branches: [
    {
      key: 'service',
      name: { 'zh-CN': '本店售后服务中心', 'en-US': 'service centre' },
      // Service bays × cars a bay takes in one slot.
      capacityPerSlot: 4,
      days: MON_SAT,
    },
  ],
  // As for pickups: a slot is offered while at least this many minutes are left before it ends.
  leadMinutes: 90,
  offer: 3,
  horizonDays: 7,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03'],
  reminder: { daysBefore: 1, at: '18:00' },
});

const BOOKINGS: Partial<Record<ProfileId, BookingSettings>> = { 'auto-dealer': autoDealer };

/** The profile's repair booking settings, or undefined when it books no repairs. */
export function bookingSettingsOf(profile: ProfileId): BookingSettings | undefined {
  return BOOKINGS[profile];
}
