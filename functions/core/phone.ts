import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** What a raw caller number turned out to be. Only `e164` may be matched to a customer or a block. */
export type CallerNumber =
  | { kind: 'e164'; e164: string }
  | { kind: 'withheld' }
  | { kind: 'invalid'; reason: string };

/** Words carriers and Connect use for a hidden caller id. */
const WITHHELD = new Set([
  '',
  'anonymous',
  'unknown',
  'private',
  'restricted',
  'unavailable',
  'withheld',
  'null',
]);

/**
 * Normalize a number to E.164. Numbers without a country code take `defaultRegion`;
 * international prefixes of that region (00 in CN) are understood, so
 * `+86 138 0013 8000`, `008613800138000`, `13800138000` and `138-0013-8000` are one number.
 */
export function normalizePhone(raw: string | null | undefined, defaultRegion: string): CallerNumber {
  // NFKC: full-width digits, + and spaces (＋８６ １３８…, as Chinese input methods type them) become ASCII.
  const text = (raw ?? '').normalize('NFKC').trim();
  if (WITHHELD.has(text.toLowerCase()) || /^\+?0*$/.test(text)) return { kind: 'withheld' };
  if (!/^[+\d\s().-]+$/.test(text))
    return { kind: 'invalid', reason: 'contains characters other than digits, +, spaces, ()-.' };
  const parsed = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
  if (!parsed) return { kind: 'invalid', reason: 'not a phone number' };
  if (!parsed.isPossible()) return { kind: 'invalid', reason: 'not a possible number for its country' };
  return { kind: 'e164', e164: parsed.number };
}

/** True for a region (ISO 3166 alpha-2, e.g. CN) whose numbers can be normalized. */
export function isSupportedRegion(region: string): boolean {
  return isSupportedCountry(region);
}

/** Like normalizePhone, but throws with a readable message: for operator input. */
export function requireE164(raw: string, defaultRegion: string): string {
  const n = normalizePhone(raw, defaultRegion);
  if (n.kind === 'e164') return n.e164;
  throw new Error(n.kind === 'withheld' ? `"${raw}" is not a number` : `"${raw}" is ${n.reason}`);
}

/** Mask a number for logs: country code and last 4 digits only (`+86*******8000`). */
export function maskPhone(raw: string | null | undefined): string {
  const text = (raw ?? '').replace(/[^\d+]/g, '');
  if (text.length <= 4) return '*'.repeat(text.length);
  const head = text.startsWith('+')
    ? text.slice(0, text.startsWith('+1') || text.startsWith('+7') ? 2 : 3)
    : '';
  return head + '*'.repeat(text.length - head.length - 4) + text.slice(-4);
}

/** Mask every phone-like run of 7+ digits in a free string (defence in depth for log lines). */
export function maskPhonesIn(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, (m) =>
    m.replace(/\D/g, '').length >= 7 && !/^\d{4}-\d{2}-\d{2}/.test(m) ? maskPhone(m) : m,
  );
}
