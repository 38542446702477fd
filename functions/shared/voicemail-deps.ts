/**
 * Dependencies of attaching a voicemail to its ticket (F15), from the environment of the transcripts function:
 * the tickets table (TICKETS_TABLE_NAME, next to the call records' CRM_TABLE_NAME) and the profile's voicemail
 * settings. Without a tickets table nothing is attached (`{}`): the transcript is still stored.
 */
import { voicemailOf } from '../../contact-flows/profiles/voicemail.js';
import { CallRecordsEnvSchema } from '../../schemas/env.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoTicketRepository } from '../adapters/dynamodb/ticket-repository.js';
import type { AttachVoicemailDeps } from '../use-cases/voicemail/attach-voicemail.js';

export function voicemailDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  now: () => Date = () => new Date(),
): { voicemail?: AttachVoicemailDeps } {
  const tickets = env.TICKETS_TABLE_NAME;
  if (!tickets) return {};
  const cfg = CallRecordsEnvSchema.parse(env);
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 4,
  });
  return {
    voicemail: {
      tickets: new DynamoTicketRepository(doc, tickets, cfg.CRM_TABLE_NAME),
      settings: voicemailOf(cfg.HOTLINE_PROFILE),
      now,
    },
  };
}
