/**
 * `hotline bookings …` (issue 12, dealer): the slots a customer can book, booking for a caller (agents), the
 * workshop's list, a booking with its history, moving, cancelling, the lifecycle and the reminder run. Thin:
 * parse, run a use case, print. Local by default (SMS to the outbox); `--aws` for the deployed stack.
 */
import { type Command, Option } from 'commander';
import { BookingRuleError, vehicleLabel } from '../../functions/core/bookings.js';
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
import {
  BOOKING_STATUSES,
  type Booking,
  BookingIdSchema,
  type BookingStatus,
} from '../../schemas/bookings.js';
import { LanguageSchema } from '../../schemas/crm.js';
import { BOOKINGS_TABLE, CRM_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { UsageError } from '../options.js';
import { deployedTableEnv, RuntimeError } from '../runtime.js';
import { isoBound, printList, printRecord, recordCli, who } from './record-cli.js';

const bookingsCli = recordCli<BookingRuntimeDeps>({
  noun: 'booking',
  idSchema: BookingIdSchema,
  idExample: 'R20261123-0001',
  depsFromEnv: bookingDepsFromEnv,
  awsEnv: async (stackPrefix) =>
    (await deployedTableEnv(stackPrefix, [CRM_TABLE, BOOKINGS_TABLE, SMS_TABLE])).env,
  refusals: [BookingRuleError, BookingNotFoundError, BookingConflictError],
});

const line = (b: Booking) =>
  [
    b.bookingId,
    b.status.padEnd(9),
    b.slotId.padEnd(28),
    `${b.slotStart} – ${b.slotEnd}`,
    b.customerId,
    b.vehicle.plate,
  ].join('  ');

const print = (b: Booking, json: boolean | undefined): void =>
  printRecord(b, json, [
    ['booking', b.bookingId],
    ['status', `${b.status}${b.moves ? ` (moved ${b.moves}×)` : ''}`],
    ['workshop', `${b.branch}   slot ${b.slotId}: ${b.slotStart} – ${b.slotEnd}`],
    [
      'customer',
      `${b.customerId}${b.name ? ` ${b.name}` : ''}   number ${b.phone ?? '-'}   contact ${b.contactId ?? '-'}`,
    ],
    ['vehicle', vehicleLabel(b.vehicle, 'en-US')],
    ['reminder', b.remindedAt ? `sent ${b.remindedAt}` : b.remindAt ? `due ${b.remindAt}` : 'none'],
    ['booked', `${b.createdAt} (${b.source})`],
  ]);

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
      await bookingsCli.runAt(cmd, opts.at, async (deps) => {
        const offer = await offerBooking(deps, { customerId: opts.customer, language: 'zh-CN' });
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
      const language = LanguageSchema.parse(opts.language);
      await bookingsCli.runAt(cmd, opts.at as string | undefined, async (deps) => {
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
        await bookingsCli.run(cmd, async (deps) => {
          const keys = deps.settings.branches.map((b) => b.key);
          if (opts.workshop && !keys.includes(opts.workshop))
            throw new UsageError(`--workshop must be one of ${keys.join(', ')}`);
          const tz = deps.settings.timeZone;
          const from = isoBound(opts.from, tz, '--from');
          const to = isoBound(opts.to, tz, '--to');
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
          printList(found, opts.json, line, 'no bookings');
        });
      },
    );

  bookingsCli.addShow(bookings, (deps, id) => deps.bookings.get(id), print);

  bookingsCli.addChange<{ slot: string; note?: string }>(
    bookings,
    'move',
    'move a booking to another open slot: the new slot is taken and the old one freed at once',
    (c) =>
      c
        .requiredOption('--slot <slotId>', 'the new slot (see `hotline bookings slots`)')
        .option('--note <text>', 'a note for the history'),
    async (deps, bookingId, opts) => {
      const r = await moveBooking(deps, {
        bookingId,
        slotId: opts.slot,
        by: opts.by,
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
    },
  );

  bookingsCli.addChange<{ reason?: string }>(
    bookings,
    'cancel',
    'cancel a booking: its slot is freed and the customer gets an SMS',
    (c) => c.option('--reason <text>', 'why (kept in the history)'),
    async (deps, bookingId, opts) => {
      const r = await bookingsCli.refuse(() =>
        changeBooking(deps, {
          bookingId,
          to: 'cancelled',
          by: opts.by,
          ...(opts.reason ? { note: opts.reason } : {}),
        }),
      );
      const sms = r.changed ? await confirmBooking(deps, r.booking) : { status: 'unchanged' };
      console.log(`${r.changed ? 'cancelled' : 'already cancelled'} ${line(r.booking)}\nsms: ${sms.status}`);
    },
  );

  bookingsCli.addChange<{ to?: BookingStatus; note?: string }>(
    bookings,
    'advance',
    'next step of the lifecycle: booked → arrived → completed (or --to no-show)',
    (c) =>
      c
        .addOption(new Option('--to <status>', 'the new status').choices(['arrived', 'completed', 'no-show']))
        .option('--note <text>', 'a note for the history'),
    async (deps, bookingId, opts) => {
      const r = await bookingsCli.refuse(() =>
        changeBooking(deps, {
          bookingId,
          by: opts.by,
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.note ? { note: opts.note } : {}),
        }),
      );
      console.log(`updated ${line(r.booking)}`);
    },
  );

  bookings
    .command('reminders')
    .description('bookings whose reminder SMS is due; --send sends them (what the daily schedule does)')
    .option('--at <time>', 'as of this time (default now)')
    .option('--send', 'send them now, once each')
    .action(async (opts: { at?: string; send?: boolean }, cmd: Command) => {
      await bookingsCli.runAt(cmd, opts.at, async (deps, at) => {
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
