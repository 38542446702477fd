/**
 * Is a number a mobile (SMS-capable) number? libphonenumber's `mobile` metadata knows only mobile number
 * ranges, so a landline is not valid in it. `FIXED_LINE_OR_MOBILE` (countries whose ranges overlap, e.g. US)
 * counts as mobile: SNS then tells us if it is not. Pure; used before every confirmation SMS (issue 12).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

export function isMobileNumber(e164: string | undefined): boolean {
  if (!e164) return false;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return false;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** What a caller hears about the confirmation SMS after a self-service transaction (tickets; issue 12 item 6). */
export const SMS_NOTE = {
  'zh-CN': { sent: '稍后您会收到确认短信。', landline: '您的来电号码不是手机号码，因此不会收到确认短信。' },
  'en-US': {
    sent: 'A text message will confirm it.',
    landline: 'You are calling from a landline, so no text message will follow.',
  },
} as const;

/** The note for an SMS outcome: sent (or already sent), a landline, or nothing to promise. */
export function smsNote(status: string, language: 'zh-CN' | 'en-US'): string {
  if (status === 'sent' || status === 'duplicate') return SMS_NOTE[language].sent;
  if (status === 'landline') return SMS_NOTE[language].landline;
  return '';
}
