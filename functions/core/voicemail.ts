/**
 * Voicemail (F15), pure rules: which queue and department a message is for, what of a transcript is the
 * message, and what the ticket says about it. No AWS SDK.
 */
import type { TranscriptTurn } from '../../schemas/call-record.js';
import type { Profile } from '../../schemas/profile.js';
import type { VoicemailSettings } from '../../schemas/voicemail.js';

/** Longest transcript kept on a ticket (the ticket's `voicemail.transcript`). */
export const MAX_TRANSCRIPT_CHARS = 4000;
/** Longest ticket description. */
const MAX_DESCRIPTION_CHARS = 2000;

/**
 * The profile's queue a Connect queue name stands for: the name itself locally, `<prefix> <name>` as CDK names
 * the queues (infra/stacks/connect-stack.ts). An empty name, or a path Connect left unresolved (`$.Queue.Name`
 * when no queue is set: empty or literal is *unverified*), is no queue.
 */
export function queueKeyOfName(profile: Profile, queueName: string | undefined): string | undefined {
  const name = queueName?.trim();
  if (!name || name.startsWith('$.')) return undefined;
  const matches = profile.queues.filter((q) => name === q.name || name.endsWith(` ${q.name}`));
  // The longest profile name that matches ("VIP green channel" before a shorter suffix of it).
  return matches.sort((a, b) => b.name.length - a.name.length)[0]?.key;
}

/**
 * The department of a message left for a queue: the queue's department in the voicemail settings; no queue (after
 * hours, before any menu choice) is the general queue; a queue the settings do not list: undefined (the
 * category's department).
 */
export function voicemailDepartment(
  profile: Profile,
  settings: VoicemailSettings,
  queueName: string | undefined,
): string | undefined {
  const key = queueKeyOfName(profile, queueName) ?? profile.generalQueue;
  return settings.departments[key];
}

/** What the caller said: the customer's turns of the transcript, in order (the system's prompts are left out). */
export function voicemailText(turns: readonly TranscriptTurn[]): string {
  return turns
    .filter((t) => t.speaker === 'customer')
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, MAX_TRANSCRIPT_CHARS);
}

/** The ticket's description while the message is being recorded and transcribed. */
export function awaitingDescription(queueName: string | undefined): string {
  const where = queueName && !queueName.startsWith('$.') ? ` for ${queueName}` : '';
  return `Voicemail${where}: the recording and its transcript follow.`;
}

/** The ticket's description once the message is transcribed (or could not be). */
export function transcribedDescription(text: string | undefined, audio: string | undefined): string {
  const said = text ? `Voicemail: "${text}"` : 'Voicemail: no words were recognised in the message.';
  const link = audio ? ` Audio: ${audio}` : '';
  const room = MAX_DESCRIPTION_CHARS - link.length;
  return `${said.length > room ? `${said.slice(0, room - 2)}…"` : said}${link}`;
}

/** `s3://bucket/key`: the recording's link, as the AWS CLI and SDKs take it. */
export const s3Uri = (ref: { readonly bucket: string; readonly key: string }): string =>
  `s3://${ref.bucket}/${ref.key}`;
