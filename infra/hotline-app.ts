import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BaseFlowRefs } from '../contact-flows/flows/refs.js';
import { getProfile } from '../contact-flows/profiles/index.js';
import type { Config } from '../schemas/config.js';
import type { Profile } from '../schemas/profile.js';
import { loadConfig } from './config.js';
import { OutboundCampaigns } from './constructs/outbound-campaigns.js';
import { ConnectStack } from './stacks/connect-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { FunctionsStack } from './stacks/functions-stack.js';
import { WorkspaceStack } from './stacks/workspace-stack.js';

/**
 * Context the app sets itself (so `cdk` and the tests agree; `-c` still overrides).
 * Strong cross-stack references (CloudFormation exports): the data stack cannot be deleted,
 * nor a table it exports replaced, while the functions stack uses it.
 */
const APP_DEFAULTS: Record<string, unknown> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface HotlineApp {
  readonly app: App;
  readonly config: Config;
  readonly profile: Profile;
  readonly data: DataStack;
  readonly functions: FunctionsStack;
  readonly connect: ConnectStack;
  readonly workspace: WorkspaceStack;
  readonly campaigns: OutboundCampaigns;
}

/**
 * The whole CDK app: context → Config → stacks, checked by cdk-nag (AwsSolutions) at synth.
 * Used by infra/app.ts (context from `-c` and cdk.json) and by the tests (context given here).
 *
 * Stacks are environment-agnostic (account and region come from the CLI's credentials at
 * deploy time) and use no lookups, so `cdk synth` works offline without credentials.
 * Stacks, by lifecycle: `<prefix>-Data` (retained), `<prefix>-Functions`, `<prefix>-Connect`.
 */
export function buildApp(
  context: Record<string, unknown> = {},
  props: Omit<AppProps, 'context'> = {},
): HotlineApp {
  const app = new App({ ...props, context: { ...APP_DEFAULTS, ...context } });
  const config = loadConfig(app);
  const profile = getProfile(config.profile);
  const prefix = config.stackPrefix;

  const data = new DataStack(app, `${prefix}-Data`, {
    athenaBytesScannedLimitGb: config.athenaBytesScannedLimitGb,
  });
  const crm = data.tables.Crm.table;
  const functions = new FunctionsStack(app, `${prefix}-Functions`, {
    config,
    profile,
    crmTable: crm,
    dataKey: data.key,
    ticketsTable: data.tables.Tickets.table,
    smsTable: data.tables.Sms.table,
    contactsTable: data.tables.Contacts.table,
    ordersTable: data.tables.Orders.table,
    callRecordStorage: data.callRecords,
    analyticsStorage: data.analytics,
    pickupsTable: data.tables.Pickups.table,
    supervisionTable: data.tables.Supervision.table,
    shipmentsTable: data.tables.Shipments.table,
    bookingsTable: data.tables.Bookings.table,
    leadsTable: data.tables.Leads.table,
    campaignsTable: data.tables.Campaigns.table,
    knowledgeTable: data.tables.Knowledge.table,
  });
  const connect = new ConnectStack(app, `${prefix}-Connect`, {
    config,
    profile,
    inCallFunctions: functions.inCallFunctions,
    callRecordStorage: data.callRecords,
  });

  // Outbound campaigns (issue 13): the outbound flows and the scheduled dialler, in the Connect stack.
  const campaigns = new OutboundCampaigns(connect, 'Campaigns', {
    profile,
    stackPrefix: prefix,
    phoneRegion: config.phoneRegion ?? profile.phoneRegion,
    timeZone: config.timeZone,
    instanceArn: connect.instanceArn,
    ...(connect.instance ? { instance: connect.instance } : {}),
    queues: connect.queues,
    refs: {
      lambdas: Object.fromEntries(
        Object.entries(functions.inCallFunctions).map(([k, f]) => [k, f.functionArn]),
      ) as BaseFlowRefs['lambdas'],
      queues: Object.fromEntries(Object.entries(connect.queues).map(([k, q]) => [k, q.attrQueueArn])),
      hours: Object.fromEntries(
        Object.entries(connect.hours).map(([k, h]) => [k, h.attrHoursOfOperationArn]),
      ),
    },
    dependsOn: [connect.integrations.callerLookup],
    tables: {
      campaigns: data.tables.Campaigns.table,
      crm,
      sms: data.tables.Sms.table,
      tickets: data.tables.Tickets.table,
      orders: data.tables.Orders.table,
      leads: data.tables.Leads.table,
    },
    ...(Object.keys(functions.pickupDispatch.topics).length > 0
      ? { pickupDispatch: functions.pickupDispatch }
      : {}),
    dataKey: data.key,
    logRetention: config.logRetentionDays as logs.RetentionDays,
    answeringMachineDetection: [true, 'true'].includes(app.node.tryGetContext('outboundAmd')),
  });

  const workspace = new WorkspaceStack(app, `${prefix}-Workspace`, {
    profile,
    phoneRegion: config.phoneRegion ?? profile.phoneRegion,
    tables: {
      crm,
      tickets: data.tables.Tickets.table,
      sms: data.tables.Sms.table,
      contacts: data.tables.Contacts.table,
      knowledge: data.tables.Knowledge.table,
      audit: data.tables.Audit.table,
      orders: data.tables.Orders.table,
      campaigns: data.tables.Campaigns.table,
      leads: data.tables.Leads.table,
    },
    timeZone: config.timeZone,
    dataKey: data.key,
    logRetention: config.logRetentionDays as logs.RetentionDays,
    instanceArn: connect.instanceArn,
    stackPrefix: prefix,
    // The supervisor console (issue 15): wallboard from Connect, QA, listen-in, breach notices.
    supervision: {
      supervisionTable: data.tables.Supervision.table,
      contactsTable: data.tables.Contacts.table,
      ticketsTable: data.tables.Tickets.table,
      queues: profile.queues.map((q) => ({
        arn: (connect.queues[q.key] as { attrQueueArn: string }).attrQueueArn,
        name: q.name,
      })),
      supervisorTopic: functions.ticketEscalation.supervisorTopic,
      recordings: { dataStackName: data.stackName, key: data.callRecords.key },
      analytics: { dataStackName: data.stackName, key: data.key },
      connectStackName: connect.stackName,
    },
    // Erasure requests (issue 17): the admin API route's worker, on every table and the recordings.
    privacy: {
      tables: data.tables,
      recordings: { dataStackName: data.stackName, key: data.callRecords.key },
    },
  });

  Tags.of(app).add('hotline:deployment', prefix);
  Tags.of(app).add('hotline:profile', profile.id);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, config, profile, data, functions, connect, workspace, campaigns };
}
