/**
 * Repair bookings (pure): booking numbers, the lifecycle, the reminder time, the vehicles on file and what the
 * caller hears. The slots themselves (open days, holidays, lead time, capacity left, labels) are the pickups'
 * calendar (core/pickups.ts): the booking settings have the same shape, a workshop being a branch.
 */
import {
  type Booking,
  type BookingSettings,
  type BookingStatus,
  type Vehicle,
  VehicleSchema,
} from '../../schemas/bookings.js';
import type { Language } from '../../schemas/crm.js';
import { NO_SLOT, type PickupBranch } from '../../schemas/pickups.js';
import { localDateKey, zonedTime } from './business-time.js';
import { type Slot, slotLabel } from './pickups.js';

export class BookingRuleError extends Error {
  override readonly name = 'BookingRuleError';
}

/** `R20261123-0001`. */
export function formatBookingId(at: Date, sequence: number, timeZone: string): string {
  return `R${localDateKey(at, timeZone)}-${String(sequence).padStart(4, '0')}`;
}

/** `R20261123-0001` → `R, 2 0 2 6 1 1 2 3, 0 0 0 1`: read digit by digit. */
export function spokenBookingId(bookingId: string): string {
  const m = /^R(\d+)-(\d+)$/.exec(bookingId);
  if (!m) return bookingId;
  return `R, ${[...(m[1] ?? '')].join(' ')}, ${[...(m[2] ?? '')].join(' ')}`;
}

// ---- vehicles ----

/**
 * The vehicles on a customer record (schemas/crm.ts `vehicles`: plate, model, purchase date), read leniently:
 * `vehicles` may be missing (a customer with none, or a record from before vehicles were imported) or not an array,
 * and an entry that is not a vehicle of that shape is skipped (so are repeated plates). At most `max`.
 */
export function vehiclesOf(record: unknown, max = 3): Vehicle[] {
  const raw = (record as { vehicles?: unknown } | undefined)?.vehicles;
  if (!Array.isArray(raw)) return [];
  const out: Vehicle[] = [];
  for (const v of raw) {
    const parsed = VehicleSchema.safeParse(v);
    if (parsed.success && !out.some((o) => o.plate === parsed.data.plate)) out.push(parsed.data);
    if (out.length === max) break;
  }
  return out;
}

/** "沪A12345（宝马X3）" / "SH-A12345 (BMW X3)". */
export function vehicleLabel(v: Vehicle, language: Language): string {
  if (!v.model) return v.plate;
  return language === 'zh-CN' ? `${v.plate}（${v.model}）` : `${v.plate} (${v.model})`;
}

// ---- lifecycle ----

export const BOOKING_TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  booked: ['arrived', 'completed', 'cancelled', 'no-show'],
  arrived: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  'no-show': [],
};

/** Booked: its slot is held and it may still be moved or cancelled by the caller. */
export const isUpcoming = (b: Booking, now: Date): boolean =>
  b.status === 'booked' && Date.parse(b.slotEnd) > now.getTime();

/** The next status of `advance` without `--to`: booked → arrived → completed. */
export function nextBookingStatus(status: BookingStatus): BookingStatus | undefined {
  return status === 'booked' ? 'arrived' : status === 'arrived' ? 'completed' : undefined;
}

export function changeBookingStatus(
  b: Booking,
  to: BookingStatus,
  at: Date,
  by: string,
  note?: string,
): Booking {
  if (!BOOKING_TRANSITIONS[b.status].includes(to))
    throw new BookingRuleError(
      `booking ${b.bookingId} is ${b.status}; it cannot become ${to}` +
        (BOOKING_TRANSITIONS[b.status].length
          ? ` (allowed: ${BOOKING_TRANSITIONS[b.status].join(', ')})`
          : ' (it is closed)'),
    );
  const iso = at.toISOString();
  // Only a booked booking is reminded (isReminderDue; the repository's reminder index holds booked ones only).
  return {
    ...b,
    status: to,
    updatedAt: iso,
    history: [...b.history, { at: iso, from: b.status, to, by, ...(note ? { note } : {}) }],
  };
}

// ---- the reminder ----

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * When the reminder of a slot is due: `daysBefore` the slot's local day at `reminder.at`. Undefined when that is
 * not after `bookedAt` (booked too late for a reminder: the confirmation is enough).
 */
export function reminderTime(settings: BookingSettings, slot: Slot, bookedAt: Date): Date | undefined {
  const y = Number(slot.day.slice(0, 4));
  const m = Number(slot.day.slice(4, 6));
  const d = Number(slot.day.slice(6, 8));
  const day = new Date(Date.UTC(y, m - 1, d - settings.reminder.daysBefore));
  const at = zonedTime(
    settings.timeZone,
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    minutesOf(settings.reminder.at),
  );
  return at.getTime() > bookedAt.getTime() ? at : undefined;
}

/** Booked, not yet reminded, and due by `now`. */
export const isReminderDue = (b: Booking, now: Date): boolean =>
  b.status === 'booked' &&
  !b.remindedAt &&
  b.remindAt !== undefined &&
  Date.parse(b.remindAt) <= now.getTime() &&
  Date.parse(b.slotStart) > now.getTime();

// ---- what the caller hears ----

export const BOOKING_TEXT = {
  'zh-CN': {
    vehicles: (labels: string[]) =>
      labels.length === 1
        ? `您登记的车辆是${labels[0]}。确认为这辆车预约维修保养请按1。`
        : `请选择要预约维修保养的车辆。${labels.map((l, i) => `${l}请按${i + 1}。`).join('')}`,
    slots: (labels: string[]) => `可预约的时段有：${labels.map((l, i) => `${l}请按${i + 1}。`).join('')}`,
    readBack: (label: string, workshop: string) => `您选择的是${label}，地点是${workshop}。`,
    existing: (label: string, vehicle: string, spokenId: string) =>
      `您已预约${label}为车辆${vehicle}维修保养，预约号 ${spokenId}。改约请按1，取消预约请按2，为其他车辆预约请按3。`,
    noVehicle: '抱歉，我们没有查到您登记的车辆，正在为您转接人工预约。',
    noSlots: '抱歉，近期的维修保养时段都已约满，正在为您转接人工服务。',
    noOtherSlot: '抱歉，近期没有其他可预约的时段。',
    full: '抱歉，您选择的时段刚刚约满，请重新选择。',
    booked: (spokenId: string, label: string, vehicle: string) =>
      `预约成功。您的预约号是 ${spokenId}。请于${label}将车辆${vehicle}送到店里。`,
    moved: (spokenId: string, label: string) => `改约成功。预约 ${spokenId} 已改到${label}。`,
    cancelled: (spokenId: string) => `预约 ${spokenId} 已取消。`,
    gone: '抱歉，这个预约已经不能更改，正在为您转接人工服务。',
    smsSent: '确认短信已发送到您的手机。',
    reminder: '服务前一天我们还会短信提醒您。',
    landline: '您的来电号码不是手机号码，因此不会收到确认短信。',
  },
  'en-US': {
    vehicles: (labels: string[]) =>
      labels.length === 1
        ? `The vehicle on file is ${labels[0]}. To book its service, press 1.`
        : `Which vehicle is it for? ${labels.map((l, i) => `For ${l}, press ${i + 1}.`).join(' ')}`,
    slots: (labels: string[]) =>
      `The next open times are: ${labels.map((l, i) => `for ${l}, press ${i + 1}.`).join(' ')}`,
    readBack: (label: string, workshop: string) => `You chose ${label}, at our ${workshop}.`,
    existing: (label: string, vehicle: string, spokenId: string) =>
      `You have a service booking for ${vehicle} ${label}, booking number ${spokenId}. To move it, press 1. To cancel it, press 2. To book another vehicle, press 3.`,
    noVehicle: 'Sorry, we have no vehicle on file for you. We are connecting you to an agent to book.',
    noSlots: 'Sorry, every service slot of the coming days is taken. We are connecting you to an agent.',
    noOtherSlot: 'Sorry, no other time is open in the coming days.',
    full: 'Sorry, that time has just been taken. Please choose again.',
    booked: (spokenId: string, label: string, vehicle: string) =>
      `Your service is booked. Your booking number is ${spokenId}. Please bring ${vehicle} ${label}.`,
    moved: (spokenId: string, label: string) => `Booking ${spokenId} is moved to ${label}.`,
    cancelled: (spokenId: string) => `Booking ${spokenId} is cancelled.`,
    gone: 'Sorry, that booking can no longer be changed. We are connecting you to an agent.',
    smsSent: 'A confirmation text message is on its way.',
    reminder: 'We will remind you by text the day before.',
    landline: 'You are calling from a landline, so no text message will follow.',
  },
} as const satisfies Record<Language, unknown>;

/** The vehicle keys of the answer: `1`…`n` where a vehicle is on file, `none` after. */
export function vehicleAnswer(
  vehicles: readonly Vehicle[],
): Record<'vehicle1' | 'vehicle2' | 'vehicle3', string> {
  const at = (i: number) => (vehicles[i] ? String(i + 1) : NO_SLOT);
  return { vehicle1: at(0), vehicle2: at(1), vehicle3: at(2) };
}

/** The flat answer's slot keys: `slot1..3` and their read-backs (`none` / empty where fewer were offered). */
export function bookingSlotAnswer(
  settings: BookingSettings,
  workshop: PickupBranch,
  slots: readonly Slot[],
  now: Date,
  language: Language,
): Record<'slot1' | 'slot2' | 'slot3' | 'slot1ReadBack' | 'slot2ReadBack' | 'slot3ReadBack', string> {
  const id = (i: number) => slots[i]?.slotId ?? NO_SLOT;
  const rb = (i: number) => {
    const s = slots[i];
    return s
      ? BOOKING_TEXT[language].readBack(slotLabel(settings, s, now, language), workshop.name[language])
      : '';
  };
  return {
    slot1: id(0),
    slot2: id(1),
    slot3: id(2),
    slot1ReadBack: rb(0),
    slot2ReadBack: rb(1),
    slot3ReadBack: rb(2),
  };
}

/** A slot as the SMS says it (the date named: it is read later). */
export const smsSlotLabel = (settings: BookingSettings, slot: Slot, now: Date, language: Language) =>
  slotLabel(settings, slot, now, language, true);
