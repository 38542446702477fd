/**
 * The record commands of the CLI (`hotline bookings`, `leads`, `pickups`: issue 12), run in-process on the
 * run's DynamoDB Local: each books or adds a record, lists it, shows it (text and JSON), moves it through its
 * lifecycle, and refuses a missing record (exit 1) and a malformed number (exit 2) in one line. The three share
 * one runner, `who` and printing (bin/commands/record-cli.ts); these tests hold them to the same rules.
 *
 * The CLI uses the default table names (as cli-hardening.test.ts does): every record here belongs to customers
 * and days (March 2031) no other test uses, and the assertions look only for those.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type InProcessCli, inProcessCli } from '../support/cli-in-process.js';

let cli: InProcessCli;

// Monday 3 March 2031, 08:00 in Shanghai: every workshop and branch is open.
const AT = '2031-03-03T08:00:00+08:00';
const LATER = '2031-03-03T19:00:00+08:00';

const ok = (r: CliRun) => {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

function refused(r: CliRun, code: 1 | 2, message: RegExp): void {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^hotline: error: \S/);
  expect(r.stderr).toMatch(message);
}

beforeAll(async () => {
  cli = await inProcessCli();
  const dealer = join(cli.home, 'record-cli-dealer.csv');
  writeFileSync(
    dealer,
    'customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId,vehicles\n' +
      'RC-D1,赵记录,139-3100-0001,gold,no,chaoyang,zh-CN,,,沪A·31001|奥迪A6L|2023-04-18\n',
  );
  const carrier = join(cli.home, 'record-cli-carrier.csv');
  writeFileSync(
    carrier,
    'customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId,pickupAddress\n' +
      'RC-L1,钱记录,139-3100-0002,standard,no,ningbo,zh-CN,,,宁波市北仑区记录路1号\n',
  );
  ok(await cli.run('--profile', 'auto-dealer', 'crm', 'import', dealer));
  ok(await cli.run('--profile', 'logistics', 'crm', 'import', carrier));
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

describe('hotline bookings', () => {
  const dealer = (...args: string[]) => cli.run('--profile', 'auto-dealer', 'bookings', ...args);

  it('books an open slot, lists, shows, moves through its lifecycle and cancels', async () => {
    const slots = ok(await dealer('slots', '--customer', 'RC-D1', '--at', AT));
    expect(slots).toContain('vehicle    沪A·31001');
    const slot = /^(service#20310303#\w+)/m.exec(slots)?.[1];
    expect(slot, slots).toBeDefined();

    const booked = ok(
      await dealer(
        'book',
        '--customer',
        'RC-D1',
        '--slot',
        String(slot),
        '--number',
        '13931000001',
        '--at',
        AT,
        '--by',
        'agent-test',
      ),
    );
    const id = /^booked (R\d{8}-\d{4,})\s+booked /m.exec(booked)?.[1] ?? '';
    expect(id, booked).not.toBe('');
    expect(booked).toMatch(/\nsms: \w+/);

    expect(ok(await dealer('list', '--customer', 'RC-D1'))).toContain(id);
    expect(
      ok(await dealer('list', '--workshop', 'service', '--from', '2031-03-03', '--to', '2031-03-04')),
    ).toContain(id);

    const shown = ok(await dealer('show', id.toLowerCase()));
    expect(shown).toContain(`booking    ${id}`);
    expect(shown).toContain('customer   RC-D1 赵记录');
    expect(shown).toMatch(/history\n {2}\S+ {2}agent-test {5}booked/);
    const json = JSON.parse(ok(await dealer('show', id, '--json'))) as { bookingId: string; status: string };
    expect(json).toMatchObject({ bookingId: id, status: 'booked' });

    expect(ok(await dealer('advance', id, '--at', LATER, '--by', 'agent-test'))).toMatch(
      new RegExp(`^updated ${id}\\s+arrived `),
    );
    expect(ok(await dealer('advance', id, '--at', LATER))).toMatch(
      new RegExp(`^updated ${id}\\s+completed `),
    );
    refused(await dealer('cancel', id, '--at', LATER), 1, /completed/);
    const history = ok(await dealer('show', id));
    expect(history).toMatch(/ cli:\S+ +arrived → completed/);
  });

  it('moves a booking, then cancels it once: the second time says so', async () => {
    const slots = ok(await dealer('slots', '--customer', 'RC-D1', '--at', '2031-03-04T08:00:00+08:00'));
    const slot = /^(service#20310304#\w+)/m.exec(slots)?.[1];
    const booked = ok(await dealer('book', '--customer', 'RC-D1', '--slot', String(slot), '--at', AT));
    const id = /^booked (R\d{8}-\d{4,})/m.exec(booked)?.[1] ?? '';
    const other = /^(service#20310304#\w+)/gm.exec(
      slots
        .split('\n')
        .filter((l) => !l.startsWith(String(slot)))
        .join('\n'),
    )?.[1];
    expect(ok(await dealer('move', id, '--slot', String(other), '--note', 'later', '--at', AT))).toMatch(
      new RegExp(`^moved ${id}\\s+booked\\s+${String(other)}`),
    );
    refused(
      await dealer('move', 'R20310304-9999', '--slot', String(other), '--at', AT),
      1,
      /not booked or does not exist/,
    );
    expect(ok(await dealer('cancel', id, '--reason', 'test', '--at', AT))).toMatch(/^cancelled /);
    expect(ok(await dealer('cancel', id, '--at', AT))).toMatch(/^already cancelled /);
  });

  it('refuses a missing booking (exit 1) and a malformed number (exit 2), in one line', async () => {
    refused(await dealer('show', 'R20310303-9999'), 1, /no booking R20310303-9999/);
    refused(await dealer('show', 'nope'), 2, /"nope" is not a booking number/);
    refused(await dealer('list', '--workshop', 'nowhere'), 2, /--workshop must be one of service/);
  });
});

describe('hotline leads', () => {
  const centre = (...args: string[]) => cli.run('--profile', 'outsourced-crm', 'leads', ...args);

  it('adds a lead, lists, shows, advances it and puts it on the dialling list', async () => {
    const added = ok(
      await centre(
        'add',
        '--interest',
        'smart-home',
        '--number',
        '13931000003',
        '--consent',
        '--source-detail',
        'record-cli',
        '--by',
        'agent-test',
      ),
    );
    const id = /^added (L\d{8}-\d{4,})\s+new /m.exec(added)?.[1] ?? '';
    expect(id, added).not.toBe('');
    expect(ok(await centre('list', '--status', 'new', '--source', 'agent'))).toContain(id);
    expect(ok(await centre('to-call', '--interest', 'smart-home', '--limit', '100000'))).toContain(id);

    const shown = ok(await centre('show', id));
    expect(shown).toContain(`lead       ${id}`);
    expect(shown).toContain('source     agent (record-cli)');
    expect(shown).toMatch(/history\n {2}\S+ {2}agent-test {5}new/);
    expect(JSON.parse(ok(await centre('show', id, '--json')))).toMatchObject({ leadId: id, status: 'new' });

    expect(ok(await centre('advance', id, '--by', 'agent-test'))).toMatch(
      new RegExp(`^updated ${id}\\s+contacted `),
    );
    expect(ok(await centre('to-call', '--interest', 'smart-home', '--limit', '100000'))).not.toContain(id);
    refused(await centre('advance', id, '--to', 'won'), 1, /qualified|won/);
  });

  it('refuses a missing lead (exit 1) and a malformed number or a bad option (exit 2), in one line', async () => {
    refused(await centre('show', 'L20310303-9999'), 1, /no lead L20310303-9999/);
    refused(await centre('show', 'nope'), 2, /"nope" is not a lead number/);
    refused(await centre('add', '--interest', 'nothing'), 2, /--interest must be one of broadband/);
    refused(await centre('add', '--interest', 'mobile', '--customer', 'RC-NONE'), 1, /no customer "RC-NONE"/);
    refused(await centre('to-call', '--limit', '0'), 2, /--limit must be a whole number/);
  });
});

describe('hotline pickups', () => {
  const carrier = (...args: string[]) => cli.run('--profile', 'logistics', 'pickups', ...args);

  it('books a pickup, lists, shows, dispatches, collects; cancels another', async () => {
    const slots = ok(await carrier('slots', '--customer', 'RC-L1', '--at', AT));
    const slot = /^(ningbo#20310303#\w+)/m.exec(slots)?.[1];
    expect(slot, slots).toBeDefined();

    const booked = ok(
      await carrier('book', '--customer', 'RC-L1', '--slot', String(slot), '--at', AT, '--by', 'agent-test'),
    );
    const id = /^booked (P\d{8}-\d{4,})\s+booked /m.exec(booked)?.[1] ?? '';
    expect(id, booked).not.toBe('');
    expect(booked).toMatch(/\ndispatch notice: \w+\nsms: \w+/);

    expect(
      ok(
        await carrier(
          'list',
          '--branch',
          'ningbo',
          '--from',
          '2031-03-03T00:00:00+08:00',
          '--status',
          'booked',
        ),
      ),
    ).toContain(id);
    const shown = ok(await carrier('show', id));
    expect(shown).toContain(`pickup     ${id}`);
    expect(shown).toContain('address    宁波市北仑区记录路1号');
    expect(shown).toMatch(/history\n {2}\S+ {2}agent-test {5}booked/);
    expect(JSON.parse(ok(await carrier('show', id, '--json')))).toMatchObject({
      pickupId: id,
      status: 'booked',
    });

    expect(ok(await carrier('advance', id, '--courier', 'courier-7', '--at', AT))).toMatch(
      new RegExp(`^updated ${id}\\s+dispatched`),
    );
    expect(ok(await carrier('show', id))).toContain('status     dispatched (courier courier-7)');
    expect(ok(await carrier('advance', id, '--at', AT))).toMatch(new RegExp(`^updated ${id}\\s+collected`));

    const other = ok(await carrier('book', '--customer', 'RC-L1', '--slot', String(slot), '--at', AT));
    const second = /^booked (P\d{8}-\d{4,})/m.exec(other)?.[1] ?? '';
    expect(ok(await carrier('cancel', second, '--reason', 'test', '--at', AT))).toMatch(
      new RegExp(`^cancelled ${second}\\s+cancelled`),
    );
    expect(ok(await carrier('overdue', '--at', '2031-03-02T08:00:00+08:00'))).toBe('no overdue pickups');
  });

  it('refuses a missing pickup (exit 1) and a malformed number, time or branch (exit 2), in one line', async () => {
    refused(await carrier('show', 'P20310303-9999'), 1, /no pickup P20310303-9999/);
    refused(await carrier('show', 'nope'), 2, /"nope" is not a pickup number/);
    refused(await carrier('list', '--branch', 'paris'), 2, /--branch must be one of shanghai/);
    refused(await carrier('overdue', '--at', 'yesterday-ish'), 2, /--at "yesterday-ish"/);
    refused(await carrier('slots', '--customer', 'RC-NONE', '--at', AT), 1, /no slots for RC-NONE/);
  });
});
