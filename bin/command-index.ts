/**
 * The `hotline` commands, and where each one's code is. `hotline.ts` loads only the module of the
 * command being run (so `hotline --help` and `hotline crm show` do not load DuckDB, the call
 * interpreter or the SDK clients other commands use); the others are listed by name and
 * description alone. A test checks these descriptions against the ones each module registers.
 */
import type { Command } from 'commander';

export interface CommandModule {
  /** Top-level command names the module registers. */
  readonly names: readonly string[];
  /** Their descriptions, as shown by `hotline --help`. */
  readonly descriptions: Readonly<Record<string, string>>;
  /** Register the module's commands on the program (loads the module). */
  readonly load: () => Promise<(program: Command) => void>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    names: ['crm'],
    descriptions: { crm: 'customers, VIPs and the blacklist (CRM)' },
    load: async () => (await import('./commands/crm.js')).registerCrmCommands,
  },
  {
    names: ['call'],
    descriptions: {
      call: "simulate one call (offline): through the profile's flows with the real handlers on the local data, or through flows exported from the Amazon Connect console (--flow)",
    },
    load: async () => (await import('./commands/call.js')).registerCallCommand,
  },
  {
    names: ['tickets'],
    descriptions: { tickets: 'tickets (work orders): create, list, show, update, overdue' },
    load: async () => (await import('./commands/tickets.js')).registerTicketCommands,
  },
  {
    names: ['sms'],
    descriptions: { sms: 'SMS message centre: send, outbox, opt-out' },
    load: async () => (await import('./commands/sms.js')).registerSmsCommands,
  },
  {
    names: ['calls'],
    descriptions: { calls: 'call records: history per number, one call in full' },
    load: async () => (await import('./commands/calls.js')).registerCallsCommands,
  },
  {
    names: ['survey'],
    descriptions: { survey: 'post-call survey results' },
    load: async () => (await import('./commands/survey.js')).registerSurveyCommands,
  },
  {
    names: ['export', 'report'],
    descriptions: {
      export:
        'write the analytics datasets (contacts, tickets, surveys, evaluations, campaign attempts, bookings, leads, pickups, orders, order_supply, order_positions) as Parquet partitioned by day',
      report: 'run the named analytics queries over the exported datasets (DuckDB) and write an HTML report',
    },
    load: async () => (await import('./commands/analytics.js')).registerAnalyticsCommands,
  },
  {
    names: ['validate'],
    descriptions: {
      validate: 'check Amazon Connect flow or module files as Connect would (exit 1 when any has an error)',
    },
    load: async () => (await import('./commands/validate.js')).registerValidateCommand,
  },
  {
    names: ['test'],
    descriptions: {
      test: 'run scenario files (YAML/JSON) against Connect flows or a profile, offline: report, coverage, JUnit XML',
    },
    load: async () => (await import('./commands/test.js')).registerTestCommand,
  },
  {
    names: ['kb'],
    descriptions: { kb: 'knowledge base: import, list and search articles' },
    load: async () => (await import('./commands/kb.js')).registerKnowledgeCommands,
  },
  {
    names: ['orders'],
    descriptions: {
      orders: 'order centre: catalogue, supply and limits, orders and their lifecycle, shortfall',
    },
    load: async () => (await import('./commands/orders.js')).registerOrderCommands,
  },
  {
    names: ['pickups'],
    descriptions: {
      pickups: 'pickup booking and dispatch (carrier): slots, book, list, show, advance, cancel, overdue',
    },
    load: async () => (await import('./commands/pickups.js')).registerPickupCommands,
  },
  {
    names: ['campaigns'],
    descriptions: {
      campaigns:
        'outbound campaigns: create (dialling list), list, show, pause, resume, record, results, run (local dialler)',
    },
    load: async () => (await import('./commands/campaigns.js')).registerCampaignCommands,
  },
  {
    names: ['shipments'],
    descriptions: {
      shipments: 'shipment tracking (carrier): import status events, record one event, show a waybill',
    },
    load: async () => (await import('./commands/shipments.js')).registerShipmentCommands,
  },
  {
    names: ['bookings'],
    descriptions: {
      bookings:
        'repair and maintenance bookings (dealer): slots, book, list, show, move, cancel, advance, reminders',
    },
    load: async () => (await import('./commands/bookings.js')).registerBookingCommands,
  },
  {
    names: ['leads'],
    descriptions: {
      leads: 'sales leads (outsourcer): list, show, add, advance, to-call (the dialling list)',
    },
    load: async () => (await import('./commands/leads.js')).registerLeadCommands,
  },
  {
    names: ['wallboard'],
    descriptions: {
      wallboard:
        'live wallboard: queues (waiting, longest wait, agents, service level and abandonment today) and agents (state, time in state); breaches notify the supervisors once',
    },
    load: async () => (await import('./commands/wallboard.js')).registerWallboardCommand,
  },
  {
    names: ['qa'],
    descriptions: {
      qa: 'quality assurance: scorecard, calls to review, transcript checks, scoring, the agent’s evaluations',
    },
    load: async () => (await import('./commands/qa.js')).registerQaCommands,
  },
  {
    names: ['db'],
    descriptions: { db: 'the local DynamoDB Local kept running between commands: status, stop' },
    load: async () => (await import('./commands/db.js')).registerDbCommands,
  },
];

/** Global options that take a value (`--home DIR`), so the scan below skips the value. */
const VALUE_OPTIONS = new Set(['--profile', '--region', '--home', '--stack-prefix']);

/**
 * The top-level command the arguments name (`hotline --home x crm show …` → `crm`;
 * `hotline help crm` → `crm`), or undefined (`hotline --help`).
 */
export function commandNamed(args: readonly string[]): string | undefined {
  let helpAsked = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (arg.startsWith('-')) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    if (arg === 'help' && !helpAsked) {
      helpAsked = true;
      continue;
    }
    return arg;
  }
  return undefined;
}

/**
 * Register every command on `program`: the module of the command `args` names in full, the
 * others as a name and description (enough for `--help` and for commander's suggestions).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const named = commandNamed(args);
  for (const mod of COMMAND_MODULES) {
    if (named !== undefined && mod.names.includes(named)) {
      (await mod.load())(program);
      continue;
    }
    for (const name of mod.names) program.command(name).description(mod.descriptions[name] ?? '');
  }
}

/** Every module registered in full (for tests that compare the index with the modules). */
export async function registerAllCommands(program: Command): Promise<void> {
  for (const mod of COMMAND_MODULES) (await mod.load())(program);
}
