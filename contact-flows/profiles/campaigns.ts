/**
 * Outbound campaigns per profile (issue 13): what a new campaign of each purpose starts with in each profile
 * (its queue, dispositions, script, keys, calling window, retry rules, pacing). `hotline campaigns create`
 * takes these and lets the operator change them.
 */
import type {
  CallingWindow,
  CampaignMode,
  CampaignPurpose,
  Disposition,
  ListSource,
  Pacing,
  RetryableResult,
  RetryRule,
} from '../../schemas/campaigns.js';
import type { ProfileId } from '../../schemas/profile.js';
import { leadSettingsOf } from './leads.js';
import { ticketingOf } from './ticketing.js';

export interface CampaignPreset {
  readonly mode: CampaignMode;
  readonly source: ListSource;
  readonly queue?: string;
  readonly dispositions: readonly Disposition[];
  readonly script: string;
  readonly keys?: Readonly<Record<string, string>>;
}

const d = (key: string, label: string, effect: Disposition['effect'], success = false): Disposition => ({
  key,
  label,
  effect,
  success,
});

const CALL_BACK = d('call-back', '约定时间再回电 call back at…', 'callback');
const WRONG_NUMBER = d('wrong-number', '号码错误 wrong number', 'done');
const DO_NOT_CALL = d('do-not-call', '拒绝再来电 do not call again', 'dnc');

export const PURPOSE_DISPOSITIONS: Readonly<Record<CampaignPurpose, readonly Disposition[]>> = {
  'return-visit': [
    d('satisfied', '满意 satisfied (close the complaint)', 'done', true),
    d('unsatisfied', '不满意 unsatisfied (reopen the complaint)', 'done'),
    CALL_BACK,
    WRONG_NUMBER,
    DO_NOT_CALL,
  ],
  ordering: [
    d('ordered', '已下单 ordered', 'done', true),
    d('declined', '暂不订货 declined', 'done'),
    CALL_BACK,
    WRONG_NUMBER,
    DO_NOT_CALL,
  ],
  telesales: [
    d('interested', '有意向 interested', 'done', true),
    d('not-interested', '无意向 not interested', 'done'),
    CALL_BACK,
    WRONG_NUMBER,
    DO_NOT_CALL,
  ],
  reminder: [
    d('confirmed', '确认 confirmed', 'done', true),
    d('cancelled', '取消 cancelled', 'done'),
    WRONG_NUMBER,
    DO_NOT_CALL,
  ],
};

/** Agentless campaigns: the key of each disposition (the first is the positive answer; 9 opts out). */
export const PURPOSE_KEYS: Readonly<Partial<Record<CampaignPurpose, Readonly<Record<string, string>>>>> = {
  'return-visit': { '1': 'satisfied', '2': 'unsatisfied', '9': 'do-not-call' },
  reminder: { '1': 'confirmed', '2': 'cancelled', '9': 'do-not-call' },
};

const SCRIPTS: Readonly<Record<CampaignPurpose, { agent: string; agentless: string }>> = {
  'return-visit': {
    agent:
      '您好，我是客户关系部的回访专员。您之前反映的问题（工单 {ref}）已处理完毕，请问您对处理结果是否满意？',
    agentless: '您好，这里是客户服务中心的回访电话。您之前反映的问题已处理完毕。',
  },
  ordering: {
    agent: '您好，我是订单中心。本期您的订货量低于下限（{ref}），请问需要现在为您下单吗？',
    agentless: '您好，这里是订单中心。本期您的订货量低于下限，请致电订货。',
  },
  telesales: {
    agent: '您好，我们有一项新的服务推荐给您，请问您现在方便了解一下吗？',
    agentless: '您好，我们有一项新的服务推荐给您。',
  },
  reminder: {
    agent: '您好，提醒您预约的上门收件（{ref}）。请问是否确认？',
    agentless: '您好，这里是快递客服中心，提醒您明天有一单预约的上门收件。',
  },
};

/** The queue agent campaigns of a purpose use in each profile. */
const QUEUES: Readonly<Record<ProfileId, Partial<Record<CampaignPurpose, string>>>> = {
  'auto-dealer': { 'return-visit': 'complaints', telesales: 'general', reminder: 'repair' },
  distribution: { 'return-visit': 'complaints', ordering: 'orders', telesales: 'orders' },
  logistics: { 'return-visit': 'complaints', reminder: 'pickup', telesales: 'general' },
  'outsourced-crm': { 'return-visit': 'service', telesales: 'sales', reminder: 'service' },
};

/** The purposes a profile runs campaigns for (those with a queue of their own in the profile). */
export function campaignPurposesOf(profile: ProfileId): CampaignPurpose[] {
  return Object.keys(QUEUES[profile]) as CampaignPurpose[];
}

const DEFAULT_SOURCES: Readonly<Record<CampaignPurpose, ListSource>> = {
  'return-visit': { kind: 'tickets' },
  ordering: { kind: 'shortfall' },
  telesales: { kind: 'segment' },
  reminder: { kind: 'csv', file: 'reminders.csv' },
};

/** Dial by default between 09:00 and 20:00 on the profile's working days, never on its holidays. */
export function defaultWindow(profile: ProfileId): CallingWindow {
  const cal = ticketingOf(profile).tickets.calendar;
  const days: CallingWindow['days'] = {};
  for (const k of Object.keys(cal.days) as Array<keyof CallingWindow['days']>)
    days[k] = { start: '09:00', end: '20:00' };
  return { timeZone: cal.timeZone, days, holidays: [...cal.holidays] };
}

export const DEFAULT_RETRY: Readonly<Partial<Record<RetryableResult, RetryRule>>> = {
  'no-answer': { afterMinutes: 60, maxAttempts: 3 },
  busy: { afterMinutes: 15, maxAttempts: 3 },
  voicemail: { afterMinutes: 120, maxAttempts: 2 },
  abandoned: { afterMinutes: 30, maxAttempts: 3 },
  failed: { afterMinutes: 30, maxAttempts: 2 },
};

export const DEFAULT_PACING: Readonly<Record<CampaignMode, Pacing>> = {
  agent: { kind: 'progressive', linesPerAgent: 1 },
  agentless: { kind: 'rate', callsPerMinute: 10 },
};

/** What a campaign of `purpose` starts with in `profile` (mode: the purpose's usual one unless given). */
export function campaignPreset(
  profile: ProfileId,
  purpose: CampaignPurpose,
  mode?: CampaignMode,
): CampaignPreset {
  const m: CampaignMode = mode ?? (purpose === 'reminder' ? 'agentless' : 'agent');
  if (m === 'agentless' && !PURPOSE_KEYS[purpose])
    throw new Error(`a ${purpose} campaign needs an agent: it has no agentless flow`);
  const queue = QUEUES[profile][purpose] ?? 'general';
  return {
    mode: m,
    // Telesales in a profile that captures leads dials its leads not yet contacted; elsewhere a segment.
    source: purpose === 'telesales' && leadSettingsOf(profile) ? { kind: 'leads' } : DEFAULT_SOURCES[purpose],
    ...(m === 'agent' ? { queue } : {}),
    dispositions: PURPOSE_DISPOSITIONS[purpose],
    script: SCRIPTS[purpose][m === 'agent' ? 'agent' : 'agentless'],
    ...(m === 'agentless' ? { keys: PURPOSE_KEYS[purpose] } : {}),
  };
}
