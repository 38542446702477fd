/**
 * What the supervisor console's routes need (F16, F17, F18): the wallboard (its source, thresholds and the
 * once-per-breach alerts), QA (the use cases' dependencies), the agent-performance query, recordings, and live
 * monitoring. The common parts are built from the environment (the Supervision, Contacts and Tickets tables,
 * the supervisors' topic); what differs between AWS and `npm start` is handed in: locally the console's ACD,
 * DuckDB over the local tables, the S3 emulator and the console's live transcripts; in AWS Connect's real-time
 * metrics and listen-in (MonitorContact).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import type { RecordingRef } from '../../schemas/call-record.js';
import type { Profile } from '../../schemas/profile.js';
import type { Wallboard, WallboardSettings } from '../../schemas/supervision.js';
import type { LiveCall } from '../../schemas/supervisor-api.js';
import { SUPERVISION_TABLE } from '../../schemas/tables.js';
import { DynamoQaContactSource } from '../adapters/dynamodb/qa-contact-source.js';
import { DynamoSupervisionRepository } from '../adapters/dynamodb/supervision-repository.js';
import type { Notifier } from '../ports/sms.js';
import type { WallboardSource } from '../ports/supervision.js';
import type { QaDeps } from '../use-cases/supervision/qa.js';
import { type RefreshResult, refreshWallboard } from '../use-cases/supervision/refresh-wallboard.js';

/** Supervision, or the part asked for, is not configured here (e.g. no Supervision table). */
export class SupervisionUnavailableError extends Error {
  override readonly name = 'SupervisionUnavailableError';
}

export type PerformanceRow = Record<string, string | number | boolean | null>;

export interface SupervisionApiDeps {
  readonly wallboard: {
    /** One refresh, shared by every viewer for `minRefreshMs` (see `sharedRefresh`). */
    refresh(): Promise<RefreshResult>;
    readonly settings: WallboardSettings;
    readonly pollSeconds: number;
    readonly source: 'local' | 'connect';
  };
  readonly qa: QaDeps;
  /** The `agent_performance` named query over [from, to] (inclusive days, UTC), by agent. */
  readonly performance?: (period: { from?: string; to?: string }) => Promise<PerformanceRow[]>;
  /** The recording's bytes (locally, from the S3 emulator). */
  readonly recording?: (ref: RecordingRef) => Promise<{ body: Uint8Array; contentType: string }>;
  /**
   * AWS: a short-lived presigned URL of the recording, which the browser plays straight from S3 (any size: API
   * Gateway's 6 MB answer limit does not apply).
   */
  readonly recordingLink?: (ref: RecordingRef) => Promise<{ url: string; expiresAt: string }>;
  /** Calls in progress with their live transcript (locally: the call console's). */
  readonly liveCalls?: () => LiveCall[];
  /** AWS: start Connect's silent monitoring of a contact for this supervisor; the CCP to open. */
  readonly listenIn?: (input: { username: string; contactId: string }) => Promise<{ ccpUrl: string }>;
}

/**
 * One wallboard refresh shared by every caller for `minRefreshMs`: concurrent polls wait for the refresh in
 * flight, later ones get its result until it is older than `minRefreshMs`. So the source (Connect's APIs in
 * AWS) is read at most once per interval per process, whatever the number of viewers.
 */
export function sharedRefresh(
  refresh: () => Promise<RefreshResult>,
  minRefreshMs: number,
  clock: () => number = Date.now,
): () => Promise<RefreshResult> {
  let last: { at: number; result: RefreshResult } | undefined;
  let inFlight: Promise<RefreshResult> | undefined;
  return () => {
    if (last && clock() - last.at < minRefreshMs) return Promise.resolve(last.result);
    inFlight ??= refresh()
      .then((result) => {
        last = { at: clock(), result };
        return result;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

export interface SupervisionOverrides {
  readonly wallboardSource: WallboardSource;
  readonly source: 'local' | 'connect';
  readonly pollSeconds?: number;
  /** @default pollSeconds */
  readonly minRefreshSeconds?: number;
  readonly performance?: SupervisionApiDeps['performance'];
  readonly recording?: SupervisionApiDeps['recording'];
  readonly recordingLink?: SupervisionApiDeps['recordingLink'];
  readonly liveCalls?: SupervisionApiDeps['liveCalls'];
  readonly listenIn?: SupervisionApiDeps['listenIn'];
  readonly timeZone?: string;
  /** Seed of the QA sample (the stack prefix in AWS). */
  readonly seed?: string;
}

/** Build the supervision dependencies; undefined when the environment has no Supervision table. */
export function supervisionApiDeps(
  env: Readonly<Record<string, string | undefined>>,
  profile: Profile,
  doc: DynamoDBDocumentClient,
  notifier: Notifier,
  overrides: SupervisionOverrides,
  now: () => Date = () => new Date(),
): SupervisionApiDeps | undefined {
  const table = env[SUPERVISION_TABLE.envVar];
  const contactsTable = env.CONTACTS_TABLE_NAME;
  const ticketsTable = env.TICKETS_TABLE_NAME;
  if (!table || !contactsTable || !ticketsTable) return undefined;
  const settings = supervisionOf(profile.id);
  const repo = new DynamoSupervisionRepository(doc, table);
  const pollSeconds = overrides.pollSeconds ?? settings.wallboard.refreshSeconds;
  const refresh = () =>
    refreshWallboard({
      source: overrides.wallboardSource,
      settings: settings.wallboard,
      alerts: { ledger: repo, notifier, topic: 'supervisor', profileTitle: profile.title },
      now,
    });
  return {
    wallboard: {
      refresh: sharedRefresh(refresh, 1000 * (overrides.minRefreshSeconds ?? pollSeconds)),
      settings: settings.wallboard,
      pollSeconds,
      source: overrides.source,
    },
    qa: {
      contacts: new DynamoQaContactSource(
        doc,
        contactsTable,
        ticketsTable,
        ticketingOf(profile.id).tickets.categories,
      ),
      evaluations: repo,
      settings: settings.qa,
      timeZone: overrides.timeZone ?? env.HOTLINE_TIME_ZONE ?? 'Asia/Shanghai',
      seed: overrides.seed ?? env.STACK_PREFIX ?? 'hotline',
      now,
    },
    ...(overrides.performance ? { performance: overrides.performance } : {}),
    ...(overrides.recording ? { recording: overrides.recording } : {}),
    ...(overrides.recordingLink ? { recordingLink: overrides.recordingLink } : {}),
    ...(overrides.liveCalls ? { liveCalls: overrides.liveCalls } : {}),
    ...(overrides.listenIn ? { listenIn: overrides.listenIn } : {}),
  };
}

/** The board's agent ids and names (the performance table lists every agent, idle ones too). */
export const boardAgents = (board: Wallboard) => board.agents.map((a) => ({ id: a.id, name: a.name }));
