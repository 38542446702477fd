/**
 * `hotline pickups …` (issue 12, carrier): the slots a customer can book, booking for a caller (agents), the
 * branch's list, a pickup with its history, the lifecycle (advance, cancel) and overdue pickups. Thin: parse,
 * run a use case, print. Local by default (notices and SMS to the outbox); `--aws` for the deployed stack.
 */
import { type Command, Option } from 'commander';
import { PickupRuleError } from '../../functions/core/pickups.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import {
  bookPickup,
  changePickup,
  confirmPickup,
  escalateOverduePickups,
  notifyBranch,
  offerPickup,
  PickupNotFoundError,
} from '../../functions/use-cases/pickups/pickups.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import { LanguageSchema } from '../../schemas/crm.js';
import { PICKUP_STATUSES, type Pickup, PickupIdSchema, type PickupStatus } from '../../schemas/pickups.js';
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE, PICKUPS_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, deployedTableEnv, stackOutputs } from '../runtime.js';

const who = (by?: string) => by ?? `cli:${process.env.USER || 'operator'}`;

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

/** Run `fn` with the pickup dependencies where `location` says; closes everything afterwards. */
export async function withPickups<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (deps: PickupRuntimeDeps) => Promise<T>,
): Promise<T> {
  const run = async (env: Record<string, string>) => {
    const deps = pickupDepsFromEnv(
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
  if (location.aws) return run(await awsEnv(location.stackPrefix));
  const local = await openLocalData(location.home);
  try {
    return await run(localTicketEnv(profile, { ...local, home: local.home }));
  } finally {
    await local.close();
  }
}

function checkId(id: string): string {
  const parsed = PickupIdSchema.safeParse(id.toUpperCase());
  if (!parsed.success) throw new UsageError(`"${id}" is not a pickup number such as P20261123-0001`);
  return parsed.data;
}

function parseAt(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const d = new Date(at);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`"${at}" is not a time such as 2026-11-24T10:00:00+08:00`);
  return d;
}

const line = (p: Pickup) =>
  [
    p.pickupId,
    p.status.padEnd(10),
    p.branch.padEnd(10),
    `${p.slotStart} – ${p.slotEnd}`,
    p.customerId,
    p.address,
  ].join('  ');

function print(p: Pickup, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(p, null, 2));
    return;
  }
  console.log(`pickup     ${p.pickupId}`);
  console.log(
    `status     ${p.status}${p.courier ? ` (courier ${p.courier})` : ''}${p.escalatedAt ? `, escalated ${p.escalatedAt}` : ''}`,
  );
  console.log(`branch     ${p.branch}   slot ${p.slotId}: ${p.slotStart} – ${p.slotEnd}`);
  console.log(
    `customer   ${p.customerId}${p.name ? ` ${p.name}` : ''}   number ${p.phone ?? '-'}   contact ${p.contactId ?? '-'}`,
  );
  console.log(`address    ${p.address}`);
  console.log(`booked     ${p.createdAt} (${p.source})`);
  console.log('history');
  for (const h of p.history)
    console.log(
      `  ${h.at}  ${h.by.padEnd(14)} ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` (${h.note})` : ''}`,
    );
}

const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PickupRuleError || err instanceof PickupNotFoundError)
      throw new UsageError(err.message);
    throw err;
  }
};

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
      const g = globalOptions(cmd);
      const at = parseAt(opts.at);
      await withPickups(g.location, g.profile, g.region, async (deps) => {
        const offer = await offerPickup(
          { ...deps, now: () => at },
          { customerId: opts.customer, language: 'zh-CN' },
        );
        if (offer.status === 'refer') throw new UsageError(`no slots for ${opts.customer}: ${offer.reason}`);
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
      const g = globalOptions(cmd);
      const at = parseAt(opts.at as string | undefined);
      const language = LanguageSchema.parse(opts.language);
      await withPickups(g.location, g.profile, g.region, async (base) => {
        const deps = { ...base, now: () => at };
        const r = await bookPickup(deps, {
          customerId: String(opts.customer),
          slotId: String(opts.slot),
          language,
          phone: opts.number ? String(opts.number) : undefined,
          source: 'agent',
          by: who(opts.by as string | undefined),
        });
        if (r.status === 'full') throw new UsageError(`slot ${String(opts.slot)} is full`);
        if (r.status === 'refer') throw new UsageError(`cannot book: ${r.reason}`);
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
    .option('--from <time>', 'slots starting at or after (ISO)')
    .option('--to <time>', 'slots starting before (ISO)')
    .option('--json', 'JSON lines')
    .action(
      async (
        opts: { branch?: string; status?: string; from?: string; to?: string; json?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        await withPickups(g.location, g.profile, g.region, async (deps) => {
          const branches = opts.branch ? [opts.branch] : deps.settings.branches.map((b) => b.key);
          if (opts.branch && !deps.settings.branches.some((b) => b.key === opts.branch))
            throw new UsageError(
              `--branch must be one of ${deps.settings.branches.map((b) => b.key).join(', ')}`,
            );
          let n = 0;
          for (const branch of branches) {
            const found = await deps.pickups.listByBranch(branch, {
              ...(opts.from ? { from: parseAt(opts.from).toISOString() } : {}),
              ...(opts.to ? { to: parseAt(opts.to).toISOString() } : {}),
              ...(opts.status ? { status: opts.status as PickupStatus } : {}),
            });
            for (const p of found) console.log(opts.json ? JSON.stringify(p) : line(p));
            n += found.length;
          }
          if (!opts.json && n === 0) console.log('no pickups');
        });
      },
    );

  pickups
    .command('show')
    .description('a pickup with its history')
    .argument('<id>', 'pickup number, e.g. P20261123-0001')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const pickupId = checkId(id);
      await withPickups(g.location, g.profile, g.region, async (deps) => {
        const p = await deps.pickups.get(pickupId);
        if (!p) throw new UsageError(`no pickup ${pickupId}`);
        print(p, opts.json);
      });
    });

  pickups
    .command('advance')
    .description('next step of the lifecycle: booked → dispatched → collected (or --to failed)')
    .argument('<id>', 'pickup number')
    .addOption(new Option('--to <status>', 'the new status').choices(['dispatched', 'collected', 'failed']))
    .option('--courier <id>', 'the courier sent')
    .option('--note <text>', 'a note for the history')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(
      async (
        id: string,
        opts: { to?: PickupStatus; courier?: string; note?: string; at?: string; by?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const pickupId = checkId(id);
        const at = parseAt(opts.at);
        await withPickups(g.location, g.profile, g.region, async (deps) => {
          const p = await wrap(() =>
            changePickup(
              { ...deps, now: () => at },
              {
                pickupId,
                by: who(opts.by),
                ...(opts.to ? { to: opts.to } : {}),
                ...(opts.courier ? { courier: opts.courier } : {}),
                ...(opts.note ? { note: opts.note } : {}),
              },
            ),
          );
          console.log(`updated ${line(p)}`);
        });
      },
    );

  pickups
    .command('cancel')
    .description('cancel a pickup: its slot is freed and the branch is told')
    .argument('<id>', 'pickup number')
    .option('--reason <text>', 'why (kept in the history)')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(async (id: string, opts: { reason?: string; at?: string; by?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const pickupId = checkId(id);
      const at = parseAt(opts.at);
      await withPickups(g.location, g.profile, g.region, async (deps) => {
        const p = await wrap(() =>
          changePickup(
            { ...deps, now: () => at },
            {
              pickupId,
              to: 'cancelled',
              by: who(opts.by),
              ...(opts.reason ? { note: opts.reason } : {}),
            },
          ),
        );
        console.log(`cancelled ${line(p)}`);
      });
    });

  pickups
    .command('overdue')
    .description(
      'open pickups not collected by the end of their slot; --escalate notifies branch and supervisors',
    )
    .option('--at <time>', 'as of this time (default now)')
    .option('--escalate', 'escalate them now (what the 5-minute schedule does)')
    .action(async (opts: { at?: string; escalate?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const at = parseAt(opts.at);
      await withPickups(g.location, g.profile, g.region, async (deps) => {
        const found = opts.escalate
          ? await escalateOverduePickups({ ...deps, now: () => at }, at)
          : await deps.pickups.listOverdue(at);
        for (const p of found) console.log(`${opts.escalate ? 'escalated ' : ''}${line(p)}`);
        if (found.length === 0) console.log('no overdue pickups');
      });
    });
}
