import { describe, expect, it } from 'vitest';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { inQuietHours, isStopReply, renderTemplate, SmsTemplateError } from '../../functions/core/sms.js';
import { SmsSettingsSchema } from '../../schemas/sms.js';

const { sms: settings } = ticketingOf('logistics');

describe('SMS templates', () => {
  it('fills every variable', () => {
    expect(
      renderTemplate(settings, 'ticketConfirmation', 'en-US', {
        ticketId: 'T20261123-0001',
        category: 'a claim',
        dueAt: '2026-11-24 10:00',
      }),
    ).toBe(
      'Your ticket T20261123-0001 (a claim) is open; we will handle it by 2026-11-24 10:00. Reply STOP to opt out.',
    );
  });

  it('refuses a missing variable, naming it', () => {
    expect(() => renderTemplate(settings, 'deliveryException', 'zh-CN', { trackingNumber: 'SF123' })).toThrow(
      new SmsTemplateError('template deliveryException needs {reason} (missing or empty)'),
    );
  });

  it('refuses an empty variable and an unknown one', () => {
    expect(() => renderTemplate(settings, 'promotion', 'zh-CN', { offer: ' ' })).toThrow(/needs \{offer\}/);
    expect(() => renderTemplate(settings, 'promotion', 'zh-CN', { offer: 'x', discount: '5' })).toThrow(
      /has no variable \{discount\}/,
    );
  });

  it('refuses a profile template that uses a variable its kind does not have', () => {
    const bad = structuredClone(settings);
    bad.templates.promotion['en-US'] = 'Hi {name}, {offer}';
    expect(SmsSettingsSchema.safeParse(bad).error?.issues[0]?.message).toMatch(/unknown variable \{name\}/);
  });
});

describe('quiet hours (21:00-09:00 Shanghai)', () => {
  it.each([
    ['2026-11-23T20:59:00+08:00', false],
    ['2026-11-23T21:00:00+08:00', true],
    ['2026-11-24T03:00:00+08:00', true],
    ['2026-11-24T08:59:00+08:00', true],
    ['2026-11-24T09:00:00+08:00', false],
  ])('%s → %s', (at, quiet) => {
    expect(inQuietHours(settings, new Date(at))).toBe(quiet);
  });
});

describe('STOP replies', () => {
  it.each(['STOP', ' stop ', '退订', 'TD', 'unsubscribe'])('"%s" opts out', (t) =>
    expect(isStopReply(t)).toBe(true),
  );
  it.each(['stop it please', 'hello', ''])('"%s" does not', (t) => expect(isStopReply(t)).toBe(false));
});
