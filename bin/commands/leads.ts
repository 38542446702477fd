/**
 * `hotline leads …` (issue 12, outsourcer): leads by status and source, a lead with its history, the lifecycle
 * (new → contacted → qualified → won / lost), a lead an agent takes down, and the dialling list of leads not yet
 * contacted that agreed to a call back (what the outbound campaigns dial). Thin: parse, run a use case, print.
 */
import { type Command, Option } from 'commander';
import { parseTimeInput } from '../../functions/core/date-input.js';
import { LeadRuleError } from '../../functions/core/leads.js';
import { LeadConflictError } from '../../functions/ports/lead-repository.js';
import { type LeadRuntimeDeps, leadDepsFromEnv } from '../../functions/shared/lead-deps.js';
import {
  captureLead,
  changeLead,
  LeadNotFoundError,
  leadsToCall,
  listLeads,
} from '../../functions/use-cases/leads/leads.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import { LanguageSchema } from '../../schemas/crm.js';
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type Lead,
  LeadIdSchema,
  type LeadSource,
  type LeadStatus,
} from '../../schemas/leads.js';
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE, LEADS_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, deployedTableEnv, RuntimeError } from '../runtime.js';

const who = (by?: string) => by ?? `cli:${process.env.USER || 'operator'}`;

/** Run `fn` with the lead dependencies where `location` says; closes everything afterwards. */
export async function withLeads<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (deps: LeadRuntimeDeps) => Promise<T>,
): Promise<T> {
  const run = async (env: Record<string, string>) => {
    const deps = leadDepsFromEnv(
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
  if (location.aws) return run((await deployedTableEnv(location.stackPrefix, [CRM_TABLE, LEADS_TABLE])).env);
  const local = await openLocalData(location.home);
  try {
    return await run(localTicketEnv(profile, { ...local, home: local.home }));
  } finally {
    await local.close();
  }
}

function checkId(id: string): string {
  const parsed = LeadIdSchema.safeParse(id.toUpperCase());
  if (!parsed.success) throw new UsageError(`"${id}" is not a lead number such as L20261123-0001`);
  return parsed.data;
}

const line = (l: Lead) =>
  [
    l.leadId,
    l.status.padEnd(9),
    l.source.padEnd(8),
    l.interest.padEnd(12),
    l.consent ? 'call-back' : 'no-call  ',
    l.phone ?? '-',
    l.customerId ?? '-',
    l.createdAt,
  ].join('  ');

function print(l: Lead, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(l, null, 2));
    return;
  }
  console.log(`lead       ${l.leadId}`);
  console.log(`status     ${l.status}`);
  console.log(`source     ${l.source}${l.sourceDetail ? ` (${l.sourceDetail})` : ''}`);
  console.log(`client     ${l.client}   interest ${l.interest}`);
  console.log(`call back  ${l.consent ? 'yes' : 'no'}`);
  console.log(
    `caller     ${l.phone ?? '-'}   customer ${l.customerId ?? '-'}${l.name ? ` ${l.name}` : ''}   contact ${l.contactId ?? '-'}`,
  );
  console.log(`created    ${l.createdAt}`);
  console.log('history');
  for (const h of l.history)
    console.log(
      `  ${h.at}  ${h.by.padEnd(14)} ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` (${h.note})` : ''}`,
    );
}

const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LeadNotFoundError || err instanceof LeadConflictError)
      throw new RuntimeError(err.message);
    if (err instanceof LeadRuleError) throw new RuntimeError(err.message);
    throw err;
  }
};

export function registerLeadCommands(program: Command): void {
  const leads = program
    .command('leads')
    .description('sales leads (outsourcer): list, show, add, advance, to-call (the dialling list)');

  leads
    .command('list')
    .description('leads by status (new, contacted, qualified, won, lost), each oldest first')
    .addOption(new Option('--status <s>', 'only this status').choices(LEAD_STATUSES))
    .addOption(new Option('--source <s>', 'only this source').choices(LEAD_SOURCES))
    .option('--from <time>', 'created at or after')
    .option('--to <time>', 'created before')
    .option('--json', 'JSON lines')
    .action(
      async (
        opts: { status?: LeadStatus; source?: LeadSource; from?: string; to?: string; json?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        await withLeads(g.location, g.profile, g.region, async (deps) => {
          const tz = deps.settings.timeZone;
          const found = await listLeads(deps, {
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.source ? { source: opts.source } : {}),
            ...(opts.from
              ? { from: parseTimeInput(opts.from, { label: '--from', timeZone: tz }).toISOString() }
              : {}),
            ...(opts.to
              ? { to: parseTimeInput(opts.to, { label: '--to', timeZone: tz }).toISOString() }
              : {}),
          });
          for (const l of found) console.log(opts.json ? JSON.stringify(l) : line(l));
          if (!opts.json && found.length === 0) console.log('no leads');
        });
      },
    );

  leads
    .command('show')
    .description('a lead with its history')
    .argument('<id>', 'lead number, e.g. L20261123-0001')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const leadId = checkId(id);
      await withLeads(g.location, g.profile, g.region, async (deps) => {
        const l = await deps.leads.get(leadId);
        if (!l) throw new RuntimeError(`no lead ${leadId}`);
        print(l, opts.json);
      });
    });

  leads
    .command('add')
    .description('record a lead an agent took down (or from a web form, a campaign, an import)')
    .requiredOption('--interest <key>', 'a product line of the client (see the profile)')
    .option('--number <phone>', 'the prospect’s number')
    .option('--customer <id>', 'the customer, when known')
    .option('--consent', 'they agreed to be called back')
    .addOption(new Option('--source <s>', 'where it came from').choices(LEAD_SOURCES).default('agent'))
    .option('--source-detail <text>', 'campaign id, advert number, web form')
    .addOption(new Option('--language <l>', 'their language').choices(['zh-CN', 'en-US']).default('zh-CN'))
    .option('--note <text>', 'a note for the history')
    .option('--by <who>', 'who (default cli:$USER)')
    .option('--json', 'print the lead as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const g = globalOptions(cmd);
      await withLeads(g.location, g.profile, g.region, async (deps) => {
        const keys = deps.settings.productLines.map((p) => p.key);
        if (!keys.includes(String(opts.interest)))
          throw new UsageError(`--interest must be one of ${keys.join(', ')}`);
        if (opts.customer && !(await deps.crm.getCustomer(String(opts.customer))))
          throw new RuntimeError(`no customer "${String(opts.customer)}"`);
        const r = await wrap(() =>
          captureLead(deps, {
            interest: String(opts.interest),
            consent: opts.consent === true,
            source: opts.source as LeadSource,
            sourceDetail: opts.sourceDetail ? String(opts.sourceDetail) : undefined,
            customerId: opts.customer ? String(opts.customer) : undefined,
            phone: opts.number ? String(opts.number) : undefined,
            language: LanguageSchema.parse(opts.language),
            by: who(opts.by as string | undefined),
            note: opts.note ? String(opts.note) : undefined,
          }),
        );
        if (opts.json) print(r.lead, true);
        else console.log(`added ${line(r.lead)}`);
      });
    });

  leads
    .command('advance')
    .description('next step of the lifecycle: new → contacted → qualified → won (or --to lost)')
    .argument('<id>', 'lead number')
    .addOption(
      new Option('--to <status>', 'the new status').choices(['contacted', 'qualified', 'won', 'lost']),
    )
    .option('--note <text>', 'a note for the history')
    .option('--at <time>', 'when (default now)')
    .option('--by <who>', 'who (default cli:$USER)')
    .action(
      async (
        id: string,
        opts: { to?: LeadStatus; note?: string; at?: string; by?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const leadId = checkId(id);
        await withLeads(g.location, g.profile, g.region, async (base) => {
          const at =
            opts.at === undefined
              ? new Date()
              : parseTimeInput(opts.at, { label: '--at', timeZone: base.settings.timeZone });
          const l = await wrap(() =>
            changeLead(
              { ...base, now: () => at },
              {
                leadId,
                by: who(opts.by),
                ...(opts.to ? { to: opts.to } : {}),
                ...(opts.note ? { note: opts.note } : {}),
              },
            ),
          );
          console.log(`updated ${line(l)}`);
        });
      },
    );

  leads
    .command('to-call')
    .description('the dialling list: new leads that agreed to a call back and left a number, oldest first')
    .option('--limit <n>', 'at most this many', '100')
    .option('--interest <key>', 'one product line')
    .option('--json', 'JSON lines')
    .action(async (opts: { limit: string; interest?: string; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new UsageError('--limit must be a whole number from 1 to 100000');
      await withLeads(g.location, g.profile, g.region, async (deps) => {
        const found = await leadsToCall(deps, {
          limit,
          ...(opts.interest ? { interest: opts.interest } : {}),
        });
        for (const l of found) console.log(opts.json ? JSON.stringify(l) : line(l));
        if (!opts.json && found.length === 0) console.log('no leads to call');
      });
    });
}
