import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhonesIn, normalizePhone, requireE164 } from '../../functions/core/phone.js';

describe('normalizePhone (default region CN)', () => {
  it.each([
    '+86 138 0013 8000',
    '008613800138000',
    '13800138000',
    '138-0013-8000',
    '+86-138-0013-8000',
    ' (+86) 13800138000 ',
    '＋８６ １３８ ００１３ ８０００',
    '１３８－００１３－８０００',
    '+86\u3000138\u30000013\u30008000',
  ])('%s is +8613800138000', (raw) => {
    expect(normalizePhone(raw, 'CN')).toEqual({ kind: 'e164', e164: '+8613800138000' });
  });

  it.each([
    ['(010) 6552 1234', '+861065521234'],
    ['010-65521234', '+861065521234'],
    ['+86 10 6552 1234', '+861065521234'],
    ['021 6234 5678', '+862162345678'],
  ])('landline %s is %s', (raw, e164) => {
    expect(normalizePhone(raw, 'CN')).toEqual({ kind: 'e164', e164 });
  });

  it('keeps foreign numbers with their own country code', () => {
    expect(normalizePhone('+1 720 555 0100', 'CN')).toEqual({ kind: 'e164', e164: '+17205550100' });
  });

  it('uses the default region for national numbers', () => {
    expect(normalizePhone('(720) 555-0100', 'US')).toEqual({ kind: 'e164', e164: '+17205550100' });
  });

  it.each([null, undefined, '', '   ', 'anonymous', 'Anonymous', 'private', 'unknown', '+0000000'])(
    'withheld caller %j is withheld',
    (raw) => {
      expect(normalizePhone(raw, 'CN')).toEqual({ kind: 'withheld' });
    },
  );

  it.each(['12345', 'abc', '+1234567890', '1380013800a'])('%s is invalid', (raw) => {
    expect(normalizePhone(raw, 'CN').kind).toBe('invalid');
  });
});

describe('requireE164', () => {
  it('returns E.164 or explains', () => {
    expect(requireE164('138-0013-8000', 'CN')).toBe('+8613800138000');
    expect(() => requireE164('anonymous', 'CN')).toThrow(/not a number/);
    expect(() => requireE164('12345', 'CN')).toThrow(/12345/);
  });
});

describe('masking', () => {
  it('keeps only the country code and the last four digits', () => {
    expect(maskPhone('+8613800138000')).toBe('+86*******8000');
    expect(maskPhone('+17205550100')).toBe('+1******0100');
    expect(maskPhone('13800138000')).toBe('*******8000');
    expect(maskPhone('')).toBe('');
  });

  it('masks numbers inside text but not dates or short ids', () => {
    const out = maskPhonesIn('caller 138-0013-8000 at 2026-11-23T10:00:00Z, ticket 42');
    expect(out).not.toContain('0013');
    expect(out).toContain('8000');
    expect(out).toContain('2026-11-23T10:00:00Z');
    expect(out).toContain('ticket 42');
  });
});
