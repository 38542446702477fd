import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { trackingSettingsOf } from '../../contact-flows/profiles/shipments.js';
import { type FunctionKey, IN_CALL_FUNCTIONS, type InCallFunctionDef } from '../../functions/registry.js';
import type { Config } from '../../schemas/config.js';
import { ORDER_LIMITS_PARTITION } from '../../schemas/orders.js';
import type { Profile } from '../../schemas/profile.js';
import {
  CONTACTS_TABLE,
  CRM_TABLE,
  KNOWLEDGE_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  SMS_TABLE,
} from '../../schemas/tables.js';
import { AnalyticsDelivery, AnalyticsExport, type AnalyticsStorage } from '../constructs/analytics.js';
import { RepairBookings } from '../constructs/bookings.js';
import { CallRecordFunctions, type CallRecordStorage } from '../constructs/call-records.js';
import { HotlineFunction } from '../constructs/hotline-function.js';
import { PickupDispatch } from '../constructs/pickups.js';
import { ShipmentFeed, shipmentEnvironment } from '../constructs/shipments.js';
import {
  allowSmsPublish,
  grantItems,
  grantTicketCreation,
  TicketEscalation,
  ticketEnvironment,
} from '../constructs/ticketing.js';

export interface FunctionsStackProps extends StackProps {
  readonly config: Config;
  readonly profile: Profile;
  /** The CRM table (data stack). */
  readonly crmTable: dynamodb.ITable;
  /** The key that encrypts the tables and the functions' logs (data stack). */
  readonly dataKey: kms.IKey;
  /** Tickets (F7) and the SMS message centre (F11) tables (data stack). */
  readonly ticketsTable: dynamodb.ITable;
  readonly smsTable: dynamodb.ITable;
  /** Call records (F8–F10): the Contacts table, and the recordings bucket and CTR stream (data stack). */
  readonly contactsTable: dynamodb.ITable;
  /** The order centre's table (data stack). */
  readonly ordersTable: dynamodb.ITable;
  readonly callRecordStorage: CallRecordStorage;
  /** Analytics (F16): the bucket and Glue tables the contacts delivery stream writes to (data stack). */
  readonly analyticsStorage: AnalyticsStorage;
  /** Pickup booking and dispatch (issue 12, carrier): the Pickups table (data stack). */
  readonly pickupsTable: dynamodb.ITable;
  /** Supervision (issue 15): QA evaluations, exported for analytics (data stack). */
  readonly supervisionTable?: dynamodb.ITable;
  /** Shipment tracking (issue 12, carrier): the Shipments table (data stack). */
  readonly shipmentsTable: dynamodb.ITable;
  /** Repair bookings (dealer) and sales leads (outsourcer) (issue 12): their tables (data stack). */
  readonly bookingsTable: dynamodb.ITable;
  readonly leadsTable: dynamodb.ITable;
  /** Outbound campaigns (issue 13): the Campaigns table (data stack), exported for analytics. */
  readonly campaignsTable?: dynamodb.ITable;
  /** The knowledge base (issue 14): the IVR reads FAQ articles' spoken answers (data stack). */
  readonly knowledgeTable: dynamodb.ITable;
}

/** What the in-call setups get besides the stack's props. */
interface InCallContext extends FunctionsStackProps {
  /** The branches' dispatch topics (none for a profile without pickups). */
  readonly pickupDispatch: PickupDispatch;
  /** Repair bookings' grants and reminder schedule (none for a profile without bookings). */
  readonly repairBookings: RepairBookings;
}

/** Connect gives a Lambda at most 8 s; leave the lookup its budget plus a second for the rest. */
export function inCallTimeout(budgetMs: number): Duration {
  return Duration.seconds(Math.min(8, Math.max(5, Math.ceil((budgetMs + 1000) / 1000))));
}

/** `callerLookup` → `CallerLookup`: the function's construct id (and so its logical ids). */
export function inCallConstructId(key: FunctionKey): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** What only CDK knows of an in-call function: its environment, its timeout, and what it may touch. */
interface InCallSetup {
  readonly environment: Readonly<Record<string, string>>;
  /** Overrides the registry's `timeoutSeconds` (e.g. computed from the deployment config). */
  readonly timeout?: Duration;
  readonly grant: (fn: HotlineFunction) => void;
}

/** One entry per registry key: the compiler points here when a function is added to the registry. */
const IN_CALL_SETUP: { readonly [K in FunctionKey]: (props: InCallContext) => InCallSetup } = {
  callerLookup: ({ config, profile, crmTable, dataKey }) => ({
    timeout: inCallTimeout(config.lookupBudgetMs),
    environment: {
      [CRM_TABLE.envVar]: crmTable.tableName,
      HOTLINE_PROFILE: profile.id,
      PHONE_REGION: config.phoneRegion ?? profile.phoneRegion,
      LOOKUP_BUDGET_MS: String(config.lookupBudgetMs),
    },
    grant: (fn) => {
      // The lookup reads the number's partition (its item and its newest contacts) in one Query, nothing else.
      crmTable.grant(fn, 'dynamodb:Query');
      dataKey.grantDecrypt(fn);
    },
  }),
  createTicket: (props) => ({
    // The handler answers within TICKET_BUDGET_MS (3 s); the flow waits up to the registry's 6 s.
    timeout: Duration.seconds(8),
    environment: ticketEnvironment(props, props.profile, props.config.phoneRegion),
    grant: (fn) => grantTicketCreation(fn, props),
  }),
  authenticateCard: ({ config, profile, crmTable, dataKey }) => ({
    timeout: inCallTimeout(config.lookupBudgetMs),
    environment: {
      [CRM_TABLE.envVar]: crmTable.tableName,
      HOTLINE_PROFILE: profile.id,
      PHONE_REGION: config.phoneRegion ?? profile.phoneRegion,
      LOOKUP_BUDGET_MS: String(config.lookupBudgetMs),
    },
    grant: (fn) => {
      // One GetItem of the card item (a customer record only for cards saved before they carried a copy).
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [crmTable.tableArn] }),
      );
      dataKey.grantDecrypt(fn);
    },
  }),
  orderDesk: (props) => ({
    // Each step answers within ORDER_BUDGET_MS (3 s); the flow waits up to the registry's 6 s.
    timeout: Duration.seconds(8),
    environment: {
      [ORDERS_TABLE.envVar]: props.ordersTable.tableName,
      [SMS_TABLE.envVar]: props.smsTable.tableName,
      HOTLINE_PROFILE: props.profile.id,
      PHONE_REGION: props.config.phoneRegion ?? props.profile.phoneRegion,
      ORDER_TIME_ZONE: props.config.timeZone,
    },
    grant: (fn) => {
      const allow = (actions: string[], resources: string[]) =>
        fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
      // Line data and cart prices (BatchGetItem), the placement and cancellation transactions (their item
      // actions, and the placement's check of the catalogue version), the order history (the `customer` index
      // only), and the catalogue's limits for placement (a Query of the `LIMITS` partition only).
      allow(
        [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ],
        [props.ordersTable.tableArn],
      );
      allow(['dynamodb:Query'], [`${props.ordersTable.tableArn}/index/customer`]);
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [props.ordersTable.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ORDER_LIMITS_PARTITION] } },
        }),
      );
      // The SMS confirmation: opt-outs, rate counters, dedupe claims and the log.
      allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [props.smsTable.tableArn]);
      allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
      allowSmsPublish(fn);
    },
  }),
  recordSurvey: (props) => ({
    // Stores the result, then (low score) creates the follow-up ticket through the tickets use case.
    timeout: Duration.seconds(5),
    environment: {
      ...ticketEnvironment(props, props.profile, props.config.phoneRegion),
      [CONTACTS_TABLE.envVar]: props.contactsTable.tableName,
    },
    grant: (fn) => {
      // Explicit statements (table ARNs only: no index/*): the survey item, then the follow-up ticket
      // (the same actions as grantTicketCreation, without its index wildcard).
      const allow = (actions: string[], resources: string[]) =>
        fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
      allow(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], [props.contactsTable.tableArn]);
      allow(
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        [props.ticketsTable.tableArn, props.crmTable.tableArn, props.smsTable.tableArn],
      );
      // The caller's lookup item (read as the number's partition, newest contacts with it).
      allow(['dynamodb:Query'], [props.crmTable.tableArn]);
      allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
    },
  }),
  pickup: ({ pickupDispatch }) => ({
    // The handler answers within PICKUP_BUDGET_MS (3 s); the flow waits up to the registry's 6 s.
    timeout: Duration.seconds(8),
    environment: pickupDispatch.environment(),
    grant: (fn) => pickupDispatch.grantBooking(fn),
  }),
  trackShipment: ({ config, profile, shipmentsTable, dataKey }) => ({
    timeout: inCallTimeout(config.lookupBudgetMs),
    environment: {
      ...shipmentEnvironment(profile, shipmentsTable),
      TRACK_BUDGET_MS: String(config.lookupBudgetMs),
    },
    grant: (fn) => {
      // The waybill's latest status: one GetItem.
      grantItems(fn, shipmentsTable, ['dynamodb:GetItem']);
      dataKey.grantDecrypt(fn);
    },
  }),
  repairBooking: ({ repairBookings }) => ({
    // The handler answers within BOOKING_BUDGET_MS (3 s); the flow waits up to the registry's 6 s.
    timeout: Duration.seconds(8),
    environment: repairBookings.environment(),
    grant: (fn) => repairBookings.grantBooking(fn),
  }),
  captureLead: ({ config, profile, crmTable, leadsTable, dataKey }) => ({
    timeout: Duration.seconds(5),
    environment: {
      [CRM_TABLE.envVar]: crmTable.tableName,
      [LEADS_TABLE.envVar]: leadsTable.tableName,
      HOTLINE_PROFILE: profile.id,
      PHONE_REGION: config.phoneRegion ?? profile.phoneRegion,
    },
    grant: (fn) => {
      const allow = (actions: string[], resources: string[]) =>
        fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
      // The lead and its idempotency claim (a transaction of puts), the day counter, the claim read on a replay;
      // the caller's number and customer record.
      allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [leadsTable.tableArn]);
      allow(['dynamodb:GetItem', 'dynamodb:Query'], [crmTable.tableArn]);
      allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [dataKey.keyArn]);
    },
  }),
  faqAnswer: ({ config, profile, knowledgeTable, dataKey }) => ({
    timeout: inCallTimeout(config.lookupBudgetMs),
    environment: {
      [KNOWLEDGE_TABLE.envVar]: knowledgeTable.tableName,
      HOTLINE_PROFILE: profile.id,
      FAQ_BUDGET_MS: String(config.lookupBudgetMs),
    },
    grant: (fn) => {
      // The FAQ article's current item: one GetItem, nothing else (no index, no versions).
      grantItems(fn, knowledgeTable, ['dynamodb:GetItem']);
      dataKey.grantDecrypt(fn);
    },
  }),
};

/**
 * Stateless: the Lambdas. Safe to destroy and redeploy (their log groups are retained).
 * Each function has its own role, granted only what it uses. The in-call functions are those of
 * functions/registry.ts, so the contact flows and the local contact centre know the same list.
 */
export class FunctionsStack extends Stack {
  /** In-call: caller number → customer, tier, block, routing hints (F3–F6). */
  readonly callerLookup: HotlineFunction;
  /** Functions that contact flows invoke during a call, by registry key; the connect stack adds them to the instance. */
  readonly inCallFunctions: Readonly<Record<FunctionKey, HotlineFunction>>;
  /** Scheduled escalation of late tickets and its SNS topics (F7). */
  readonly ticketEscalation: TicketEscalation;
  /** Pickup dispatch topics per branch and the overdue-pickup schedule (issue 12). */
  readonly pickupDispatch: PickupDispatch;
  /** The carrier's shipment status-event queue and its consumer (issue 12; carrier only). */
  readonly shipmentFeed?: ShipmentFeed;
  /** Repair bookings' reminder schedule (issue 12, dealer). */
  readonly repairBookings: RepairBookings;
  /** CTR ingestion, recordings → Transcribe, transcripts, and their dead-letter queue (F9, F10). */
  readonly callRecords: CallRecordFunctions;
  /** Contact records to Parquet in the analytics bucket: Firehose and its processing Lambda (F16). */
  readonly analytics: AnalyticsDelivery;
  /** Tickets and survey results to Parquet in the analytics bucket, every hour (F16). */
  readonly analyticsExport: AnalyticsExport;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, { description: 'Hotline functions (stateless)', ...props });
    const { config } = props;
    // CloudWatch accepts exactly the values of LOG_RETENTION_DAYS, which RetentionDays enumerates.
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // The branches' dispatch topics first: the in-call pickup function publishes to them.
    this.pickupDispatch = new PickupDispatch(this, 'Pickups', {
      profile: props.profile,
      crmTable: props.crmTable,
      pickupsTable: props.pickupsTable,
      smsTable: props.smsTable,
      dataKey: props.dataKey,
      ...(config.phoneRegion ? { phoneRegion: config.phoneRegion } : {}),
    });
    this.repairBookings = new RepairBookings(this, 'Bookings', {
      profile: props.profile,
      crmTable: props.crmTable,
      bookingsTable: props.bookingsTable,
      smsTable: props.smsTable,
      dataKey: props.dataKey,
      ...(config.phoneRegion ? { phoneRegion: config.phoneRegion } : {}),
    });
    const inCall = {} as Record<FunctionKey, HotlineFunction>;
    for (const def of IN_CALL_FUNCTIONS as readonly (InCallFunctionDef & { key: FunctionKey })[]) {
      const setup = IN_CALL_SETUP[def.key]({
        ...props,
        pickupDispatch: this.pickupDispatch,
        repairBookings: this.repairBookings,
      });
      const constructId = inCallConstructId(def.key);
      const timeout =
        setup.timeout ??
        (def.timeoutSeconds === undefined ? undefined : Duration.seconds(def.timeoutSeconds));
      const fn = new HotlineFunction(this, constructId, {
        entry: def.entry,
        serviceName: def.serviceName,
        description: def.description,
        ...(timeout === undefined ? {} : { timeout }),
        logRetention,
        logEncryptionKey: props.dataKey,
        environment: setup.environment,
      });
      setup.grant(fn);
      inCall[def.key] = fn;
      new CfnOutput(this, `${constructId}FunctionName`, { value: fn.functionName });
    }
    this.inCallFunctions = inCall;
    // Scheduled ticket escalation (F7): topics, the function and its 5-minute rule.
    this.ticketEscalation = new TicketEscalation(this, 'Tickets', {
      ...props,
      ...(config.phoneRegion ? { phoneRegion: config.phoneRegion } : {}),
      logRetention,
    });
    // Overdue pickups (carrier only): the branch topics and the tickets' supervisors, every 5 minutes.
    if (Object.keys(this.pickupDispatch.topics).length > 0)
      this.pickupDispatch.addEscalation({
        supervisorTopic: this.ticketEscalation.supervisorTopic,
        logRetention,
      });
    // Shipment status events from the carrier's systems (carrier only).
    if (trackingSettingsOf(props.profile.id))
      this.shipmentFeed = new ShipmentFeed(this, 'Shipments', {
        profile: props.profile,
        shipmentsTable: props.shipmentsTable,
        dataKey: props.dataKey,
        logRetention,
      });
    // Repair booking reminders (dealer only): a daily schedule at the profile's reminder time.
    this.repairBookings.addReminders({ logRetention });
    this.callRecords = new CallRecordFunctions(this, 'CallRecords', {
      profile: props.profile,
      phoneRegion: config.phoneRegion ?? props.profile.phoneRegion,
      crmTable: props.crmTable,
      contactsTable: props.contactsTable,
      dataKey: props.dataKey,
      storage: props.callRecordStorage,
      logRetention,
      ticketsTable: props.ticketsTable,
    });
    this.analytics = new AnalyticsDelivery(this, 'Analytics', {
      storage: props.analyticsStorage,
      stream: props.callRecordStorage.stream,
      streamKey: props.callRecordStorage.key,
      dataKey: props.dataKey,
      logRetention,
      phoneRegion: config.phoneRegion ?? props.profile.phoneRegion,
    });
    this.analyticsExport = new AnalyticsExport(this, 'AnalyticsExport', {
      storage: props.analyticsStorage,
      ticketsTable: props.ticketsTable,
      contactsTable: props.contactsTable,
      ...(props.supervisionTable ? { supervisionTable: props.supervisionTable } : {}),
      ordersTable: props.ordersTable,
      crmTable: props.crmTable,
      bookingsTable: props.bookingsTable,
      leadsTable: props.leadsTable,
      pickupsTable: props.pickupsTable,
      ...(props.campaignsTable ? { campaignsTable: props.campaignsTable } : {}),
      timeZone: config.timeZone,
      dataKey: props.dataKey,
      profileId: props.profile.id,
      logRetention,
    });
    this.callerLookup = inCall.callerLookup;
  }
}
