/**
 * Analytics of repair bookings and leads (issue 12): the rows the export writes, and the known answers of the
 * slot utilisation and lead conversion named queries over them (DuckDB, the same SQL Athena runs).
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
import { bookingRowOf, leadRowOf } from '../../functions/core/analytics/rows.js';
import { BOOKINGS_DATASET, LEADS_DATASET } from '../../schemas/analytics.js';
import type { Booking, BookingStatus } from '../../schemas/bookings.js';
import type { Lead, LeadSource, LeadStatus } from '../../schemas/leads.js';

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
});
