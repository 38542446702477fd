/**
 * Repair and maintenance booking (issue 12, the dealer): one use case per action, whatever calls it (the IVR's
 * in-call Lambda, the `hotline bookings` CLI, the reminder schedule). The slots are the pickups' calendar
 * (core/pickups.ts: open days, holidays, lead time, capacity left) and the capacity-safe transaction is the
 * pickups' slot counter (adapters/dynamodb/slot-capacity.ts).
 *
 * - `offerBooking`: the vehicles on file, the caller's upcoming booking (to move or cancel) and the next slots
 *   with capacity left (a full slot is never offered);
 * - `bookRepair`: book a slot for a vehicle (capacity checked in the same transaction), idempotent per ContactId;
 * - `moveBooking`, `cancelBooking`: the caller's or an agent's change; the slot is freed in the same transaction;
 * - `changeBooking`: the lifecycle (booked → arrived → completed, or cancelled / no-show), with history;
 * - `confirmBooking`: the SMS (mobile numbers only) after booking, moving or cancelling;
 * - `sendDueReminders`: the day-before reminder SMS, once per booking (and again after a move).
 */
import type { Booking, BookingSettings, BookingStatus, Vehicle } from '../../../schemas/bookings.js';
import type { CustomerItem, Language } from '../../../schemas/crm.js';
import type { PickupBranch } from '../../../schemas/pickups.js';
import { SlotIdSchema } from '../../../schemas/pickups.js';
import {
  BOOKING_TEXT,
  BookingRuleError,
  bookingSlotAnswer,
  changeBookingStatus,
  formatBookingId,
  isReminderDue,
  isUpcoming,
  nextBookingStatus,
  reminderTime,
  smsSlotLabel,
  spokenBookingId,
  vehicleAnswer,
  vehicleLabel,
} from '../../core/bookings.js';
import { isMobileNumber } from '../../core/mobile.js';
import { normalizePhone } from '../../core/phone.js';
import { isBookable, parseSlotId, type Slot, slotLabel, upcomingSlots } from '../../core/pickups.js';
import {
  BookingConflictError,
  type BookingRepository,
  SlotFullError,
} from '../../ports/booking-repository.js';
import { confirmBySms, type SmsConfirmation } from '../sms/confirm-by-sms.js';
import type { SendSmsDeps } from '../sms/send-sms.js';

/** The customer record and the vehicles on it (read leniently: see core/bookings.ts vehiclesOf). */
export interface BookingCustomers {
  find(customerId: string): Promise<{ customer: CustomerItem; vehicles: Vehicle[] } | undefined>;
}

export interface BookingDeps {
  readonly bookings: BookingRepository;
  readonly customers: BookingCustomers;
  readonly settings: BookingSettings;
  readonly phoneRegion: string;
  readonly sms?: SendSmsDeps;
  readonly now: () => Date;
}

export class BookingNotFoundError extends Error {
  override readonly name = 'BookingNotFoundError';
}

type Refusal = 'noVehicle' | 'noSlots';

/** The customer's workshop: the one their `branch` names, else the first. */
const workshopOf = (settings: BookingSettings, customer: CustomerItem): PickupBranch =>
  settings.branches.find((b) => b.key === customer.branch) ?? (settings.branches[0] as PickupBranch);

const slotOf = (settings: BookingSettings, b: Booking): Slot =>
  parseSlotId(settings, b.slotId) ?? {
    slotId: b.slotId,
    branch: b.branch,
    day: b.slotId.split('#')[1] ?? '',
    slotKey: b.slotId.split('#')[2] ?? '',
    start: new Date(b.slotStart),
    end: new Date(b.slotEnd),
  };

/** Slots with capacity left, from now, without `except` (the booking being moved): the first `settings.offer`. */
async function openSlots(
  deps: BookingDeps,
  workshop: PickupBranch,
  now: Date,
  except?: string,
): Promise<Slot[]> {
  const candidates = upcomingSlots(deps.settings, workshop, now).filter((s) => s.slotId !== except);
  const held = await deps.bookings.bookedCounts(candidates.map((s) => s.slotId));
  return candidates
    .filter((s) => (held.get(s.slotId) ?? 0) < workshop.capacityPerSlot)
    .slice(0, deps.settings.offer);
}

/** The customer's next booking still to come (booked), if any. */
export async function upcomingBooking(
  deps: Pick<BookingDeps, 'bookings' | 'now'>,
  customerId: string,
): Promise<Booking | undefined> {
  const now = deps.now();
  const mine = await deps.bookings.listByCustomer(customerId, { from: now.toISOString().slice(0, 10) });
  return mine.find((b) => isUpcoming(b, now));
}

export type BookingOffer =
  | {
      readonly status: 'ok' | 'existing';
      readonly vehicles: readonly Vehicle[];
      readonly slots: readonly Slot[];
      readonly existing?: Booking;
      /** `ok`: the vehicle menu; `existing`: the booking and its keys. */
      readonly prompt: string;
      readonly vehiclesPrompt: string;
      /** The slot menu, or (only with a booking to cancel) that no other slot is open. */
      readonly slotsPrompt: string;
      readonly answer: ReturnType<typeof bookingSlotAnswer> & ReturnType<typeof vehicleAnswer>;
    }
  | { readonly status: 'refer'; readonly reason: Refusal; readonly prompt: string };

/** What the caller may do: book a vehicle in one of the slots offered, or move or cancel their booking. */
export async function offerBooking(
  deps: BookingDeps,
  input: { customerId?: string | undefined; language: Language },
): Promise<BookingOffer> {
  const t = BOOKING_TEXT[input.language];
  const found = input.customerId ? await deps.customers.find(input.customerId) : undefined;
  if (!found || found.vehicles.length === 0)
    return { status: 'refer', reason: 'noVehicle', prompt: t.noVehicle };
  const now = deps.now();
  const workshop = workshopOf(deps.settings, found.customer);
  const existing = await upcomingBooking(deps, found.customer.customerId);
  const slots = await openSlots(deps, workshop, now, existing?.slotId);
  // With a booking, the caller may still cancel it when nothing is open; without one, only an agent can help.
  if (slots.length === 0 && !existing) return { status: 'refer', reason: 'noSlots', prompt: t.noSlots };
  const labels = slots.map((s) => slotLabel(deps.settings, s, now, input.language));
  const answer = {
    ...bookingSlotAnswer(deps.settings, workshop, slots, now, input.language),
    ...vehicleAnswer(found.vehicles),
  };
  const slotsPrompt = slots.length ? t.slots(labels) : t.noOtherSlot;
  const vehiclesPrompt = t.vehicles(found.vehicles.map((v) => vehicleLabel(v, input.language)));
  if (existing)
    return {
      status: 'existing',
      vehicles: found.vehicles,
      slots,
      existing,
      prompt: t.existing(
        slotLabel(deps.settings, slotOf(deps.settings, existing), now, input.language),
        vehicleLabel(existing.vehicle, input.language),
        spokenBookingId(existing.bookingId),
      ),
      vehiclesPrompt,
      slotsPrompt,
      answer,
    };
  return {
    status: 'ok',
    vehicles: found.vehicles,
    slots,
    prompt: vehiclesPrompt,
    vehiclesPrompt,
    slotsPrompt,
    answer,
  };
}

export interface BookRepairInput {
  readonly customerId?: string | undefined;
  readonly slotId: string;
  /** 1-based position among the vehicles on file (default 1), or a plate (agents). */
  readonly vehicle?: string | undefined;
  readonly language: Language;
  /** The caller's number as Connect gives it (SMS go there when it is a mobile). */
  readonly phone?: string | undefined;
  readonly contactId?: string;
  readonly source: 'ivr' | 'agent';
  readonly by: string;
}

export type BookingResult =
  | { readonly status: 'ok'; readonly booking: Booking; readonly created: boolean }
  | { readonly status: 'full' }
  | {
      readonly status: 'refer';
      readonly reason: Refusal | 'badSlot' | 'badVehicle' | 'gone';
      readonly prompt: string;
    };

const pickVehicle = (vehicles: readonly Vehicle[], choice: string | undefined): Vehicle | undefined => {
  if (!choice) return vehicles[0];
  if (/^[1-9]$/.test(choice)) return vehicles[Number(choice) - 1];
  return vehicles.find((v) => v.plate === choice);
};

/** Check a slot id against the settings, the workshop and the clock. */
function bookableSlot(
  deps: BookingDeps,
  workshop: PickupBranch,
  slotId: string,
  now: Date,
): Slot | undefined {
  const slot = SlotIdSchema.safeParse(slotId).success ? parseSlotId(deps.settings, slotId) : undefined;
  return slot && slot.branch === workshop.key && isBookable(deps.settings, workshop, slot, now)
    ? slot
    : undefined;
}

/** Book the slot for the vehicle, or say why not. Idempotent per contact: a retried Lambda answers the first. */
export async function bookRepair(deps: BookingDeps, input: BookRepairInput): Promise<BookingResult> {
  const t = BOOKING_TEXT[input.language];
  const idempotencyKey = input.contactId ? `CONTACT#${input.contactId}#booking` : undefined;
  if (idempotencyKey) {
    const earlier = await deps.bookings.findByIdempotencyKey(idempotencyKey);
    if (earlier) return { status: 'ok', booking: earlier, created: false };
  }
  const found = input.customerId ? await deps.customers.find(input.customerId) : undefined;
  if (!found || found.vehicles.length === 0)
    return { status: 'refer', reason: 'noVehicle', prompt: t.noVehicle };
  const vehicle = pickVehicle(found.vehicles, input.vehicle);
  if (!vehicle) return { status: 'refer', reason: 'badVehicle', prompt: t.noVehicle };
  const now = deps.now();
  const workshop = workshopOf(deps.settings, found.customer);
  const slot = bookableSlot(deps, workshop, input.slotId, now);
  if (!slot) return { status: 'refer', reason: 'badSlot', prompt: t.noSlots };
  const phone = input.phone ? normalizePhone(input.phone, deps.phoneRegion) : undefined;
  const e164 = phone?.kind === 'e164' ? phone.e164 : undefined;
  const day = formatBookingId(now, 0, deps.settings.timeZone).slice(1, 9);
  const bookingId = formatBookingId(now, await deps.bookings.nextSequence(day), deps.settings.timeZone);
  const at = now.toISOString();
  const remindAt = reminderTime(deps.settings, slot, now);
  const booking: Booking = {
    bookingId,
    status: 'booked',
    branch: workshop.key,
    slotId: slot.slotId,
    slotStart: slot.start.toISOString(),
    slotEnd: slot.end.toISOString(),
    customerId: found.customer.customerId,
    name: found.customer.name,
    ...(e164 ? { phone: e164 } : {}),
    vehicle,
    language: input.language,
    source: input.source,
    ...(input.contactId ? { contactId: input.contactId } : {}),
    createdAt: at,
    updatedAt: at,
    ...(remindAt ? { remindAt: remindAt.toISOString() } : {}),
    moves: 0,
    history: [{ at, to: 'booked', by: input.by, note: `${vehicle.plate} ${slot.slotId}` }],
  };
  try {
    const r = await deps.bookings.book({
      booking,
      capacity: workshop.capacityPerSlot,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    return { status: 'ok', ...r };
  } catch (err) {
    if (err instanceof SlotFullError) return { status: 'full' };
    throw err;
  }
}

/** The booking, checked to be the caller's (when `customerId` is given) and still booked. */
async function ownBooking(
  deps: BookingDeps,
  bookingId: string,
  customerId: string | undefined,
): Promise<Booking | undefined> {
  const b = await deps.bookings.get(bookingId);
  if (!b || (customerId !== undefined && b.customerId !== customerId)) return undefined;
  return b;
}

/**
 * Move a booked booking to another open slot of its workshop: the new slot is claimed (below its capacity) and the
 * old one freed in one transaction. Moving to the slot it already has is a replay (Connect retried): nothing
 * changes. The reminder is due again for the new day.
 */
export async function moveBooking(
  deps: BookingDeps,
  input: {
    bookingId: string;
    slotId: string;
    customerId?: string | undefined;
    language?: Language;
    by: string;
    note?: string;
  },
): Promise<BookingResult> {
  const current = await ownBooking(deps, input.bookingId, input.customerId);
  const t = BOOKING_TEXT[input.language ?? current?.language ?? 'zh-CN'];
  if (!current) return { status: 'refer', reason: 'gone', prompt: t.gone };
  if (current.status === 'booked' && current.slotId === input.slotId)
    return { status: 'ok', booking: current, created: false };
  const now = deps.now();
  if (!isUpcoming(current, now)) return { status: 'refer', reason: 'gone', prompt: t.gone };
  const workshop =
    deps.settings.branches.find((b) => b.key === current.branch) ??
    (deps.settings.branches[0] as PickupBranch);
  const slot = bookableSlot(deps, workshop, input.slotId, now);
  if (!slot) return { status: 'refer', reason: 'badSlot', prompt: t.noSlots };
  const at = now.toISOString();
  const remindAt = reminderTime(deps.settings, slot, now);
  const { remindAt: _r, remindedAt: _d, ...rest } = current;
  const next: Booking = {
    ...rest,
    slotId: slot.slotId,
    slotStart: slot.start.toISOString(),
    slotEnd: slot.end.toISOString(),
    updatedAt: at,
    ...(remindAt ? { remindAt: remindAt.toISOString() } : {}),
    moves: current.moves + 1,
    history: [
      ...current.history,
      {
        at,
        from: 'booked',
        to: 'booked',
        by: input.by,
        note: `moved from ${current.slotId} to ${slot.slotId}${input.note ? `: ${input.note}` : ''}`,
      },
    ],
  };
  try {
    await deps.bookings.save(next, current.updatedAt, {
      claim: { slotId: slot.slotId, capacity: workshop.capacityPerSlot },
      release: current.slotId,
    });
  } catch (err) {
    if (err instanceof SlotFullError) return { status: 'full' };
    if (err instanceof BookingConflictError) return { status: 'refer', reason: 'gone', prompt: t.gone };
    throw err;
  }
  return { status: 'ok', booking: next, created: true };
}

/**
 * Move a booking along its lifecycle (`to` defaults to the next step: booked → arrived → completed). Cancelling
 * frees its slot. A booking already cancelled, cancelled again, is a replay: unchanged (`changed: false`).
 */
export async function changeBooking(
  deps: BookingDeps,
  input: {
    bookingId: string;
    to?: BookingStatus;
    by: string;
    note?: string;
    customerId?: string | undefined;
  },
): Promise<{ booking: Booking; changed: boolean }> {
  const current = await ownBooking(deps, input.bookingId, input.customerId);
  if (!current) throw new BookingNotFoundError(`no booking ${input.bookingId}`);
  if (input.to === 'cancelled' && current.status === 'cancelled') return { booking: current, changed: false };
  const to = input.to ?? nextBookingStatus(current.status);
  if (!to) throw new BookingRuleError(`booking ${current.bookingId} is ${current.status}: it is closed`);
  const next = changeBookingStatus(current, to, deps.now(), input.by, input.note);
  // A booking that leaves `booked` gives its slot back only when cancelled (an arrived car still uses its bay).
  await deps.bookings.save(next, current.updatedAt, to === 'cancelled' ? { release: current.slotId } : {});
  return { booking: next, changed: true };
}

/** The caller cancels their booking from the IVR: `gone` when it is not theirs or no longer booked. */
export async function cancelBooking(
  deps: BookingDeps,
  input: { bookingId: string; customerId?: string | undefined; language: Language; by: string },
): Promise<BookingResult> {
  const t = BOOKING_TEXT[input.language];
  const current = await ownBooking(deps, input.bookingId, input.customerId);
  if (!current || (current.status !== 'booked' && current.status !== 'cancelled'))
    return { status: 'refer', reason: 'gone', prompt: t.gone };
  try {
    const r = await changeBooking(deps, {
      bookingId: current.bookingId,
      to: 'cancelled',
      by: input.by,
      note: 'cancelled by the caller',
    });
    return { status: 'ok', booking: r.booking, created: r.changed };
  } catch (err) {
    if (err instanceof BookingConflictError || err instanceof BookingRuleError)
      return { status: 'refer', reason: 'gone', prompt: t.gone };
    throw err;
  }
}

/** The SMS after booking, moving (`booked`: the new slot) or cancelling: only to a mobile number, once each. */
export async function confirmBooking(
  deps: BookingDeps,
  b: Booking,
): Promise<SmsConfirmation | { readonly status: 'landline' }> {
  if (!b.phone) return { status: 'none' };
  if (!isMobileNumber(b.phone)) return { status: 'landline' };
  const slot = smsSlotLabel(deps.settings, slotOf(deps.settings, b), deps.now(), b.language);
  const workshop = deps.settings.branches.find((w) => w.key === b.branch)?.name[b.language] ?? b.branch;
  if (b.status === 'cancelled')
    return confirmBySms(deps.sms, {
      to: b.phone,
      template: 'bookingCancelled',
      language: b.language,
      variables: { bookingId: b.bookingId, slot },
      requestedBy: `booking:${b.bookingId}`,
      dedupeKey: `bookingCancelled#${b.bookingId}`,
    });
  return confirmBySms(deps.sms, {
    to: b.phone,
    template: 'bookingConfirmation',
    language: b.language,
    variables: { bookingId: b.bookingId, slot, vehicle: b.vehicle.plate, workshop },
    requestedBy: `booking:${b.bookingId}`,
    dedupeKey: `bookingConfirmation#${b.bookingId}#${b.slotId}`,
  });
}

/** What the caller hears after booking, moving or cancelling, and whether an SMS follows. */
export function resultPrompt(
  deps: Pick<BookingDeps, 'settings' | 'now'>,
  b: Booking,
  kind: 'book' | 'move' | 'cancel',
  sms: 'sent' | 'landline' | 'other',
  language: Language = b.language,
): string {
  const t = BOOKING_TEXT[language];
  const label = slotLabel(deps.settings, slotOf(deps.settings, b), deps.now(), language);
  const spoken = spokenBookingId(b.bookingId);
  const head =
    kind === 'cancel'
      ? t.cancelled(spoken)
      : kind === 'move'
        ? t.moved(spoken, label)
        : t.booked(spoken, label, vehicleLabel(b.vehicle, language));
  const tail = kind === 'cancel' ? '' : sms === 'sent' ? t.smsSent : sms === 'landline' ? t.landline : '';
  // The reminder goes to a mobile number, and only when it is due after the booking (not for tomorrow evening).
  const reminder = kind !== 'cancel' && sms === 'sent' && b.remindAt && !b.remindedAt ? t.reminder : '';
  return [head, tail, reminder].filter(Boolean).join(language === 'zh-CN' ? '' : ' ');
}

/**
 * The reminder SMS of every booking due by `at` (the schedule runs this): recorded first with a conditional
 * write (a concurrent run loses and sends nothing twice), then sent. Returns the bookings reminded now.
 */
export async function sendDueReminders(
  deps: BookingDeps,
  at: Date = deps.now(),
): Promise<{ booking: Booking; sms: string }[]> {
  const done: { booking: Booking; sms: string }[] = [];
  for (const b of await deps.bookings.listRemindersDue(at)) {
    if (!isReminderDue(b, at)) continue;
    const iso = at.toISOString();
    const next: Booking = {
      ...b,
      remindedAt: iso,
      updatedAt: iso,
      history: [
        ...b.history,
        { at: iso, from: 'booked', to: 'booked', by: 'reminder', note: 'reminder SMS' },
      ],
    };
    try {
      await deps.bookings.save(next, b.updatedAt);
    } catch {
      continue;
    }
    let sms = 'none';
    if (b.phone && !isMobileNumber(b.phone)) sms = 'landline';
    else if (b.phone) {
      const slot = smsSlotLabel(deps.settings, slotOf(deps.settings, b), at, b.language);
      const workshop = deps.settings.branches.find((w) => w.key === b.branch)?.name[b.language] ?? b.branch;
      const r = await confirmBySms(deps.sms, {
        to: b.phone,
        template: 'bookingReminder',
        language: b.language,
        variables: { bookingId: b.bookingId, slot, vehicle: b.vehicle.plate, workshop },
        requestedBy: `booking:${b.bookingId}`,
        dedupeKey: `bookingReminder#${b.bookingId}#${b.slotId}`,
      });
      sms = r.status;
    }
    done.push({ booking: next, sms });
  }
  return done;
}
