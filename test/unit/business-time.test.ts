import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessMsBetween,
  localDateKey,
  zonedTime,
} from '../../functions/core/business-time.js';
import { BusinessCalendarSchema } from '../../schemas/ticket.js';

const nine = { start: '09:00', end: '18:00' };
const cal = BusinessCalendarSchema.parse({
  timeZone: 'Asia/Shanghai',
  days: { '1': nine, '2': nine, '3': nine, '4': nine, '5': nine },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
});
const at = (iso: string) => new Date(iso);
const sh = (iso: string) => addBusinessHours(at(iso), 0, cal);

describe('business time (Shanghai, Mon-Fri 09:00-18:00, with holidays)', () => {
  it('counts within one working day', () => {
    // Monday 2026-11-23 10:00 + 4 h = 14:00.
    expect(addBusinessHours(at('2026-11-23T10:00:00+08:00'), 4, cal).toISOString()).toBe(
      at('2026-11-23T14:00:00+08:00').toISOString(),
    );
  });

  it('carries over the night: Monday 16:00 + 4 h is Tuesday 11:00', () => {
    expect(addBusinessHours(at('2026-11-23T16:00:00+08:00'), 4, cal).toISOString()).toBe(
      at('2026-11-24T11:00:00+08:00').toISOString(),
    );
  });

  it('a ticket opened at night starts counting at the next opening', () => {
    expect(addBusinessHours(at('2026-11-23T23:30:00+08:00'), 2, cal).toISOString()).toBe(
      at('2026-11-24T11:00:00+08:00').toISOString(),
    );
  });

  it('skips the weekend: Friday 17:00 + 3 h is Monday 11:00', () => {
    expect(addBusinessHours(at('2026-11-27T17:00:00+08:00'), 3, cal).toISOString()).toBe(
      at('2026-11-30T11:00:00+08:00').toISOString(),
    );
  });

  it('a ticket opened on Saturday counts from Monday 09:00', () => {
    expect(addBusinessHours(at('2026-11-28T12:00:00+08:00'), 1, cal).toISOString()).toBe(
      at('2026-11-30T10:00:00+08:00').toISOString(),
    );
  });

  it('skips holidays and the weekend between them: Wed 30 Sep 17:00 + 2 h is Tue 6 Oct 10:00', () => {
    // 1 h on Sep 30; Oct 1-2 holidays, Oct 3-4 weekend, Oct 5 holiday; 1 h on Oct 6.
    expect(addBusinessHours(at('2026-09-30T17:00:00+08:00'), 2, cal).toISOString()).toBe(
      at('2026-10-06T10:00:00+08:00').toISOString(),
    );
  });

  it('24 business hours are almost three working days', () => {
    expect(addBusinessHours(at('2026-11-23T09:00:00+08:00'), 24, cal).toISOString()).toBe(
      at('2026-11-25T15:00:00+08:00').toISOString(),
    );
  });

  it('measures business time between two instants', () => {
    expect(businessMsBetween(at('2026-11-27T17:00:00+08:00'), at('2026-11-30T11:00:00+08:00'), cal)).toBe(
      3 * 3_600_000,
    );
    expect(sh('2026-11-23T10:00:00+08:00').toISOString()).toBe(at('2026-11-23T10:00:00+08:00').toISOString());
  });

  it('works in a time zone with daylight saving time', () => {
    const ny = BusinessCalendarSchema.parse({ timeZone: 'America/New_York', days: { '1': nine, '2': nine } });
    // Sunday 2026-03-08 is the spring-forward day; Monday 09:00 EDT is 13:00 UTC.
    expect(zonedTime('America/New_York', 2026, 3, 9, 9 * 60).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(addBusinessHours(at('2026-03-06T12:00:00Z'), 1, ny).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });

  it('gives the local date key of an instant (the day of the ticket id)', () => {
    expect(localDateKey(at('2026-11-22T16:30:00Z'), 'Asia/Shanghai')).toBe('20261123');
  });

  it('refuses a calendar without working time', () => {
    const closed = BusinessCalendarSchema.parse({ timeZone: 'Asia/Shanghai', days: {} });
    expect(() => addBusinessHours(at('2026-11-23T10:00:00+08:00'), 1, closed)).toThrow(/no working time/);
  });
});
