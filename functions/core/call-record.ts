/**
 * Call records, transcripts and surveys: pure rules (no I/O, no AWS SDK). F6, F8, F9, F10.
 */
import { createHash } from 'node:crypto';
import type {
  CallRecord,
  RecordingRef,
  SurveyResult,
  TranscribeItem,
  TranscribeOutput,
  TranscriptTurn,
} from '../../schemas/call-record.js';
import type { ContactTraceRecord } from '../../schemas/contact-record.js';
import { RECENT_CONTACTS_KEPT, type RecentContact } from '../../schemas/crm.js';
import { normalizePhone } from './phone.js';

/** `2022-04-08T15:03:02Z` or ISO with millis → ISO with `Z` (CTR timestamps are UTC). */
function iso(ts: string): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${ts}`);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The id in an ARN `…/agent/<id>`, or the text as given. */
export function agentIdOf(arn: string): string {
  const i = arn.lastIndexOf('/agent/');
  return i >= 0 ? arn.slice(i + '/agent/'.length) : arn;
}

/** `bucket/key` (a CTR's `Recording.Location`, without `s3://`) → parts. */
export function parseRecordingLocation(location: string): RecordingRef | undefined {
  const text = location.replace(/^s3:\/\//, '');
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return undefined;
  return { bucket: text.slice(0, slash), key: text.slice(slash + 1) };
}

/** Normalize one CTR to the call record we keep. Throws on timestamps that are not timestamps. */
export function toCallRecord(ctr: ContactTraceRecord, phoneRegion: string): CallRecord {
  const caller = normalizePhone(ctr.CustomerEndpoint?.Address, phoneRegion);
  const attrs = ctr.Attributes ?? {};
  const agent = ctr.Agent?.ConnectedToAgentTimestamp || ctr.Agent?.Username ? ctr.Agent : undefined;
  const rec = ctr.Recording ?? ctr.Recordings?.[0];
  const recording =
    rec?.Location && rec.Status !== 'DELETED' ? parseRecordingLocation(rec.Location) : undefined;
  return {
    contactId: ctr.ContactId,
    channel: ctr.Channel,
    initiationMethod: ctr.InitiationMethod,
    initiatedAt: iso(ctr.InitiationTimestamp),
    ...(ctr.DisconnectTimestamp ? { disconnectedAt: iso(ctr.DisconnectTimestamp) } : {}),
    lastUpdateTimestamp: iso(ctr.LastUpdateTimestamp),
    ...(caller.kind === 'e164' ? { callerNumber: caller.e164 } : {}),
    callerWithheld: caller.kind !== 'e164',
    ...(attrs.customerId ? { customerId: attrs.customerId } : {}),
    ...(ctr.Queue?.Name ? { queue: ctr.Queue.Name } : {}),
    ...(agent?.ARN ? { agentId: agentIdOf(agent.ARN) } : agent?.Username ? { agentId: agent.Username } : {}),
    ...(agent?.Username ? { agentUsername: agent.Username } : {}),
    ...(ctr.DisconnectReason ? { disconnectReason: ctr.DisconnectReason } : {}),
    ...(typeof agent?.AgentInteractionDuration === 'number'
      ? { talkSeconds: agent.AgentInteractionDuration }
      : {}),
    ...(recording ? { recording: { ...recording, ...(rec?.Status ? { status: rec.Status } : {}) } } : {}),
    attributes: { ...attrs },
  };
}

/**
 * A CTR as received: the parsed record, and its JSON text as UTF-8 bytes, kept as they came (the company's record
 * of the contact, and what its version is computed from).
 */
export interface ReceivedCtr {
  readonly ctr: ContactTraceRecord;
  readonly text: Uint8Array;
}

const utf8 = new TextEncoder();

/** A CTR that did not come as text (the local runtime, a test): its JSON text is made once. */
export function receivedCtr(ctr: ContactTraceRecord): ReceivedCtr {
  return { ctr, text: utf8.encode(JSON.stringify(ctr)) };
}

/**
 * A CTR version's identity: `<lastUpdateTimestamp>#<hash of the CTR's text>`. Versions order by time, then by
 * content, so the newest of a contact is the same whatever order its versions arrive in (two different CTRs with the
 * same time: the greater hash); the same CTR delivered again (Kinesis replays the same bytes) has the same version,
 * and so the same item. The hash is over the text as received, which for a compact CTR is the text
 * `JSON.stringify` gives (what versions were hashed from before), so stored versions keep their keys.
 */
export function recordVersionOf(record: Pick<CallRecord, 'lastUpdateTimestamp'>, text: Uint8Array): string {
  // Not a security hash: it only tells versions apart (SHA-1 is the cheapest of Node's that spreads well).
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 16);
  return `${record.lastUpdateTimestamp}#${hash}`;
}

/** The screen-pop entry for a call record. */
export function recentContactOf(record: CallRecord): RecentContact {
  return {
    contactId: record.contactId,
    at: record.initiatedAt,
    channel: record.channel,
    ...(record.queue ? { queue: record.queue } : {}),
    ...(record.agentId ? { agentId: record.agentId } : {}),
  };
}

/**
 * Put `entry` into a recent-contacts list: one entry per contact (a re-sent CTR replaces its entry),
 * newest first, at most RECENT_CONTACTS_KEPT. Idempotent: merging the same entry twice changes nothing.
 */
export function mergeRecentContacts(
  existing: readonly RecentContact[] | undefined,
  entry: RecentContact,
): RecentContact[] {
  const others = (existing ?? []).filter((c) => c.contactId !== entry.contactId);
  return (
    [entry, ...others]
      // Newest first; contacts of the same second in the order of their item keys (`CONTACT#<at>#<id>`, descending).
      .sort((a, b) => b.at.localeCompare(a.at) || b.contactId.localeCompare(a.contactId))
      .slice(0, RECENT_CONTACTS_KEPT)
  );
}

// ---- recordings and Transcribe ----

/**
 * Transcribe job name for a contact: derived from the ContactId (never the file name, which has `:`), so a
 * replayed S3 event starts nothing new. Allowed characters believed `[0-9a-zA-Z._-]+` (*unverified*): anything
 * else becomes `-`. `attempt` > 1 for retries of a failed job (job names are unique per account).
 */
export function transcriptionJobName(contactId: string, attempt = 1): string {
  const safe = contactId.replace(/[^0-9A-Za-z._-]/g, '-');
  return attempt > 1 ? `hotline-${safe}-r${attempt}` : `hotline-${safe}`;
}

/** The ContactId of a job name made by `transcriptionJobName`, or undefined. */
export function contactIdOfJobName(jobName: string): string | undefined {
  const m = /^hotline-(.+?)(?:-r\d+)?$/.exec(jobName);
  return m?.[1];
}

/** Connect's recording key layout `…/YYYY/MM/DD/<ContactId>_<YYYYMMDD>T<HH:MM>_UTC.wav` → ContactId. */
export function contactIdOfRecordingKey(key: string): string | undefined {
  const file = key.slice(key.lastIndexOf('/') + 1);
  const m = /^([0-9A-Za-z-]+)_\d{8}T\d{2}:\d{2}_UTC\.wav$/i.exec(file);
  return m?.[1];
}

/** S3 notification keys are URL-encoded, with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Transcribe language code for a contact (its `language` attribute, else the profile's default). */
export function transcribeLanguage(language: string | undefined, fallback: string): string {
  return language && /^[a-z]{2}-[A-Z]{2}$/.test(language) ? language : fallback;
}

const CHANNEL_SPEAKER: Record<string, TranscriptTurn['speaker']> = { ch_0: 'customer', ch_1: 'agent' };
/** A pause longer than this starts a new turn of the same speaker. */
const TURN_GAP_SECONDS = 1.5;

/**
 * Transcribe output → speaker turns in time order. With channel identification, `ch_0` (left) is the customer
 * and `ch_1` (right) the agent (Connect's stereo layout). Without channels everything is the customer's.
 * Punctuation attaches to the word before it.
 */
export function normalizeTranscript(output: TranscribeOutput): TranscriptTurn[] {
  const channels = output.results.channel_labels?.channels;
  const sources: { speaker: TranscriptTurn['speaker']; items: readonly TranscribeItem[] }[] = channels
    ? channels.map((c) => ({ speaker: CHANNEL_SPEAKER[c.channel_label] ?? 'customer', items: c.items }))
    : [{ speaker: 'customer', items: output.results.items ?? [] }];
  const turns: TranscriptTurn[] = [];
  for (const { speaker, items } of sources) {
    let turn: TranscriptTurn | undefined;
    for (const item of items) {
      const word = item.alternatives[0]?.content ?? '';
      if (item.type === 'punctuation') {
        if (turn) turn.text += word;
        continue;
      }
      const start = Number(item.start_time ?? 0);
      const end = Number(item.end_time ?? start);
      if (!turn || start - turn.end > TURN_GAP_SECONDS) {
        turn = { speaker, start, end, text: word };
        turns.push(turn);
      } else {
        turn.text += ` ${word}`;
        turn.end = end;
      }
    }
  }
  return turns.sort((a, b) => a.start - b.start || a.speaker.localeCompare(b.speaker));
}

/** Failed transcriptions are retried this many times in all before they stay failed (still recorded). */
export const TRANSCRIPTION_MAX_ATTEMPTS = 3;

// ---- survey ----

/** Scores at or below this open a follow-up ticket. */
export const FOLLOW_UP_MAX_SCORE = 2;

export function needsFollowUp(score: number): boolean {
  return score <= FOLLOW_UP_MAX_SCORE;
}

/** A survey answer as keyed (one digit 1–5), or undefined. */
export function parseScore(raw: string | undefined | null): number | undefined {
  const text = (raw ?? '').trim();
  return /^[1-5]$/.test(text) ? Number(text) : undefined;
}

export interface CsatLine {
  readonly key: string;
  readonly responses: number;
  /** Average score, 2 decimals. */
  readonly average: number;
  /** Share of 4–5 scores, in percent (CSAT), 1 decimal. */
  readonly csat: number;
}

/** CSAT per agent and per queue (average and share of 4–5), sorted by key. */
export function csatStats(results: readonly Pick<SurveyResult, 'score' | 'agentId' | 'queue'>[]): {
  byAgent: CsatLine[];
  byQueue: CsatLine[];
  overall: CsatLine;
} {
  const group = (keyOf: (r: Pick<SurveyResult, 'score' | 'agentId' | 'queue'>) => string) => {
    const map = new Map<string, number[]>();
    for (const r of results) {
      const k = keyOf(r);
      map.set(k, [...(map.get(k) ?? []), r.score]);
    }
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => line(k, s));
  };
  return {
    byAgent: group((r) => r.agentId ?? '(no agent)'),
    byQueue: group((r) => r.queue ?? '(no queue)'),
    overall: line(
      'all',
      results.map((r) => r.score),
    ),
  };
}

function line(key: string, scores: readonly number[]): CsatLine {
  const n = scores.length;
  const sum = scores.reduce((a, b) => a + b, 0);
  const happy = scores.filter((s) => s >= 4).length;
  return {
    key,
    responses: n,
    average: n ? Math.round((sum / n) * 100) / 100 : 0,
    csat: n ? Math.round((happy / n) * 1000) / 10 : 0,
  };
}
