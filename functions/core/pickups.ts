/**
 * Pickups (pure): which slots a branch can still offer, pickup numbers, the lifecycle, what the caller hears.
 * No I/O; the clock and the booked counts are passed in.
 */
import type { Language } from '../../schemas/crm.js';
import {
  NO_SLOT,
  type Pickup,
  type PickupBranch,
  type PickupSettings,
  type PickupStatus,
} from '../../schemas/pickups.js';
import { localDateKey, localParts, zonedTime } from './business-time.js';

export class PickupRuleError extends Error {
  override readonly name = 'PickupRuleError';
}

/** A bookable window of one branch on one local day. */
export interface Slot {
  /** `shanghai#20261123#pm` */
  readonly slotId: string;
  readonly branch: string;
  /** `20261123` */
  readonly day: string;
  readonly slotKey: string;
  readonly start: Date;
  readonly end: Date;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export const slotIdOf = (branch: string, day: string, slotKey: string): string =>
  `${branch}#${day}#${slotKey}`;

/** The slot a slot id names, or undefined when the branch, the slot key or the day is not one of the settings. */
export function parseSlotId(settings: PickupSettings, slotId: string): Slot | undefined {
  const [branch, day, slotKey] = slotId.split('#');
  const def = settings.slots.find((s) => s.key === slotKey);
  if (!branch || !day || !def || !/^\d{8}$/.test(day)) return undefined;
  if (!settings.branches.some((b) => b.key === branch)) return undefined;
  const y = Number(day.slice(0, 4));
  const mo = Number(day.slice(4, 6));
  const d = Number(day.slice(6, 8));
  return {
    slotId,
    branch,
    day,
    slotKey: def.key,
    start: zonedTime(settings.timeZone, y, mo, d, minutesOf(def.start)),
    end: zonedTime(settings.timeZone, y, mo, d, minutesOf(def.end)),
  };
}

const isoWeekday = (y: number, m: number, d: number): number => {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
};

/** Every slot of the branch from `now` over the horizon, open days only, still far enough from its end. */
export function upcomingSlots(settings: PickupSettings, branch: PickupBranch, now: Date): Slot[] {
  const today = localParts(now, settings.timeZone);
  const out: Slot[] = [];
  for (let i = 0; i < settings.horizonDays; i++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (!branch.days.includes(isoWeekday(y, m, d)) || settings.holidays.includes(iso)) continue;
    const day = iso.replaceAll('-', '');
    for (const def of settings.slots) {
      const start = zonedTime(settings.timeZone, y, m, d, minutesOf(def.start));
      const end = zonedTime(settings.timeZone, y, m, d, minutesOf(def.end));
      if (end.getTime() - settings.leadMinutes * 60_000 <= now.getTime()) continue;
      out.push({
        slotId: slotIdOf(branch.key, day, def.key),
        branch: branch.key,
        day,
        slotKey: def.key,
        start,
        end,
      });
    }
  }
  return out;
}

/** The first `settings.offer` upcoming slots with capacity left (`booked`: slot id → pickups booked). */
export function slotsToOffer(
  settings: PickupSettings,
  branch: PickupBranch,
  now: Date,
  booked: ReadonlyMap<string, number>,
): Slot[] {
  return upcomingSlots(settings, branch, now)
    .filter((s) => (booked.get(s.slotId) ?? 0) < branch.capacityPerSlot)
    .slice(0, settings.offer);
}

/** Whether a slot may still be booked at `now` (open day, not too late). */
export function isBookable(settings: PickupSettings, branch: PickupBranch, slot: Slot, now: Date): boolean {
  return upcomingSlots(settings, branch, now).some((s) => s.slotId === slot.slotId);
}

// ---- ids ----

/** `P20261123-0001`. */
export function formatPickupId(at: Date, sequence: number, timeZone: string): string {
  return `P${localDateKey(at, timeZone)}-${String(sequence).padStart(4, '0')}`;
}

/** `P20261123-0001` → `P, 2 0 2 6 1 1 2 3, 0 0 0 1`: read digit by digit. */
export function spokenPickupId(pickupId: string): string {
  const m = /^P(\d+)-(\d+)$/.exec(pickupId);
  if (!m) return pickupId;
  return `P, ${[...(m[1] ?? '')].join(' ')}, ${[...(m[2] ?? '')].join(' ')}`;
}

// ---- lifecycle ----

export const PICKUP_TRANSITIONS: Readonly<Record<PickupStatus, readonly PickupStatus[]>> = {
  booked: ['dispatched', 'collected', 'failed', 'cancelled'],
  dispatched: ['collected', 'failed', 'cancelled'],
  collected: [],
  failed: [],
  cancelled: [],
};

export const isOpenPickup = (status: PickupStatus): boolean => status === 'booked' || status === 'dispatched';

/** The next status of `advance` without `--to`: booked → dispatched → collected. */
export function nextStatus(status: PickupStatus): PickupStatus | undefined {
  return status === 'booked' ? 'dispatched' : status === 'dispatched' ? 'collected' : undefined;
}

export function changePickupStatus(
  p: Pickup,
  to: PickupStatus,
  at: Date,
  by: string,
  opts: { note?: string; courier?: string } = {},
): Pickup {
  if (!PICKUP_TRANSITIONS[p.status].includes(to))
    throw new PickupRuleError(
      `pickup ${p.pickupId} is ${p.status}; it cannot become ${to}` +
        (PICKUP_TRANSITIONS[p.status].length
          ? ` (allowed: ${PICKUP_TRANSITIONS[p.status].join(', ')})`
          : ' (it is closed)'),
    );
  const iso = at.toISOString();
  return {
    ...p,
    status: to,
    updatedAt: iso,
    ...(opts.courier ? { courier: opts.courier } : {}),
    history: [...p.history, { at: iso, from: p.status, to, by, ...(opts.note ? { note: opts.note } : {}) }],
  };
}

/** Open and not collected by the end of its slot, and not yet escalated. */
export function isOverdue(p: Pickup, now: Date): boolean {
  return isOpenPickup(p.status) && !p.escalatedAt && Date.parse(p.slotEnd) <= now.getTime();
}

// ---- what the caller hears ----

const DAY_WORDS: Readonly<Record<Language, readonly string[]>> = {
  'zh-CN': ['今天', '明天', '后天'],
  'en-US': ['today', 'tomorrow', 'the day after tomorrow'],
};
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** "明天下午1点到6点" / "tomorrow afternoon, 1 to 6 PM". */
export function slotLabel(
  settings: PickupSettings,
  slot: Slot,
  now: Date,
  language: Language,
  /** Name the date even for today and tomorrow (an SMS is read later). */
  absolute = false,
): string {
  const def = settings.slots.find((s) => s.key === slot.slotKey);
  const label = def?.label[language] ?? slot.slotKey;
  const today = localParts(now, settings.timeZone);
  const y = Number(slot.day.slice(0, 4));
  const m = Number(slot.day.slice(4, 6));
  const d = Number(slot.day.slice(6, 8));
  const days = Math.round(
    (Date.UTC(y, m - 1, d) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000,
  );
  const word = absolute ? undefined : DAY_WORDS[language][days];
  if (language === 'zh-CN') return `${word ?? `${m}月${d}日`}${label}`;
  return `${word ?? `on ${MONTHS[m - 1]} ${d}`}, ${label}`;
}

export const PICKUP_TEXT = {
  'zh-CN': {
    offer: (address: string, labels: string[]) =>
      [`您的取件地址是${address}。`, ...labels.map((l, i) => `${l}上门请按${i + 1}。`)].join(''),
    readBack: (label: string, branch: string) => `您选择的是${label}，由${branch}上门取件。`,
    /** Unknown callers and customers without an address on file (the same words: the flow cannot tell). */
    noAddress: '抱歉，我们没有查到您的取件地址，正在为您转接人工预约。',
    noBranch: '抱歉，您所在的地区暂不支持电话自助预约，正在为您转接人工预约。',
    noSlots: '抱歉，近几天的取件时段都已约满，正在为您转接人工服务。',
    full: '抱歉，您选择的时段刚刚约满，请重新选择。',
    booked: (spokenId: string, label: string) =>
      `预约成功。您的取件单号是 ${spokenId}。快递员将于${label}上门。`,
    smsSent: '确认短信已发送到您的手机。',
    landline: '您的来电号码不是手机号码，因此不会收到确认短信。',
  },
  'en-US': {
    offer: (address: string, labels: string[]) =>
      [`Your pickup address is ${address}.`, ...labels.map((l, i) => `For ${l}, press ${i + 1}.`)].join(' '),
    readBack: (label: string, branch: string) => `You chose ${label}, collected by our ${branch}.`,
    noAddress: 'Sorry, we have no pickup address on file for you. We are connecting you to an agent to book.',
    noBranch:
      'Sorry, phone booking is not available in your area yet. We are connecting you to an agent to book.',
    noSlots: 'Sorry, every pickup slot of the next few days is taken. We are connecting you to an agent.',
    full: 'Sorry, that slot has just been taken. Please choose again.',
    booked: (spokenId: string, label: string) =>
      `Your pickup is booked. Your pickup number is ${spokenId}. A courier will call ${label}.`,
    smsSent: 'A confirmation text message is on its way to your phone.',
    landline: 'You are calling from a landline, so no text message will follow.',
  },
} as const satisfies Record<Language, unknown>;

/** The flat answer's slot keys: `slot1..3` and `slot1..3ReadBack`, `none` where fewer were offered. */
export function slotAnswer(
  settings: PickupSettings,
  branch: PickupBranch,
  slots: readonly Slot[],
  now: Date,
  language: Language,
): Record<'slot1' | 'slot2' | 'slot3' | 'slot1ReadBack' | 'slot2ReadBack' | 'slot3ReadBack', string> {
  const t = PICKUP_TEXT[language];
  const at = (i: number) => slots[i];
  const id = (i: number) => at(i)?.slotId ?? NO_SLOT;
  const rb = (i: number) => {
    const s = at(i);
    return s ? t.readBack(slotLabel(settings, s, now, language), branch.name[language]) : '';
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
