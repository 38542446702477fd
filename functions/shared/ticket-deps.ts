/**
 * Builds the ticket and SMS use cases' dependencies from the environment (CDK sets it in AWS; the local
 * contact centre and the CLI set it locally, with DynamoDB Local and the outbox under $HOTLINE_HOME).
 */
import { getProfile } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { type TicketEnv, TicketEnvSchema } from '../../schemas/ticket-env.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { DynamoTicketRepository } from '../adapters/dynamodb/ticket-repository.js';
import type { Notifier } from '../ports/sms.js';
import type { SendSmsDeps } from '../use-cases/sms/send-sms.js';
import type { CreateTicketDeps } from '../use-cases/tickets/create-ticket.js';
import { configError, inCallRuntime } from './in-call-deps.js';

export interface TicketDeps extends CreateTicketDeps {
  readonly sms: SendSmsDeps;
  readonly notifier: Notifier;
  readonly env: TicketEnv;
  /** Release the HTTP connections (CLI; Lambdas keep them). */
  close(): void;
}

/** Parse the environment and build the dependencies, or say what is wrong. */
export function ticketDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number } = {},
): TicketDeps | { readonly configError: string } {
  const parsed = TicketEnvSchema.safeParse(env);
  if (!parsed.success) return configError(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const { tickets: ticketing } = ticketingOf(profile.id);
  const { doc, phoneRegion, now, sms, notifier, close } = inCallRuntime(
    env,
    cfg,
    profile,
    cfg.TICKET_BUDGET_MS,
    opts,
  );
  const topics: Record<string, string> = {
    ...(cfg.REMINDER_TOPIC_ARN ? { reminder: cfg.REMINDER_TOPIC_ARN } : {}),
    ...(cfg.SUPERVISOR_TOPIC_ARN ? { supervisor: cfg.SUPERVISOR_TOPIC_ARN } : {}),
  };
  return {
    tickets: new DynamoTicketRepository(doc, cfg.TICKETS_TABLE_NAME, cfg.CRM_TABLE_NAME, {
      shards: cfg.TICKET_SEQUENCE_SHARDS,
    }),
    crm: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    ticketing,
    phoneRegion,
    sms,
    now,
    notifier: notifier(topics),
    env: cfg,
    close,
  };
}
