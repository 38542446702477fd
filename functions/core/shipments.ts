/**
 * Shipment tracking, the pure part (issue 12 item 2): which of two status events is newer, and what a caller hears.
 */
import type { Language } from '../../schemas/crm.js';
import {
  SHIPMENT_STATUSES,
  type Shipment,
  type ShipmentEvent,
  type ShipmentStatus,
  WAYBILL_MAX_DIGITS,
} from '../../schemas/shipments.js';

/** Position in the lifecycle: breaks ties between events of the same time. */
export const statusRank = (status: ShipmentStatus): number => SHIPMENT_STATUSES.indexOf(status);

/**
 * Whether `event` replaces `current` as the latest status: a later time, or the same time and a later status in
 * the lifecycle. A replay (same time, same status) is not newer. `at` values are UTC ISO strings (they compare
 * as text).
 */
export function isNewer(
  event: Pick<ShipmentEvent, 'at' | 'status'>,
  current?: Pick<ShipmentEvent, 'at' | 'status'>,
) {
  if (!current) return true;
  if (event.at !== current.at) return event.at > current.at;
  return statusRank(event.status) > statusRank(current.status);
}

/** What the caller typed, as a waybill: digits only (`#` and spaces dropped); `undefined` when it cannot be one. */
export function typedWaybill(input: string): string | undefined {
  const digits = input.replace(/[#*\s]/g, '');
  return /^\d+$/.test(digits) && digits.length <= WAYBILL_MAX_DIGITS ? digits : undefined;
}

/** `1234567890` → `1 2 3 4 5 6 7 8 9 0`: text-to-speech reads each digit. */
export const spokenWaybill = (waybill: string): string => waybill.split('').join(' ');

const STATUS_WORDS: Readonly<Record<Language, Readonly<Record<ShipmentStatus, string>>>> = {
  'zh-CN': {
    created: '已下单，等待揽收',
    collected: '已揽收',
    'in-transit': '运输中',
    arrived: '已到达',
    'out-for-delivery': '派送中',
    exception: '派送异常',
    delivered: '已签收',
    returned: '已退回寄件人',
  },
  'en-US': {
    created: 'booked and waiting for collection',
    collected: 'collected by our courier',
    'in-transit': 'in transit',
    arrived: 'arrived',
    'out-for-delivery': 'out for delivery',
    exception: 'held up: there was a delivery problem',
    delivered: 'delivered',
    returned: 'returned to the sender',
  },
};

/** The status in words, for the CLI and the IVR. */
export const statusWords = (status: ShipmentStatus, language: Language): string =>
  STATUS_WORDS[language][status];

/** What the IVR says, per language (the flow's entry prompt is here too, so the Lambda and the flow agree). */
export const TRACK_TEXT = {
  'zh-CN': {
    enter: '请输入运单号码，以井号键结束。',
    latest: (waybill: string, status: string, place: string, when: string, note?: string) =>
      `运单 ${spokenWaybill(waybill)} 的最新状态是：${status}${note ? `（${note}）` : ''}，所在位置：${place}，更新时间：${when}。`,
    another: '查询其他运单请按1。',
    unknown: (waybill: string) => `抱歉，没有查到运单 ${spokenWaybill(waybill)}。`,
  },
  'en-US': {
    enter: 'Please enter your waybill number, then press the hash key.',
    latest: (waybill: string, status: string, place: string, when: string, note?: string) =>
      `Waybill ${spokenWaybill(waybill)} is ${status}${note ? ` (${note})` : ''}. Last seen at ${place}, ${when}.`,
    another: 'To track another waybill, press 1.',
    unknown: (waybill: string) => `Sorry, we could not find waybill ${spokenWaybill(waybill)}.`,
  },
} as const satisfies Record<Language, unknown>;

/** `3月3日 10:05` / `March 3 at 10:05 AM`, in the carrier's time zone. */
export function spokenTime(at: string, language: Language, timeZone: string): string {
  const d = new Date(at);
  if (language === 'zh-CN') {
    const parts = new Intl.DateTimeFormat('zh-CN', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(d);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${Number(get('month'))}月${Number(get('day'))}日${get('hour')}点${get('minute')}分`;
  }
  const date = new Intl.DateTimeFormat('en-US', { timeZone, month: 'long', day: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(d);
  return `${date} at ${time}`;
}

/** The latest status and place in the caller's language (English callers hear `placeEn` when there is one). */
export function latestStatusPrompt(shipment: Shipment, language: Language, timeZone: string): string {
  const t = TRACK_TEXT[language];
  const place = language === 'en-US' ? (shipment.placeEn ?? shipment.place) : shipment.place;
  return t.latest(
    shipment.waybill,
    statusWords(shipment.status, language),
    place,
    spokenTime(shipment.at, language, timeZone),
    shipment.note,
  );
}
