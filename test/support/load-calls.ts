/**
 * Many concurrent local calls through the real flows and handlers (issue 17 item 3), shared by the load test
 * (test/integration/load-calls.test.ts) and the bench (test/bench/load.ts).
 *
 * The auto-dealer profile's inbound flow, run by the offline interpreter, calls the real in-call Lambdas (caller
 * lookup, tickets, survey) on one DynamoDB Local; afterwards every call's CTR goes through the real contact-record
 * handler in Kinesis batches of 100, some delivered twice. Each interpreter instance (its simulated clock and
 * ACD) serves one call at a time; `concurrency` of them run at once, so the handlers and the tables see that many
 * calls in flight. The mix: VIPs (green channel, rated 5/4), known callers asking for insurance and rating 2 (a
 * follow-up ticket), unknown callers filing a complaint (a ticket and an SMS), unknown callers asking for roadside
 * rescue (not rated), known callers asking for the owners' club (rated 4/5).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createProfileRuntime, type ProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import {
  contactRecordsDepsFromEnv,
  createContactRecordsHandler,
} from '../../functions/contact-records/handler.js';
import { mapLimit } from '../../functions/shared/concurrency.js';
import { localHandlers } from '../../infra/local/contact-centre.js';
import type { CallResult, ContactTraceRecord } from '../../schemas/contact-record.js';
import type { Customer } from '../../schemas/crm.js';
import { kinesisEvent } from './call-records.js';

export type LoadCallKind = 'vip' | 'insurance-low-score' | 'complaint' | 'rescue' | 'club-rated';

export interface LoadCall {
  readonly index: number;
  readonly kind: LoadCallKind;
  readonly from: string;
  readonly inputs: readonly string[];
}

export interface LoadOptions {
  /** Table names keyed by env var, and the DynamoDB Local endpoint (test tables or the bench's). */
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly endpoint: string;
  /** Where the SMS outbox goes. */
  readonly home: string;
  /** @default 1000 */
  readonly calls?: number;
  /** Calls in flight at once. @default 50 */
  readonly concurrency?: number;
  /** Known customers the calls come from (a tenth of them VIPs). @default 100 */
  readonly customers?: number;
}

export interface LoadRun {
  readonly plan: readonly LoadCall[];
  readonly results: readonly CallResult[];
  /** Wall-clock seconds for the calls (ingestion not included). */
  readonly callSeconds: number;
  /** Wall-clock seconds for ingesting every CTR (all batches, then the replays). */
  readonly ingestSeconds: number;
  /** Latency of every in-call Lambda invocation, in ms (as the interpreter measured it). */
  readonly lambdaLatencies: readonly number[];
  /** Kinesis deliveries needed until no record failed, and the batches delivered twice. */
  readonly deliveries: number;
  readonly replayedBatches: number;
  readonly deadLetters: number;
  /** The simulated day every call is on (yyyymmdd, Asia/Shanghai). */
  readonly day: string;
}

/** The calls' day: a Monday, open hours, in Beijing time. */
export const LOAD_DAY = '2026-11-23';
const START = Date.parse(`${LOAD_DAY}T09:00:00+08:00`);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function loadCustomers(count: number): Customer[] {
  return Array.from({ length: count }, (_, i) => ({
    customerId: `LOAD-${pad(i, 4)}`,
    name: `负载客户${i}`,
    phones: [`+86131${pad(i, 8)}`],
    tier: i % 10 === 0 ? 'platinum' : 'standard',
    vip: i % 10 === 0,
    branch: i % 2 === 0 ? 'chaoyang' : 'haidian',
    language: 'zh-CN',
  }));
}

/** The call mix, in order (deterministic: the same plan every run). */
export function loadPlan(calls: number, customers: readonly Customer[]): LoadCall[] {
  const vips = customers.filter((c) => c.vip);
  const plain = customers.filter((c) => !c.vip);
  const phone = (c: Customer | undefined) => c?.phones[0] as string;
  return Array.from({ length: calls }, (_, index): LoadCall => {
    switch (index % 5) {
      case 0:
        return { index, kind: 'vip', from: phone(vips[index % vips.length]), inputs: ['5', '4'] };
      case 1:
        return {
          index,
          kind: 'insurance-low-score',
          from: phone(plain[index % plain.length]),
          inputs: ['2', '2', '3'],
        };
      case 2:
        return { index, kind: 'complaint', from: `+86135${pad(index, 8)}`, inputs: ['6', '1'] };
      case 3:
        return { index, kind: 'rescue', from: `+86136${pad(index, 8)}`, inputs: ['3'] };
      default:
        return {
          index,
          kind: 'club-rated',
          from: phone(plain[(index * 7) % plain.length]),
          inputs: ['5', '4', '5'],
        };
    }
  });
}

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
export const percentile = pct;

export async function runLoad(opts: LoadOptions): Promise<LoadRun> {
  const profile = getProfile('auto-dealer');
  const customers = loadCustomers(opts.customers ?? 100);
  // The operator's import, with room for a busy machine (the calls' own clients are the deployed ones).
  const setupDoc = createDocumentClient({
    endpoint: opts.endpoint,
    requestTimeoutMs: 30_000,
    maxAttempts: 4,
  });
  const crm = new DynamoCrmRepository(setupDoc, opts.tableEnv.CRM_TABLE_NAME as string);
  const saved = await crm.saveCustomers(
    customers.map((customer) => ({ customer, previous: undefined })),
    new Date(START),
  );
  const refused = saved.filter((s) => s instanceof Error);
  if (refused.length > 0) throw new Error(`load customers not saved: ${String(refused[0])}`);
  const plan = loadPlan(opts.calls ?? 1000, customers);
  // The handlers of a deployed stack, built once and shared by every call (as warm Lambda containers are), on the
  // day's clock: tickets, surveys and SMS are all stamped on the same day.
  const handlers = localHandlers(
    profile,
    { tableEnv: opts.tableEnv, endpoint: opts.endpoint, home: opts.home },
    () => new Date(START),
  );
  // A pool of interpreters: each runs one call at a time, its calls 5 simulated minutes apart so its agents are
  // free again.
  const concurrency = Math.max(1, opts.concurrency ?? 50);
  const pool: { centre: ProfileRuntime; next: number }[] = Array.from({ length: concurrency }, () => ({
    centre: createProfileRuntime(profile, { lambdas: handlers, clock: START }),
    next: START,
  }));
  for (const p of pool)
    for (const agent of profile.agents) p.centre.runtime.acd.setAgentState(agent.id, 'Available');
  const free = [...pool];
  const t0 = performance.now();
  const results = await mapLimit(plan, concurrency, async (call) => {
    const slot = free.pop();
    if (!slot) throw new Error('no free interpreter (the pool is as large as the concurrency)');
    try {
      const at = slot.next;
      slot.next += 5 * 60_000;
      return await slot.centre.runtime.call({
        contactId: `load-${pad(call.index, 5)}`,
        from: call.from,
        inputs: call.inputs,
        at,
        entryFlowArn: slot.centre.entryFlowArn,
      });
    } finally {
      free.push(slot);
    }
  });
  const callSeconds = (performance.now() - t0) / 1000;

  // Every CTR through the real ingestion handler, 100 to a Kinesis batch, 4 batches at a time; a batch is
  // delivered again from its first failed record (as Kinesis does); then two batches are replayed.
  const quiet = new Logger({ logLevel: 'SILENT' });
  const deadLetters = new MemoryDeadLetterQueue();
  const ingest = createContactRecordsHandler({
    logger: quiet,
    metrics: new Metrics({ namespace: 'Load', logger: quiet }),
    deadLetters,
    ingest: contactRecordsDepsFromEnv({
      ...opts.tableEnv,
      DYNAMODB_ENDPOINT: opts.endpoint,
      HOTLINE_PROFILE: profile.id,
    }).ingest,
  });
  const context = {
    functionName: 'hotline-contact-records',
    awsRequestId: 'load',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:hotline-contact-records',
    getRemainingTimeInMillis: () => 60_000,
  } as never;
  const ctrs: ContactTraceRecord[] = results.map((r) => r.ctr);
  const batches = Array.from({ length: Math.ceil(ctrs.length / 100) }, (_, i) =>
    ctrs.slice(i * 100, i * 100 + 100),
  );
  let deliveries = 0;
  const deliver = async (batch: readonly ContactTraceRecord[]) => {
    const event = kinesisEvent([...batch]);
    let records = event.Records;
    for (let round = 0; records.length > 0; round++) {
      if (round >= 10) throw new Error('a Kinesis batch still failed after 10 deliveries');
      deliveries++;
      const out = await ingest({ Records: records }, context);
      const first = out.batchItemFailures[0]?.itemIdentifier;
      records =
        first === undefined
          ? []
          : records.slice(records.findIndex((r) => r.kinesis.sequenceNumber === first));
    }
  };
  const t1 = performance.now();
  await mapLimit(batches, 4, deliver);
  const replays = batches.filter((_, i) => i % 5 === 0);
  await mapLimit(replays, 4, deliver);
  const ingestSeconds = (performance.now() - t1) / 1000;
  setupDoc.destroy();
  return {
    plan,
    results,
    callSeconds,
    ingestSeconds,
    lambdaLatencies: results.flatMap((r) => r.lambdas.map((l) => l.latencyMs)),
    deliveries,
    replayedBatches: replays.length,
    deadLetters: deadLetters.letters.length,
    day: LOAD_DAY.replace(/-/g, ''),
  };
}
