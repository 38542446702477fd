/**
 * The supervisor console locally (`npm start`): where its routes read.
 * - Wallboard: the call console's ACD as it saves it to `$HOTLINE_HOME/acd-state.json` (the file `hotline
 *   wallboard` watches too), today's figures from the day's call records; breaches go to notifications.jsonl.
 * - Live monitoring: `LiveCalls` follows the console's calls and keeps each one's transcript of prompts, keys and
 *   routing while it runs (and a little after), for the wallboard's live view.
 * - Agent performance: the local tables exported to a scratch folder and the `agent_performance` named query run
 *   by DuckDB over them (the same export and SQL as `hotline export` + `hotline report`).
 * - Recordings: read from the S3 emulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { scanCallRecords } from '../../functions/adapters/dynamodb/contacts-scan.js';
import { LocalAcdWallboardSource, loadAcdState } from '../../functions/adapters/local/acd-wallboard.js';
import { createS3Client } from '../../functions/adapters/s3/object-store.js';
import type { SupervisionOverrides } from '../../functions/api/supervision-deps.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { contactRowOf } from '../../functions/core/analytics/rows.js';
import { startOfDay, todayByQueue } from '../../functions/core/supervision/wallboard.js';
import { exportAnalytics } from '../../functions/use-cases/analytics/export-analytics.js';
import type { CallEvent } from '../../schemas/contact-record.js';
import type { Profile } from '../../schemas/profile.js';
import type { LiveCall, LiveLine } from '../../schemas/supervisor-api.js';
import { CONTACTS_TABLE, SUPERVISION_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import type { ConsoleCall } from './workspace-server.js';

/** How long an ended call stays on the live view, and the most lines kept per call. */
const KEEP_ENDED_MS = 60_000;
const MAX_LINES = 200;
const MAX_CALLS = 20;

/** `+8613800138000` → `•••••••••8000` (a supervisor sees whose call it is from the screen pop, not here). */
const maskNumber = (n: string) => (n.length > 4 ? `${'•'.repeat(n.length - 4)}${n.slice(-4)}` : n);

/** Keys the caller typed: a stored entry (card, phone, order number) shows only its last two characters. */
function keysText(text: string): string {
  const m = /^(.*?)(\S+)$/.exec(text);
  if (!m || text.startsWith('no input')) return text;
  const entry = m[2] as string;
  return entry.length > 2 ? `${m[1]}${'•'.repeat(entry.length - 2)}${entry.slice(-2)}` : text;
}

/** SSML as heard: pauses as "…", tags dropped (as the console prints it). */
const spoken = (ssml: string) =>
  ssml
    .replace(/<break[^>]*>/g, ' … ')
    .replace(/<[^>]+>/g, '')
    .replace(/(\s…\s)+/g, ' … ')
    .trim();

/** The console's calls with their live transcript (prompts, keys, queue, agent), while they run. */
export class LiveCalls {
  private readonly calls = new Map<string, LiveCall & { endedAt?: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Call options that report the call's events here (the call must already have its contactId). */
  follow(opts: ConsoleCall): ConsoleCall {
    const contactId = opts.contactId;
    if (!contactId) return opts;
    this.prune();
    this.calls.set(contactId, {
      contactId,
      ...(opts.from ? { caller: maskNumber(opts.from) } : {}),
      startedAt: new Date(opts.at ?? this.clock()).toISOString(),
      state: 'ivr',
      lines: [],
    });
    const onEvent = opts.onEvent;
    return {
      ...opts,
      onEvent: (e: CallEvent) => {
        this.onEvent(contactId, e);
        onEvent?.(e);
      },
    };
  }

  /** The call has ended: it stays on the view for a minute. */
  ended(contactId: string): void {
    const c = this.calls.get(contactId);
    if (c) this.calls.set(contactId, { ...c, state: 'ended', endedAt: this.clock() });
  }

  list(): LiveCall[] {
    this.prune();
    return [...this.calls.values()]
      .map(({ endedAt: _e, ...c }) => ({ ...c, lines: [...c.lines] }))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  private prune(): void {
    const now = this.clock();
    for (const [id, c] of this.calls)
      if (c.endedAt !== undefined && now - c.endedAt > KEEP_ENDED_MS) this.calls.delete(id);
    while (this.calls.size > MAX_CALLS) {
      const oldest = this.calls.keys().next().value;
      if (oldest === undefined) break;
      this.calls.delete(oldest);
    }
  }

  private onEvent(contactId: string, e: CallEvent): void {
    const c = this.calls.get(contactId);
    if (!c) return;
    const line = (kind: LiveLine['kind'], text: string) => {
      if (text) c.lines.push({ at: e.at, kind, text });
      if (c.lines.length > MAX_LINES) c.lines.splice(0, c.lines.length - MAX_LINES);
    };
    switch (e.kind) {
      case 'prompt':
        line('prompt', spoken(e.text));
        break;
      case 'input':
        line('keys', keysText(e.text));
        break;
      case 'queue':
        c.state = 'queued';
        c.queue = e.text.replace(/^enqueued in /, '').replace(/ \(priority.*$/, '');
        line('event', e.text);
        break;
      case 'agent': {
        const m = /^agent (\S+) accepted/.exec(e.text);
        c.state = 'connected';
        if (m?.[1]) c.agentId = m[1];
        line('event', e.text);
        break;
      }
      case 'callback':
      case 'disconnect':
        line('event', e.text);
        break;
      default:
        break;
    }
  }
}

export interface LocalSupervisionOptions {
  readonly profile: Profile;
  readonly home: string;
  readonly tableEnv: Readonly<Record<string, string>>;
  /** DynamoDB Local's endpoint. */
  readonly endpoint: string;
  readonly s3Endpoint?: string;
  readonly liveCalls?: () => LiveCall[];
  readonly timeZone?: string;
}

/** Where the supervisor console reads locally (see the file's comment). */
export function localSupervision(opts: LocalSupervisionOptions): SupervisionOverrides {
  const { profile } = opts;
  const doc = createDocumentClient({
    endpoint: opts.endpoint,
    connectionTimeoutMs: 2000,
    requestTimeoutMs: 10_000,
    maxAttempts: 3,
  });
  const timeZone = opts.timeZone ?? process.env.HOTLINE_TIME_ZONE ?? 'Asia/Shanghai';
  const contactsTable = opts.tableEnv[CONTACTS_TABLE.envVar] as string;
  const ticketsTable = opts.tableEnv[TICKETS_TABLE.envVar] as string;
  const settings = supervisionOf(profile.id).wallboard;
  const s3 = opts.s3Endpoint ? createS3Client({ endpoint: opts.s3Endpoint }) : undefined;
  return {
    source: 'local',
    // Reading the ACD file is cheap: the app polls every 2 s so a person placing calls sees them at once.
    pollSeconds: 2,
    minRefreshSeconds: 1,
    timeZone,
    // The seed `hotline qa queue` uses by default (its --stack-prefix): the app and the CLI pick the same calls.
    seed: 'Hotline',
    wallboardSource: new LocalAcdWallboardSource(
      () => loadAcdState(opts.home, profile),
      async (at) =>
        todayByQueue(
          (
            await scanCallRecords(doc, contactsTable, startOfDay(at, timeZone), new Date(at.getTime() + 1000))
          ).map(contactRowOf),
          settings.serviceLevel.thresholdSeconds,
        ),
    ),
    performance: async (period) => {
      const dir = mkdtempSync(join(tmpdir(), 'hotline-performance-'));
      try {
        const source = new DynamoAnalyticsSource(
          doc,
          contactsTable,
          ticketsTable,
          opts.tableEnv[SUPERVISION_TABLE.envVar],
        );
        await exportAnalytics({
          source,
          write: (dataset, rows) => writeDataset(dir, dataset, rows),
          now: () => new Date(),
          categories: ticketingOf(profile.id).tickets.categories,
        });
        const db = await openAnalyticsDb(dir, {
          ...(period.from ? { from: period.from } : {}),
          ...(period.to ? { to: period.to } : {}),
          threads: 1,
        });
        try {
          return await db.query(namedQuery('agent_performance').sql);
        } finally {
          db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    ...(s3
      ? {
          recording: async (ref) => {
            const out = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
            if (!out.Body) throw new Error(`s3://${ref.bucket}/${ref.key} has no body`);
            return {
              body: await out.Body.transformToByteArray(),
              contentType: out.ContentType ?? 'audio/wav',
            };
          },
        }
      : {}),
    ...(opts.liveCalls ? { liveCalls: opts.liveCalls } : {}),
  };
}
