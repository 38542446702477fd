/**
 * Ticketing and SMS per profile (F7, F11): ticket categories, departments, SLA hours, the business calendar
 * the deadlines are counted in, the IVR's ticket submenu, and the SMS templates and limits.
 * Kept beside the profiles (not inside ProfileSchema) so a profile's tickets can change without touching its
 * contact-centre resources; `ticketingOf(profile.id)` is the one way to read them.
 */
import type { ProfileId } from '../../schemas/profile.js';
import { type SmsSettings, type SmsSettingsInput, SmsSettingsSchema } from '../../schemas/sms.js';
import {
  type Ticketing,
  type TicketingInput,
  TicketingSchema,
  type TicketPrompts,
} from '../../schemas/ticket.js';

/** Chinese public holidays (statutory days off) the SLA clock skips. Extend per year. */
export const CN_HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-04-05',
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-06-19',
  '2026-09-25',
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
  '2027-01-01',
];

const SLA_HOURS = { urgent: 4, high: 8, normal: 24, low: 40 } as const;
const WEEKDAYS_9_18 = {
  '1': { start: '09:00', end: '18:00' },
  '2': { start: '09:00', end: '18:00' },
  '3': { start: '09:00', end: '18:00' },
  '4': { start: '09:00', end: '18:00' },
  '5': { start: '09:00', end: '18:00' },
} as const;

const PROMPTS: { 'zh-CN': TicketPrompts; 'en-US': TicketPrompts } = {
  'zh-CN': {
    intro: '请选择您要登记的类型。',
    option: '{label}请按{key}。',
    agent: '直接转人工请按0。',
    // The SMS note is the Lambda's: none is promised to a landline caller.
    created: '已为您登记工单，工单号是 $.External.ticketIdSpoken 。$.External.smsNote',
    failed: '抱歉，工单暂时无法登记，我们为您转接人工服务。',
  },
  'en-US': {
    intro: 'Please choose what you would like to tell us about.',
    option: 'For {label}, press {key}.',
    agent: 'To speak to an agent, press 0.',
    created:
      'We have recorded your ticket. Your ticket number is $.External.ticketIdSpoken . $.External.smsNote',
    failed: 'Sorry, we could not record your ticket just now. Let us put you through to an agent.',
  },
};

const SMS_DEFAULTS = {
  quietHours: { start: '21:00', end: '09:00' },
  timeZone: 'Asia/Shanghai',
  ratePerNumberPerHour: 5,
} as const;

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

const autoDealer: TicketingInput = {
  departments: [
    { key: 'customer-relations', name: 'Customer relations (客户关系部)' },
    { key: 'service', name: 'After-sales service (售后服务部)' },
    { key: 'sales', name: 'Sales (销售部)' },
  ],
  categories: [
    {
      key: 'complaint',
      label: label('投诉', 'a complaint'),
      department: 'customer-relations',
      priority: 'high',
      returnVisit: true,
    },
    {
      key: 'suggestion',
      label: label('建议', 'a suggestion'),
      department: 'customer-relations',
      priority: 'normal',
    },
    {
      key: 'praise',
      label: label('表扬', 'praise'),
      department: 'customer-relations',
      priority: 'low',
      transferAfter: false,
    },
    // Repair bookings are records of their own (hotline bookings, schemas/bookings.ts), not tickets.
    // A car off the road: an insurance claim is answered within 4 business hours.
    {
      key: 'claim',
      label: label('保险理赔', 'an insurance claim'),
      department: 'service',
      priority: 'high',
      slaHours: { high: 4 },
    },
    { key: 'consultation', label: label('咨询', 'a question'), department: 'sales', priority: 'low' },
    // Voicemail (F15): a message left after hours or from the queue; its department is the queue's
    // (contact-flows/profiles/voicemail.ts).
    {
      key: 'voicemail',
      label: label('留言', 'a voicemail message'),
      department: 'customer-relations',
      priority: 'normal',
    },
  ],
  slaHours: SLA_HOURS,
  calendar: { timeZone: 'Asia/Shanghai', days: WEEKDAYS_9_18, holidays: CN_HOLIDAYS_2026 },
  remindBeforeHours: 2,
  ivr: {
    menuKey: '6',
    options: [
      { key: '1', category: 'complaint' },
      { key: '2', category: 'suggestion' },
      { key: '3', category: 'praise' },
    ],
    prompts: PROMPTS,
  },
};

const logistics: TicketingInput = {
  departments: [
    { key: 'delivery', name: 'Delivery operations (派送部)' },
    { key: 'claims', name: 'Claims (理赔部)' },
    { key: 'pickup', name: 'Pickup dispatch (收件调度)' },
  ],
  categories: [
    {
      key: 'delivery-complaint',
      label: label('派送投诉', 'a delivery complaint'),
      department: 'delivery',
      priority: 'high',
      returnVisit: true,
      slaHours: { high: 12 },
    },
    {
      key: 'claim',
      label: label('丢失或破损理赔', 'a claim for a lost or damaged parcel'),
      department: 'claims',
      priority: 'normal',
      returnVisit: true,
      slaHours: { normal: 48 },
    },
    // No `pickup-booking` category (issue 12 item 7): a pickup is booked as a pickup, with its own lifecycle and
    // overdue escalation (IVR key 1, `hotline pickups book` for an agent), never as a ticket.
    { key: 'suggestion', label: label('建议', 'a suggestion'), department: 'delivery', priority: 'low' },
    // Voicemail (F15): a message left after hours or from the queue; its department is the queue's
    // (contact-flows/profiles/voicemail.ts).
    {
      key: 'voicemail',
      label: label('留言', 'a voicemail message'),
      department: 'delivery',
      priority: 'normal',
    },
  ],
  slaHours: SLA_HOURS,
  calendar: {
    timeZone: 'Asia/Shanghai',
    days: { ...WEEKDAYS_9_18, '6': { start: '09:00', end: '18:00' } },
    holidays: CN_HOLIDAYS_2026,
  },
  remindBeforeHours: 2,
  ivr: {
    menuKey: '3',
    options: [
      { key: '1', category: 'delivery-complaint' },
      { key: '2', category: 'claim' },
      { key: '3', category: 'suggestion' },
    ],
    prompts: PROMPTS,
  },
};

const distribution: TicketingInput = {
  departments: [
    { key: 'customer-service', name: 'Customer service (客户服务科)' },
    { key: 'orders', name: 'Order centre (订单中心)' },
    { key: 'logistics', name: 'Delivery (配送中心)' },
  ],
  categories: [
    {
      key: 'complaint',
      label: label('投诉', 'a complaint'),
      department: 'customer-service',
      priority: 'high',
      returnVisit: true,
    },
    {
      key: 'suggestion',
      label: label('建议', 'a suggestion'),
      department: 'customer-service',
      priority: 'normal',
    },
    {
      key: 'praise',
      label: label('表扬', 'praise'),
      department: 'customer-service',
      priority: 'low',
      transferAfter: false,
    },
    // No `order` category (issue 12 item 7): a phone order is an order (the order centre: IVR keys 1 and 2,
    // `hotline orders create` for an agent), with its own lifecycle, never a ticket.
    // Created by an agent (workspace, API, `hotline tickets create`): delivery problems need a conversation.
    {
      key: 'delivery-issue',
      label: label('配送问题', 'a delivery problem'),
      department: 'logistics',
      priority: 'normal',
      returnVisit: true,
    },
    // Voicemail (F15): a message left after hours or from the queue; its department is the queue's
    // (contact-flows/profiles/voicemail.ts).
    {
      key: 'voicemail',
      label: label('留言', 'a voicemail message'),
      department: 'customer-service',
      priority: 'normal',
    },
  ],
  slaHours: SLA_HOURS,
  calendar: {
    timeZone: 'Asia/Shanghai',
    days: {
      '1': { start: '08:30', end: '17:30' },
      '2': { start: '08:30', end: '17:30' },
      '3': { start: '08:30', end: '17:30' },
      '4': { start: '08:30', end: '17:30' },
      '5': { start: '08:30', end: '17:30' },
    },
    holidays: CN_HOLIDAYS_2026,
  },
  remindBeforeHours: 2,
  ivr: {
    menuKey: '3',
    options: [
      { key: '1', category: 'complaint' },
      { key: '2', category: 'suggestion' },
      { key: '3', category: 'praise' },
    ],
    prompts: PROMPTS,
  },
};

const outsourcedCrm: TicketingInput = {
  departments: [
    { key: 'service', name: 'Client service team (客服组)' },
    { key: 'retention', name: 'Retention team (挽留组)' },
    { key: 'sales', name: 'Telesales (电销组)' },
  ],
  categories: [
    {
      key: 'service-complaint',
      label: label('服务投诉', 'a service complaint'),
      department: 'service',
      priority: 'high',
      returnVisit: true,
    },
    {
      key: 'consultation',
      label: label('业务咨询', 'a question about our services'),
      department: 'service',
      priority: 'normal',
    },
    {
      key: 'cancellation',
      label: label('退订申请', 'a cancellation request'),
      department: 'retention',
      priority: 'high',
      slaHours: { high: 8 },
    },
    // Sales leads are records of their own (hotline leads, schemas/leads.ts), not tickets.
    // Voicemail (F15): a message left after hours or from the queue; its department is the queue's
    // (contact-flows/profiles/voicemail.ts).
    {
      key: 'voicemail',
      label: label('留言', 'a voicemail message'),
      department: 'service',
      priority: 'normal',
    },
  ],
  slaHours: SLA_HOURS,
  calendar: {
    timeZone: 'Asia/Shanghai',
    days: { ...WEEKDAYS_9_18, '6': { start: '09:00', end: '18:00' }, '7': { start: '09:00', end: '18:00' } },
    holidays: CN_HOLIDAYS_2026,
  },
  remindBeforeHours: 2,
  ivr: {
    menuKey: '2',
    options: [
      { key: '1', category: 'service-complaint' },
      { key: '2', category: 'consultation' },
    ],
    prompts: PROMPTS,
  },
};

const TEMPLATES: SmsSettingsInput['templates'] = {
  ticketConfirmation: {
    'zh-CN': '【客服中心】您的工单{ticketId}（{category}）已受理，我们将在{dueAt}前处理。回复TD退订。',
    'en-US':
      'Your ticket {ticketId} ({category}) is open; we will handle it by {dueAt}. Reply STOP to opt out.',
  },
  deliveryException: {
    'zh-CN': '【客服中心】您的快件{trackingNumber}派送异常：{reason}。如需帮助请致电客服。回复TD退订。',
    'en-US':
      'Your parcel {trackingNumber} could not be delivered: {reason}. Call us for help. Reply STOP to opt out.',
  },
  settlementNotice: {
    'zh-CN': '【客服中心】您{period}的结算金额为{amount}元，请及时核对。回复TD退订。',
    'en-US': 'Your settlement for {period} is {amount}. Please check it. Reply STOP to opt out.',
  },
  promotion: {
    'zh-CN': '【客服中心】{offer} 回复TD退订。',
    'en-US': '{offer} Reply STOP to opt out.',
  },
  holidayGreeting: {
    'zh-CN': '【客服中心】{holiday}快乐！感谢您一直以来的支持。回复TD退订。',
    'en-US': 'Happy {holiday}! Thank you for being with us. Reply STOP to opt out.',
  },
  orderConfirmation: {
    'zh-CN': '【订货中心】您的订单{orderId}已提交，共{lines}种商品，合计{total}元。回复TD退订。',
    'en-US': 'Your order {orderId} is placed: {lines} products, total {total} yuan. Reply STOP to opt out.',
  },
  pickupConfirmation: {
    'zh-CN': '【客服中心】您的取件预约{pickupId}已受理，快递员将于{slot}到{address}上门取件。回复TD退订。',
    'en-US': 'Pickup {pickupId} is booked: a courier will call at {address}, {slot}. Reply STOP to opt out.',
  },
  bookingConfirmation: {
    'zh-CN':
      '【客服中心】您的维修保养预约{bookingId}已确认：{slot}，车辆{vehicle}，地点{workshop}。改约或取消请致电客服热线。回复TD退订。',
    'en-US':
      'Service booking {bookingId} confirmed: {slot}, vehicle {vehicle}, at our {workshop}. Call us to move or cancel it. Reply STOP to opt out.',
  },
  bookingReminder: {
    'zh-CN':
      '【客服中心】温馨提醒：您的维修保养预约{bookingId}在{slot}，车辆{vehicle}，地点{workshop}。回复TD退订。',
    'en-US':
      'Reminder: service booking {bookingId} is {slot}, vehicle {vehicle}, at our {workshop}. Reply STOP to opt out.',
  },
  bookingCancelled: {
    'zh-CN': '【客服中心】您{slot}的维修保养预约{bookingId}已取消。回复TD退订。',
    'en-US': 'Service booking {bookingId} ({slot}) is cancelled. Reply STOP to opt out.',
  },
};

const sms = (senderId: string): SmsSettingsInput => ({ ...SMS_DEFAULTS, senderId, templates: TEMPLATES });

export interface ProfileTicketing {
  readonly tickets: Ticketing;
  readonly sms: SmsSettings;
}

const parse = (tickets: TicketingInput, smsSettings: SmsSettingsInput): ProfileTicketing => ({
  tickets: TicketingSchema.parse(tickets),
  sms: SmsSettingsSchema.parse(smsSettings),
});

export const TICKETING: Readonly<Record<ProfileId, ProfileTicketing>> = {
  'auto-dealer': parse(autoDealer, sms('AutoCare')),
  logistics: parse(logistics, sms('Express')),
  distribution: parse(distribution, sms('Ordering')),
  'outsourced-crm': parse(outsourcedCrm, sms('Service')),
};

/** The ticketing rules and SMS settings of a profile. */
export function ticketingOf(profileId: ProfileId): ProfileTicketing {
  return TICKETING[profileId];
}
