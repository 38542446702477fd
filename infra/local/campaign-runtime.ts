/**
 * Campaigns on the local data (`hotline campaigns …`): the campaign repository on DynamoDB Local, the dialling-list
 * sources over the tickets, order centre, CRM, pickups and leads, the do-not-call lookups, and the use cases the
 * results feed (tickets, orders, pickups, leads), all on one clock (the simulated one during `run`).
 */

import {
  csvSource,
  ListSourceError,
  leadsSource,
  pickupSource,
  scanCustomers,
  segmentSource,
  shortfallSource,
  ticketSource,
} from '../../functions/adapters/campaigns/sources.js';
import { DynamoCampaignRepository } from '../../functions/adapters/dynamodb/campaign-repository.js';
import { isBlockActive } from '../../functions/core/caller-lookup.js';
import { periodOf } from '../../functions/core/orders/orders.js';
import type { DiallingListSource } from '../../functions/ports/dialling-list-source.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../../functions/shared/in-call-deps.js';
import { type LeadRuntimeDeps, leadDepsFromEnv } from '../../functions/shared/lead-deps.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { type TicketDeps, ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import type { FeedDeps } from '../../functions/use-cases/campaigns/apply-result.js';
import type { DncLookup } from '../../functions/use-cases/campaigns/dial.js';
import type { ListSource } from '../../schemas/campaigns.js';
import type { Profile } from '../../schemas/profile.js';
import { CAMPAIGNS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { localTicketEnv } from './contact-centre.js';
import { type LocalData, openLocalData } from './local-data.js';

export interface CampaignRuntime {
  readonly data: LocalData;
  readonly campaigns: DynamoCampaignRepository;
  readonly tickets: TicketDeps;
  readonly orders?: OrderCentreDeps;
  readonly pickups?: PickupRuntimeDeps;
  readonly leads?: LeadRuntimeDeps;
  readonly dnc: DncLookup;
  readonly feed: FeedDeps;
  readonly phoneRegion: string;
  /** The dialling-list source a definition names. */
  sourceOf(source: ListSource): DiallingListSource;
  close(): Promise<void>;
}

export interface CampaignRuntimeOptions {
  readonly home: string;
  readonly profile: Profile;
  readonly region: string;
  /** The clock every use case reads (the run's simulated clock). */
  readonly now: () => Date;
  /**
   * The functions' environment (table names…) instead of the local one: the deployed tables for `--aws`
   * (bin/commands/campaigns.ts). SMS then go through SNS, as the deployed functions send them.
   */
  readonly env?: Readonly<Record<string, string>>;
}

export async function openCampaignRuntime(opts: CampaignRuntimeOptions): Promise<CampaignRuntime> {
  return campaignRuntimeOn(await openLocalData(opts.home), opts);
}

/** The campaign runtime on data already open (tests pass their own tables); `close()` closes `data` too. */
export async function campaignRuntimeOn(
  data: LocalData,
  opts: Omit<CampaignRuntimeOptions, 'home'>,
): Promise<CampaignRuntime> {
  const env = opts.env
    ? { ...opts.env, HOTLINE_PROFILE: opts.profile.id, PHONE_REGION: opts.region, ...OUTSIDE_A_CALL_BUDGETS }
    : { ...localTicketEnv(opts.profile, data), PHONE_REGION: opts.region };
  const closers: Array<() => void> = [];
  try {
    const tickets = ticketDepsFromEnv(env, { now: opts.now, requestTimeoutMs: 10_000 });
    if ('configError' in tickets) throw new Error(tickets.configError);
    closers.push(() => tickets.close());
    const orders = orderDepsFromEnv(env, { now: opts.now, requestTimeoutMs: 10_000 });
    const orderDeps = 'configError' in orders ? undefined : orders;
    if (orderDeps) closers.push(() => orderDeps.close());
    const pickups = pickupDepsFromEnv(env, { now: opts.now, requestTimeoutMs: 10_000 });
    const pickupDeps = 'configError' in pickups ? undefined : pickups;
    if (pickupDeps) closers.push(() => pickupDeps.close());
    const leads = leadDepsFromEnv(env, { now: opts.now, requestTimeoutMs: 10_000 });
    const leadDeps = 'configError' in leads ? undefined : leads;
    if (leadDeps) closers.push(() => leadDeps.close());
    const campaigns = new DynamoCampaignRepository(data.doc, data.tableEnv[CAMPAIGNS_TABLE.envVar] as string);
    const crmTable = data.tableEnv[CRM_TABLE.envVar] as string;
    const customers = () => scanCustomers(data.doc, crmTable);
    const dnc: DncLookup = {
      blocked: async (phone, at) => isBlockActive((await data.crm.getPhone(phone))?.block, at),
      smsOptedOut: (phone) => tickets.sms.store.isOptedOut(phone),
    };
    return {
      data,
      campaigns,
      tickets,
      ...(orderDeps ? { orders: orderDeps } : {}),
      ...(pickupDeps ? { pickups: pickupDeps } : {}),
      ...(leadDeps ? { leads: leadDeps } : {}),
      dnc,
      feed: {
        tickets: { tickets: tickets.tickets, ticketing: tickets.ticketing, now: opts.now },
        ...(orderDeps ? { orders: { ...orderDeps, crm: data.crm } } : {}),
        ...(pickupDeps ? { pickups: pickupDeps } : {}),
        ...(leadDeps ? { leads: leadDeps } : {}),
      },
      phoneRegion: opts.region,
      sourceOf(source) {
        switch (source.kind) {
          case 'csv':
            return csvSource(source.file);
          case 'tickets':
            return ticketSource({
              tickets: tickets.tickets,
              crm: data.crm,
              ...(source.category ? { category: source.category } : {}),
            });
          case 'shortfall':
            if (!orderDeps) throw new ListSourceError(`the ${opts.profile.id} profile has no order centre`);
            return shortfallSource({
              orders: orderDeps.orders,
              customers,
              period: source.period ?? periodOf(opts.now(), orderDeps.settings),
            });
          case 'segment':
            return segmentSource({
              customers,
              ...(source.tier ? { tier: source.tier } : {}),
              ...(source.vip === undefined ? {} : { vip: source.vip }),
              ...(source.branch ? { branch: source.branch } : {}),
            });
          case 'pickups':
            if (!pickupDeps) throw new ListSourceError(`the ${opts.profile.id} profile has no pickups`);
            return pickupSource({
              pickups: pickupDeps.pickups,
              crm: data.crm,
              branches: pickupDeps.settings.branches.map((b) => b.key),
              day: source.day,
              timeZone: pickupDeps.settings.timeZone,
            });
          case 'leads':
            if (!leadDeps) throw new ListSourceError(`the ${opts.profile.id} profile captures no leads`);
            return leadsSource({
              leads: leadDeps.leads,
              ...(source.interest ? { interest: source.interest } : {}),
            });
        }
      },
      close: async () => {
        for (const c of closers) c();
        await data.close();
      },
    };
  } catch (err) {
    for (const c of closers) c();
    await data.close();
    throw err;
  }
}
