import { describe, expect, it } from 'vitest';
import {
  checkTimeZone,
  DateInputError,
  parseDateInput,
  parseTimeInput,
} from '../../functions/core/date-input.js';

const now = new Date('2026-03-01T00:00:00Z');
const sh = { label: '--at', timeZone: 'Asia/Shanghai', now };

describe('parseTimeInput: one strict parser for every date option', () => {
  it('reads a time with an offset as that instant', () => {
    expect(parseTimeInput('2026-06-30T18:00:00+08:00', sh)).toEqual(new Date('2026-06-30T10:00:00Z'));
    expect(parseTimeInput('2026-06-30T18:00Z', sh)).toEqual(new Date('2026-06-30T18:00:00Z'));
    expect(parseTimeInput('2026-06-30T18:00:00.5-0130', sh)).toEqual(new Date('2026-06-30T19:30:00.500Z'));
  });

  it("reads a date or a time without an offset in the given zone, whatever the machine's TZ", () => {
    expect(parseTimeInput('2030-01-01', sh)).toEqual(new Date('2029-12-31T16:00:00Z'));
    expect(parseTimeInput(' 2026-06-30 08:15 ', sh)).toEqual(new Date('2026-06-30T00:15:00Z'));
    expect(parseTimeInput('2026-07-01T12:00', { ...sh, timeZone: 'Europe/London' })).toEqual(
      new Date('2026-07-01T11:00:00Z'),
    );
    expect(parseTimeInput('2026-01-01T12:00', { ...sh, timeZone: 'Europe/London' })).toEqual(
      new Date('2026-01-01T12:00:00Z'),
    );
  });

  it('refuses impossible dates and times instead of rolling them over, with the right form', () => {
    for (const text of [
      '2026-02-30T10:00:00+08:00',
      '2026-02-29',
      '2026-06-30T24:30',
      '2026-13-01',
      '2026-06-30T10:60',
    ]) {
      expect(() => parseTimeInput(text, sh)).toThrow(DateInputError);
      expect(() => parseTimeInput(text, sh)).toThrow(
        /is not a real date and time .*2026-11-23T10:00:00\+08:00/,
      );
    }
    expect(parseTimeInput('2028-02-29', sh)).toEqual(new Date('2028-02-28T16:00:00Z'));
  });

  it('refuses what is not a date: -1, numbers, words, partial forms, offsets that do not exist', () => {
    for (const text of [
      '-1',
      '0',
      '1700000000',
      'tomorrow',
      '30/06/2026',
      '2026-6-30',
      '',
      '2026-06-30T18',
      '+002026-01-01',
    ]) {
      expect(() => parseTimeInput(text, sh), text).toThrow(
        /^--at ".*" is not a date or time: give 2026-11-23/,
      );
    }
    expect(() => parseTimeInput('2026-06-30T10:00+25:00', sh)).toThrow(/offset that does not exist/);
    expect(() => parseTimeInput('1969-12-31T10:00Z', sh)).toThrow(/from 1970 on/);
  });

  it('reads HH:MM as today in the zone only where asked (the console), refusing 25:99', () => {
    const opts = {
      label: ':time',
      timeZone: 'Asia/Shanghai',
      now: new Date('2026-11-23T20:00:00Z'),
      timeOfDay: true,
    };
    expect(parseTimeInput('22:00', opts)).toEqual(new Date('2026-11-24T14:00:00Z'));
    expect(() => parseTimeInput('25:99', opts)).toThrow(
      ':time "25:99" is not a time of day: give HH:MM from 00:00 to 23:59',
    );
    expect(() => parseTimeInput('22:00', sh)).toThrow(DateInputError);
  });

  it('refuses the past where a future time is needed', () => {
    expect(() => parseTimeInput('2026-03-01T00:00:00Z', { ...sh, label: '--until', future: true })).toThrow(
      '--until "2026-03-01T00:00:00Z" (2026-03-01T00:00:00.000Z) is not in the future',
    );
  });

  it('refuses unknown time zones with an example', () => {
    expect(checkTimeZone('Europe/Paris')).toBe('Europe/Paris');
    for (const tz of ['Mars/X', '', 'x'.repeat(100)])
      expect(() => checkTimeZone(tz)).toThrow(
        /--time-zone ".*" is not a time zone: give an IANA name such as Asia\/Shanghai/,
      );
    expect(() => parseTimeInput('2026-06-30', { ...sh, timeZone: 'Mars/X' })).toThrow(DateInputError);
  });

  it('parseDateInput takes real days only', () => {
    expect(parseDateInput('2026-11-23', '--from')).toBe('2026-11-23');
    for (const d of ['2026-02-30', '-1', '2026-11-23T00:00'])
      expect(() => parseDateInput(d, '--from')).toThrow(DateInputError);
  });
});
