/**
 * Traces of a person (issue 17, erasure): identifiers match as whole tokens only (another customer's longer id or
 * number is not touched), names are replaced inside records that an identifier tied to the person, and every table
 * of schemas/tables.ts says what erasure does to it.
 */
import { describe, expect, it } from 'vitest';
import { mentions, numberForms, redact, tracesOf } from '../../functions/core/privacy/traces.js';
import { ERASURE_BY_TABLE } from '../../functions/use-cases/privacy/erasure-by-table.js';
import { TABLES } from '../../schemas/tables.js';

const traces = tracesOf({
  customerId: 'AD-0003',
  numbers: ['+8613520003003'],
  cardNumber: 'MEM-880003',
  name: '李娜',
});

describe('privacy traces', () => {
  it('writes a number in its E.164 and national forms', () => {
    expect(numberForms(['+8613520003003', '+14155550100'])).toEqual([
      '+8613520003003',
      '13520003003',
      '+14155550100',
      '4155550100',
    ]);
  });

  it('finds identifiers as whole tokens, anywhere in a nested value or its keys', () => {
    expect(mentions({ target: 'customer:AD-0003' }, traces)).toBe(true);
    expect(mentions({ changes: { phones: { after: ['+8613520003003'] } } }, traces)).toBe(true);
    expect(mentions({ note: '回电 13520003003' }, traces)).toBe(true);
    expect(mentions({ '+8613520003003': true }, traces)).toBe(true);
    expect(mentions({ target: 'customer:AD-00031', phone: '+86135200030039' }, traces)).toBe(false);
    // A name alone ties nothing to the person (two customers may share it).
    expect(mentions({ name: '李娜' }, traces)).toBe(false);
  });

  it('replaces identifiers and the name, and leaves everything else as it was', () => {
    expect(
      redact(
        { target: 'customer:AD-0003', text: '李娜 (13520003003) 卡号 MEM-880003', n: 3, other: 'AD-00031' },
        traces,
      ),
    ).toEqual({
      target: 'customer:[forgotten]',
      text: '[forgotten] ([forgotten]) 卡号 [forgotten]',
      n: 3,
      other: 'AD-00031',
    });
    expect(redact({ a: 'x' }, tracesOf({ numbers: [] }))).toEqual({ a: 'x' });
  });

  it('says what erasure does to every table', () => {
    expect(Object.keys(ERASURE_BY_TABLE).sort()).toEqual(TABLES.map((t) => t.id).sort());
  });
});
