/**
 * The local contact centre: the profile's flows run by the offline interpreter against the real
 * in-call handlers, on the local data under $HOTLINE_HOME. Used by `npm start` and `hotline call`.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { createProfileRuntime, type ProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import type { CallOptions } from '../../contact-flows/runtime/runtime.js';
import { SimulatedClock } from '../../contact-flows/runtime/time.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import { createCaptureLeadHandler } from '../../functions/capture-lead/handler.js';
import { cardDepsFromEnv, createCardAuthHandler } from '../../functions/card-auth/handler.js';
import { createCreateTicketHandler } from '../../functions/create-ticket/handler.js';
import { createFaqAnswerHandler } from '../../functions/faq-answer/handler.js';
import { createOrderDeskHandler } from '../../functions/order-desk/handler.js';
import { createPickupHandler } from '../../functions/pickup/handler.js';
import type { FunctionKey } from '../../functions/registry.js';
import { createRepairBookingHandler } from '../../functions/repair-booking/handler.js';
import { bookingDepsFromEnv } from '../../functions/shared/booking-deps.js';
import { faqDepsFromEnv } from '../../functions/shared/faq-deps.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../../functions/shared/in-call-deps.js';
import { leadDepsFromEnv } from '../../functions/shared/lead-deps.js';
import { orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { shipmentDepsFromEnv } from '../../functions/shared/shipment-deps.js';
import { ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { createSurveyHandler, surveyDepsFromEnv } from '../../functions/survey/handler.js';
import { createTrackShipmentHandler } from '../../functions/track-shipment/handler.js';
import type { ImportSummary } from '../../functions/use-cases/import-customers.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { Profile, ProfileId } from '../../schemas/profile.js';
import { seedKnowledgeOnce } from './knowledge-seed.js';
import { type LocalData, openLocalData } from './local-data.js';
import { type LocalPostCall, openLocalPostCall, type PostCallSummary } from './post-call.js';
import { seedOnce } from './seed.js';

/** Where the local handlers read their data: the env a deployed function gets, pointing at DynamoDB Local. */
export interface LocalHandlerEnv {
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly endpoint: string;
  /** $HOTLINE_HOME: where the SMS outbox is written. */
  readonly home?: string;
}

/**
 * The environment of the functions that write records, locally (tickets, orders, pickups, bookings, leads, …):
 * DynamoDB Local, the outbox under the home instead of SNS, and the budgets of work done outside a call.
 */
export function localTicketEnv(profile: Profile, env: LocalHandlerEnv): Record<string, string> {
  return {
    ...env.tableEnv,
    DYNAMODB_ENDPOINT: env.endpoint,
    HOTLINE_PROFILE: profile.id,
    HOTLINE_OUTBOX_HOME: env.home ?? join(tmpdir(), 'hotline-outbox'),
    ...OUTSIDE_A_CALL_BUDGETS,
  };
}

/**
 * The handler answering each in-call function locally, built as the deployed function is (the same
 * environment variables, with DynamoDB Local's endpoint). A Record over every FunctionKey: adding a
 * function to functions/registry.ts without a local handler does not compile.
 */
export function localHandlers(
  profile: Profile,
  env: LocalHandlerEnv,
  /** The clock handlers stamp records with: the contact centre's simulated one, so `--at` holds. */
  now: () => Date = () => new Date(),
): Record<FunctionKey, LambdaInvoker> {
  const logLevel = (process.env.HOTLINE_LOG_LEVEL ?? 'SILENT') as 'SILENT';
  return {
    callerLookup: createCallerLookupHandler({
      logger: new Logger({ serviceName: 'caller-lookup', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'caller-lookup' }),
      // On the simulated clock too: the last-agent window is read at the call's time (`--at`).
      lookup: lookupDepsFromEnv(
        {
          ...env.tableEnv,
          DYNAMODB_ENDPOINT: env.endpoint,
          HOTLINE_PROFILE: profile.id,
        },
        now,
      ),
    }) as LambdaInvoker,
    createTicket: createCreateTicketHandler({
      logger: new Logger({ serviceName: 'create-ticket', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'create-ticket' }),
      tickets: ticketDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    // The survey's follow-up tickets use the ticket functions' local environment.
    recordSurvey: createSurveyHandler({
      logger: new Logger({ serviceName: 'survey', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'survey' }),
      survey: surveyDepsFromEnv(localTicketEnv(profile, env), undefined, now),
    }) as LambdaInvoker,
    // The order centre (issue 11): card authentication and the order desk, on the simulated clock.
    authenticateCard: createCardAuthHandler({
      logger: new Logger({ serviceName: 'card-auth', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'card-auth' }),
      cards: cardDepsFromEnv({
        ...env.tableEnv,
        DYNAMODB_ENDPOINT: env.endpoint,
        HOTLINE_PROFILE: profile.id,
      }),
    }) as LambdaInvoker,
    orderDesk: createOrderDeskHandler({
      logger: new Logger({ serviceName: 'order-desk', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'order-desk' }),
      orders: orderDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    // Pickup booking (carrier): a profile without pickup settings answers `degraded` (configError).
    pickup: createPickupHandler({
      logger: new Logger({ serviceName: 'pickup', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'pickup' }),
      pickups: pickupDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    // Waybill tracking (carrier): a profile without tracking settings answers `degraded` (configError).
    trackShipment: createTrackShipmentHandler({
      logger: new Logger({ serviceName: 'track-shipment', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'track-shipment' }),
      shipments: shipmentDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    // Repair booking (dealer) and lead capture (outsourcer): other profiles answer `degraded` (configError).
    repairBooking: createRepairBookingHandler({
      logger: new Logger({ serviceName: 'repair-booking', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'repair-booking' }),
      bookings: bookingDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    captureLead: createCaptureLeadHandler({
      logger: new Logger({ serviceName: 'capture-lead', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'capture-lead' }),
      leads: leadDepsFromEnv(localTicketEnv(profile, env), { now }),
    }) as LambdaInvoker,
    // Spoken FAQ answers (issue 14): the knowledge base's articles, as `npm start` seeded them.
    faqAnswer: createFaqAnswerHandler({
      logger: new Logger({ serviceName: 'faq-answer', logLevel }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'faq-answer' }),
      faq: faqDepsFromEnv(localTicketEnv(profile, env)),
    }) as LambdaInvoker,
  };
}

export interface LocalContactCentreOptions {
  readonly home: string;
  readonly profile: ProfileId;
  /** @default 'Asia/Shanghai' */
  readonly timeZone?: string;
  /** Load the profile's demo customers on first use. @default true */
  readonly seed?: boolean;
}

export interface LocalContactCentre {
  readonly profile: Profile;
  readonly data: LocalData;
  readonly centre: ProfileRuntime;
  /** What loading the demo customers did, when this open loaded them (the first time only). */
  readonly seeded: ImportSummary | undefined;
  /** Knowledge articles loaded by this open (a profile with spoken FAQ answers: the IVR reads them), else 0. */
  readonly knowledgeSeeded: number;
  /** After each call: CTR ingestion, recording, transcript (infra/local/post-call.ts). */
  readonly postCall: LocalPostCall;
  /** What the post-call pipeline did for each call, by ContactId. */
  readonly postCallResults: ReadonlyMap<string, PostCallSummary>;
  /** Place a call to the hotline (the profile's inbound flow); its record, recording and transcript follow. */
  call(opts: Omit<CallOptions, 'entryFlowArn'>): Promise<CallResult>;
  /** Stop DynamoDB Local if this process started it. */
  close(): Promise<void>;
}

export async function openLocalContactCentre(opts: LocalContactCentreOptions): Promise<LocalContactCentre> {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const profile = getProfile(opts.profile);
  const data = await openLocalData(opts.home);
  try {
    const seeded = opts.seed === false ? undefined : await seedOnce(data.home, profile, data.crm);
    // A profile whose IVR speaks FAQ answers needs its articles for every call (`hotline call` too), not only once
    // the workspace starts.
    // One simulated clock for the flows and the handlers: a call placed `--at` a time leaves its
    // ticket, SMS and survey stamped with that time (and the seeded articles, as the editor's versions).
    const clock = new SimulatedClock();
    const knowledgeSeeded =
      opts.seed !== false && knowledgeOf(profile.id).ivrFaq
        ? await seedKnowledgeOnce(data, profile, () => clock.now())
        : 0;
    const centre = createProfileRuntime(profile, {
      clock,
      lambdas: localHandlers(profile, data, () => clock.now()),
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });
    const postCall = await openLocalPostCall({
      profile,
      home: data.home,
      tableEnv: data.tableEnv,
      endpoint: data.endpoint,
      now: () => clock.now(),
    });
    const postCallResults = new Map<string, PostCallSummary>();
    return {
      profile,
      data,
      centre,
      seeded,
      knowledgeSeeded,
      postCall,
      postCallResults,
      // Contact ids are unique across runs, as Connect's are (records are keyed by them).
      call: async (call) => {
        const result = await centre.runtime.call({
          contactId: randomUUID(),
          ...call,
          entryFlowArn: centre.entryFlowArn,
        });
        postCallResults.set(result.contactId, await postCall.process(result));
        return result;
      },
      close: async () => {
        await postCall.close();
        await data.close();
      },
    };
  } catch (err) {
    await data.close();
    throw err;
  }
}
