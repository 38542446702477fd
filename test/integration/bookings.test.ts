/**
 * Repair bookings on DynamoDB Local (issue 12, dealer): the slots (a full slot is never offered), capacity under
 * concurrency, booking idempotent per ContactId, the vehicle on file, moving (the new slot claimed, the old one
 * freed, at once) and cancelling, the lifecycle, and the day-before reminder run (once; again after a move).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { type BookingRuntimeDeps, bookingDepsFromEnv } from '../../functions/shared/booking-deps.js';
import {
  bookRepair,
  cancelBooking,
  changeBooking,
  confirmBooking,
  moveBooking,
  offerBooking,
  sendDueReminders,
} from '../../functions/use-cases/bookings/bookings.js';
import type { Vehicle } from '../../schemas/bookings.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

/** Monday 23 November 2026, 10:00 in Shanghai. */
const MONDAY_10 = '2026-11-23T10:00:00+08:00';
const MOBILE = '+8613900001111';
const LANDLINE = '+861065521234';
const X3: Vehicle = { plate: '京A12345', model: '宝马X3', purchaseDate: '2023-05-01' };

let tables: TestTables;
let deps: BookingRuntimeDeps;
let home: string;
const clock = { now: new Date(MONDAY_10) };
let serial = 0;

async function owner(vehicles: unknown, phone = `+86138${String(10_000_000 + ++serial)}`): Promise<string> {
  const customerId = `OWNER-${++serial}`;
  await tables.crm.saveCustomer(
    { customerId, name: customerId, phones: [phone], tier: 'standard', vip: false, language: 'zh-CN' },
    undefined,
    new Date(),
  );
  if (vehicles !== undefined)
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.env.CRM_TABLE_NAME,
        Key: { pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' },
        UpdateExpression: 'SET vehicles = :v',
        ExpressionAttributeValues: { ':v': vehicles },
      }),
    );
  return customerId;
}

const at = (iso: string) => ({ ...deps, now: () => new Date(iso) });
const book = (customerId: string, slotId: string, extra: Partial<Parameters<typeof bookRepair>[1]> = {}) =>
  bookRepair(deps, { customerId, slotId, language: 'zh-CN', source: 'agent', by: 'test', ...extra });

beforeAll(async () => {
  tables = await createTestTables();
  home = mkdtempSync(join(tmpdir(), 'hotline-bookings-'));
  const built = bookingDepsFromEnv(
    {
      ...tables.env,
      DYNAMODB_ENDPOINT: tables.endpoint,
      HOTLINE_PROFILE: 'auto-dealer',
      HOTLINE_OUTBOX_HOME: home,
    },
    { now: () => clock.now, requestTimeoutMs: 5000 },
  );
  if ('configError' in built) throw new Error(built.configError);
  deps = built;
}, 60_000);

describe('slots and vehicles', () => {
  it('offers the next open slots of the workshop: not too late today, not on Sunday', async () => {
    const id = await owner([X3]);
    const offer = await offerBooking(at('2026-11-28T16:30:00+08:00'), { customerId: id, language: 'zh-CN' });
    // Saturday 16:30: the late afternoon slot ends at 17:30 (less than 90 minutes left); Sunday is closed.
    expect(offer.status === 'ok' && offer.slots.map((s) => s.slotId)).toEqual([
      'service#20261130#early',
      'service#20261130#late',
      'service#20261130#afternoon',
    ]);
  });

  it('reads the vehicles leniently: none, not a list, or entries that are not a CRM vehicle are no vehicle', async () => {
    for (const vehicles of [
      undefined,
      'X3',
      [{ model: 'no plate', purchaseDate: '2023-05-01' }],
      [{ plate: '京B1' }],
      [],
    ]) {
      const id = await owner(vehicles);
      expect(await offerBooking(deps, { customerId: id, language: 'zh-CN' })).toMatchObject({
        status: 'refer',
        reason: 'noVehicle',
      });
    }
    expect(await offerBooking(deps, { customerId: 'NOBODY', language: 'en-US' })).toMatchObject({
      status: 'refer',
    });
    const car = (plate: string, model: string) => ({ plate, model, purchaseDate: '2022-02-14' });
    const id = await owner([
      car('京B1', 'A4L'),
      'junk',
      car('京B1', 'A4L'),
      { plate: '京X9' },
      car('京C2', 'Golf'),
    ]);
    const offer = await offerBooking(deps, { customerId: id, language: 'en-US' });
    expect(offer.status === 'ok' && offer.vehicles.map((v) => v.plate)).toEqual(['京B1', '京C2']);
    expect(offer.status === 'ok' && offer.answer).toMatchObject({
      vehicle1: '1',
      vehicle2: '2',
      vehicle3: 'none',
    });
  });

  it('takes at most the capacity of a slot when callers book at once, and a full slot is not offered', async () => {
    const slot = 'service#20261124#early';
    const ids = await Promise.all(Array.from({ length: 10 }, () => owner([X3])));
    const results = await Promise.all(ids.map((id) => book(id, slot)));
    const capacity = deps.settings.branches[0]?.capacityPerSlot ?? 0;
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(capacity);
    expect(results.filter((r) => r.status === 'full')).toHaveLength(10 - capacity);
    expect((await deps.bookings.bookedCounts([slot])).get(slot)).toBe(capacity);
    const offer = await offerBooking(at('2026-11-23T19:00:00+08:00'), {
      customerId: await owner([X3]),
      language: 'zh-CN',
    });
    expect(offer.status === 'ok' && offer.slots.map((s) => s.slotId)).toEqual([
      'service#20261124#late',
      'service#20261124#afternoon',
      'service#20261124#evening',
    ]);
  });

  it('refuses a slot that is not bookable: closed day, past, unknown, another workshop', async () => {
    const id = await owner([X3]);
    for (const slot of [
      'service#20261129#early',
      'service#20261120#early',
      'service#20261124#night',
      'x#1#y',
      '',
    ])
      expect(await book(id, slot)).toMatchObject({ status: 'refer', reason: 'badSlot' });
  });
});

describe('booking, moving, cancelling', () => {
  it('books once per contact: a retry answers the first booking; the SMS goes once, to mobiles only', async () => {
    const id = await owner([X3, { plate: '京D9', model: 'A4L', purchaseDate: '2021-06-30' }], MOBILE);
    const first = await book(id, 'service#20261125#late', { contactId: 'c-1', phone: MOBILE, vehicle: '2' });
    const again = await book(id, 'service#20261125#afternoon', { contactId: 'c-1', phone: MOBILE });
    expect(first.status === 'ok' && again.status === 'ok').toBe(true);
    if (first.status !== 'ok' || again.status !== 'ok') return;
    expect(again).toMatchObject({ created: false, booking: { bookingId: first.booking.bookingId } });
    expect(first.booking.vehicle.plate).toBe('京D9');
    // Booked on Monday for Wednesday: reminded on Tuesday at 18:00.
    expect(first.booking.remindAt).toBe('2026-11-24T10:00:00.000Z');
    expect((await confirmBooking(deps, first.booking)).status).toBe('sent');
    expect((await confirmBooking(deps, first.booking)).status).toBe('duplicate');
    const land = await owner([X3], LANDLINE);
    const r = await book(land, 'service#20261125#late', { phone: LANDLINE });
    expect(r.status === 'ok' && (await confirmBooking(deps, r.booking)).status).toBe('landline');
  });

  it('moves a booking: the new slot claimed and the old one freed together; a full slot refused', async () => {
    const id = await owner([X3]);
    const r = await book(id, 'service#20261126#early');
    if (r.status !== 'ok') throw new Error(r.status);
    const counts = () =>
      deps.bookings.bookedCounts([
        'service#20261126#early',
        'service#20261126#evening',
        'service#20261124#early',
      ]);
    const before = await counts();
    const moved = await moveBooking(deps, {
      bookingId: r.booking.bookingId,
      slotId: 'service#20261126#evening',
      by: 't',
    });
    expect(moved).toMatchObject({
      status: 'ok',
      created: true,
      booking: { slotId: 'service#20261126#evening', moves: 1 },
    });
    const after = await counts();
    expect(after.get('service#20261126#early')).toBe((before.get('service#20261126#early') ?? 0) - 1);
    expect(after.get('service#20261126#evening')).toBe((before.get('service#20261126#evening') ?? 0) + 1);
    // A replay (the same slot) changes nothing; a full slot is refused and nothing changes.
    expect(
      await moveBooking(deps, {
        bookingId: r.booking.bookingId,
        slotId: 'service#20261126#evening',
        by: 't',
      }),
    ).toMatchObject({ status: 'ok', created: false });
    expect(
      await moveBooking(deps, { bookingId: r.booking.bookingId, slotId: 'service#20261124#early', by: 't' }),
    ).toEqual({ status: 'full' });
    expect(await counts()).toEqual(after);
    // Only the caller's own booking: another customer's id is "gone".
    expect(
      await moveBooking(deps, {
        bookingId: r.booking.bookingId,
        slotId: 'service#20261126#late',
        customerId: 'SOMEONE-ELSE',
        by: 'ivr',
      }),
    ).toMatchObject({ status: 'refer', reason: 'gone' });
    expect((await deps.bookings.get(r.booking.bookingId))?.history.map((h) => h.note)).toEqual([
      '京A12345 service#20261126#early',
      'moved from service#20261126#early to service#20261126#evening',
    ]);
  });

  it('cancels once (its slot freed), then refuses what is closed; the lifecycle keeps its history', async () => {
    const id = await owner([X3]);
    const r = await book(id, 'service#20261127#afternoon');
    if (r.status !== 'ok') throw new Error(r.status);
    const slot = 'service#20261127#afternoon';
    const held = (await deps.bookings.bookedCounts([slot])).get(slot) ?? 0;
    const c1 = await cancelBooking(deps, {
      bookingId: r.booking.bookingId,
      customerId: id,
      language: 'zh-CN',
      by: 'ivr',
    });
    const c2 = await cancelBooking(deps, {
      bookingId: r.booking.bookingId,
      customerId: id,
      language: 'zh-CN',
      by: 'ivr',
    });
    expect(c1).toMatchObject({ status: 'ok', created: true, booking: { status: 'cancelled' } });
    expect(c2).toMatchObject({ status: 'ok', created: false });
    expect((await deps.bookings.bookedCounts([slot])).get(slot)).toBe(held - 1);
    await expect(
      changeBooking(deps, { bookingId: r.booking.bookingId, to: 'arrived', by: 't' }),
    ).rejects.toThrow(/cancelled; it cannot become arrived/);
    const other = await book(id, slot);
    if (other.status !== 'ok') throw new Error(other.status);
    await changeBooking(deps, { bookingId: other.booking.bookingId, by: 'desk' });
    const done = await changeBooking(deps, { bookingId: other.booking.bookingId, by: 'desk' });
    expect(done.booking.history.map((h) => h.to)).toEqual(['booked', 'arrived', 'completed']);
    await expect(changeBooking(deps, { bookingId: 'R20991231-0001', by: 't' })).rejects.toThrow(/no booking/);
  });
});

describe('the day-before reminder', () => {
  it('goes once at the reminder time, never for a cancelled booking, and again for the new day after a move', async () => {
    const phone = '+8613900005555';
    const id = await owner([X3], phone);
    // Booked on Tuesday 1 December for Thursday.
    const tuesday = at('2026-12-01T10:00:00+08:00');
    const bookThen = async (customerId: string, p: string) =>
      bookRepair(tuesday, {
        customerId,
        slotId: 'service#20261203#early',
        phone: p,
        language: 'zh-CN',
        source: 'agent',
        by: 't',
      });
    const r = await bookThen(id, phone);
    const gone = await bookThen(await owner([X3], '+8613900006666'), '+8613900006666');
    if (r.status !== 'ok' || gone.status !== 'ok') throw new Error('not booked');
    await changeBooking(deps, { bookingId: gone.booking.bookingId, to: 'cancelled', by: 't' });
    const mine = <T extends { booking: { bookingId: string } }>(list: T[]) =>
      list.filter(
        (x) => x.booking.bookingId === r.booking.bookingId || x.booking.bookingId === gone.booking.bookingId,
      );
    // Wednesday 2 December 17:59 Shanghai: not yet; 18:00: once; a second run sends nothing.
    expect(mine(await sendDueReminders(deps, new Date('2026-12-02T17:59:00+08:00')))).toEqual([]);
    const sent = mine(await sendDueReminders(deps, new Date('2026-12-02T18:00:00+08:00')));
    expect(sent.map((x) => [x.booking.bookingId, x.sms])).toEqual([[r.booking.bookingId, 'sent']]);
    expect(mine(await sendDueReminders(deps, new Date('2026-12-02T18:05:00+08:00')))).toEqual([]);
    const texts = (await readOutbox(home)).filter((m) => m.to === phone && m.body.includes('温馨提醒'));
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toContain('12月3日上午8点半到10点半');
    // Moved to Saturday: reminded again on Friday.
    const moved = await moveBooking(at('2026-12-02T19:00:00+08:00'), {
      bookingId: r.booking.bookingId,
      slotId: 'service#20261205#late',
      by: 't',
    });
    expect(moved).toMatchObject({ status: 'ok', booking: { remindAt: '2026-12-04T10:00:00.000Z' } });
    const again = mine(await sendDueReminders(deps, new Date('2026-12-04T18:00:00+08:00')));
    expect(again.map((x) => x.booking.bookingId)).toEqual([r.booking.bookingId]);
    expect(
      (await deps.bookings.get(r.booking.bookingId))?.history.filter((h) => h.by === 'reminder'),
    ).toHaveLength(2);
  });

  it('has no reminder when booked after its time (this evening for tomorrow)', async () => {
    const id = await owner([X3]);
    const r = await bookRepair(at('2026-11-23T19:00:00+08:00'), {
      customerId: id,
      slotId: 'service#20261124#evening',
      language: 'zh-CN',
      source: 'agent',
      by: 't',
    });
    expect(r.status === 'ok' && r.booking.remindAt).toBeUndefined();
  });
});
