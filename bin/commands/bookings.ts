/**
 * `hotline bookings …` (issue 12, dealer): the slots a customer can book, booking for a caller (agents), the
 * workshop's list, a booking with its history, moving, cancelling, the lifecycle and the reminder run. Thin:
 * parse, run a use case, print. Local by default (SMS to the outbox); `--aws` for the deployed stack.
 */
import { type Command, Option } from 'commander';
import { BookingRuleError, vehicleLabel } from '../../functions/core/bookings.js';
import { parseTimeInput } from '../../functions/core/date-input.js';
import { BookingConflictError } from '../../functions/ports/booking-repository.js';
import { type BookingRuntimeDeps, bookingDepsFromEnv } from '../../functions/shared/booking-deps.js';
import {
  BookingNotFoundError,
  bookRepair,
  changeBooking,
  confirmBooking,
  moveBooking,
  offerBooking,
  sendDueReminders,
} from '../../functions/use-cases/bookings/bookings.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import {
  BOOKING_STATUSES,
  type Booking,
  BookingIdSchema,
  type BookingStatus,
} from '../../schemas/bookings.js';
import { LanguageSchema } from '../../schemas/crm.js';
import type { Profile } from '../../schemas/profile.js';
import { BOOKINGS_TABLE, CRM_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, deployedTableEnv, RuntimeError } from '../runtime.js';

const who = (by?: string) => by ?? `cli:${process.env.USER || 'operator'}`;

/** Run `fn` with the booking dependencies where `location` says; closes everything afterwards. */
export async function withBookings<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (deps: BookingRuntimeDeps) => Promise<T>,
): Promise<T> {
  const run = async (env: Record<string, string>) => {
    const deps = bookingDepsFromEnv(
      { ...env, HOTLINE_PROFILE: profile.id, PHONE_REGION: region },
      { requestTimeoutMs: 10_000 },
    );
    if ('configError' in deps) throw new UsageError(deps.configError);
    try {
      return await fn(deps);
    } finally {
      deps.close();
    }
  };
  if (location.aws)
    return run((await deployedTableEnv(location.stackPrefix, [CRM_TABLE, BOOKINGS_TABLE, SMS_TABLE])).env);
  const local = await openLocalData(location.home);
  try {
    return await run(localTicketEnv(profile, { ...local, home: local.home }));
  } finally {
    await local.close();
  }
}

function checkId(id: string): string {
  const parsed = BookingIdSchema.safeParse(id.toUpperCase());
  if (!parsed.success) throw new UsageError(`"${id}" is not a booking number such as R20261123-0001`);
  return parsed.data;
}

const parseAt = (at: string | undefined, timeZone: string, label = '--at'): Date =>
  at === undefined ? new Date() : parseTimeInput(at, { label, timeZone });

const line = (b: Booking) =>
  [
    b.bookingId,
    b.status.padEnd(9),
    b.slotId.padEnd(28),
    `${b.slotStart} – ${b.slotEnd}`,
    b.customerId,
    b.vehicle.plate,
  ].join('  ');

function print(b: Booking, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(b, null, 2));
    return;
  }
  console.log(`booking    ${b.bookingId}`);
  console.log(`status     ${b.status}${b.moves ? ` (moved ${b.moves}×)` : ''}`);
  console.log(`workshop   ${b.branch}   slot ${b.slotId}: ${b.slotStart} – ${b.slotEnd}`);
  console.log(
    `customer   ${b.customerId}${b.name ? ` ${b.name}` : ''}   number ${b.phone ?? '-'}   contact ${b.contactId ?? '-'}`,
  );
  console.log(`vehicle    ${vehicleLabel(b.vehicle, 'en-US')}`);
  console.log(
    `reminder   ${b.remindedAt ? `sent ${b.remindedAt}` : b.remindAt ? `due ${b.remindAt}` : 'none'}`,
  );
  console.log(`booked     ${b.createdAt} (${b.source})`);
  console.log('history');
  for (const h of b.history)
    console.log(
      `  ${h.at}  ${h.by.padEnd(14)} ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` (${h.note})` : ''}`,
    );
}

const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    if (
      err instanceof BookingRuleError ||
      err instanceof BookingNotFoundError ||
      err instanceof BookingConflictError
    )
      throw new RuntimeError(err.message);
    throw err;
  }
};

export function registerBookingCommands(program: Command): void {
  const bookings = program
    .command('bookings')
    .description(
      'repair and maintenance bookings (dealer): slots, book, list, show, move, cancel, advance, reminders',
    );

  bookings
    .command('slots')
    .description('the slots a customer can book now (open days, capacity left; a full slot is never listed)')
    .requiredOption('--customer <id>', 'customer id')
    .option('--at <time>', 'as of this time (default now)')
    .action(async (opts: { customer: string; at?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withBookings(g.location, g.profile, g.region, async (deps) => {
        const at = parseAt(opts.at, deps.settings.timeZone);
        const offer = await offerBooking(
          { ...deps, now: () => at },
          { customerId: opts.customer, language: 'zh-CN' },
        );
        if (offer.status === 'refer')
          throw new RuntimeError(`no slots for ${opts.customer}: ${offer.reason}`);
        if (offer.existing) console.log(`upcoming   ${line(offer.existing)}`);
        for (const v of offer.vehicles) console.log(`vehicle    ${vehicleLabel(v, 'en-US')}`);
        for (const s of offer.slots)
          console.log(`${s.slotId}  ${s.start.toISOString()} – ${s.end.toISOString()}`);
        if (offer.slots.length === 0) console.log('no open slot');
      });
    });

  bookings
    .command('book')
    .description('book a repair for a customer (an agent on the phone): the SMS follows')
    .requiredOption('--customer <id>', 'customer id (their vehicles on file)')
    .requiredOption('--slot <slotId>', 'a slot from `hotline bookings slots`, e.g. service#20261124#early')
    .option('--vehicle <plate>', 'the plate (default: the first vehicle on file)')
    .option('--number <phone>', 'number for the SMS (mobile numbers only)')
    .addOption(
      new Option('--language <l>', 'language of the SMS').choices(['zh-CN', 'en-US']).default('zh-CN'),
    )
    .option('--at <time>', 'as of this time (default now)')
    .option('--by <who>', 'agent or operator id (default cli:$USER)')
    .option('--json', 'print the booking as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const g = globalOptions(cmd);
      const language = LanguageSchema.parse(opts.language);
      await withBookings(g.location, g.profile, g.region, async (base) => {
        const at = parseAt(opts.at as string | undefined, base.settings.timeZone);
        const deps = { ...base, now: () => at };
        const r = await bookRepair(deps, {
          customerId: String(opts.customer),
          slotId: String(opts.slot),
          vehicle: opts.vehicle ? String(opts.vehicle) : undefined,
          language,
          phone: opts.number ? String(opts.number) : undefined,
          source: 'agent',
          by: who(opts.by as string | undefined),
        });
        if (r.status === 'full') throw new RuntimeError(`slot ${String(opts.slot)} is full`);
        if (r.status === 'refer') throw new RuntimeError(`cannot book: ${r.reason}`);
        const sms = await confirmBooking(deps, r.booking);
        if (opts.json) print(r.booking, true);
        else console.log(`booked ${line(r.booking)}\nsms: ${sms.status}`);
      });
    });

  bookings
    .command('list')
    .description('bookings by slot (every workshop, or one; or one customer’s)')
    .option('--workshop <key>', 'one workshop')
    .option('--customer <id>', 'one customer’s bookings')
    .addOption(new Option('--status <s>', 'only this status').choices(BOOKING_STATUSES))
    .option('--from <time>', 'slots starting at or after')
    .option('--to <time>', 'slots starting before')
    .option('--json', 'JSON lines')
    .action(
      async (
        opts: {
          workshop?: string;
          customer?: string;
          status?: BookingStatus;
          from?: string;
          to?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        await withBookings(g.location, g.profile, g.region, async (deps) => {
          const keys = deps.settings.branches.map((b) => b.key);
          if (opts.workshop && !keys.includes(opts.workshop))
            throw new UsageError(`--workshop must be one of ${keys.join(', ')}`);
          const tz = deps.settings.timeZone;
          const from = opts.from ? parseAt(opts.from, tz, '--from').toISOString() : undefined;
          const to = opts.to ? parseAt(opts.to, tz, '--to').toISOString() : undefined;
          const found: Booking[] = [];
          if (opts.customer) {
            const mine = await deps.bookings.listByCustomer(opts.customer, from ? { from } : {});
            found.push(
              ...mine.filter(
                (b) =>
                  (!to || b.slotStart < to) &&
                  (!opts.status || b.status === opts.status) &&
                  (!opts.workshop || b.branch === opts.workshop),
              ),
            );
          } else
            for (const w of opts.workshop ? [opts.workshop] : keys)
              found.push(
                ...(await deps.bookings.listByBranch(w, {
                  ...(from ? { from } : {}),
                  ...(to ? { to } : {}),
                  ...(opts.status ? { status: opts.status } : {}),
                })),
              );
          for (const b of found) console.log(opts.json ? JSON.stringify(b) : line(b));
          if (!opts.json && found.length === 0) console.log('no bookings');
        });
      },
    );

  bookings
    .command('show')
    .description('a booking with its history')
    .argument('<id>', 'booking number, e.g. R20261123-0001')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const bookingId = checkId(id);
      await withBookings(g.location, g.profile, g.region, async (deps) => {
        const b = await deps.bookings.get(bookingId);
        if (!b) throw new RuntimeError(`no booking ${bookingId}`);
        print(b, opts.json);
      });
    });

  bookings
    .command('move')
    .description('move a booking to another open slot: the new slot is taken and the old one freed at once')
    .argument('<id>', 'booking number')
    .requiredOption('--slot <slotId>', 'the new slot (see `hotline bookings slots`)')
    .option('--note <text>', 'a note for the history')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(
      async (id: string, opts: { slot: string; note?: string; at?: string; by?: string }, cmd: Command) => {
        const g = globalOptions(cmd);
        const bookingId = checkId(id);
        await withBookings(g.location, g.profile, g.region, async (base) => {
          const at = parseAt(opts.at, base.settings.timeZone);
          const deps = { ...base, now: () => at };
          const r = await moveBooking(deps, {
            bookingId,
            slotId: opts.slot,
            by: who(opts.by),
            ...(opts.note ? { note: opts.note } : {}),
          });
          if (r.status === 'full') throw new RuntimeError(`slot ${opts.slot} is full`);
          if (r.status === 'refer')
            throw new RuntimeError(
              r.reason === 'gone'
                ? `booking ${bookingId} is not booked or does not exist`
                : `slot ${opts.slot} cannot be booked now`,
            );
          const sms = r.created ? await confirmBooking(deps, r.booking) : { status: 'unchanged' };
          console.log(`${r.created ? 'moved' : 'unchanged'} ${line(r.booking)}\nsms: ${sms.status}`);
        });
      },
    );

  bookings
    .command('cancel')
    .description('cancel a booking: its slot is freed and the customer gets an SMS')
    .argument('<id>', 'booking number')
    .option('--reason <text>', 'why (kept in the history)')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(async (id: string, opts: { reason?: string; at?: string; by?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const bookingId = checkId(id);
      await withBookings(g.location, g.profile, g.region, async (base) => {
        const at = parseAt(opts.at, base.settings.timeZone);
        const deps = { ...base, now: () => at };
        const r = await wrap(() =>
          changeBooking(deps, {
            bookingId,
            to: 'cancelled',
            by: who(opts.by),
            ...(opts.reason ? { note: opts.reason } : {}),
          }),
        );
        const sms = r.changed ? await confirmBooking(deps, r.booking) : { status: 'unchanged' };
        console.log(
          `${r.changed ? 'cancelled' : 'already cancelled'} ${line(r.booking)}\nsms: ${sms.status}`,
        );
      });
    });

  bookings
    .command('advance')
    .description('next step of the lifecycle: booked → arrived → completed (or --to no-show)')
    .argument('<id>', 'booking number')
    .addOption(new Option('--to <status>', 'the new status').choices(['arrived', 'completed', 'no-show']))
    .option('--note <text>', 'a note for the history')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(
      async (
        id: string,
        opts: { to?: BookingStatus; note?: string; at?: string; by?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const bookingId = checkId(id);
        await withBookings(g.location, g.profile, g.region, async (base) => {
          const at = parseAt(opts.at, base.settings.timeZone);
          const r = await wrap(() =>
            changeBooking(
              { ...base, now: () => at },
              {
                bookingId,
                by: who(opts.by),
                ...(opts.to ? { to: opts.to } : {}),
                ...(opts.note ? { note: opts.note } : {}),
              },
            ),
          );
          console.log(`updated ${line(r.booking)}`);
        });
      },
    );

  bookings
    .command('reminders')
    .description('bookings whose reminder SMS is due; --send sends them (what the daily schedule does)')
    .option('--at <time>', 'as of this time (default now)')
    .option('--send', 'send them now, once each')
    .action(async (opts: { at?: string; send?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withBookings(g.location, g.profile, g.region, async (base) => {
        const at = parseAt(opts.at, base.settings.timeZone);
        const deps = { ...base, now: () => at };
        if (opts.send) {
          const done = await sendDueReminders(deps, at);
          for (const r of done) console.log(`reminded ${line(r.booking)}  sms: ${r.sms}`);
          if (done.length === 0) console.log('no reminders due');
          return;
        }
        const due = (await deps.bookings.listRemindersDue(at)).filter((b) => Date.parse(b.slotStart) > +at);
        for (const b of due) console.log(`due ${b.remindAt}  ${line(b)}`);
        if (due.length === 0) console.log('no reminders due');
      });
    });
}
