import { describe, expect, it } from 'vitest';
import { customerDetails } from '../../functions/core/caller-lookup.js';
import { sameCustomer, unknownFields, validateCustomerRow } from '../../functions/core/customer-row.js';
import type { Customer } from '../../schemas/crm.js';

const base = { customerId: 'C-1', name: '张伟', phones: '138-0013-8000' };

function reasonsOf(raw: Record<string, unknown>, region = 'CN'): readonly string[] {
  const v = validateCustomerRow(raw, region);
  if (v.ok) throw new Error(`expected a rejection, got ${JSON.stringify(v.customer)}`);
  return v.reasons;
}

describe('validateCustomerRow', () => {
  it('applies the defaults and normalizes the number to E.164', () => {
    expect(validateCustomerRow(base, 'CN')).toEqual({
      ok: true,
      customer: {
        customerId: 'C-1',
        name: '张伟',
        phones: ['+8613800138000'],
        tier: 'standard',
        vip: false,
        language: 'zh-CN',
      },
    });
  });

  it('reads every field as a CSV cell writes it', () => {
    const v = validateCustomerRow(
      {
        customerId: ' C-2 ',
        name: ' 李娜 ',
        phones: '+86 139 1000 2000; 010-6552-9988 | 0086 135 0013 5004',
        tier: 'Gold',
        vip: 'YES',
        branch: 'north',
        language: 'en_us',
        cardNumber: 'CARD-0002',
        dedicatedAgentId: 'agent-01',
      },
      'CN',
    );
    expect(v).toEqual({
      ok: true,
      customer: {
        customerId: 'C-2',
        name: '李娜',
        phones: ['+8613910002000', '+861065529988', '+8613500135004'],
        tier: 'gold',
        vip: true,
        branch: 'north',
        language: 'en-US',
        cardNumber: 'CARD-0002',
        dedicatedAgentId: 'agent-01',
      },
    });
  });

  it('reads JSON values: phone arrays, booleans, numbers, nulls', () => {
    const v = validateCustomerRow(
      {
        customerId: 1001,
        name: 'Emma',
        phones: ['13800138000', 13900139000],
        vip: 1,
        branch: null,
        tier: 'silver',
      },
      'CN',
    );
    expect(v).toMatchObject({
      ok: true,
      customer: {
        customerId: '1001',
        phones: ['+8613800138000', '+8613900139000'],
        vip: true,
        tier: 'silver',
      },
    });
    expect(v.ok && 'branch' in v.customer).toBe(false);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['yes', true],
    ['no', false],
    ['1', true],
    ['0', false],
    [true, true],
    [false, false],
    ['', false],
  ])('reads vip %j as %s', (vip, expected) => {
    expect(validateCustomerRow({ ...base, vip }, 'CN')).toMatchObject({
      ok: true,
      customer: { vip: expected },
    });
  });

  it('counts one number written twice in different formats once', () => {
    expect(validateCustomerRow({ ...base, phones: '13800138000;+86 138-0013-8000' }, 'CN')).toMatchObject({
      ok: true,
      customer: { phones: ['+8613800138000'] },
    });
  });

  it('uses the region for numbers without a country code', () => {
    expect(validateCustomerRow({ ...base, phones: '(212) 555-0123' }, 'US')).toMatchObject({
      ok: true,
      customer: { phones: ['+12125550123'] },
    });
  });

  it('names a bad number and keeps the customer id for duplicate detection', () => {
    const v = validateCustomerRow({ ...base, phones: '13800138000;12345' }, 'CN');
    expect(v).toEqual({
      ok: false,
      customerId: 'C-1',
      reasons: ['phones: "12345" is not a possible number for its country'],
    });
  });

  it('refuses words where a number should be', () => {
    expect(reasonsOf({ ...base, phones: 'anonymous' })).toEqual(['phones: "anonymous" is not a number']);
    expect(reasonsOf({ ...base, phones: 'call me' })).toEqual([
      'phones: "call me" is contains characters other than digits, +, spaces, ()-.',
    ]);
  });

  it('lists every problem of a row', () => {
    expect(
      reasonsOf({ customerId: 'bad id!', tier: 'diamond', vip: 'maybe', language: 'fr-FR', cardNumber: 'x' }),
    ).toEqual([
      'customerId: letters, digits, "-" or "_", at most 64 characters',
      'name: is required',
      'phones: is required',
      'tier: must be one of standard, silver, gold, platinum (got "diamond")',
      'vip: must be true/false, yes/no or 1/0 (got "maybe")',
      'language: must be one of zh-CN, en-US (got "fr-fr")',
      'cardNumber: 4 to 32 letters, digits or "-"',
    ]);
  });

  it('treats blank cells as missing', () => {
    expect(reasonsOf({ customerId: '  ', name: '', phones: ' ; ' })).toEqual([
      'customerId: is required',
      'name: is required',
      'phones: at least one number is required',
    ]);
  });

  it('refuses more than 10 numbers and values of the wrong type', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `1380013${String(8000 + i)}`).join(';');
    expect(reasonsOf({ ...base, phones: eleven })).toEqual(['phones: at most 10 numbers']);
    expect(reasonsOf({ ...base, name: { first: 'x' } })).toEqual(['name: must be text']);
    expect(reasonsOf({ ...base, phones: { a: 1 } })).toEqual(['phones: must be a list of numbers']);
  });
});

describe('unknownFields', () => {
  it('lists the fields the import does not know', () => {
    expect(unknownFields({ ...base, notes: 'x', Tier: 'gold' })).toEqual(['notes', 'Tier']);
    expect(unknownFields(base)).toEqual([]);
  });
});

describe('sameCustomer', () => {
  const a: Customer = {
    customerId: 'C',
    name: 'N',
    phones: ['+8613800138000'],
    tier: 'gold',
    vip: false,
    language: 'zh-CN',
  };

  it('ignores stored attributes that are not customer data', () => {
    const stored = { ...a, pk: 'CUSTOMER#C', sk: 'PROFILE', createdAt: 'x', updatedAt: 'y' };
    expect(sameCustomer(stored, a)).toBe(true);
  });

  it.each([
    ['name', { name: 'M' }],
    ['tier', { tier: 'silver' as const }],
    ['vip', { vip: true }],
    ['an added field', { branch: 'north' }],
    ['another number', { phones: ['+8613800138000', '+8613900139000'] }],
    ['the order of numbers', { phones: ['+8613900139000'] }],
  ])('sees a change of %s', (_what, change) => {
    expect(sameCustomer(a, { ...a, ...change })).toBe(false);
    expect(sameCustomer({ ...a, ...change }, a)).toBe(false);
  });
});

describe('industry fields (issue 12 item 5)', () => {
  const base = { customerId: 'C1', name: '张伟', phones: '13800138000' };

  it('reads vehicles from a CSV cell (plate|model|date; several by ;) and from JSON objects', () => {
    const csv = validateCustomerRow(
      { ...base, vehicles: '京A·88001|奥迪A6L|2023-04-18；京N2Q901 | 奥迪Q5L | 2020-09-02' },
      'CN',
    );
    expect(csv.ok && csv.customer.vehicles).toEqual([
      { plate: '京A·88001', model: '奥迪A6L', purchaseDate: '2023-04-18' },
      { plate: '京N2Q901', model: '奥迪Q5L', purchaseDate: '2020-09-02' },
    ]);
    const json = validateCustomerRow(
      { ...base, vehicles: [{ plate: '沪A12345', model: 'Model Y', purchaseDate: '2024-05-01' }] },
      'CN',
    );
    expect(json.ok && json.customer.vehicles?.[0]?.plate).toBe('沪A12345');
  });

  it('names a vehicle without its date, an impossible date, a plate with spaces, more than 10', () => {
    const reasons = (vehicles: unknown) => {
      const r = validateCustomerRow({ ...base, vehicles }, 'CN');
      return r.ok ? [] : r.reasons;
    };
    expect(reasons('京A12345|Model Y')).toEqual([expect.stringMatching(/^vehicles: /)]);
    expect(reasons('京A12345|Model Y|2024-02-30')).toEqual([expect.stringMatching(/^vehicles: /)]);
    expect(reasons('京A 12345|Model Y|2024-02-01')).toEqual([expect.stringMatching(/^vehicles: /)]);
    expect(reasons(Array.from({ length: 11 }, () => '京A1|M|2024-01-01').join(';'))).toHaveLength(1);
  });

  it('reads client and brand; a second import of the same vehicles is the same customer', () => {
    const a = validateCustomerRow(
      { ...base, client: ' 平安保险 ', brand: '平安车险', vehicles: '京A1|M|2024-01-01' },
      'CN',
    );
    const b = validateCustomerRow(
      {
        ...base,
        client: '平安保险',
        brand: '平安车险',
        vehicles: [{ plate: '京A1', model: 'M', purchaseDate: '2024-01-01' }],
      },
      'CN',
    );
    expect(a.ok && b.ok && sameCustomer(a.customer, b.customer)).toBe(true);
    const c = validateCustomerRow(
      { ...base, client: '平安保险', brand: '平安车险', vehicles: '京A1|M|2024-01-02' },
      'CN',
    );
    expect(a.ok && c.ok && sameCustomer(a.customer, c.customer)).toBe(false);
  });
});

describe('customerDetails (the whisper sentence)', () => {
  const phone = {
    pk: 'PHONE#+8613800138000',
    sk: 'PHONE',
    entity: 'phone',
    phone: '+8613800138000',
  } as const;

  it("says each industry field the record has, in the agents' language; nothing when none", () => {
    expect(customerDetails({ ...phone, pickupAddress: '上海市浦东新区张江路88号', branch: 'shanghai' })).toBe(
      '取件地址：上海市浦东新区张江路88号，网点：shanghai。',
    );
    // With the profile's branch names (the caller lookup passes them), the whisper says the name.
    expect(
      customerDetails({ ...phone, pickupAddress: '上海市浦东新区张江路88号', branch: 'shanghai' }, 'zh-CN', {
        shanghai: '上海分部',
      }),
    ).toBe('取件地址：上海市浦东新区张江路88号，网点：上海分部。');
    expect(
      customerDetails({
        ...phone,
        vehicles: [{ plate: '京A1', model: '奥迪A6L', purchaseDate: '2023-04-18' }],
      }),
    ).toBe('车辆：京A1 奥迪A6L 2023-04-18。');
    expect(customerDetails({ ...phone, client: 'China Mobile', brand: 'GoTone' }, 'en-US')).toBe(
      ' Client: China Mobile, brand: GoTone.',
    );
    // A branch alone (distribution's retailers) is not an industry field of its own.
    expect(customerDetails({ ...phone, branch: 'north' })).toBe('');
  });
});
