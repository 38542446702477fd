/** SMS (pure): template rendering with validated variables, quiet hours, STOP replies. */

import type { Language } from '../../schemas/crm.js';
import { type SmsSettings, type SmsTemplateKey, TEMPLATE_VARIABLES } from '../../schemas/sms.js';
import { localParts } from './business-time.js';

export class SmsTemplateError extends Error {
  override readonly name = 'SmsTemplateError';
}

/**
 * The template's text with `{name}` replaced. Refused (SmsTemplateError) when a variable the template needs is
 * missing or empty, or an unknown one is given, naming them.
 */
export function renderTemplate(
  settings: SmsSettings,
  key: SmsTemplateKey,
  language: Language,
  variables: Readonly<Record<string, string>>,
): string {
  const wanted = TEMPLATE_VARIABLES[key];
  const missing = wanted.filter((v) => (variables[v] ?? '').trim() === '');
  if (missing.length)
    throw new SmsTemplateError(
      `template ${key} needs ${missing.map((m) => `{${m}}`).join(', ')} (missing or empty)`,
    );
  const unknown = Object.keys(variables).filter((v) => !wanted.includes(v));
  if (unknown.length)
    throw new SmsTemplateError(
      `template ${key} has no variable ${unknown.map((u) => `{${u}}`).join(', ')}; it takes ${wanted.join(', ')}`,
    );
  return settings.templates[key][language].replace(
    /\{([A-Za-z]+)\}/g,
    (_, name: string) => variables[name] ?? '',
  );
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when `at` falls in the quiet hours (local time; a window may span midnight, e.g. 21:00–09:00). */
export function inQuietHours(settings: SmsSettings, at: Date): boolean {
  const p = localParts(at, settings.timeZone);
  const now = p.hour * 60 + p.minute;
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

const STOP_WORDS = new Set(['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'TD', '退订', 'T']);

/** True when an inbound SMS asks to stop messages ("STOP", "退订", "TD"…). */
export function isStopReply(text: string): boolean {
  return STOP_WORDS.has(text.trim().toUpperCase());
}

/** `2026112310`: the hour bucket of the rate limit (UTC). */
export const hourKey = (at: Date): string => at.toISOString().slice(0, 13).replace(/[-T]/g, '');
