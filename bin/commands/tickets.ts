/**
 * `hotline tickets …` (F7): create, list, show, update and list overdue tickets. Thin: parse arguments, run a
 * use case, print. Local by default; `--aws` for the deployed stack.
 */
import { type Command, Option } from 'commander';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { parseTimeInput } from '../../functions/core/date-input.js';
import { TicketRuleError } from '../../functions/core/tickets.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { escalateTickets } from '../../functions/use-cases/tickets/escalate-tickets.js';
import { updateTicket } from '../../functions/use-cases/tickets/manage-tickets.js';
import { PRIORITIES, TICKET_STATUSES, type Ticket, TicketIdSchema } from '../../schemas/ticket.js';
import { globalOptions, UsageError } from '../options.js';
import { withTickets } from '../ticket-runtime.js';

const who = (by?: string) => by ?? `cli:${process.env.USER || 'operator'}`;

function parseAt(at: string | undefined, timeZone: string): Date {
  return at === undefined ? new Date() : parseTimeInput(at, { label: '--at', timeZone });
}

function checkId(id: string): string {
  const parsed = TicketIdSchema.safeParse(id.toUpperCase());
  if (!parsed.success) throw new UsageError(`"${id}" is not a ticket id such as T20261123-0042`);
  return parsed.data;
}

const line = (t: Ticket) =>
  [
    t.ticketId,
    t.status.padEnd(11),
    t.priority.padEnd(6),
    t.category.padEnd(20),
    `due ${t.dueAt}`,
    t.customerId ?? t.phone ?? '',
  ]
    .join('  ')
    .trimEnd();

function print(t: Ticket, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(t, null, 2));
    return;
  }
  console.log(`ticket     ${t.ticketId}`);
  console.log(`category   ${t.category} → department ${t.department}, priority ${t.priority}`);
  console.log(`status     ${t.status}${t.assignee ? ` (assignee ${t.assignee})` : ''}`);
  console.log(`customer   ${t.customerId ?? '-'}   number ${t.phone ?? '-'}   contact ${t.contactId ?? '-'}`);
  console.log(`created    ${t.createdAt} (${t.source})`);
  console.log(`due        ${t.dueAt}   reminder ${t.remindAt}   escalation level ${t.escalationLevel}`);
  if (t.description) console.log(`details    ${t.description}`);
  if (t.voicemail)
    console.log(
      `voicemail  ${t.voicemail.status}${t.voicemail.queue ? ` (left for ${t.voicemail.queue})` : ''}${t.voicemail.audio ? `   audio ${t.voicemail.audio}` : ''}`,
    );
  if (t.returnVisit)
    console.log(
      `return     ${t.returnVisit.status}${t.returnVisit.result ? `: ${t.returnVisit.result}` : ''}`,
    );
  console.log('history');
  for (const h of t.history)
    console.log(
      `  ${h.at}  ${h.by.padEnd(14)} ${h.action}${h.from ? ` ${h.from} →` : ''}${h.to ? ` ${h.to}` : ''}${h.note ? ` (${h.note})` : ''}`,
    );
}

export function registerTicketCommands(program: Command): void {
  const tickets = program
    .command('tickets')
    .description('tickets (work orders): create, list, show, update, overdue');

  tickets
    .command('create')
    .description("create a ticket; department, priority and deadline come from the profile's rules")
    .requiredOption('--category <key>', 'ticket category (see `hotline tickets categories`)')
    .option('--number <phone>', "the customer's number (any format): links the customer and confirms by SMS")
    .option('--customer <id>', 'customer id')
    .option('--description <text>', 'what it is about')
    .addOption(new Option('--priority <p>', 'override the category priority').choices(PRIORITIES))
    .option('--no-sms', 'do not send the SMS confirmation')
    .option('--by <who>', 'agent or operator id (default cli:$USER)')
    .option('--json', 'print the ticket as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const g = globalOptions(cmd);
      const categories = ticketingOf(g.profile.id).tickets.categories.map((c) => c.key);
      if (!categories.includes(String(opts.category)))
        throw new UsageError(`--category must be one of ${categories.join(', ')} for ${g.profile.id}`);
      await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
        const r = await createTicket(deps, {
          category: String(opts.category),
          source: opts.by ? 'agent' : 'cli',
          createdBy: who(opts.by as string | undefined),
          ...(opts.number ? { phone: String(opts.number) } : {}),
          ...(opts.customer ? { customerId: String(opts.customer) } : {}),
          ...(opts.description ? { description: String(opts.description) } : {}),
          ...(opts.priority ? { priority: opts.priority as (typeof PRIORITIES)[number] } : {}),
          confirmBySms: opts.sms !== false,
        });
        if (opts.json) console.log(JSON.stringify(r, null, 2));
        else {
          console.log(`created ${line(r.ticket)}`);
          if (r.sms)
            console.log(`sms: ${r.sms.status}${'error' in r.sms && r.sms.error ? ` (${r.sms.error})` : ''}`);
        }
      });
    });

  tickets
    .command('categories')
    .description("the profile's ticket categories, departments and SLA hours")
    .action((_opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const { tickets: t } = ticketingOf(g.profile.id);
      for (const c of t.categories) {
        const sla = c.slaHours?.[c.priority] ?? t.slaHours[c.priority];
        console.log(
          `${c.key.padEnd(20)} ${c.department.padEnd(20)} ${c.priority.padEnd(7)} ${sla} business hours  ${c.label['en-US']}`,
        );
      }
    });

  tickets
    .command('list')
    .description("recent tickets, or a customer's tickets")
    .option('--customer <id>', "a customer's tickets")
    .addOption(new Option('--status <s>', 'only this status').choices(TICKET_STATUSES))
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'JSON lines')
    .action(
      async (opts: { customer?: string; status?: string; limit: string; json?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new UsageError(`--limit "${opts.limit}" must be a whole number from 1 to 1000`);
        await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
          const found = opts.customer
            ? await deps.tickets.listByCustomer(opts.customer, limit)
            : await deps.tickets.listRecent(limit);
          const shown = found.filter((t) => !opts.status || t.status === opts.status);
          for (const t of shown) console.log(opts.json ? JSON.stringify(t) : line(t));
          if (!opts.json && shown.length === 0) console.log('no tickets');
        });
      },
    );

  tickets
    .command('show')
    .description('a ticket with its history')
    .argument('<id>', 'ticket id, e.g. T20261123-0042')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const ticketId = checkId(id);
      await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
        const t = await deps.tickets.get(ticketId);
        if (!t) throw new TicketRuleError(`no ticket ${ticketId}`);
        print(t, opts.json);
      });
    });

  tickets
    .command('update')
    .description('change status (assign, start, resolve, close, reopen), add a note, record a return visit')
    .argument('<id>', 'ticket id')
    .addOption(new Option('--status <s>', 'new status (in_progress reopens)').choices(TICKET_STATUSES))
    .option('--assignee <agent>', 'assign to an agent')
    .option('--note <text>', 'a note for the history')
    .addOption(
      new Option('--return-visit <result>', 'result of the return visit').choices([
        'satisfied',
        'unsatisfied',
        'unreachable',
      ]),
    )
    .option('--by <who>', 'agent or operator id (default cli:$USER)')
    .action(
      async (
        id: string,
        opts: { status?: string; assignee?: string; note?: string; returnVisit?: string; by?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const ticketId = checkId(id);
        await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
          const t = await updateTicket(
            { ...deps, ...(g.agentIds ? { agentIds: g.agentIds } : {}) },
            ticketId,
            {
              by: who(opts.by),
              ...(opts.status ? { status: opts.status as Ticket['status'] } : {}),
              ...(opts.assignee ? { assignee: opts.assignee } : {}),
              ...(opts.note ? { note: opts.note } : {}),
              ...(opts.returnVisit ? { returnVisit: opts.returnVisit as 'satisfied' } : {}),
            },
          );
          console.log(`updated ${line(t)}`);
          if (t.returnVisit?.status === 'pending')
            console.log('return visit: pending (record it with --return-visit)');
        });
      },
    );

  tickets
    .command('overdue')
    .description('open tickets past their deadline (or due before --at); --escalate runs the escalation now')
    .option('--at <time>', 'as of this time (default now), e.g. 2026-11-25T10:00:00+08:00')
    .option('--escalate', 'also escalate them now, as the 5-minute schedule does')
    .option('--json', 'JSON lines')
    .action(async (opts: { at?: string; escalate?: boolean; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const at = parseAt(opts.at, g.timeZone);
      await withTickets(
        g.location,
        g.profile,
        g.region,
        async ({ deps }) => {
          const late = await deps.tickets.listDue(at, 500);
          for (const t of late) console.log(opts.json ? JSON.stringify(t) : line(t));
          if (!opts.json)
            console.log(late.length ? `${late.length} overdue at ${at.toISOString()}` : 'no overdue tickets');
          if (opts.escalate) {
            const s = await escalateTickets(deps);
            console.log(
              `escalated ${s.escalated.map((e) => `${e.ticketId} (level ${e.level})`).join(', ') || 'none'}; skipped ${s.skipped}; failed ${s.failed.length}`,
            );
          }
        },
        { now: () => at },
      );
    });
}
