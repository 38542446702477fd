/**
 * Scenario tests of a profile's contact flows (test/scenarios): the profile's real flows run by the offline
 * interpreter against the real caller-lookup handler on DynamoDB Local, with the profile's seed customers.
 *
 * One `ScenarioCentre` per test file: one set of tables (seeded once), one CoverageTracker, and every call
 * placed on a fresh contact centre (fresh ACD, clock and contact ids), so a scenario can be replayed and gives
 * the same result (the error sweep relies on it).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  localFlowArn,
  localHoursArn,
  localModuleArn,
  localQueueArn,
} from '../../contact-flows/flows/index.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import type { AgentState } from '../../contact-flows/runtime/acd.js';
import { CoverageTracker } from '../../contact-flows/runtime/coverage.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { createProfileRuntime, type ProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import type { CallOptions } from '../../contact-flows/runtime/runtime.js';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import type { FunctionKey } from '../../functions/registry.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { localHandlers } from '../../infra/local/contact-centre.js';
import { seedFile } from '../../infra/local/seed.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { BlockReason, Customer, RecentContact } from '../../schemas/crm.js';
import type { Profile, ProfileId } from '../../schemas/profile.js';
import { createTestTables, type TestTables } from './dynamo.js';

/** A Monday, 10:00 in Shanghai: every hours of operation of every profile is open. */
export const MONDAY_10 = '2025-03-03T10:00:00+08:00';

/** The flows of a profile and its ticket menu module, by the key the coverage report uses (the survey: survey-scenarios.ts). */
export const FLOW_KEYS = ['inbound', 'customerQueue', 'agentWhisper', 'ticketMenu'] as const;
export type ScenarioFlowKey = (typeof FLOW_KEYS)[number];
const FLOW_LABELS: Record<ScenarioFlowKey, string> = {
  inbound: 'inbound',
  customerQueue: 'customer queue',
  agentWhisper: 'whisper',
  ticketMenu: 'ticket menu',
};
/** The ARN of a flow key in the local contact centre. */
export function scenarioFlowArn(profile: Profile, key: ScenarioFlowKey): string {
  switch (key) {
    case 'inbound':
      return localFlowArn(profile, 'inbound');
    case 'customerQueue':
      return localFlowArn(profile, 'customer-queue');
    case 'agentWhisper':
      return localFlowArn(profile, 'agent-whisper');
    case 'ticketMenu':
      return localModuleArn(profile, 'ticket-menu');
  }
}

/** The CRM data of a scenario file, on top of the profile's seed file. */
export interface ScenarioData {
  /** Saved with the repository after the seed import (e.g. English-speaking callers). */
  readonly customers?: readonly Customer[];
  /** Numbers (E.164) to block. */
  readonly blocks?: readonly { readonly e164: string; readonly reason: BlockReason }[];
  /**
   * Contact history and open tickets on a number's lookup item (E.164), written as contact-record ingestion
   * and the ticket service will (neither exists yet): only those attributes of the item are updated.
   */
  readonly history?: readonly {
    readonly e164: string;
    readonly recentContacts?: readonly RecentContact[];
    readonly openTickets?: number;
  }[];
}

/** One call of a scenario: CallOptions, plus the contact centre's state when the call starts. */
export interface ScenarioCall extends Omit<CallOptions, 'entryFlowArn'> {
  /** Agent states at the start (agents not named are Available). */
  readonly agents?: Readonly<Record<string, AgentState>>;
  /** Replaces in-call handlers (stubs); the others stay the real ones. */
  readonly lambdas?: Partial<Record<FunctionKey, LambdaInvoker>>;
  /** Runtime option: shrinks Lambda time limits (timeouts without waiting seconds). */
  readonly lambdaTimeScale?: number;
  /** Other callers already waiting, per queue key (enqueued at the call's start). */
  readonly waiting?: Readonly<Record<string, number>>;
  /** Changes the contact centre before the call (e.g. closed hours, a queue with a capacity). */
  readonly setup?: (centre: ProfileRuntime, profile: Profile) => void;
}

/** What a scenario gives back: the call's result and readable keys of where it ended. */
export interface ScenarioResult extends CallResult {
  /** Queue key of the outcome's queue (`agent:<id>` for an agent's own queue), if any. */
  readonly queueKey: string | undefined;
  /** Id of the agent who took the call, if any. */
  readonly agentId: string | undefined;
  /**
   * What the caller heard in the post-call survey (the disconnect flow, after the agent hung up). Kept apart:
   * `prompts` is what was heard until then, so scenarios about the call itself need not list the survey.
   */
  readonly surveyPrompts: string[];
}

export interface ScenarioCentre {
  readonly profile: Profile;
  readonly tables: TestTables;
  /** Where the local SMS outbox is written (`sms-outbox.jsonl`). */
  readonly home: string;
  readonly coverage: CoverageTracker;
  /** Every call placed so far, with what it was asked (in order). */
  readonly history: ReadonlyArray<{ readonly call: ScenarioCall; readonly result: ScenarioResult }>;
  /** Places one call to the hotline on a fresh contact centre; records it for coverage. */
  call(call: ScenarioCall): Promise<ScenarioResult>;
  /** The flow ARN of a flow key. */
  flowArn(key: ScenarioFlowKey): string;
}

/** Fresh tables with the profile's seed customers (imported from its CSV) and `data`. */
export async function openScenarioCentre(
  profileId: ProfileId,
  data: ScenarioData = {},
): Promise<ScenarioCentre> {
  const profile = getProfile(profileId);
  const tables = await createTestTables();
  const file = await openCustomerFile(seedFile(profileId));
  const imported = await importCustomers({ crm: tables.crm }, file.rows(), { region: profile.phoneRegion });
  if (imported.rejected > 0 || imported.created === 0) {
    throw new Error(`seed import of ${profileId}: ${JSON.stringify(imported.rejectedRows)}`);
  }
  const now = new Date();
  for (const customer of data.customers ?? []) await tables.crm.saveCustomer(customer, undefined, now);
  for (const block of data.blocks ?? []) {
    await tables.crm.setBlock(block.e164, {
      reason: block.reason,
      blockedBy: 'scenario',
      blockedAt: '2025-01-01T00:00:00Z',
    });
  }
  for (const h of data.history ?? []) await writeHistory(tables, h);

  // The SMS outbox of the ticket functions (issue 5): one directory per scenario file.
  const home = mkdtempSync(join(tmpdir(), `hotline-scenario-${profileId}-`));
  const handlers = localHandlers(profile, { tableEnv: tables.env, endpoint: tables.endpoint, home });
  // The caller lookup reads the last-agent window (issue 12) at the call's time, like the local contact centre.
  let callAt: string | number | Date = MONDAY_10;
  handlers.callerLookup = createCallerLookupHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Scenario' }),
    lookup: lookupDepsFromEnv(
      { ...tables.env, DYNAMODB_ENDPOINT: tables.endpoint, HOTLINE_PROFILE: profile.id },
      () => new Date(callAt),
    ),
  }) as LambdaInvoker;
  // Pickup slots too (issue 12): what is offered depends on the time, so on the call's, never on the wall clock.
  handlers.pickup = localHandlers(
    profile,
    { tableEnv: tables.env, endpoint: tables.endpoint, home },
    () => new Date(callAt),
  ).pickup;
  const sample = createProfileRuntime(profile, { lambdas: handlers });
  const coverage = new CoverageTracker(
    new Map(
      sample.runtime.flows().map((f) => [f.arn, { content: f.doc, name: f.name, type: f.declaredType }]),
    ),
  );
  const history: { call: ScenarioCall; result: ScenarioResult }[] = [];

  const call = async (scenario: ScenarioCall): Promise<ScenarioResult> => {
    const { agents, lambdas, lambdaTimeScale, waiting, setup, ...options } = scenario;
    const at = options.at ?? MONDAY_10;
    callAt = at;
    const centre = createProfileRuntime(profile, {
      lambdas: { ...handlers, ...lambdas },
      clock: at,
      runtime: lambdaTimeScale === undefined ? {} : { lambdaTimeScale },
    });
    for (const agent of profile.agents) {
      centre.runtime.acd.setAgentState(agent.id, agents?.[agent.id] ?? 'Available');
    }
    for (const name of Object.keys(agents ?? {})) {
      if (!profile.agents.some((a) => a.id === name)) throw new Error(`no agent ${name} in ${profileId}`);
    }
    for (const [queue, count] of Object.entries(waiting ?? {})) {
      for (let i = 0; i < count; i++) {
        centre.runtime.acd.addWaitingContact({
          contactId: `waiting-${queue}-${i}`,
          queue: localQueueArn(queue),
          enqueuedAt: at,
        });
      }
    }
    setup?.(centre, profile);
    const raw = await centre.runtime.call({ ...options, at, entryFlowArn: centre.entryFlowArn });
    coverage.record(raw);
    const arn = raw.outcome.queue?.arn;
    const agentQueue = arn ? /\/queue\/agent\/([^/]+)$/.exec(arn)?.[1] : undefined;
    // The disconnect flow and the survey module it invokes.
    const surveyArns = [localFlowArn(profile, 'survey'), localModuleArn(profile, 'survey')];
    const surveyCount = raw.events.filter(
      (e) => e.kind === 'prompt' && e.flow !== undefined && surveyArns.includes(e.flow),
    ).length;
    const result: ScenarioResult = {
      ...raw,
      prompts: raw.prompts.slice(0, raw.prompts.length - surveyCount),
      surveyPrompts: raw.prompts.slice(raw.prompts.length - surveyCount),
      queueKey: arn === undefined ? undefined : agentQueue ? `agent:${agentQueue}` : centre.queueKeyOf(arn),
      agentId: raw.outcome.agent?.id,
    };
    history.push({ call: scenario, result });
    return result;
  };

  return {
    profile,
    tables,
    home,
    coverage,
    history,
    call,
    flowArn: (key) => scenarioFlowArn(profile, key),
  };
}

async function writeHistory(
  tables: TestTables,
  h: NonNullable<ScenarioData['history']>[number],
): Promise<void> {
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  if (h.recentContacts) {
    sets.push('recentContacts = :rc');
    values[':rc'] = h.recentContacts;
  }
  if (h.openTickets !== undefined) {
    sets.push('openTickets = :ot');
    values[':ot'] = h.openTickets;
  }
  if (sets.length === 0) return;
  await tables.doc.send(
    new UpdateCommand({
      TableName: tables.env.CRM_TABLE_NAME,
      Key: crmKeys.phone(h.e164),
      UpdateExpression: `SET ${sets.join(', ')}`,
      // Only numbers that already have a lookup item (a customer's or a blocked number).
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
    }),
  );
}

/** Closes hours of operation of this contact centre (a holiday the operator entered): open on no day. */
export function closeHours(centre: ProfileRuntime, profile: Profile, hoursKey: string): void {
  const hours = profile.hours[hoursKey];
  if (!hours) throw new Error(`no hours ${hoursKey} in ${profile.id}`);
  centre.runtime.acd.addHours({
    arn: localHoursArn(hoursKey),
    name: hours.name,
    timeZone: 'Asia/Shanghai',
    days: {},
  });
}

/** Gives a queue of this contact centre a capacity (contacts waiting at most). */
export function limitQueue(
  centre: ProfileRuntime,
  profile: Profile,
  queueKey: string,
  maxContacts: number,
): void {
  const queue = profile.queues.find((q) => q.key === queueKey);
  if (!queue) throw new Error(`no queue ${queueKey} in ${profile.id}`);
  centre.runtime.acd.addQueue({
    arn: localQueueArn(queueKey),
    name: queue.name,
    hoursArn: localHoursArn(queue.hours),
    maxContacts,
  });
}

/** Closes one queue (its own hours, now never open), leaving the other queues sharing those hours alone. */
export function closeQueue(centre: ProfileRuntime, profile: Profile, queueKey: string): void {
  const queue = profile.queues.find((q) => q.key === queueKey);
  if (!queue) throw new Error(`no queue ${queueKey} in ${profile.id}`);
  const closedArn = localHoursArn(`closed-${queueKey}`);
  centre.runtime.acd.addHours({
    arn: closedArn,
    name: `${queue.name} (closed)`,
    timeZone: 'Asia/Shanghai',
    days: {},
  });
  centre.runtime.acd.addQueue({ arn: localQueueArn(queueKey), name: queue.name, hoursArn: closedArn });
}

/** A prompt template with its `$.Attributes.<key>` references filled in from `attributes` ("" if absent). */
export function fill(template: string, attributes: Readonly<Record<string, string>>): string {
  return template.replace(/\$\.Attributes\.([A-Za-z0-9_-]+)/g, (_, key: string) => attributes[key] ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage report

/** Per flow key: branch coverage of the flow (percent, taken, total). */
export function coverageByFlow(
  centre: ScenarioCentre,
): Record<ScenarioFlowKey, { percent: number; taken: number; total: number }> {
  const summary = centre.coverage.summary();
  const out = {} as Record<ScenarioFlowKey, { percent: number; taken: number; total: number }>;
  for (const key of FLOW_KEYS) {
    const flow = summary.flows.find((f) => f.flow === centre.flowArn(key));
    if (!flow) throw new Error(`no coverage for flow ${key}`);
    out[key] = { percent: flow.percent, taken: flow.taken, total: flow.total };
  }
  return out;
}

/** `flow coverage auto-dealer: inbound 100% (169/169), customer queue 97.8% (45/46), whisper 100% (16/16)`. */
export function coverageLine(centre: ScenarioCentre): string {
  const byFlow = coverageByFlow(centre);
  const parts = FLOW_KEYS.map(
    (k) => `${FLOW_LABELS[k]} ${byFlow[k].percent}% (${byFlow[k].taken}/${byFlow[k].total})`,
  );
  return `flow coverage ${centre.profile.id}: ${parts.join(', ')} over ${centre.coverage.calls} calls`;
}

/**
 * Writes `coverage/flows/<profile>.txt` (every transition with how often it was taken, then the ones never
 * taken with `why` for each) and returns the report's path.
 */
export function writeCoverageReport(
  centre: ScenarioCentre,
  why: Readonly<Record<string, string>> = {},
): string {
  const dir = fileURLToPath(new URL('../../coverage/flows/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const missed = centre.coverage.missed();
  const lines = [
    `Branch coverage of the ${centre.profile.id} flows by test/scenarios (${centre.coverage.calls} calls).`,
    'Columns: times taken ("-" never, "n/a" cannot be taken), action, type, branch, target.',
    '',
    centre.coverage.format(),
    '',
    missed.length === 0 ? 'Every transition was taken.' : `Never taken (${missed.length}):`,
    ...missed.map(
      (r) =>
        `  ${r.flowName}: ${r.action} ${r.branch} -> ${r.to}${why[`${r.action} ${r.branch}`] ? `  (${why[`${r.action} ${r.branch}`]})` : ''}`,
    ),
    '',
  ];
  const path = `${dir}${centre.profile.id}.txt`;
  writeFileSync(path, lines.join('\n'));
  return path;
}
