/**
 * Outbound campaigns in AWS (issue 13, F12): the outbound flows, and the serverless dialler around
 * StartOutboundVoiceContact (functions/campaign-dialler).
 *
 * - Flows (built with the flow builder, contact-flows/flows/outbound.ts): one agent-assisted flow per queue (the
 *   screen pop lookup, the campaign whisper, the queue), one agentless flow per purpose with keys (message + keys →
 *   `campaignResult`), and the campaign whisper (AGENT_WHISPER). Campaigns are created at run time: the script
 *   comes from the contact's `campaignScript` attribute, set by the dialler.
 * - `Tick`: an EventBridge rule once a minute. Why a one-minute schedule rather than Connect Outbound Campaigns:
 *   the pacing per queue (agents available × lines per agent), the per-result retry rules, dial-time do-not-call
 *   from our own tables and the feeding of tickets, orders, pickups and leads are all ours either way, and the same
 *   rules then run locally (`hotline campaigns run`) and in AWS. Connect Outbound Campaigns also needs its own
 *   service-linked setup and a quota per Region; StartOutboundVoiceContact needs neither (answering machine detection
 *   does: TrafficType CAMPAIGN, enabled with `-c outboundAmd=true` once the quota is raised).
 * - `Outcome`: an EventBridge rule on this instance's contact events (DISCONNECTED and CONTACT_DATA_UPDATED of
 *   API-initiated contacts) records each attempt once.
 *
 * Least privilege: Connect actions on this instance's contacts, flows and queues only; DynamoDB item actions on the
 * tables themselves (plus the Campaigns `list` and Leads `status` indexes it queries); the data key.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { deployedOutboundFlows, type OutboundFlow } from '../../contact-flows/flows/outbound.js';
import type { BaseFlowRefs } from '../../contact-flows/flows/refs.js';
import {
  campaignPurposesOf,
  PURPOSE_DISPOSITIONS,
  PURPOSE_KEYS,
} from '../../contact-flows/profiles/campaigns.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import { ORDER_LIMITS_PARTITION } from '../../schemas/orders.js';
import type { Profile } from '../../schemas/profile.js';
import { HotlineFunction } from './hotline-function.js';
import type { PickupDispatch } from './pickups.js';
import { allowSmsPublish } from './ticketing.js';

export interface OutboundCampaignsProps {
  readonly profile: Profile;
  readonly stackPrefix: string;
  readonly phoneRegion: string;
  readonly timeZone: string;
  readonly instanceArn: string;
  /** The instance when this deployment created it (cdk-nag names it by its logical id). */
  readonly instance?: connect.CfnInstance;
  /** The profile's queues (ids and ARNs). */
  readonly queues: Readonly<Record<string, connect.CfnQueue>>;
  /** References the flows use (the caller lookup Lambda, queues, hours). */
  readonly refs: BaseFlowRefs;
  /** The Lambda associations the agent flows' lookup needs first. */
  readonly dependsOn: readonly connect.CfnIntegrationAssociation[];
  readonly tables: {
    readonly campaigns: dynamodb.ITable;
    readonly crm: dynamodb.ITable;
    readonly sms: dynamodb.ITable;
    readonly tickets: dynamodb.ITable;
    readonly orders: dynamodb.ITable;
    readonly leads: dynamodb.ITable;
  };
  /** The carrier's pickups (reminders cancel them): its dispatch topics and grants. */
  readonly pickupDispatch?: PickupDispatch;
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Answering machine detection (TrafficType CAMPAIGN: needs the campaigns quota). @default false */
  readonly answeringMachineDetection?: boolean;
}

export class OutboundCampaigns extends Construct {
  readonly whisper: connect.CfnContactFlow;
  readonly agentFlows: Readonly<Record<string, connect.CfnContactFlow>>;
  readonly agentlessFlows: Readonly<Record<string, connect.CfnContactFlow>>;
  readonly tick: HotlineFunction;
  readonly outcome: HotlineFunction;

  constructor(scope: Construct, id: string, props: OutboundCampaignsProps) {
    super(scope, id);
    const { profile, instanceArn } = props;
    const stack = Stack.of(this);
    const flow = (fid: string, doc: OutboundFlow) =>
      new connect.CfnContactFlow(this, fid, {
        instanceArn,
        name: `${props.stackPrefix} ${doc.name}`.slice(0, 127),
        type: doc.type,
        description: doc.description,
        state: 'ACTIVE',
        content: stack.toJsonString(doc.content),
      });
    const purposes = campaignPurposesOf(profile.id);
    const built = deployedOutboundFlows(profile, props.refs, {
      dispositions: PURPOSE_DISPOSITIONS,
      keys: Object.fromEntries(
        Object.entries(PURPOSE_KEYS).filter(([p]) => purposes.includes(p as (typeof purposes)[number])),
      ),
    });
    const pascal = (k: string) => k.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
    this.whisper = flow('WhisperFlow', built.whisper);
    const agentFlows: Record<string, connect.CfnContactFlow> = {};
    for (const [queue, doc] of Object.entries(built.agent(this.whisper.attrContactFlowArn))) {
      const f = flow(`AgentFlow${pascal(queue)}`, doc);
      for (const a of props.dependsOn) f.addResourceDependency(a);
      agentFlows[queue] = f;
    }
    this.agentFlows = agentFlows;
    const agentlessFlows: Record<string, connect.CfnContactFlow> = {};
    for (const [purpose, doc] of Object.entries(built.agentless))
      if (doc) agentlessFlows[purpose] = flow(`AgentlessFlow${pascal(purpose)}`, doc);
    this.agentlessFlows = agentlessFlows;

    const defaultQueue =
      profile.routingProfiles[0]?.defaultOutboundQueue ?? profile.queues[0]?.key ?? 'general';
    const routes = {
      queueIds: Object.fromEntries(Object.entries(props.queues).map(([k, q]) => [k, q.attrQueueArn])),
      flows: {
        agent: Object.fromEntries(Object.entries(agentFlows).map(([k, f]) => [k, f.attrContactFlowArn])),
        agentless: Object.fromEntries(
          Object.entries(agentlessFlows).map(([k, f]) => [k, f.attrContactFlowArn]),
        ),
      },
      agentlessQueue: defaultQueue,
    };
    const leads = leadSettingsOf(profile.id) !== undefined;
    const orders = purposes.includes('ordering');
    const environment: Record<string, string> = {
      CAMPAIGNS_TABLE_NAME: props.tables.campaigns.tableName,
      CRM_TABLE_NAME: props.tables.crm.tableName,
      SMS_TABLE_NAME: props.tables.sms.tableName,
      TICKETS_TABLE_NAME: props.tables.tickets.tableName,
      HOTLINE_PROFILE: profile.id,
      PHONE_REGION: props.phoneRegion,
      CONNECT_INSTANCE_ID: instanceArn,
      // The API takes ids or ARNs: the ARNs are what CloudFormation gives.
      OUTBOUND_ROUTES: stack.toJsonString(routes),
      OUTBOUND_AMD: props.answeringMachineDetection ? 'true' : 'false',
      OUTBOUND_RING_SECONDS: '30',
      ...(orders
        ? { ORDERS_TABLE_NAME: props.tables.orders.tableName, ORDER_TIME_ZONE: props.timeZone }
        : {}),
      ...(leads ? { LEADS_TABLE_NAME: props.tables.leads.tableName } : {}),
      ...(props.pickupDispatch ? props.pickupDispatch.environment() : {}),
    };
    const fn = (fid: string, handler: string, description: string) =>
      new HotlineFunction(this, fid, {
        entry: 'functions/campaign-dialler/handler.ts',
        handler,
        serviceName: 'campaign-dialler',
        description,
        timeout: Duration.seconds(fid === 'Tick' ? 55 : 30),
        logRetention: props.logRetention,
        logEncryptionKey: props.dataKey,
        environment,
      });
    this.tick = fn(
      'Tick',
      'tick',
      'Hotline campaigns: place the calls pacing and calling windows allow, every minute',
    );
    this.outcome = fn(
      'Outcome',
      'outcome',
      'Hotline campaigns: record the attempt when an outbound contact ends',
    );

    const contacts = `${instanceArn}/contact/*`;
    for (const f of [this.tick, this.outcome]) {
      const allow = (
        sid: string,
        actions: string[],
        resources: string[],
        conditions?: Record<string, unknown>,
      ) =>
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
        );
      allow(
        'CampaignItems',
        [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:Query',
          'dynamodb:ConditionCheckItem',
        ],
        [props.tables.campaigns.tableArn],
      );
      allow('CampaignList', ['dynamodb:Query'], [`${props.tables.campaigns.tableArn}/index/list`]);
      // Do-not-call at dial time (blacklist, SMS opt-outs) and the return visit's ticket (its CRM counters).
      allow(
        'DoNotCallAndTickets',
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        [props.tables.crm.tableArn, props.tables.tickets.tableArn, props.tables.sms.tableArn],
      );
      if (orders) {
        allow(
          'OutboundOrders',
          [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:ConditionCheckItem',
          ],
          [props.tables.orders.tableArn],
        );
        allow('OrderLimits', ['dynamodb:Query'], [props.tables.orders.tableArn], {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ORDER_LIMITS_PARTITION] },
        });
        allowSmsPublish(f);
      }
      if (leads) allow('Leads', ['dynamodb:GetItem', 'dynamodb:PutItem'], [props.tables.leads.tableArn]);
      props.pickupDispatch?.grantBooking(f);
      allow('DataKey', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
      allow('OutboundContacts', ['connect:DescribeContact', 'connect:GetContactAttributes'], [contacts]);
    }
    // Placing calls: this instance's contacts, through its outbound flows and queues only.
    this.tick.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PlaceCalls',
        actions: ['connect:StartOutboundVoiceContact'],
        resources: [
          contacts,
          ...Object.values(agentFlows).map((f) => f.attrContactFlowArn),
          ...Object.values(agentlessFlows).map((f) => f.attrContactFlowArn),
          ...Object.values(props.queues).map((q) => q.attrQueueArn),
        ],
      }),
    );
    this.tick.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AgentsAvailable',
        actions: ['connect:GetCurrentMetricData'],
        resources: [instanceArn, ...Object.values(props.queues).map((q) => q.attrQueueArn)],
      }),
    );

    new events.Rule(this, 'Schedule', {
      description: 'Hotline campaigns: the dialler, once a minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.tick.function, { retryAttempts: 0 })],
    });
    new events.Rule(this, 'ContactEnded', {
      description: 'Hotline campaigns: outbound contacts of this instance that ended or got a disposition',
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: {
          instanceArn: [instanceArn],
          initiationMethod: ['API'],
          eventType: ['DISCONNECTED', 'CONTACT_DATA_UPDATED'],
        },
      },
      targets: [new targets.LambdaFunction(this.outcome.function, { retryAttempts: 4 })],
    });

    // cdk-nag names a created instance by its logical id, an existing one by its ARN.
    const nagInstance = props.instance ? `<${stack.getLogicalId(props.instance)}.Arn>` : instanceArn;
    for (const f of [this.tick, this.outcome]) {
      const policy = f.role.node.tryFindChild('DefaultPolicy');
      if (policy)
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagInstance}/contact/*]`,
          reason:
            'StartOutboundVoiceContact creates a contact whose id is not known in advance, and DescribeContact/GetContactAttributes read that contact: scoped to this instance’s contacts.',
        });
    }
  }
}
