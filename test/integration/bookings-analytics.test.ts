/**
 * Analytics of repair bookings, leads and pickups (issue 12): the rows the export writes, and the known answers of
 * the slot utilisation, lead conversion and pickup on-time named queries over them (DuckDB, the same SQL Athena
 * runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import {
  type AnalyticsDb,
  openAnalyticsDb,
  writeDataset,
} from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { bookingRowOf, leadRowOf, pickupRowOf } from '../../functions/core/analytics/rows.js';
import { BOOKINGS_DATASET, LEADS_DATASET, PICKUPS_DATASET } from '../../schemas/analytics.js';
import type { Booking, BookingStatus } from '../../schemas/bookings.js';
import type { Lead, LeadSource, LeadStatus } from '../../schemas/leads.js';
import type { Pickup, PickupStatus } from '../../schemas/pickups.js';

const settings = bookingSettingsOf('auto-dealer');
if (!settings) throw new Error('the dealer books repairs');

const AT = '2026-11-23T02:00:00.000Z';
let n = 0;
const booking = (slotId: string, status: BookingStatus): Booking => ({
  bookingId: `R20261123-${String(++n).padStart(4, '0')}`,
  status,
  branch: 'service',
  slotId,
  slotStart: slotId.endsWith('early') ? '2026-11-24T00:30:00.000Z' : '2026-11-24T02:30:00.000Z',
  slotEnd: '2026-11-24T04:00:00.000Z',
  customerId: `C-${n}`,
  vehicle: { plate: `京A${n}`, model: '奥迪A4L', purchaseDate: '2021-06-30' },
  language: 'zh-CN',
  source: 'ivr',
  createdAt: AT,
  updatedAt: AT,
  moves: 0,
  history: [{ at: AT, to: 'booked', by: 'ivr' }],
});
const lead = (source: LeadSource, path: LeadStatus[], consent = true): Lead => ({
  leadId: `L20261123-${String(++n).padStart(4, '0')}`,
  status: path.at(-1) ?? 'new',
  source,
  client: 'xinghe',
  interest: 'mobile',
  consent,
  language: 'zh-CN',
  createdAt: AT,
  updatedAt: AT,
  history: ['new', ...path].map((to) => ({ at: AT, to: to as LeadStatus, by: 't' })),
});

// Pickups of the morning slot (09:00-12:00 local = 01:00-04:00 UTC) of 2026-11-24; the export runs at 13:00 local.
const SLOT_START = '2026-11-24T01:00:00.000Z';
const SLOT_END = '2026-11-24T04:00:00.000Z';
const EXPORTED_AT = new Date('2026-11-24T05:00:00.000Z');
/** A pickup that went through `path` (each change at its time), escalated when `escalated`. */
const pickup = (
  branch: string,
  path: readonly (readonly [PickupStatus, string])[],
  opts: { escalated?: boolean; slot?: 'am' | 'pm' } = {},
): Pickup => {
  const pm = opts.slot === 'pm';
  return {
    pickupId: `P20261123-${String(++n).padStart(4, '0')}`,
    status: path.at(-1)?.[0] ?? 'booked',
    branch,
    slotId: `${branch}#20261124#${pm ? 'pm' : 'am'}`,
    slotStart: pm ? '2026-11-24T05:00:00.000Z' : SLOT_START,
    slotEnd: pm ? '2026-11-24T10:00:00.000Z' : SLOT_END,
    customerId: `LG-${n}`,
    address: '上海市静安区南京西路1266号',
    language: 'zh-CN',
    source: 'ivr',
    createdAt: AT,
    updatedAt: AT,
    ...(opts.escalated ? { escalatedAt: '2026-11-24T04:05:00.000Z' } : {}),
    history: [{ at: AT, to: 'booked', by: 'ivr' }, ...path.map(([to, at]) => ({ at, to, by: 'dispatcher' }))],
  };
};

async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}

let root: string;
let db: AnalyticsDb;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hotline-bookings-analytics-'));
  const bookings = [
    booking('service#20261124#early', 'booked'),
    booking('service#20261124#early', 'completed'),
    booking('service#20261124#early', 'no-show'),
    booking('service#20261124#early', 'cancelled'),
    booking('service#20261124#late', 'booked'),
  ];
  const leads = [
    lead('ivr', []),
    lead('ivr', ['contacted', 'qualified', 'won']),
    lead('ivr', ['contacted', 'lost'], false),
    lead('ivr', ['contacted', 'qualified']),
    lead('campaign', ['contacted', 'qualified', 'won']),
  ];
  await writeDataset(root, BOOKINGS_DATASET, each(bookings.map((b) => bookingRowOf(b, settings))));
  await writeDataset(root, LEADS_DATASET, each(leads.map(leadRowOf)));
  const collected = (at: string) =>
    [
      ['dispatched', '2026-11-24T00:30:00.000Z'],
      ['collected', at],
    ] as const;
  const pickups = [
    // Shanghai: 2 on time (one exactly at the slot's end), 1 late, 1 failed, 1 still dispatched past the slot
    // (escalated), 1 cancelled, 1 of the afternoon slot not yet due.
    pickup('shanghai', collected('2026-11-24T02:10:00.000Z')),
    pickup('shanghai', collected(SLOT_END)),
    pickup('shanghai', collected('2026-11-24T04:20:00.000Z'), { escalated: true }),
    pickup('shanghai', [['failed', '2026-11-24T03:00:00.000Z']]),
    pickup('shanghai', [['dispatched', '2026-11-24T00:30:00.000Z']], { escalated: true }),
    pickup('shanghai', [['cancelled', '2026-11-23T09:00:00.000Z']]),
    pickup('shanghai', [], { slot: 'pm' }),
    // Hangzhou: an afternoon pickup the courier collected early: due (collected) although its slot has not ended.
    pickup('hangzhou', collected('2026-11-24T04:50:00.000Z'), { slot: 'pm' }),
  ];
  await writeDataset(root, PICKUPS_DATASET, each(pickups.map((p) => pickupRowOf(p, EXPORTED_AT))));
  db = await openAnalyticsDb(root);
}, 120_000);

afterAll(() => {
  db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('bookings and leads analytics', () => {
  it('a booking row carries its local day, slot and the capacities of the settings', () => {
    expect(bookingRowOf(booking('service#20261124#early', 'booked'), settings)).toMatchObject({
      slot_day: '2026-11-24',
      slot_key: 'early',
      slot_capacity: 4,
      day_capacity: 16,
    });
  });

  it('slot utilisation: bookings held (not cancelled) over the slot capacity', async () => {
    expect(await db.query(namedQuery('slot_utilisation').sql)).toEqual([
      {
        workshop: 'service',
        slot_day: '2026-11-24',
        slot_key: 'early',
        capacity: 4,
        held: 3,
        cancelled: 1,
        no_shows: 1,
        utilisation: 0.75,
      },
      {
        workshop: 'service',
        slot_day: '2026-11-24',
        slot_key: 'late',
        capacity: 4,
        held: 1,
        cancelled: 0,
        no_shows: 0,
        utilisation: 0.25,
      },
    ]);
  });

  it('lead conversion by source: reached, qualified, won, lost, won / leads', async () => {
    expect(await db.query(namedQuery('lead_conversion_by_source').sql)).toEqual([
      {
        source: 'campaign',
        leads: 1,
        consented: 1,
        contacted: 1,
        qualified: 1,
        won: 1,
        lost: 0,
        conversion: 1,
      },
      {
        source: 'ivr',
        leads: 4,
        consented: 3,
        contacted: 3,
        qualified: 2,
        won: 1,
        lost: 1,
        conversion: 0.25,
      },
    ]);
  });

  it('a pickup row: when it was dispatched and collected, and whether by the end of its slot', () => {
    const late = pickupRowOf(
      pickup('shanghai', [
        ['dispatched', '2026-11-24T00:30:00.000Z'],
        ['collected', '2026-11-24T04:20:00.000Z'],
      ]),
      EXPORTED_AT,
    );
    expect(late).toMatchObject({
      slot_day: '2026-11-24',
      slot_key: 'am',
      dispatched_at: '2026-11-24T00:30:00.000Z',
      collected_at: '2026-11-24T04:20:00.000Z',
      on_time: false,
      escalated: false,
      exported_at: EXPORTED_AT.toISOString(),
    });
    // Failed after dispatch: never collected, so no on-time verdict.
    const failed = pickupRowOf(
      pickup('shanghai', [
        ['dispatched', '2026-11-24T00:30:00.000Z'],
        ['failed', '2026-11-24T03:00:00.000Z'],
      ]),
      EXPORTED_AT,
    );
    expect(failed).toMatchObject({ collected_at: null, on_time: null, status: 'failed' });
  });

  it('pickup on-time collection by branch: on time / due, with late, failed and overdue pickups', async () => {
    expect(await db.query(namedQuery('pickup_on_time_by_branch').sql)).toEqual([
      {
        branch: 'hangzhou',
        booked: 1,
        due: 1,
        collected: 1,
        on_time: 1,
        late: 0,
        failed: 0,
        overdue_open: 0,
        escalated: 0,
        on_time_rate: 1,
      },
      {
        branch: 'shanghai',
        booked: 6,
        due: 5,
        collected: 3,
        on_time: 2,
        late: 1,
        failed: 1,
        overdue_open: 1,
        escalated: 2,
        on_time_rate: 0.4,
      },
    ]);
  });
});
