/**
 * What the agent's disposition route needs (functions/api/routes/campaigns.ts): the Campaigns table, the
 * do-not-call lookups and the use cases a finished contact feeds, as the dialler has them
 * (functions/campaign-dialler/deps.ts): tickets always; orders, pickups and leads where the environment names
 * their tables. Absent when the environment names no Campaigns table (the routes then answer 503).
 */
import { CAMPAIGNS_TABLE } from '../../../schemas/tables.js';
import { DynamoCampaignRepository } from '../../adapters/dynamodb/campaign-repository.js';
import type { createDocumentClient } from '../../adapters/dynamodb/client.js';
import { isBlockActive } from '../../core/caller-lookup.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../../shared/in-call-deps.js';
import { leadDepsFromEnv } from '../../shared/lead-deps.js';
import { pickupDepsFromEnv } from '../../shared/pickup-deps.js';
import type { TicketDeps } from '../../shared/ticket-deps.js';
import type { RecordDispositionDeps } from '../../use-cases/campaigns/record-disposition.js';
import type { OrderDeps } from '../../use-cases/orders/place-order.js';

export interface CampaignApiDeps extends RecordDispositionDeps {
  readonly now: () => Date;
}

export function campaignDepsOf(
  env: Readonly<Record<string, string | undefined>>,
  parts: {
    readonly doc: ReturnType<typeof createDocumentClient>;
    readonly core: TicketDeps;
    readonly crm: CrmRepository;
    readonly orders?: OrderDeps;
    readonly now?: () => Date;
  },
): { campaigns?: CampaignApiDeps } {
  const table = env[CAMPAIGNS_TABLE.envVar];
  if (!table) return {};
  const now = parts.now ?? (() => new Date());
  const opts = { now, requestTimeoutMs: 5000 };
  const offCall = { ...env, ...OUTSIDE_A_CALL_BUDGETS };
  const pickups = pickupDepsFromEnv(offCall, opts);
  const leads = leadDepsFromEnv(offCall, opts);
  const { core, crm } = parts;
  return {
    campaigns: {
      campaigns: new DynamoCampaignRepository(parts.doc, table),
      dnc: {
        blocked: async (phone, at) => isBlockActive((await crm.getPhone(phone))?.block, at),
        smsOptedOut: (phone) => core.sms.store.isOptedOut(phone),
      },
      feed: {
        tickets: { tickets: core.tickets, ticketing: core.ticketing, now },
        ...(parts.orders ? { orders: { ...parts.orders, crm } } : {}),
        ...('configError' in pickups ? {} : { pickups }),
        ...('configError' in leads ? {} : { leads }),
      },
      now,
    },
  };
}
