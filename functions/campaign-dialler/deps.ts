/**
 * The AWS campaign dialler's dependencies from the environment CDK sets (infra/constructs/outbound-campaigns.ts):
 * the Campaigns table, the do-not-call lookups (CRM blacklist, SMS opt-outs), Amazon Connect's outbound side, and
 * the use cases a finished contact feeds (tickets always; orders, pickups and leads when the profile has them).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { z } from 'zod';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { ConnectOutboundCalls } from '../adapters/connect/outbound-calls.js';
import { DynamoCampaignRepository } from '../adapters/dynamodb/campaign-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { isBlockActive } from '../core/caller-lookup.js';
import { scriptFor } from '../core/campaigns/script.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../shared/in-call-deps.js';
import { leadDepsFromEnv } from '../shared/lead-deps.js';
import { orderDepsFromEnv } from '../shared/order-deps.js';
import { pickupDepsFromEnv } from '../shared/pickup-deps.js';
import { ticketDepsFromEnv } from '../shared/ticket-deps.js';
import type { AwsDiallerDeps } from '../use-cases/campaigns/aws-dialler.js';

export const CampaignDiallerEnvSchema = z.object({
  CAMPAIGNS_TABLE_NAME: z.string().min(1),
  CRM_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  TICKETS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS),
  CONNECT_INSTANCE_ID: z.string().min(1),
  /** JSON: `{queueIds: {key: id}, flows: {agent: {queue: flowId}, agentless: {purpose: flowId}}, agentlessQueue}`. */
  OUTBOUND_ROUTES: z.string().min(2),
  /** `true`: answering machine detection (TrafficType CAMPAIGN, needs the campaigns quota). */
  OUTBOUND_AMD: z.enum(['true', 'false']).default('false'),
  OUTBOUND_RING_SECONDS: z.coerce.number().int().min(15).max(60).default(30),
});

const RoutesSchema = z.object({
  queueIds: z.record(z.string(), z.string().min(1)),
  flows: z.object({
    agent: z.record(z.string(), z.string().min(1)),
    agentless: z.record(z.string(), z.string().min(1)),
  }),
  agentlessQueue: z.string().min(1),
});

export function campaignDiallerDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
): AwsDiallerDeps | { readonly configError: string } {
  const parsed = CampaignDiallerEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  let routes: z.infer<typeof RoutesSchema>;
  try {
    routes = RoutesSchema.parse(JSON.parse(cfg.OUTBOUND_ROUTES));
  } catch (err) {
    return { configError: `OUTBOUND_ROUTES: ${(err as Error).message}`.slice(0, 300) };
  }
  const opts = { requestTimeoutMs: 5000 };
  const offCall = { ...env, ...OUTSIDE_A_CALL_BUDGETS };
  const tickets = ticketDepsFromEnv(offCall, opts);
  if ('configError' in tickets) return tickets;
  const orders = orderDepsFromEnv(offCall, opts);
  const pickups = pickupDepsFromEnv(offCall, opts);
  const leads = leadDepsFromEnv(offCall, opts);
  const doc = createDocumentClient({ connectionTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 3 });
  const campaigns = new DynamoCampaignRepository(doc, cfg.CAMPAIGNS_TABLE_NAME);
  const crm = new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME);
  return {
    campaigns,
    dnc: {
      blocked: async (phone, at) => isBlockActive((await crm.getPhone(phone))?.block, at),
      smsOptedOut: (phone) => tickets.sms.store.isOptedOut(phone),
    },
    feed: {
      tickets: { tickets: tickets.tickets, ticketing: tickets.ticketing, now: () => new Date() },
      ...('configError' in orders ? {} : { orders: { ...orders, crm } }),
      ...('configError' in pickups ? {} : { pickups }),
      ...('configError' in leads ? {} : { leads }),
    },
    calls: new ConnectOutboundCalls(new ConnectClient(boundedClientConfig(CALL_LIMITS.event, {})), {
      instanceId: cfg.CONNECT_INSTANCE_ID,
      queueIds: routes.queueIds,
      flows: routes.flows,
      agentlessQueue: routes.agentlessQueue,
      answeringMachineDetection: cfg.OUTBOUND_AMD === 'true',
      ringSeconds: cfg.OUTBOUND_RING_SECONDS,
    }),
    scriptFor,
  };
}
