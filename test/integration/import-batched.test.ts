/**
 * The batched import on DynamoDB Local: many customers per TransactWriteItems, with every guarantee
 * of one transaction per customer kept (a conflicting customer is rejected alone and nothing of it
 * is written; the others in its transaction are written; importing again changes nothing).
 */
import { describe, expect, it } from 'vitest';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { createTestTables } from '../support/dynamo.js';

async function* rows(list: readonly CustomerSourceRow[]): AsyncGenerator<CustomerSourceRow> {
  yield* list;
}

const customerRows = (n: number, from = 0): CustomerSourceRow[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      line: k + 2,
      fields: {
        customerId: `B${i}`,
        name: `Batch ${i}`,
        phones:
          i % 3 === 0
            ? `1580000${String(i).padStart(4, '0')};1570000${String(i).padStart(4, '0')}`
            : `1580000${String(i).padStart(4, '0')}`,
        ...(i % 2 ? { cardNumber: `BC-${i}` } : {}),
      },
    };
  });

/** Count the requests the document client sends, by command name. */
function countRequests(doc: Awaited<ReturnType<typeof createTestTables>>['doc']): Map<string, number> {
  const counts = new Map<string, number>();
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return counts;
}

describe('importCustomers, batched on DynamoDB Local', { timeout: 120_000 }, () => {
  it('writes many customers per transaction, rejects only the conflicting ones, and changes nothing the second time', async () => {
    const { crm, doc } = await createTestTables();
    // Stored owners of a number and a card that rows of the file claim.
    await crm.saveCustomer(
      {
        customerId: 'OWNER',
        name: 'Owner',
        phones: ['+8615800000007'],
        tier: 'standard',
        vip: false,
        language: 'zh-CN',
        cardNumber: 'BC-11',
      },
      undefined,
      new Date(),
    );
    const counts = countRequests(doc);
    const list = customerRows(150);
    const first = await importCustomers({ crm }, rows(list), { region: 'CN' });
    expect(first).toMatchObject({ rows: 150, created: 148, updated: 0, unchanged: 0, rejected: 2 });
    expect(first.rejectedRows).toEqual([
      { line: 9, customerId: 'B7', reasons: ['number +8615800000007 belongs to another customer'] },
      { line: 13, customerId: 'B11', reasons: ['card number BC-11 belongs to another customer'] },
    ]);
    // Far fewer transactions than customers (each holds up to 50 items, about 20 customers).
    expect(counts.get('TransactWriteItemsCommand') ?? 0).toBeLessThan(20);
    // The rejected customers left nothing behind; their neighbours were written in full.
    expect(await crm.getCustomer('B7')).toBeUndefined();
    expect(await crm.getPhone('+8615800000007')).toMatchObject({ customerId: 'OWNER' });
    expect(await crm.getCustomer('B11')).toBeUndefined();
    expect(await crm.findCustomerIdByCard('BC-11')).toBe('OWNER');
    expect(await crm.getPhone('+8615700000006')).toMatchObject({ customerId: 'B6', name: 'Batch 6' });
    expect(await crm.findCustomerIdByCard('BC-13')).toBe('B13');
    expect(await crm.getCustomer('B149')).toMatchObject({ phones: ['+8615800000149'] });

    counts.clear();
    const again = await importCustomers({ crm }, rows(list), { region: 'CN' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 148, rejected: 2 });
    expect(counts.get('TransactWriteItemsCommand') ?? 0).toBe(2); // the two conflicting rows, tried together, then again once the rest is written
  });

  it('moves numbers between customers of one file in any order, across transactions', async () => {
    const { crm } = await createTestTables();
    await importCustomers({ crm }, rows(customerRows(120)), { region: 'CN' });
    // B0's second number goes to B119 (a later transaction) and B119's card to B1 (an earlier one).
    const moved = customerRows(120).map((r) => {
      if (!('fields' in r)) return r;
      const f = r.fields as Record<string, unknown>;
      if (f.customerId === 'B0') return { ...r, fields: { ...f, phones: '15800000000' } };
      if (f.customerId === 'B119')
        return { ...r, fields: { ...f, phones: '15800000119;15700000000', cardNumber: undefined } };
      if (f.customerId === 'B1') return { ...r, fields: { ...f, cardNumber: 'BC-119' } };
      return r;
    });
    const summary = await importCustomers({ crm }, rows(moved), { region: 'CN' });
    expect(summary).toMatchObject({ created: 0, updated: 3, unchanged: 117, rejected: 0 });
    expect(await crm.getPhone('+8615700000000')).toMatchObject({ customerId: 'B119' });
    expect(await crm.findCustomerIdByCard('BC-119')).toBe('B1');
    expect(await crm.findCustomerIdByCard('BC-1')).toBeUndefined();
  });
});
