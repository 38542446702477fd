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
