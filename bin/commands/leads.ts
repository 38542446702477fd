/**
 * `hotline leads …` (issue 12, outsourcer): leads by status and source, a lead with its history, the lifecycle
 * (new → contacted → qualified → won / lost), a lead an agent takes down, and the dialling list of leads not yet
 * contacted that agreed to a call back (what the outbound campaigns dial). Thin: parse, run a use case, print.
 */
import { type Command, Option } from 'commander';
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
import { LanguageSchema } from '../../schemas/crm.js';
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type Lead,
  LeadIdSchema,
  type LeadSource,
  type LeadStatus,
} from '../../schemas/leads.js';
import { CRM_TABLE, LEADS_TABLE } from '../../schemas/tables.js';
import { UsageError } from '../options.js';
import { deployedTableEnv, RuntimeError } from '../runtime.js';
import { isoBound, printList, printRecord, recordCli, who } from './record-cli.js';

const leadsCli = recordCli<LeadRuntimeDeps>({
  noun: 'lead',
  idSchema: LeadIdSchema,
  idExample: 'L20261123-0001',
  depsFromEnv: leadDepsFromEnv,
  awsEnv: async (stackPrefix) => (await deployedTableEnv(stackPrefix, [CRM_TABLE, LEADS_TABLE])).env,
  refusals: [LeadNotFoundError, LeadConflictError, LeadRuleError],
});

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

const print = (l: Lead, json: boolean | undefined): void =>
  printRecord(l, json, [
    ['lead', l.leadId],
    ['status', l.status],
    ['source', `${l.source}${l.sourceDetail ? ` (${l.sourceDetail})` : ''}`],
    ['client', `${l.client}   interest ${l.interest}`],
    ['call back', l.consent ? 'yes' : 'no'],
    [
      'caller',
      `${l.phone ?? '-'}   customer ${l.customerId ?? '-'}${l.name ? ` ${l.name}` : ''}   contact ${l.contactId ?? '-'}`,
    ],
    ['created', l.createdAt],
  ]);

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
        await leadsCli.run(cmd, async (deps) => {
          const tz = deps.settings.timeZone;
          const found = await listLeads(deps, {
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.source ? { source: opts.source } : {}),
            ...(opts.from ? { from: isoBound(opts.from, tz, '--from') } : {}),
            ...(opts.to ? { to: isoBound(opts.to, tz, '--to') } : {}),
          });
          printList(found, opts.json, line, 'no leads');
        });
      },
    );

  leadsCli.addShow(leads, (deps, id) => deps.leads.get(id), print);

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
      await leadsCli.run(cmd, async (deps) => {
        const keys = deps.settings.productLines.map((p) => p.key);
        if (!keys.includes(String(opts.interest)))
          throw new UsageError(`--interest must be one of ${keys.join(', ')}`);
        if (opts.customer && !(await deps.crm.getCustomer(String(opts.customer))))
          throw new RuntimeError(`no customer "${String(opts.customer)}"`);
        const r = await leadsCli.refuse(() =>
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

  leadsCli.addChange<{ to?: LeadStatus; note?: string }>(
    leads,
    'advance',
    'next step of the lifecycle: new → contacted → qualified → won (or --to lost)',
    (c) =>
      c
        .addOption(
          new Option('--to <status>', 'the new status').choices(['contacted', 'qualified', 'won', 'lost']),
        )
        .option('--note <text>', 'a note for the history'),
    async (deps, leadId, opts) => {
      const l = await leadsCli.refuse(() =>
        changeLead(deps, {
          leadId,
          by: opts.by,
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.note ? { note: opts.note } : {}),
        }),
      );
      console.log(`updated ${line(l)}`);
    },
  );

  leads
    .command('to-call')
    .description('the dialling list: new leads that agreed to a call back and left a number, oldest first')
    .option('--limit <n>', 'at most this many', '100')
    .option('--interest <key>', 'one product line')
    .option('--json', 'JSON lines')
    .action(async (opts: { limit: string; interest?: string; json?: boolean }, cmd: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new UsageError('--limit must be a whole number from 1 to 100000');
      await leadsCli.run(cmd, async (deps) => {
        const found = await leadsToCall(deps, {
          limit,
          ...(opts.interest ? { interest: opts.interest } : {}),
        });
        printList(found, opts.json, line, 'no leads to call');
      });
    });
}
