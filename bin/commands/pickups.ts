/**
 * `hotline pickups …` (issue 12, carrier): the slots a customer can book, booking for a caller (agents), the
 * branch's list, a pickup with its history, the lifecycle (advance, cancel) and overdue pickups. Thin: parse,
 * run a use case, print. Local by default (notices and SMS to the outbox); `--aws` for the deployed stack.
 */
import { type Command, Option } from 'commander';
import { PickupRuleError } from '../../functions/core/pickups.js';
import { PickupConflictError } from '../../functions/ports/pickup-repository.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import {
  bookPickup,
  changePickup,
  confirmPickup,
  escalateOverduePickups,
  notifyBranch,
  offerPickup,
  PickupNotFoundError,
  resendPendingNotices,
} from '../../functions/use-cases/pickups/pickups.js';
import { LanguageSchema } from '../../schemas/crm.js';
import { PICKUP_STATUSES, type Pickup, PickupIdSchema, type PickupStatus } from '../../schemas/pickups.js';
import { CRM_TABLE, PICKUPS_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { UsageError } from '../options.js';
import { deployedTableEnv, RuntimeError, stackOutputs } from '../runtime.js';
import { isoBound, printList, printRecord, recordCli, who } from './record-cli.js';

async function awsEnv(stackPrefix: string): Promise<Record<string, string>> {
  const { env } = await deployedTableEnv(stackPrefix, [CRM_TABLE, PICKUPS_TABLE, SMS_TABLE]);
  // DispatchTopicShanghaiArn → shanghai (see infra/constructs/pickups.ts).
  const { outputs } = await stackOutputs(`${stackPrefix}-Functions`);
  const topics = Object.fromEntries(
    outputs.flatMap((o) => {
      const m = /^DispatchTopic(.+)Arn$/.exec(o.OutputKey ?? '');
      return m?.[1] && o.OutputValue
        ? [[m[1].replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase(), o.OutputValue]]
        : [];
    }),
  );
  return { ...env, DISPATCH_TOPIC_ARNS: JSON.stringify(topics) };
}

const pickupsCli = recordCli<PickupRuntimeDeps>({
  noun: 'pickup',
  idSchema: PickupIdSchema,
  idExample: 'P20261123-0001',
  depsFromEnv: pickupDepsFromEnv,
  awsEnv,
  refusals: [PickupRuleError, PickupNotFoundError, PickupConflictError],
});

const line = (p: Pickup) =>
  [
    p.pickupId,
    p.status.padEnd(10),
    p.branch.padEnd(10),
    `${p.slotStart} – ${p.slotEnd}`,
    p.customerId,
    p.address,
  ].join('  ');

const print = (p: Pickup, json: boolean | undefined): void =>
  printRecord(p, json, [
    ['pickup', p.pickupId],
    [
      'status',
      `${p.status}${p.courier ? ` (courier ${p.courier})` : ''}${p.escalatedAt ? `, escalated ${p.escalatedAt}` : ''}`,
    ],
    ['branch', `${p.branch}   slot ${p.slotId}: ${p.slotStart} – ${p.slotEnd}`],
    [
      'customer',
      `${p.customerId}${p.name ? ` ${p.name}` : ''}   number ${p.phone ?? '-'}   contact ${p.contactId ?? '-'}`,
    ],
    ['address', p.address],
    ['booked', `${p.createdAt} (${p.source})`],
  ]);

export function registerPickupCommands(program: Command): void {
  const pickups = program
    .command('pickups')
    .description('pickup booking and dispatch (carrier): slots, book, list, show, advance, cancel, overdue');

  pickups
    .command('slots')
    .description("the slots a customer can book now (their branch's open days, capacity left)")
    .requiredOption('--customer <id>', 'customer id')
    .option('--at <time>', 'as of this time (default now)')
    .action(async (opts: { customer: string; at?: string }, cmd: Command) => {
      await pickupsCli.runAt(cmd, opts.at, async (deps) => {
        const offer = await offerPickup(deps, { customerId: opts.customer, language: 'zh-CN' });
        if (offer.status === 'refer')
          throw new RuntimeError(`no slots for ${opts.customer}: ${offer.reason}`);
        for (const s of offer.slots)
          console.log(`${s.slotId}  ${s.start.toISOString()} – ${s.end.toISOString()}`);
      });
    });

  pickups
    .command('book')
    .description('book a pickup for a customer (an agent on the phone): dispatch notice and SMS follow')
    .requiredOption('--customer <id>', 'customer id (their address and branch on file)')
    .requiredOption('--slot <slotId>', 'a slot from `hotline pickups slots`, e.g. shanghai#20261123#pm')
    .option('--number <phone>', 'number for the SMS confirmation (mobile numbers only)')
    .addOption(
      new Option('--language <l>', 'language of the SMS').choices(['zh-CN', 'en-US']).default('zh-CN'),
    )
    .option('--at <time>', 'as of this time (default now)')
    .option('--by <who>', 'agent or operator id (default cli:$USER)')
    .option('--json', 'print the pickup as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const language = LanguageSchema.parse(opts.language);
      await pickupsCli.runAt(cmd, opts.at as string | undefined, async (deps) => {
        const r = await bookPickup(deps, {
          customerId: String(opts.customer),
          slotId: String(opts.slot),
          language,
          phone: opts.number ? String(opts.number) : undefined,
          source: 'agent',
          by: who(opts.by as string | undefined),
        });
        if (r.status === 'full') throw new RuntimeError(`slot ${String(opts.slot)} is full`);
        if (r.status === 'refer') throw new RuntimeError(`cannot book: ${r.reason}`);
        const notice = await notifyBranch(deps, r.pickup, 'pickup.booked');
        const sms = await confirmPickup(deps, r.pickup);
        if (opts.json) print(r.pickup, true);
        else console.log(`booked ${line(r.pickup)}\ndispatch notice: ${notice}\nsms: ${sms.status}`);
      });
    });

  pickups
    .command('list')
    .description('pickups by branch and slot (every branch of the profile, or one)')
    .option('--branch <key>', 'one branch')
    .addOption(new Option('--status <s>', 'only this status').choices(PICKUP_STATUSES))
    .option('--from <time>', 'slots starting at or after')
    .option('--to <time>', 'slots starting before')
    .option('--json', 'JSON lines')
    .action(
      async (
        opts: { branch?: string; status?: string; from?: string; to?: string; json?: boolean },
        cmd: Command,
      ) => {
        await pickupsCli.run(cmd, async (deps) => {
          const branches = opts.branch ? [opts.branch] : deps.settings.branches.map((b) => b.key);
          if (opts.branch && !deps.settings.branches.some((b) => b.key === opts.branch))
            throw new UsageError(
              `--branch must be one of ${deps.settings.branches.map((b) => b.key).join(', ')}`,
            );
          const tz = deps.settings.timeZone;
          const from = isoBound(opts.from, tz, '--from');
          const to = isoBound(opts.to, tz, '--to');
          const found: Pickup[] = [];
          for (const branch of branches)
            found.push(
              ...(await deps.pickups.listByBranch(branch, {
                ...(from ? { from } : {}),
                ...(to ? { to } : {}),
                ...(opts.status ? { status: opts.status as PickupStatus } : {}),
              })),
            );
          printList(found, opts.json, line, 'no pickups');
        });
      },
    );

  pickupsCli.addShow(pickups, (deps, id) => deps.pickups.get(id), print);

  pickupsCli.addChange<{ to?: PickupStatus; courier?: string; note?: string }>(
    pickups,
    'advance',
    'next step of the lifecycle: booked → dispatched → collected (or --to failed)',
    (c) =>
      c
        .addOption(
          new Option('--to <status>', 'the new status').choices(['dispatched', 'collected', 'failed']),
        )
        .option('--courier <id>', 'the courier sent')
        .option('--note <text>', 'a note for the history'),
    async (deps, pickupId, opts) => {
      const p = await pickupsCli.refuse(() =>
        changePickup(deps, {
          pickupId,
          by: opts.by,
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.courier ? { courier: opts.courier } : {}),
          ...(opts.note ? { note: opts.note } : {}),
        }),
      );
      console.log(`updated ${line(p)}`);
    },
  );

  pickupsCli.addChange<{ reason?: string }>(
    pickups,
    'cancel',
    'cancel a pickup: its slot is freed and the branch is told',
    (c) => c.option('--reason <text>', 'why (kept in the history)'),
    async (deps, pickupId, opts) => {
      const p = await pickupsCli.refuse(() =>
        changePickup(deps, {
          pickupId,
          to: 'cancelled',
          by: opts.by,
          ...(opts.reason ? { note: opts.reason } : {}),
        }),
      );
      console.log(`cancelled ${line(p)}`);
    },
  );

  pickups
    .command('overdue')
    .description(
      'open pickups not collected by the end of their slot; --escalate notifies branch and supervisors',
    )
    .option('--at <time>', 'as of this time (default now)')
    .option('--escalate', 'escalate them now (what the 5-minute schedule does)')
    .action(async (opts: { at?: string; escalate?: boolean }, cmd: Command) => {
      await pickupsCli.runAt(cmd, opts.at, async (deps, at) => {
        if (opts.escalate) {
          // What the schedule does first: the dispatch notices SNS refused, published again.
          const resent = await resendPendingNotices(deps);
          for (const key of resent.sent) console.log(`notice resent ${key}`);
          for (const key of resent.failed) console.log(`notice still pending ${key}`);
        }
        const found = opts.escalate
          ? await escalateOverduePickups(deps, at)
          : await deps.pickups.listOverdue(at);
        for (const p of found) console.log(`${opts.escalate ? 'escalated ' : ''}${line(p)}`);
        if (found.length === 0) console.log('no overdue pickups');
      });
    });
}
