import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { CrmConflictError } from '../../functions/ports/crm-repository.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { ImportStoppedError, importCustomers } from '../../functions/use-cases/import-customers.js';
import { createTestTables } from '../support/dynamo.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');

async function importFile(
  crm: Awaited<ReturnType<typeof createTestTables>>['crm'],
  name: string,
  now?: Date,
) {
  const file = await openCustomerFile(join(fixtures, name));
  return importCustomers({ crm, ...(now ? { now: () => now } : {}) }, file.rows(), { region: 'CN' });
}

async function* rows(...list: CustomerSourceRow[]): AsyncGenerator<CustomerSourceRow> {
  yield* list;
}

const csvRejections = [
  { line: 4, customerId: 'MX-003', reasons: ['phones: "12345" is not a possible number for its country'] },
  {
    line: 8,
    customerId: 'MX-005',
    reasons: ['tier: must be one of standard, silver, gold, platinum (got "diamond")'],
  },
  { line: 9, customerId: 'MX-006', reasons: ['name: is required'] },
  { line: 10, customerId: 'MX-001', reasons: ['customerId: MX-001 already appears on line 2'] },
  { line: 11, customerId: 'MX-007', reasons: ['phones: +8613910002000 is also on line 3 (customer MX-002)'] },
  { line: 14, customerId: 'MX-009', reasons: ['vip: must be true/false, yes/no or 1/0 (got "maybe")'] },
];

describe('importCustomers: mixed.csv', () => {
  it('rejects the bad rows with their physical lines and reasons, and keeps the good ones', async () => {
    const { crm } = await createTestTables();
    const summary = await importFile(crm, 'mixed.csv', new Date('2026-01-01T00:00:00Z'));
    expect(summary).toEqual({
      rows: 10,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: 6,
      rejectedRows: csvRejections,
      ignoredFields: ['notes'],
    });

    expect(await crm.getCustomer('MX-001')).toMatchObject({
      name: '张伟',
      phones: ['+8613800138000'],
      tier: 'gold',
      vip: true,
      branch: 'north',
      cardNumber: 'CARD-0001',
      dedicatedAgentId: 'agent-01',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await crm.getCustomer('MX-002')).toMatchObject({ phones: ['+8613910002000', '+861065529988'] });
    // The row after the multi-line note was read with the right fields.
    expect(await crm.getCustomer('MX-004')).toMatchObject({ name: '刘洋', phones: ['+8613500135004'] });
    expect(await crm.getCustomer('MX-008')).toMatchObject({
      phones: ['+8615800158008', '+8615800158009'],
      language: 'en-US',
      vip: true,
    });
    for (const id of ['MX-003', 'MX-005', 'MX-006', 'MX-007', 'MX-009'])
      expect(await crm.getCustomer(id)).toBeUndefined();
    // The duplicate row did not overwrite the first, nor claim its number.
    expect(await crm.getPhone('+8613800138999')).toBeUndefined();
    // Lookup items carry the customer for the in-call lookup.
    expect(await crm.getPhone('+861065529988')).toMatchObject({ customerId: 'MX-002', tier: 'silver' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const { crm } = await createTestTables();
    await importFile(crm, 'mixed.csv', new Date('2026-01-01T00:00:00Z'));
    const before = await crm.getCustomers(['MX-001', 'MX-002', 'MX-004', 'MX-008']);
    const again = await importFile(crm, 'mixed.csv', new Date('2026-02-01T00:00:00Z'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 6 });
    expect(again.rejectedRows).toEqual(csvRejections);
    const after = await crm.getCustomers(['MX-001', 'MX-002', 'MX-004', 'MX-008']);
    expect(after.size).toBe(4);
    for (const [id, item] of after) {
      expect(item.updatedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(item).toEqual(before.get(id));
    }
  });
});

describe('importCustomers: mixed.jsonl', () => {
  it('rejects the same kinds of rows by line, including a line that is not JSON', async () => {
    const { crm } = await createTestTables();
    const summary = await importFile(crm, 'mixed.jsonl');
    expect(summary).toMatchObject({
      rows: 11,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: 7,
      ignoredFields: [],
    });
    expect(summary.rejectedRows.map((r) => [r.line, r.customerId, r.reasons])).toEqual([
      [3, 'MX-003', ['phones: "12345" is not a possible number for its country']],
      [5, 'MX-005', ['tier: must be one of standard, silver, gold, platinum (got "diamond")']],
      [6, 'MX-006', ['name: is required']],
      [7, undefined, [expect.stringMatching(/^not valid JSON \(/)]],
      [9, 'MX-001', ['customerId: MX-001 already appears on line 1']],
      [10, 'MX-007', ['phones: +8613910002000 is also on line 2 (customer MX-002)']],
      [12, 'MX-009', ['vip: must be true/false, yes/no or 1/0 (got "maybe")']],
    ]);
    expect(await crm.getCustomer('MX-008')).toMatchObject({ vip: true, tier: 'platinum' });
  });

  it('finds the JSON-lines file holds the same customers as the CSV one', async () => {
    const { crm } = await createTestTables();
    await importFile(crm, 'mixed.csv', new Date('2026-01-01T00:00:00Z'));
    const summary = await importFile(crm, 'mixed.jsonl', new Date('2026-02-01T00:00:00Z'));
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });
});

describe('importCustomers: stored data', () => {
  const row = (line: number, fields: Record<string, unknown>): CustomerSourceRow => ({ line, fields });

  it('updates a changed customer (and only that one), keeping createdAt', async () => {
    const { crm } = await createTestTables();
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-01-02T00:00:00Z');
    await importCustomers(
      { crm, now: () => t1 },
      rows(
        row(2, { customerId: 'A', name: 'Ann', phones: '13800000001' }),
        row(3, { customerId: 'B', name: 'Bo', phones: '13800000002' }),
      ),
      { region: 'CN' },
    );
    const summary = await importCustomers(
      { crm, now: () => t2 },
      rows(
        row(2, { customerId: 'A', name: 'Ann', phones: '13800000001', tier: 'gold' }),
        row(3, { customerId: 'B', name: 'Bo', phones: '+86 138 0000 0002' }),
      ),
      { region: 'CN' },
    );
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect(await crm.getCustomer('A')).toMatchObject({
      tier: 'gold',
      createdAt: t1.toISOString(),
      updatedAt: t2.toISOString(),
    });
    expect(await crm.getCustomer('B')).toMatchObject({ updatedAt: t1.toISOString() });
  });

  it('rejects a row whose number or card belongs to another stored customer', async () => {
    const { crm } = await createTestTables();
    const at = new Date('2026-01-01T00:00:00Z');
    await crm.saveCustomer(
      {
        customerId: 'OWNER',
        name: 'Owner',
        phones: ['+8613700000000'],
        tier: 'standard',
        vip: false,
        language: 'zh-CN',
        cardNumber: 'CARD-9',
      },
      undefined,
      at,
    );
    const summary = await importCustomers(
      { crm },
      rows(
        row(2, { customerId: 'X', name: 'X', phones: '137-0000-0000' }),
        row(3, { customerId: 'Y', name: 'Y', phones: '13700000003', cardNumber: 'card-9' }),
        row(4, { customerId: 'Z', name: 'Z', phones: '13700000004' }),
      ),
      { region: 'CN' },
    );
    expect(summary).toMatchObject({ created: 1, rejected: 2 });
    expect(summary.rejectedRows).toEqual([
      { line: 2, customerId: 'X', reasons: ['number +8613700000000 belongs to another customer'] },
      { line: 3, customerId: 'Y', reasons: ['card number CARD-9 belongs to another customer'] },
    ]);
    expect(await crm.getPhone('+8613700000000')).toMatchObject({ customerId: 'OWNER' });
    expect(await crm.getCustomer('X')).toBeUndefined();
    expect(await crm.getCustomer('Z')).toBeDefined();
  });

  it('moves a number between customers whatever their order in the file', async () => {
    const { crm } = await createTestTables();
    await importCustomers(
      { crm },
      rows(row(2, { customerId: 'OLD', name: 'Old', phones: '13600000001;13600000002' })),
      {
        region: 'CN',
      },
    );
    // NEW takes 13600000002 before OLD, later in the file, gives it up.
    const summary = await importCustomers(
      { crm },
      rows(
        row(2, { customerId: 'NEW', name: 'New', phones: '13600000002' }),
        row(3, { customerId: 'OLD', name: 'Old', phones: '13600000001' }),
      ),
      { region: 'CN', batchSize: 1 },
    );
    expect(summary).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect(await crm.getPhone('+8613600000002')).toMatchObject({ customerId: 'NEW' });
    expect(await crm.getCustomer('OLD')).toMatchObject({ phones: ['+8613600000001'] });
  });

  it('writes in parallel batches: many rows, one BatchGet per batch', async () => {
    const { crm } = await createTestTables();
    const batchSizes: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = {
      getCustomers: (ids: readonly string[]) => {
        batchSizes.push(ids.length);
        return crm.getCustomers(ids);
      },
      saveCustomer: async (...args: Parameters<typeof crm.saveCustomer>) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await crm.saveCustomer(...args);
        } finally {
          inFlight--;
        }
      },
    };
    const many = Array.from({ length: 250 }, (_, i) =>
      row(i + 2, { customerId: `P${i}`, name: `P ${i}`, phones: `1590000${String(i).padStart(4, '0')}` }),
    );
    const progress: number[] = [];
    const summary = await importCustomers({ crm: counting }, rows(...many), {
      region: 'CN',
      concurrency: 8,
      onProgress: (s) => progress.push(s.rows),
    });
    expect(summary).toMatchObject({ rows: 250, created: 250, rejected: 0 });
    expect(batchSizes).toEqual([100, 100, 50]);
    expect(maxInFlight).toBe(8);
    expect(progress.at(-1)).toBe(250);
    expect((await crm.getCustomers(['P0', 'P249'])).size).toBe(2);
  });

  it('keeps what was read before the source broke, and says where it stopped', async () => {
    const { crm } = await createTestTables();
    async function* broken(): AsyncGenerator<CustomerSourceRow> {
      yield row(2, { customerId: 'K1', name: 'K', phones: '13500000001' });
      yield { line: 3, error: 'has 5 cells but the header has 3 columns' };
      throw new Error('line 4: a double quote opened on this row is never closed');
    }
    const err = await importCustomers({ crm }, broken(), { region: 'CN' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportStoppedError);
    const stopped = err as ImportStoppedError;
    expect(stopped.message).toBe('line 4: a double quote opened on this row is never closed');
    expect(stopped.summary).toMatchObject({
      rows: 2,
      created: 1,
      rejected: 1,
      rejectedRows: [{ line: 3, reasons: ['has 5 cells but the header has 3 columns'] }],
    });
    expect(await crm.getCustomer('K1')).toBeDefined();
  });

  it('stops on a store failure other than a conflict, and closes the source', async () => {
    const { crm } = await createTestTables();
    let closed = false;
    async function* source(): AsyncGenerator<CustomerSourceRow> {
      try {
        for (let i = 0; i < 1000; i++)
          yield row(i + 2, {
            customerId: `F${i}`,
            name: 'F',
            phones: `1510000${String(i).padStart(4, '0')}`,
          });
      } finally {
        closed = true;
      }
    }
    const failing = {
      getCustomers: crm.getCustomers.bind(crm),
      saveCustomer: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    await expect(importCustomers({ crm: failing }, source(), { region: 'CN' })).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(closed).toBe(true);
    // A conflict is not such a failure: it rejects the row.
    const conflicting = {
      getCustomers: crm.getCustomers.bind(crm),
      saveCustomer: async () => {
        throw new CrmConflictError('number +8615100000000 belongs to another customer');
      },
    };
    const summary = await importCustomers(
      { crm: conflicting },
      rows(row(2, { customerId: 'G', name: 'G', phones: '15100000000' })),
      { region: 'CN' },
    );
    expect(summary.rejectedRows).toEqual([
      { line: 2, customerId: 'G', reasons: ['number +8615100000000 belongs to another customer'] },
    ]);
  });
});
