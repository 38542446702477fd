import { describe, expect, it } from 'vitest';
import { parseBlockUntil } from '../../functions/core/block-until.js';

const now = new Date('2026-03-01T00:00:00Z');

describe('parseBlockUntil', () => {
  it('reads a date-time with an offset as that instant', () => {
    expect(parseBlockUntil('2026-06-30T18:00:00+08:00', now)).toEqual({
      ok: true,
      until: new Date('2026-06-30T10:00:00Z'),
    });
    expect(parseBlockUntil('2026-06-30T18:00Z', now)).toEqual({
      ok: true,
      until: new Date('2026-06-30T18:00:00Z'),
    });
    expect(parseBlockUntil('2026-06-30T18:00:00.5-0130', now)).toEqual({
      ok: true,
      until: new Date('2026-06-30T19:30:00.500Z'),
    });
  });

  it("reads a date as the start of that day, and a date-time without offset, in this machine's time zone", () => {
    expect(parseBlockUntil('2026-06-30', now)).toEqual({ ok: true, until: new Date(2026, 5, 30) });
    expect(parseBlockUntil(' 2026-06-30 08:15 ', now)).toEqual({
      ok: true,
      until: new Date(2026, 5, 30, 8, 15),
    });
  });

  it('refuses dates that do not exist', () => {
    expect(parseBlockUntil('2026-02-29', now)).toEqual({
      ok: false,
      reason: '"2026-02-29" is not a real date or time',
    });
    expect(parseBlockUntil('2026-06-30T24:30', now)).toMatchObject({ ok: false });
    expect(parseBlockUntil('2028-02-29', now)).toMatchObject({ ok: true });
  });

  it('refuses what is not a date', () => {
    for (const text of ['tomorrow', '30/06/2026', '2026-6-30', '', '2026-06-30T18']) {
      expect(parseBlockUntil(text, now)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('is not a date'),
      });
    }
  });

  it('refuses the past and the present', () => {
    expect(parseBlockUntil('2026-03-01T00:00:00Z', now)).toEqual({
      ok: false,
      reason: '2026-03-01T00:00:00.000Z ("2026-03-01T00:00:00Z") is not in the future',
    });
    expect(parseBlockUntil('2025-12-31T23:59:59Z', now)).toMatchObject({ ok: false });
    expect(parseBlockUntil('2026-03-01T00:00:01Z', now)).toMatchObject({ ok: true });
  });
});
