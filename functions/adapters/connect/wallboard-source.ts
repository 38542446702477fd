/**
 * The wallboard's source in AWS: Amazon Connect's real-time and historical metrics APIs.
 *
 * One refresh makes a BOUNDED number of API calls, whatever the number of agents:
 * - `GetCurrentMetricData`, grouped by queue (up to 100 queues per call): waiting, oldest contact, and the
 *   agents available / on contact / in after-contact work / online / non-productive per queue. 1 call for up to
 *   100 queues, independent of the number of agents.
 * - `GetMetricDataV2` for today (midnight in the profile's time zone → now), grouped by queue: contacts queued,
 *   handled, abandoned, and answered within the service-level threshold (`SUM_CONTACTS_ANSWERED_IN_X`,
 *   comparison `LTE`). 1 call per 100 queues.
 * - `GetCurrentUserData` for the per-agent tiles, 100 agents per page, at most `maxAgentPages` pages (default 5:
 *   500 agents; beyond that the board says how many were left out).
 * - `ListUsers` for the agents' names, at most once every `userCacheSeconds` (default 600), 1000 per page.
 * With up to 100 queues that is at most 1 + 1 + 5 = 7 calls per refresh (plus the name list every 10 minutes).
 *
 * Polling interval: the profile's `refreshSeconds` (15 s by default), and one refresh serves every viewer (the
 * API caches the board for that long). Connect throttles per account and Region: GetCurrentMetricData 5 requests
 * per second (burst 8), the other operations 2 per second (burst 5) by default. 7 calls per 15 s is about 0.5
 * requests per second across all of them, a quarter of the tightest default quota, leaving room for Connect's
 * own console and other tools. Check your account's quotas in Service Quotas before lowering the interval.
 *
 * Agent state from GetCurrentUserData: a contact CONNECTING/CONNECTED/CONNECTED_ONHOLD/INCOMING/PENDING → on
 * contact; a contact ENDED → after-contact work (Connect keeps the ended contact on the agent until ACW ends);
 * else the agent status: `Available` → available, `Offline` → offline, any custom status (Lunch, Break…) →
 * other. Whether Connect lists logged-out agents at all is unverified, so offline agents per queue are shown
 * as unknown (null) in AWS.
 */
import {
  type ConnectClient,
  GetCurrentMetricDataCommand,
  GetCurrentUserDataCommand,
  GetMetricDataV2Command,
  ListUsersCommand,
} from '@aws-sdk/client-connect';
import type {
  AgentSnapshot,
  QueueSnapshot,
  QueueToday,
  WallboardAgentState,
  WallboardSnapshot,
} from '../../../schemas/supervision.js';
import { startOfDay } from '../../core/supervision/wallboard.js';
import type { WallboardSource } from '../../ports/supervision.js';

export interface ConnectQueueRef {
  readonly id: string;
  readonly name: string;
}

export interface ConnectWallboardOptions {
  readonly client: ConnectClient;
  /** Instance ARN (GetMetricDataV2 takes the ARN; the others its id). */
  readonly instanceArn: string;
  /** The profile's standard queues (never the agents' personal queues). */
  readonly queues: readonly ConnectQueueRef[];
  readonly serviceLevelSeconds: number;
  readonly timeZone: string;
  /** Pages of 100 agents read per refresh. @default 5 */
  readonly maxAgentPages?: number;
  /** How long agent names are cached. @default 600 */
  readonly userCacheSeconds?: number;
}

const MAX_QUEUES_PER_CALL = 100;
const ON_CONTACT = new Set(['INCOMING', 'PENDING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD']);

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export class ConnectWallboardSource implements WallboardSource {
  readonly #o: ConnectWallboardOptions;
  readonly #instanceId: string;
  #names: { at: number; byId: Map<string, string> } | undefined;
  /** API calls made by the last refresh, by operation (for the README's claim and its test). */
  lastCalls: Record<string, number> = {};

  constructor(options: ConnectWallboardOptions) {
    this.#o = options;
    this.#instanceId = options.instanceArn.slice(options.instanceArn.lastIndexOf('/') + 1);
  }

  #count(op: string): void {
    this.lastCalls[op] = (this.lastCalls[op] ?? 0) + 1;
  }

  async snapshot(now: Date): Promise<WallboardSnapshot> {
    this.lastCalls = {};
    const [current, today, agents] = await Promise.all([
      this.#current(),
      this.#today(now),
      this.#agents(now),
    ]);
    const queues: QueueSnapshot[] = this.#o.queues.map((q) => {
      const c = current.get(q.id);
      const t = today.get(q.id);
      return {
        id: q.id,
        name: q.name,
        waiting: c?.CONTACTS_IN_QUEUE ?? 0,
        oldestWaitSeconds: c?.OLDEST_CONTACT_AGE ? Math.floor(c.OLDEST_CONTACT_AGE) : null,
        agents: {
          available: c?.AGENTS_AVAILABLE ?? 0,
          onContact: c?.AGENTS_ON_CONTACT ?? 0,
          acw: c?.AGENTS_AFTER_CONTACT_WORK ?? 0,
          offline: null,
          other: (c?.AGENTS_NON_PRODUCTIVE ?? 0) + (c?.AGENTS_ERROR ?? 0),
        },
        ...(t ? { today: t } : {}),
      };
    });
    return {
      at: now.toISOString(),
      source: 'connect',
      queues,
      agents: agents.list,
      agentsTruncated: agents.truncated,
    };
  }

  async #current(): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    const metrics = [
      ['CONTACTS_IN_QUEUE', 'COUNT'],
      ['OLDEST_CONTACT_AGE', 'SECONDS'],
      ['AGENTS_AVAILABLE', 'COUNT'],
      ['AGENTS_ON_CONTACT', 'COUNT'],
      ['AGENTS_AFTER_CONTACT_WORK', 'COUNT'],
      ['AGENTS_NON_PRODUCTIVE', 'COUNT'],
      ['AGENTS_ERROR', 'COUNT'],
    ] as const;
    for (const ids of chunks(
      this.#o.queues.map((q) => q.id),
      MAX_QUEUES_PER_CALL,
    )) {
      this.#count('GetCurrentMetricData');
      const res = await this.#o.client.send(
        new GetCurrentMetricDataCommand({
          InstanceId: this.#instanceId,
          Filters: { Queues: ids, Channels: ['VOICE'] },
          Groupings: ['QUEUE'],
          CurrentMetrics: metrics.map(([Name, Unit]) => ({ Name, Unit })),
          MaxResults: 100,
        }),
      );
      for (const r of res.MetricResults ?? []) {
        const id = r.Dimensions?.Queue?.Id;
        if (!id) continue;
        const values: Record<string, number> = {};
        for (const c of r.Collections ?? []) if (c.Metric?.Name) values[c.Metric.Name] = c.Value ?? 0;
        out.set(id, values);
      }
    }
    return out;
  }

  async #today(now: Date): Promise<Map<string, QueueToday>> {
    const out = new Map<string, QueueToday>();
    const from = startOfDay(now, this.#o.timeZone);
    for (const ids of chunks(
      this.#o.queues.map((q) => q.id),
      MAX_QUEUES_PER_CALL,
    )) {
      this.#count('GetMetricDataV2');
      const res = await this.#o.client.send(
        new GetMetricDataV2Command({
          ResourceArn: this.#o.instanceArn,
          StartTime: from,
          EndTime: now,
          Filters: [
            { FilterKey: 'QUEUE', FilterValues: ids },
            { FilterKey: 'CHANNEL', FilterValues: ['VOICE'] },
          ],
          Groupings: ['QUEUE'],
          Metrics: [
            { Name: 'CONTACTS_QUEUED' },
            { Name: 'CONTACTS_HANDLED' },
            { Name: 'CONTACTS_ABANDONED' },
            {
              Name: 'SUM_CONTACTS_ANSWERED_IN_X',
              Threshold: [{ Comparison: 'LTE', ThresholdValue: this.#o.serviceLevelSeconds }],
            },
          ],
          MaxResults: 100,
        }),
      );
      for (const r of res.MetricResults ?? []) {
        const id = r.Dimensions?.QUEUE;
        if (!id) continue;
        const v = (name: string) =>
          Math.round(r.Collections?.find((c) => c.Metric?.Name === name)?.Value ?? 0);
        out.set(id, {
          queued: v('CONTACTS_QUEUED'),
          answered: v('CONTACTS_HANDLED'),
          abandoned: v('CONTACTS_ABANDONED'),
          answeredInThreshold: v('SUM_CONTACTS_ANSWERED_IN_X'),
        });
      }
    }
    return out;
  }

  async #userNames(now: Date): Promise<Map<string, string>> {
    const ttl = (this.#o.userCacheSeconds ?? 600) * 1000;
    if (this.#names && now.getTime() - this.#names.at < ttl) return this.#names.byId;
    const byId = new Map<string, string>();
    let token: string | undefined;
    do {
      this.#count('ListUsers');
      const res = await this.#o.client.send(
        new ListUsersCommand({ InstanceId: this.#instanceId, MaxResults: 1000, NextToken: token }),
      );
      for (const u of res.UserSummaryList ?? []) if (u.Id) byId.set(u.Id, u.Username ?? u.Id);
      token = res.NextToken;
    } while (token);
    this.#names = { at: now.getTime(), byId };
    return byId;
  }

  async #agents(now: Date): Promise<{ list: AgentSnapshot[]; truncated: number }> {
    const names = await this.#userNames(now);
    const maxPages = this.#o.maxAgentPages ?? 5;
    const list: AgentSnapshot[] = [];
    let token: string | undefined;
    let pages = 0;
    let total = 0;
    do {
      this.#count('GetCurrentUserData');
      const res = await this.#o.client.send(
        new GetCurrentUserDataCommand({
          InstanceId: this.#instanceId,
          Filters: { Queues: this.#o.queues.slice(0, MAX_QUEUES_PER_CALL).map((q) => q.id) },
          MaxResults: 100,
          NextToken: token,
        }),
      );
      pages++;
      total = Math.max(total, res.ApproximateTotalCount ?? 0);
      for (const u of res.UserDataList ?? []) {
        const id = u.User?.Id;
        if (!id) continue;
        const contacts = u.Contacts ?? [];
        const live = contacts.find((c) => ON_CONTACT.has(c.AgentContactState ?? ''));
        const ended = contacts.find((c) => c.AgentContactState === 'ENDED');
        const status = u.Status?.StatusName ?? 'Unknown';
        let state: WallboardAgentState;
        let since: Date | undefined;
        let label = status;
        if (live) {
          state = 'on_contact';
          since = live.StateStartTimestamp ?? live.ConnectedToAgentTimestamp;
          label = live.AgentContactState ?? 'CONNECTED';
        } else if (ended) {
          state = 'acw';
          since = ended.StateStartTimestamp;
          label = 'AfterContactWork';
        } else {
          state = status === 'Available' ? 'available' : status === 'Offline' ? 'offline' : 'other';
          since = u.Status?.StatusStartTimestamp;
        }
        const contactId = (live ?? ended)?.ContactId;
        list.push({
          id,
          name: names.get(id) ?? id,
          state,
          stateLabel: label,
          since: (since ?? now).getTime(),
          queues: [],
          ...(contactId ? { contactId } : {}),
          personalQueueWaiting: 0,
        });
      }
      token = res.NextToken;
    } while (token && pages < maxPages);
    return { list, truncated: token ? Math.max(0, total - list.length) : 0 };
  }
}
