/**
 * `hotline campaigns …` (issue 13): outbound campaigns on the local data. create (the dialling list loaded from
 * its source), list, show, pause, resume, results, and run (the local dialler over a simulated stretch of time:
 * the offline interpreter, the local agents and the seeded answer model). Thin: parse, run a use case, print.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import {
  campaignPreset,
  DEFAULT_PACING,
  DEFAULT_RETRY,
  defaultWindow,
} from '../../contact-flows/profiles/campaigns.js';
import { SimulatedClock } from '../../contact-flows/runtime/time.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { localParts, zonedTime } from '../../functions/core/business-time.js';
import type { ScriptedAnswers } from '../../functions/core/campaigns/answer-model.js';
import { parseTimeInput } from '../../functions/core/date-input.js';
import type { Recorded } from '../../functions/use-cases/campaigns/dial.js';
import {
  type CampaignResults,
  campaignResults,
  createCampaign,
  setCampaignStatus,
} from '../../functions/use-cases/campaigns/manage-campaigns.js';
import { runCampaign } from '../../functions/use-cases/campaigns/run-campaign.js';
import { openLocalDialler } from '../../infra/local/campaign-dialler.js';
import {
  type CampaignRuntime,
  campaignRuntimeOn,
  openCampaignRuntime,
} from '../../infra/local/campaign-runtime.js';
import { closeDocumentClient } from '../../infra/local/local-data.js';
import {
  CAMPAIGN_PURPOSES,
  type CallingWindow,
  type Campaign,
  type CampaignMode,
  CampaignNameSchema,
  type CampaignPurpose,
  type ListSource,
  RETRYABLE_RESULTS,
  type RetryableResult,
  type RetryRule,
} from '../../schemas/campaigns.js';
import { CRM_TABLE, TABLES } from '../../schemas/tables.js';
import { type GlobalOptions, globalOptions, UsageError } from '../options.js';
import { deployedTableEnv, RuntimeError } from '../runtime.js';

const who = () => `cli:${process.env.USER || 'operator'}`;

async function withCampaigns<T>(
  g: GlobalOptions,
  now: () => Date,
  fn: (rt: CampaignRuntime) => Promise<T>,
): Promise<T> {
  const rt = g.location.aws
    ? await deployedCampaignRuntime(g, now)
    : await openCampaignRuntime({ home: g.location.home, profile: g.profile, region: g.region, now });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/**
 * `--aws`: the same use cases on the deployed tables (the data stack's outputs). The deployed dialler
 * (functions/campaign-dialler) then calls the campaign's list by itself, every minute inside its window.
 */
async function deployedCampaignRuntime(g: GlobalOptions, now: () => Date): Promise<CampaignRuntime> {
  const { env } = await deployedTableEnv(g.location.stackPrefix, TABLES);
  const doc = createDocumentClient({ requestTimeoutMs: 10_000 });
  const crm = new DynamoCrmRepository(doc, env[CRM_TABLE.envVar] as string);
  return campaignRuntimeOn(
    {
      home: g.location.home,
      endpoint: '',
      tableEnv: env,
      doc,
      crm,
      close: async () => closeDocumentClient(doc),
    },
    { profile: g.profile, region: g.region, now, env },
  );
}

function nameOf(raw: string): string {
  const r = CampaignNameSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`campaign name "${raw.slice(0, 60)}": ${r.error.issues[0]?.message}`);
  return r.data;
}

function intOption(value: string | undefined, label: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${label} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

/** `09:00-20:00` and `1-5` / `1,3,5` into a calling window over the profile's default. */
function windowOf(base: CallingWindow, hours?: string, days?: string): CallingWindow {
  if (!hours && !days) return base;
  let start = '09:00';
  let end = '20:00';
  if (hours) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(hours);
    if (!m || `${m[3]}:${m[4]}` <= `${m[1]}:${m[2]}`)
      throw new UsageError(
        `--window "${hours}": give HH:MM-HH:MM, the end after the start (e.g. 09:00-20:00)`,
      );
    start = `${m[1]}:${m[2]}`;
    end = `${m[3]}:${m[4]}`;
  } else {
    const first = Object.values(base.days)[0];
    if (first) ({ start, end } = first);
  }
  let list = Object.keys(base.days).map(Number);
  if (days) {
    const range = /^([1-7])-([1-7])$/.exec(days);
    list = range
      ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
      : days.split(',').map((d) => Number(d));
    if (list.length === 0 || list.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      throw new UsageError(`--days "${days}": ISO weekdays 1 (Monday) to 7 (Sunday), as 1-5 or 1,3,5`);
  }
  return {
    ...base,
    days: Object.fromEntries(list.map((d) => [String(d), { start, end }])) as CallingWindow['days'],
  };
}

/** `no-answer=60x3` → the no-answer rule: retry after 60 minutes, at most 3 attempts. */
function retryOf(specs: readonly string[]): Partial<Record<RetryableResult, RetryRule>> {
  const rules: Partial<Record<RetryableResult, RetryRule>> = { ...DEFAULT_RETRY };
  for (const spec of specs) {
    const m = /^([a-z-]+)=(\d+)x(\d+)$/.exec(spec);
    if (!m || !RETRYABLE_RESULTS.includes(m[1] as RetryableResult))
      throw new UsageError(
        `--retry "${spec}": give RESULT=MINUTESxATTEMPTS, RESULT one of ${RETRYABLE_RESULTS.join(', ')} (e.g. no-answer=60x3)`,
      );
    rules[m[1] as RetryableResult] = { afterMinutes: Number(m[2]), maxAttempts: Number(m[3]) };
  }
  return rules;
}

interface CreateOpts {
  purpose: CampaignPurpose;
  mode?: CampaignMode;
  source?: string;
  file?: string;
  category?: string;
  period?: string;
  tier?: string;
  vip?: boolean;
  branch?: string;
  day?: string;
  interest?: string;
  queue?: string;
  window?: string;
  days?: string;
  maxAttempts?: string;
  retry: string[];
  linesPerAgent?: string;
  callsPerMinute?: string;
  script?: string;
  at?: string;
  json?: boolean;
}

function sourceOf(o: CreateOpts, fallback: ListSource): ListSource {
  const kind = o.source ?? (o.file ? 'csv' : fallback.kind);
  switch (kind) {
    case 'csv':
      if (!o.file) throw new UsageError('--source csv needs --file FILE.csv');
      return { kind: 'csv', file: o.file };
    case 'tickets':
      return { kind: 'tickets', ...(o.category ? { category: o.category } : {}) };
    case 'shortfall':
      return { kind: 'shortfall', ...(o.period ? { period: o.period } : {}) };
    case 'segment':
      return {
        kind: 'segment',
        ...(o.tier ? { tier: o.tier } : {}),
        ...(o.vip ? { vip: true } : {}),
        ...(o.branch ? { branch: o.branch } : {}),
      };
    case 'pickups':
      if (!o.day || !/^\d{4}-\d{2}-\d{2}$/.test(o.day))
        throw new UsageError('--source pickups needs --day YYYY-MM-DD (the day of the pickups)');
      return { kind: 'pickups', day: o.day };
    case 'leads':
      if (o.interest && !/^[a-z][a-z0-9-]{0,31}$/.test(o.interest))
        throw new UsageError(`--interest "${o.interest}": a product line key such as mobile`);
      return { kind: 'leads', ...(o.interest ? { interest: o.interest } : {}) };
    default:
      throw new UsageError(`--source "${kind}": one of csv, tickets, shortfall, segment, pickups, leads`);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printCampaign(c: Campaign): void {
  const days = Object.entries(c.window.days)
    .map(([d, w]) => `${d} ${w?.start}-${w?.end}`)
    .join(', ');
  const retry = Object.entries(c.retry)
    .map(([r, rule]) => `${r} after ${rule?.afterMinutes} min (≤ ${rule?.maxAttempts})`)
    .join('; ');
  console.log(`campaign   ${c.name} (${c.status})`);
  console.log(
    `purpose    ${c.purpose}, ${c.mode === 'agent' ? `agent-assisted, queue ${c.queue}` : 'agentless (IVR)'}`,
  );
  console.log(
    `list       ${c.loaded} contacts from ${JSON.stringify(c.source)}${c.skipped ? `, ${c.skipped} left out` : ''}`,
  );
  console.log(`window     ${days} (${c.window.timeZone}), ${c.window.holidays.length} holidays`);
  console.log(`attempts   at most ${c.maxAttempts}; ${retry}`);
  console.log(
    `pacing     ${c.pacing.kind === 'progressive' ? `progressive, ${c.pacing.linesPerAgent} line(s) per available agent` : `${c.pacing.callsPerMinute} calls per minute`}`,
  );
  console.log(`dispositions ${c.dispositions.map((d) => `${d.key}${d.success ? '*' : ''}`).join(', ')}`);
  if (c.keys)
    console.log(
      `keys       ${Object.entries(c.keys)
        .map(([k, d]) => `${k}=${d}`)
        .join(', ')}`,
    );
  console.log(`script     ${c.script}`);
}

function printResults(r: CampaignResults, withAttempts: boolean): void {
  const s = r.summary;
  console.log(
    `${r.campaign.name} (${r.campaign.status}): ${s.contacts} contacts: ${s.done} done, ${s.failed} unreachable, ${s.dnc} do-not-call, ${s.pending} pending`,
  );
  console.log(`attempts ${s.attempts}; contact rate ${pct(s.contactRate)}; conversion ${pct(s.conversion)}`);
  console.log(
    `results      ${
      Object.entries(s.byResult)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  console.log(
    `dispositions ${
      Object.entries(s.byDisposition)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  console.log('');
  for (const e of r.entries) {
    console.log(
      [
        e.entryId,
        e.phone.padEnd(15),
        (e.name ?? '').padEnd(6),
        e.status.padEnd(7),
        `${e.attempts} att.`,
        (e.disposition ?? e.lastResult ?? '').padEnd(14),
        e.nextAt && e.status === 'pending'
          ? `next ${localShort(new Date(e.nextAt), r.campaign.window.timeZone)}`
          : (e.effect ?? ''),
      ].join('  '),
    );
    if (withAttempts)
      for (const a of r.attempts.filter((x) => x.entryId === e.entryId))
        console.log(
          `      #${a.n} ${localShort(new Date(a.at), r.campaign.window.timeZone)} ${a.result}${a.reason ? ` (${a.reason})` : ''}${a.agentId ? ` ${a.agentId}` : ''}${a.keys !== undefined ? ` keys "${a.keys}"` : ''}${a.disposition ? ` → ${a.disposition}` : ''}${a.effect ? `: ${a.effect}` : ''}`,
        );
  }
}

function timeOf(text: string | undefined, label: string, g: GlobalOptions, fallback: Date): Date {
  return text === undefined ? fallback : parseTimeInput(text, { label, timeZone: g.timeZone });
}

/** Midnight after `at`, local. */
function endOfLocalDay(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  return zonedTime(timeZone, p.year, p.month, p.day, 24 * 60);
}

function readAnswers(file: string): ScriptedAnswers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw err;
    throw new UsageError(`--answers ${file}: not JSON (${(err as Error).message})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Object.values(parsed).some((v) => !Array.isArray(v) || v.some((x) => typeof x !== 'string'))
  )
    throw new UsageError(
      `--answers ${file}: give {"+8613800138000": ["no-answer", "answered:satisfied"], …} (per number, per attempt)`,
    );
  return parsed as ScriptedAnswers;
}

/** `12-01 09:04`: an instant as the profile's local month-day and time. */
function localShort(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function describeAttempt(
  rec: Recorded,
  timeZone: string,
  note?: { screenPop?: Readonly<Record<string, string>> },
): string {
  const a = rec.attempt;
  const next =
    rec.decision.kind === 'retry' ? `; retry from ${localShort(rec.decision.nextAt, timeZone)}` : '';
  const pop = note?.screenPop?.displayName ? ` [screen pop: ${note.screenPop.displayName}]` : '';
  const what =
    a.result === 'dnc'
      ? `skipped: do-not-call (${a.reason})`
      : `${a.result}${a.agentId ? ` → ${a.agentId}${pop}` : ''}${a.keys !== undefined ? ` keys "${a.keys}"` : ''}${a.disposition ? `: ${a.disposition}` : ''}`;
  return `${localShort(new Date(a.at), timeZone)}  ${a.entryId} ${a.phone}  #${a.n} ${what}${next}${a.effect ? `  ⇒ ${a.effect}` : ''}`;
}

export function registerCampaignCommands(program: Command): void {
  const campaigns = program
    .command('campaigns')
    .description(
      'outbound campaigns: create (dialling list), list, show, pause, resume, record, results, run (local dialler)',
    );

  campaigns
    .command('create <name>')
    .description("create a campaign with the profile's defaults for its purpose, and load its dialling list")
    .addOption(
      new Option('--purpose <purpose>', 'what the campaign is for')
        .choices(CAMPAIGN_PURPOSES)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--mode <mode>', 'agent-assisted or agentless (IVR)').choices(['agent', 'agentless']),
    )
    .option('--source <kind>', 'csv, tickets, shortfall, segment, pickups, leads (default: the purpose’s)')
    .option('--file <file>', 'CSV dialling list: phone[,customerId,name,language,ref]')
    .option('--category <key>', 'tickets: only this category (default: every category with return visits)')
    .option('--period <period>', 'shortfall: the order period (default: the current one)')
    .option('--tier <tier>', 'segment: customers of this tier')
    .option('--vip', 'segment: VIP customers only')
    .option('--branch <branch>', 'segment: customers of this branch')
    .option('--day <date>', 'pickups: the pickups of this local day (YYYY-MM-DD)')
    .option('--interest <key>', 'leads: only leads interested in this product line (see `hotline leads`)')
    .option(
      '--queue <key>',
      "agent campaigns: the queue whose agents take the calls (default: the profile's)",
    )
    .option('--window <HH:MM-HH:MM>', 'calling hours, in the profile’s time zone (default 09:00-20:00)')
    .option('--days <days>', 'calling days, ISO weekdays: 1-5 or 1,3,5 (default: the profile’s working days)')
    .option('--max-attempts <n>', 'attempts per contact at most (default 3)')
    .option(
      '--retry <rule>',
      'retry rule RESULT=MINUTESxATTEMPTS, e.g. no-answer=60x3 (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--lines-per-agent <n>', 'progressive pacing: lines per available agent (default 1)')
    .option('--calls-per-minute <n>', 'agentless pacing: dials per minute at most (default 10)')
    .option('--script <text>', "what the agent reads / the IVR says (default: the profile's for the purpose)")
    .option('--at <time>', 'creation time (default now; a shortfall period is the one of this time)')
    .option('--json', 'print the campaign and its list as JSON')
    .addHelpText(
      'after',
      `
Examples:
  hotline campaigns create complaints-nov --purpose return-visit            # resolved complaints awaiting a return visit
  hotline --profile logistics campaigns create pickup-reminders --purpose reminder --source pickups --day 2026-12-01
  hotline --profile distribution campaigns create top-up --purpose ordering  # retailers below their lower limit
  hotline --profile outsourced-crm campaigns create new-leads --purpose telesales   # leads not yet contacted
  hotline --profile outsourced-crm campaigns create gold-offer --purpose telesales --source segment --tier gold
  hotline campaigns create survey-list --purpose return-visit --mode agentless --file list.csv`,
    )
    .action(async (rawName: string, o: CreateOpts, cmd: Command) => {
      const g = globalOptions(cmd);
      const name = nameOf(rawName);
      const at = timeOf(o.at, '--at', g, new Date());
      let preset: ReturnType<typeof campaignPreset>;
      try {
        preset = campaignPreset(g.profile.id, o.purpose, o.mode);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const maxAttempts = intOption(o.maxAttempts, '--max-attempts', 1, 20) ?? 3;
      const linesPerAgent = intOption(o.linesPerAgent, '--lines-per-agent', 1, 3);
      const callsPerMinute = intOption(o.callsPerMinute, '--calls-per-minute', 1, 600);
      if (preset.mode === 'agent' && callsPerMinute !== undefined)
        throw new UsageError(
          '--calls-per-minute paces agentless campaigns; agent campaigns take --lines-per-agent',
        );
      if (preset.mode === 'agentless' && linesPerAgent !== undefined)
        throw new UsageError(
          '--lines-per-agent paces agent campaigns; agentless ones take --calls-per-minute',
        );
      const queue = o.queue ?? preset.queue;
      if (preset.mode === 'agent' && queue && !g.profile.queues.some((q) => q.key === queue))
        throw new UsageError(
          `--queue "${queue}": the ${g.profile.id} profile has ${g.profile.queues.map((q) => q.key).join(', ')}`,
        );
      const definition = {
        name,
        profile: g.profile.id,
        purpose: o.purpose,
        mode: preset.mode,
        source: sourceOf(o, preset.source),
        ...(preset.mode === 'agent' && queue ? { queue } : {}),
        window: windowOf(defaultWindow(g.profile.id), o.window, o.days),
        retry: retryOf(o.retry),
        maxAttempts,
        pacing:
          preset.mode === 'agent'
            ? { kind: 'progressive' as const, linesPerAgent: linesPerAgent ?? 1 }
            : callsPerMinute
              ? { kind: 'rate' as const, callsPerMinute }
              : DEFAULT_PACING.agentless,
        dispositions: [...preset.dispositions],
        script: o.script ?? preset.script,
        ...(preset.keys ? { keys: { ...preset.keys } } : {}),
        createdBy: who(),
      };
      await withCampaigns(
        g,
        () => at,
        async (rt) => {
          const created = await createCampaign(
            {
              campaigns: rt.campaigns,
              phoneRegion: rt.phoneRegion,
              defaultLanguage: g.profile.defaultLanguage,
              now: () => at,
            },
            definition,
            rt.sourceOf(definition.source),
          );
          if (o.json) {
            console.log(JSON.stringify(created, null, 2));
            return;
          }
          console.log(
            `created campaign ${name}: ${created.entries.length} contacts from ${rt.sourceOf(definition.source).description}` +
              (created.skipped.length
                ? `; left out ${created.skipped.length}: ${created.skipped.slice(0, 5).join('; ')}`
                : ''),
          );
          for (const e of created.entries.slice(0, 20))
            console.log(
              `  ${e.entryId}  ${e.phone}  ${e.name ?? ''}  ${e.ref.kind === 'none' ? '' : JSON.stringify(e.ref)}`,
            );
          if (created.entries.length > 20)
            console.log(`  … ${created.entries.length - 20} more (hotline campaigns show ${name})`);
        },
      );
    });

  campaigns
    .command('list')
    .description('every campaign, with its status and progress')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withCampaigns(
        g,
        () => new Date(),
        async (rt) => {
          const all = await rt.campaigns.list();
          if (o.json) {
            console.log(JSON.stringify(all, null, 2));
            return;
          }
          if (all.length === 0)
            console.log('no campaigns (create one: hotline campaigns create NAME --purpose …)');
          for (const c of all)
            console.log(
              [
                c.name.padEnd(24),
                c.status.padEnd(9),
                c.purpose.padEnd(12),
                c.mode.padEnd(9),
                `${c.loaded} contacts`,
                c.profile,
              ].join('  '),
            );
        },
      );
    });

  campaigns
    .command('show <name>')
    .description('a campaign: its definition, and its dialling list with where each contact stands')
    .option('--json', 'as JSON')
    .action(async (rawName: string, o: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const name = nameOf(rawName);
      await withCampaigns(
        g,
        () => new Date(),
        async (rt) => {
          const r = await campaignResults({ campaigns: rt.campaigns }, name);
          if (o.json) {
            console.log(JSON.stringify({ campaign: r.campaign, entries: r.entries }, null, 2));
            return;
          }
          printCampaign(r.campaign);
          console.log('');
          printResults(r, false);
        },
      );
    });

  for (const [verb, to] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const)
    campaigns
      .command(`${verb} <name>`)
      .description(
        verb === 'pause'
          ? 'stop dialling a campaign (its list and results are kept)'
          : 'dial a paused campaign again',
      )
      .action(async (rawName: string, _o: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const name = nameOf(rawName);
        await withCampaigns(
          g,
          () => new Date(),
          async (rt) => {
            const c = await setCampaignStatus({ campaigns: rt.campaigns, now: () => new Date() }, name, to);
            console.log(`campaign ${c.name}: ${c.status}`);
          },
        );
      });

  campaigns
    .command('results <name>')
    .description(
      'results: per contact (status, disposition, what it did to its source) and per attempt, with rates',
    )
    .option('--attempts', 'also every attempt')
    .option('--json', 'as JSON (summary, entries, attempts)')
    .action(async (rawName: string, o: { json?: boolean; attempts?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const name = nameOf(rawName);
      await withCampaigns(
        g,
        () => new Date(),
        async (rt) => {
          const r = await campaignResults({ campaigns: rt.campaigns }, name);
          if (o.json) console.log(JSON.stringify(r, null, 2));
          else printResults(r, o.attempts === true);
        },
      );
    });

  campaigns
    .command('record <name> <entry>')
    .description(
      "record an agent's disposition for a contact of the list (the call the agent made): the same rules and feeding as the dialler",
    )
    .requiredOption(
      '--disposition <key>',
      "one of the campaign's dispositions (see `hotline campaigns show`)",
    )
    .option('--agent <id>', 'the agent who called')
    .option('--callback-at <time>', 'call-back: when to call again')
    .option('--at <time>', 'when the call was made (default now)')
    .action(
      async (
        rawName: string,
        entryId: string,
        o: { disposition: string; agent?: string; callbackAt?: string; at?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const name = nameOf(rawName);
        if (!/^\d{4,6}$/.test(entryId))
          throw new UsageError(`entry "${entryId.slice(0, 20)}": give its number, e.g. 0003`);
        const at = timeOf(o.at, '--at', g, new Date());
        const callbackAt = o.callbackAt ? timeOf(o.callbackAt, '--callback-at', g, at) : undefined;
        if (o.agent && g.agentIds && !g.agentIds.includes(o.agent))
          throw new UsageError(`--agent "${o.agent}": the local agents are ${g.agentIds.join(', ')}`);
        await withCampaigns(
          g,
          () => at,
          async (rt) => {
            const { DispositionInputError, recordAgentDisposition } = await import(
              '../../functions/use-cases/campaigns/record-disposition.js'
            );
            const rec = await recordAgentDisposition(
              { campaigns: rt.campaigns, dnc: rt.dnc, feed: rt.feed },
              {
                campaign: name,
                entryId,
                disposition: o.disposition,
                at,
                ...(o.agent ? { agentId: o.agent } : {}),
                ...(callbackAt ? { callbackAt } : {}),
              },
            ).catch((err: unknown) => {
              // The command line named what the campaign does not have: a usage error (exit 2).
              throw err instanceof DispositionInputError ? new UsageError(err.message) : err;
            });
            console.log(describeAttempt(rec, rec.campaign.window.timeZone));
          },
        );
      },
    );

  campaigns
    .command('run <name>')
    .description(
      'run the local dialler over simulated time: the interpreter, the local agents, the seeded answer model (in AWS the deployed dialler runs by itself)',
    )
    .option('--at <time>', 'start of the run (default now), e.g. 2026-12-01T08:00 in the profile’s time zone')
    .option('--until <time>', 'end of the run (default the end of that local day)')
    .option('--seed <n>', 'seed of the answer model (README "the answer model")', '1')
    .option(
      '--answers <file>',
      'scripted answers per number and attempt (JSON), instead of the model for those numbers',
    )
    .option('--quiet', 'print only the summary')
    .addHelpText(
      'after',
      `
Examples:
  hotline campaigns run complaints-nov --at 2026-12-01T08:00 --until 2026-12-02T00:00
  hotline campaigns run complaints-nov --at 2026-12-01T08:00 --answers answers.json
  answers.json: {"+8613800138000": ["no-answer", "answered:satisfied"], "+8613900139000": ["answered:keys=2"]}`,
    )
    .action(
      async (
        rawName: string,
        o: { at?: string; until?: string; seed: string; answers?: string; quiet?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        if (g.location.aws)
          throw new RuntimeError(
            'in AWS the deployed dialler calls every active campaign by itself, each minute of its calling window; `run` simulates locally: leave out --aws (follow a deployed campaign with `campaigns results NAME --aws`)',
          );
        const name = nameOf(rawName);
        const seed = intOption(o.seed, '--seed', 0, 2 ** 31 - 1) as number;
        const from = timeOf(o.at, '--at', g, new Date());
        const until = timeOf(o.until, '--until', g, endOfLocalDay(from, g.timeZone));
        if (until.getTime() <= from.getTime()) throw new UsageError('--until must be after --at');
        if (until.getTime() - from.getTime() > 31 * 86_400_000)
          throw new UsageError('a run covers at most 31 days');
        const scripted = o.answers ? readAnswers(o.answers) : undefined;
        const clock = new SimulatedClock(from);
        await withCampaigns(
          g,
          () => clock.now(),
          async (rt) => {
            const campaign = await rt.campaigns.get(name);
            if (!campaign) {
              const { CampaignRuleError } = await import(
                '../../functions/use-cases/campaigns/manage-campaigns.js'
              );
              throw new CampaignRuleError(`no campaign "${name}"`);
            }
            if (campaign.profile !== g.profile.id)
              throw new UsageError(
                `campaign ${name} belongs to the ${campaign.profile} profile: add --profile ${campaign.profile}`,
              );
            const dialler = openLocalDialler({
              profile: g.profile,
              data: rt.data,
              campaign,
              seed,
              ...(scripted ? { scripted } : {}),
              timeZone: g.timeZone,
              clock,
            });
            const started = Date.now();
            const summary = await runCampaign(
              { campaigns: rt.campaigns, dnc: rt.dnc, feed: rt.feed, dialler },
              name,
              {
                from,
                until,
                onTick: (t) => clock.set(t),
                onAttempt: (rec) => {
                  if (!o.quiet)
                    console.log(
                      describeAttempt(
                        rec,
                        campaign.window.timeZone,
                        rec.attempt.contactId ? dialler.calls.get(rec.attempt.contactId) : undefined,
                      ),
                    );
                },
              },
            );
            console.log(
              `\n${name}: ${localShort(summary.from, campaign.window.timeZone)} → ${localShort(summary.to, campaign.window.timeZone)} (${campaign.window.timeZone}): dialled ${summary.dialled}, answered ${summary.answered}, skipped for do-not-call ${summary.skippedDnc}; ${summary.finished} contacts finished, ${summary.pending} pending${summary.completed ? ' (campaign completed)' : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
            );
          },
        );
      },
    );
}
