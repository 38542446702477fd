/** Leads (pure): lead numbers, the lifecycle, what the caller hears. */
import type { Language } from '../../schemas/crm.js';
import type { Lead, LeadSettings, LeadStatus } from '../../schemas/leads.js';
import { localDateKey } from './business-time.js';

export class LeadRuleError extends Error {
  override readonly name = 'LeadRuleError';
}

/** `L20261123-0001`. */
export function formatLeadId(at: Date, sequence: number, timeZone: string): string {
  return `L${localDateKey(at, timeZone)}-${String(sequence).padStart(4, '0')}`;
}

export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ['contacted', 'lost'],
  contacted: ['qualified', 'lost'],
  qualified: ['won', 'lost'],
  won: [],
  lost: [],
};

/** The next status of `advance` without `--to`: new → contacted → qualified → won. */
export function nextLeadStatus(status: LeadStatus): LeadStatus | undefined {
  return status === 'new'
    ? 'contacted'
    : status === 'contacted'
      ? 'qualified'
      : status === 'qualified'
        ? 'won'
        : undefined;
}

export function changeLeadStatus(l: Lead, to: LeadStatus, at: Date, by: string, note?: string): Lead {
  if (!LEAD_TRANSITIONS[l.status].includes(to))
    throw new LeadRuleError(
      `lead ${l.leadId} is ${l.status}; it cannot become ${to}` +
        (LEAD_TRANSITIONS[l.status].length
          ? ` (allowed: ${LEAD_TRANSITIONS[l.status].join(', ')})`
          : ' (it is closed)'),
    );
  const iso = at.toISOString();
  return {
    ...l,
    status: to,
    updatedAt: iso,
    history: [...l.history, { at: iso, from: l.status, to, by, ...(note ? { note } : {}) }],
  };
}

export const LEAD_TEXT = {
  'zh-CN': {
    interest: (settings: LeadSettings) =>
      `请问您想了解${settings.client.name['zh-CN']}的哪类产品？${settings.productLines
        .map((p, i) => `${p.label['zh-CN']}请按${i + 1}。`)
        .join('')}`,
    consent: '如果暂时无人接听，我们的销售顾问可以给您回电。同意回电请按1，不需要回电请按2。',
    captured: (label: string, consent: boolean) =>
      `已记录您对${label}的购买意向。${consent ? '我们的销售顾问会尽快与您联系。' : ''}正在为您转接销售顾问。`,
  },
  'en-US': {
    interest: (settings: LeadSettings) =>
      `Which ${settings.client.name['en-US']} products would you like to hear about? ${settings.productLines
        .map((p, i) => `For ${p.label['en-US']}, press ${i + 1}.`)
        .join(' ')}`,
    consent:
      'If nobody is free, a sales adviser can call you back. To agree to a call back, press 1. If not, press 2.',
    captured: (label: string, consent: boolean) =>
      `We have noted your interest in ${label}. ${consent ? 'A sales adviser will call you soon. ' : ''}We are connecting you to sales.`,
  },
} as const satisfies Record<Language, unknown>;
