/**
 * What the API's routes need, built from the environment (CDK sets it in AWS; the local server sets it with
 * DynamoDB Local's endpoint and the outbox under $HOTLINE_HOME).
 */
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import type { CurrentContact } from '../../schemas/api.js';
import type { Profile } from '../../schemas/profile.js';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log.js';
import { DynamoCallRecordRepository } from '../adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { DynamoKnowledgeRepository } from '../adapters/dynamodb/knowledge-repository.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { CallRecordRepository } from '../ports/call-records.js';
import type { CrmRepository } from '../ports/crm-repository.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../shared/in-call-deps.js';
import { type TicketDeps, ticketDepsFromEnv } from '../shared/ticket-deps.js';
import { type KnowledgeDeps, newKnowledgeDeps } from '../use-cases/knowledge/knowledge-base.js';
import type { OrderDeps } from '../use-cases/orders/place-order.js';
import type { ErasureDeps } from '../use-cases/privacy/erasure-requests.js';
import type { Authenticator } from './auth.js';
import { type CampaignApiDeps, campaignDepsOf } from './routes/campaign-deps.js';
import { orderDepsOf } from './routes/order-deps.js';
import {
  type SupervisionApiDeps,
  type SupervisionOverrides,
  supervisionApiDeps,
} from './supervision-deps.js';

export interface ApiDeps {
  readonly profile: Profile;
  /** Tickets, CRM, SMS (the ticket functions' dependencies). */
  readonly core: TicketDeps;
  /** The whole CRM repository (blocks), beside the ticket functions' read-only view of it. */
  readonly crm: CrmRepository;
  readonly records: CallRecordRepository;
  readonly knowledge: KnowledgeDeps;
  readonly audit: AuditLog;
  readonly auth: Authenticator;
  /** The contact the agent is on, where the server knows it (the local call console); undefined in AWS. */
  readonly currentContact?: () => CurrentContact | undefined;
  /** The supervisor console: wallboard, QA, agent performance (functions/api/supervision-deps.ts). */
  readonly supervision?: SupervisionApiDeps;
  /** The order centre (order entry), where the profile takes orders (contact-flows/flows/order-centre.ts). */
  readonly orders?: OrderDeps;
  /** Outbound campaigns (the agent's disposition), where the environment names the Campaigns table. */
  readonly campaigns?: CampaignApiDeps;
  /** Erasure requests (admin): the forget use case, its request store and the worker's dispatch. */
  readonly privacy?: ErasureDeps;
  /** Where failed requests are logged. @default a Powertools logger (phone numbers masked) */
  readonly logger?: { error(message: string, extra: Record<string, unknown>): void };
}

export const ApiEnvSchema = z.object({
  CONTACTS_TABLE_NAME: z.string().min(1),
  KNOWLEDGE_TABLE_NAME: z.string().min(1),
  AUDIT_TABLE_NAME: z.string().min(1),
  DYNAMODB_ENDPOINT: z.url().optional(),
});

/** Build the dependencies, or throw naming what is missing from the environment. */
export function apiDepsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  auth: Authenticator,
  opts: {
    now?: () => Date;
    currentContact?: () => CurrentContact | undefined;
    /** What supervision reads where (local ACD or Connect, DuckDB or Athena…); absent: no supervisor console. */
    supervision?: SupervisionOverrides;
    /** Erasure requests (functions/api/privacy-deps.ts); absent: the routes answer 503. */
    privacy?: ErasureDeps;
  } = {},
): ApiDeps {
  const core = ticketDepsFromEnv({ ...OUTSIDE_A_CALL_BUDGETS, ...env }, opts.now ? { now: opts.now } : {});
  if ('configError' in core) throw new Error(`API configuration: ${core.configError}`);
  const parsed = ApiEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `API configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const cfg = parsed.data;
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 3,
  });
  const profile = getProfile(core.env.HOTLINE_PROFILE);
  const crm = new DynamoCrmRepository(doc, core.env.CRM_TABLE_NAME);
  const orders = orderDepsOf(profile, env, opts.now);
  return {
    profile,
    core,
    crm,
    records: new DynamoCallRecordRepository(doc, cfg.CONTACTS_TABLE_NAME),
    knowledge: newKnowledgeDeps(
      new DynamoKnowledgeRepository(doc, cfg.KNOWLEDGE_TABLE_NAME),
      knowledgeOf(profile.id),
      opts.now ? { now: opts.now } : {},
    ),
    audit: new DynamoAuditLog(doc, cfg.AUDIT_TABLE_NAME),
    auth,
    ...orders,
    ...campaignDepsOf(env, { doc, core, crm, ...orders, ...(opts.now ? { now: opts.now } : {}) }),
    ...(opts.currentContact ? { currentContact: opts.currentContact } : {}),
    ...(opts.privacy ? { privacy: opts.privacy } : {}),
    ...supervisionPart(env, profile, doc, core.notifier, opts),
  };
}

function supervisionPart(
  env: Readonly<Record<string, string | undefined>>,
  profile: Profile,
  doc: ReturnType<typeof createDocumentClient>,
  notifier: TicketDeps['notifier'],
  opts: { now?: () => Date; supervision?: SupervisionOverrides },
): { supervision?: SupervisionApiDeps } {
  if (!opts.supervision) return {};
  const s = supervisionApiDeps(env, profile, doc, notifier, opts.supervision, opts.now);
  return s ? { supervision: s } : {};
}
