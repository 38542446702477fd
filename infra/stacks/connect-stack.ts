import { Arn, ArnFormat, Aws, CfnOutput, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  agentWhisperFlow,
  type BaseFlowRefs,
  buildProfileModules,
  customerQueueFlow,
  inboundFlow,
  type ProfileFlow,
  type ProfileFlowKey,
  type ProfileModule,
  type ProfileModuleKey,
  surveyFlow,
} from '../../contact-flows/flows/index.js';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import type { FunctionKey } from '../../functions/registry.js';
import type { Config } from '../../schemas/config.js';
import { DAYS, type Hours, type Profile } from '../../schemas/profile.js';
import { type CallRecordStorage, RECORDINGS_PREFIX } from '../constructs/call-records.js';
import { EvaluationForms } from '../constructs/evaluation-forms.js';
import { HotlineDeliveryAdditions } from '../constructs/hotline-delivery.js';
import type { HotlineFunction } from '../constructs/hotline-function.js';
import { inCallConstructId } from './functions-stack.js';

export interface ConnectStackProps extends StackProps {
  readonly config: Config;
  readonly profile: Profile;
  /** Lambdas that contact flows invoke, by registry key: each is added to the instance and may be invoked by it. */
  readonly inCallFunctions: Readonly<Record<FunctionKey, HotlineFunction>>;
  /** Where the instance streams contact records and stores call recordings (data stack); none: not configured. */
  readonly callRecordStorage?: CallRecordStorage;
}

/** Channels the routing profiles serve: voice, and chat (F19) through the same queues. */
const CHANNELS = ['VOICE', 'CHAT'] as const;
/** Contacts an agent handles at once, per channel. */
const CONCURRENCY: Record<(typeof CHANNELS)[number], number> = { VOICE: 1, CHAT: 2 };
/**
 * CreateRoutingProfile accepts at most 10 queue configs (one per queue and channel); whether the
 * CloudFormation handler associates the rest in further calls is unverified, so stay within 10.
 */
const MAX_QUEUE_CONFIGS = 10;
const MAX_NAME = 127;

/** `branch-north` → `BranchNorth`, for construct ids and output names. */
export const pascal = (key: string): string =>
  key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const hhmm = (t: string) => {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return { hours: h, minutes: m };
};

/**
 * A profile's hours as Connect's Config. Connect has no 24:00: a day that ends at midnight ends
 * at 00:00, and 00:00 to 00:00 is open all day (as Connect's own "Basic Hours" is written).
 */
export function toHoursConfig(hours: Hours): connect.CfnHoursOfOperation.HoursOfOperationConfigProperty[] {
  return DAYS.flatMap((day) => {
    const slot = hours.days[day];
    if (!slot) return [];
    if (slot.start === '24:00') throw new Error(`hours "${hours.name}": ${day} cannot open at 24:00`);
    const end = slot.end === '24:00' ? '00:00' : slot.end;
    return [{ day, startTime: hhmm(slot.start), endTime: hhmm(end) }];
  });
}

/** Connect names are unique per instance: prefix them so deployments can share an instance. */
function connectName(prefix: string, name: string): string {
  const full = `${prefix} ${name}`;
  if (full.length > MAX_NAME) throw new Error(`Connect name "${full}" is longer than ${MAX_NAME} characters`);
  return full;
}

const mapValues = <K extends string, V, R>(
  record: Readonly<Record<K, V>>,
  fn: (value: V) => R,
): Record<K, R> => Object.fromEntries(Object.entries<V>(record).map(([k, v]) => [k, fn(v)])) as Record<K, R>;
const mapEntries = <K extends string, V, R>(
  record: Readonly<Record<K, V>>,
  fn: (key: K, value: V) => R,
): Record<K, R> =>
  Object.fromEntries(Object.entries<V>(record).map(([k, v]) => [k, fn(k as K, v)])) as Record<K, R>;

/**
 * The contact centre: the Amazon Connect instance (created, or an existing one by ARN), the
 * profile's hours of operation, queues and routing profiles, the in-call Lambdas added to
 * the instance with permission for it (and only it) to invoke them, and the profile's contact
 * flows (contact-flows/flows) with those ARNs as references.
 *
 * Phone numbers are not managed here: the operator attaches the inbound flow (output
 * `InboundFlowArn`) to a number in the Connect console (Channels → Phone numbers) or with
 * `aws connect associate-phone-number-contact-flow --phone-number-id <id> --instance-id <id> --contact-flow-id <id>`.
 */
export class ConnectStack extends Stack {
  /** ARN of the instance: a literal when given by `instanceArn`, else a reference to the new one. */
  readonly instanceArn: string;
  /** Account that owns the instance (the source account Lambda checks). */
  readonly instanceAccount: string;
  /** The created instance; undefined when an existing instance is used. */
  readonly instance?: connect.CfnInstance;
  /** Hours of operation by the profile's hours key. */
  readonly hours: Readonly<Record<string, connect.CfnHoursOfOperation>>;
  /** Queues by the profile's queue key (`general`, `vip`, `branch-north`, ...). */
  readonly queues: Readonly<Record<string, connect.CfnQueue>>;
  /** Routing profiles by the profile's routing profile key. */
  readonly routingProfiles: Readonly<Record<string, connect.CfnRoutingProfile>>;
  /** Lambda associations by registry key; a flow that invokes the function depends on it. */
  readonly integrations: Readonly<Record<FunctionKey, connect.CfnIntegrationAssociation>>;
  /** The profile's contact flows: inbound, customer queue, agent whisper. */
  readonly flows: Readonly<Record<ProfileFlowKey, connect.CfnContactFlow>>;
  /** The profile's flow modules: the ticket submenu and the survey questions (and the FAQ answers, where offered). */
  readonly modules: Readonly<Partial<Record<ProfileModuleKey, connect.CfnContactFlowModule>>> &
    Readonly<Record<'ticketMenu' | 'survey', connect.CfnContactFlowModule>>;

  constructor(scope: Construct, id: string, props: ConnectStackProps) {
    super(scope, id, {
      description: 'Hotline Amazon Connect: instance, hours, queues, routing profiles, contact flows',
      ...props,
    });
    const { config, profile } = props;
    const prefix = config.stackPrefix;

    if (config.instanceArn) {
      this.instanceArn = config.instanceArn;
      const account = Arn.split(config.instanceArn, ArnFormat.SLASH_RESOURCE_NAME).account;
      if (!account) throw new Error(`instanceArn ${config.instanceArn} names no account`);
      this.instanceAccount = account;
    } else {
      this.instance = new connect.CfnInstance(this, 'Instance', {
        identityManagementType: 'CONNECT_MANAGED',
        // An alias is the login URL (https://<alias>.my.connect.aws), unique across AWS: the
        // default, used so that a bare `cdk synth` works, is "<stackprefix>-<account id>".
        instanceAlias: config.instanceAlias ?? Fn.join('-', [prefix.toLowerCase(), Aws.ACCOUNT_ID]),
        attributes: { inboundCalls: true, outboundCalls: true, contactflowLogs: true },
      });
      // The instance holds users, phone numbers and contact history, and only 100 instances
      // can be created or deleted per 30 days: deleting the stack leaves it in place.
      this.instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.instanceArn = this.instance.attrArn;
      this.instanceAccount = this.account;
    }
    const instanceArn = this.instanceArn;

    const hours: Record<string, connect.CfnHoursOfOperation> = {};
    for (const [key, def] of Object.entries(profile.hours)) {
      hours[key] = new connect.CfnHoursOfOperation(this, `Hours${pascal(key)}`, {
        instanceArn,
        name: connectName(prefix, def.name),
        description: `Hotline ${profile.id} hours "${key}"`,
        timeZone: config.timeZone,
        config: toHoursConfig(def),
      });
    }
    this.hours = hours;

    const queues: Record<string, connect.CfnQueue> = {};
    for (const q of profile.queues) {
      const queueHours = hours[q.hours];
      if (!queueHours) throw new Error(`queue "${q.key}": unknown hours "${q.hours}"`);
      const queue = new connect.CfnQueue(this, `Queue${pascal(q.key)}`, {
        instanceArn,
        name: connectName(prefix, q.name),
        description: q.description || undefined,
        hoursOfOperationArn: queueHours.attrHoursOfOperationArn,
        maxContacts: q.maxContacts,
        status: 'ENABLED',
      });
      queues[q.key] = queue;
      new CfnOutput(this, `Queue${pascal(q.key)}Arn`, {
        value: queue.attrQueueArn,
        description: `Queue "${q.key}" (${q.name})`,
      });
    }
    this.queues = queues;
    const queueArn = (key: string): string => {
      const queue = queues[key];
      if (!queue) throw new Error(`unknown queue "${key}"`);
      return queue.attrQueueArn;
    };

    const routingProfiles: Record<string, connect.CfnRoutingProfile> = {};
    for (const rp of profile.routingProfiles) {
      const queueConfigs = rp.queues.flatMap((q) =>
        CHANNELS.map((channel) => ({
          delay: q.delay,
          priority: q.priority,
          queueReference: { channel, queueArn: queueArn(q.queue) },
        })),
      );
      if (queueConfigs.length > MAX_QUEUE_CONFIGS) {
        throw new Error(
          `routing profile "${rp.key}": ${rp.queues.length} queues × ${CHANNELS.length} channels exceed ${MAX_QUEUE_CONFIGS} queue configs`,
        );
      }
      if (rp.queues.some((q) => q.delay > 9999))
        throw new Error(`routing profile "${rp.key}": delay above 9999 s`);
      routingProfiles[rp.key] = new connect.CfnRoutingProfile(this, `RoutingProfile${pascal(rp.key)}`, {
        instanceArn,
        name: connectName(prefix, rp.name),
        description: rp.description,
        defaultOutboundQueueArn: queueArn(rp.defaultOutboundQueue),
        mediaConcurrencies: CHANNELS.map((channel) => ({ channel, concurrency: CONCURRENCY[channel] })),
        queueConfigs,
      });
    }
    this.routingProfiles = routingProfiles;

    const integrations = {} as Record<FunctionKey, connect.CfnIntegrationAssociation>;
    for (const [key, fn] of Object.entries(props.inCallFunctions) as [FunctionKey, HotlineFunction][]) {
      const fid = inCallConstructId(key);
      // Resource policy: only this instance, in its own account, may invoke the function.
      const permission = new lambda.CfnPermission(this, `${fid}InvokedByConnect`, {
        action: 'lambda:InvokeFunction',
        functionName: fn.functionArn,
        principal: 'connect.amazonaws.com',
        sourceArn: instanceArn,
        sourceAccount: this.instanceAccount,
      });
      // "Add the function to the instance" so flows may call it (InstanceId takes the ARN).
      const association = new connect.CfnIntegrationAssociation(this, `${fid}Integration`, {
        instanceId: instanceArn,
        integrationType: 'LAMBDA_FUNCTION',
        integrationArn: fn.functionArn,
      });
      association.addResourceDependency(permission);
      integrations[key] = association;
    }
    this.integrations = integrations;

    // Contact flows: the customer queue and whisper flows first, then the inbound flow that hooks them in.
    // Their content is the builder's validated JSON with ARNs as tokens (an Fn::Join in the template).
    const contactFlow = (id: string, flow: ProfileFlow): connect.CfnContactFlow =>
      new connect.CfnContactFlow(this, id, {
        instanceArn,
        name: connectName(prefix, flow.name),
        type: flow.type,
        description: flow.description,
        state: 'ACTIVE',
        content: Stack.of(this).toJsonString(flow.content),
      });
    const baseRefs: BaseFlowRefs = {
      lambdas: mapValues(props.inCallFunctions, (fn) => fn.functionArn),
      queues: mapValues(queues, (q) => q.attrQueueArn),
      hours: mapValues(hours, (h) => h.attrHoursOfOperationArn),
    };
    // Flow modules (the ticket submenu, the survey questions) invoke Lambdas only: built first, invoked by ARN.
    const moduleIds: Readonly<Record<ProfileModuleKey, string>> = {
      ticketMenu: 'TicketMenuModule',
      survey: 'SurveyModule',
      faqMenu: 'FaqMenuModule',
    };
    const built = buildProfileModules(profile, baseRefs);
    const modules = mapEntries(built as Record<ProfileModuleKey, ProfileModule>, (key, module) => {
      const resource = new connect.CfnContactFlowModule(this, moduleIds[key], {
        instanceArn,
        name: connectName(prefix, module.name),
        description: module.description,
        state: 'ACTIVE',
        content: Stack.of(this).toJsonString(module.content),
      });
      for (const association of Object.values<connect.CfnIntegrationAssociation>(integrations)) {
        resource.addResourceDependency(association);
      }
      return resource;
    }) as Partial<Record<ProfileModuleKey, connect.CfnContactFlowModule>> &
      Record<'ticketMenu' | 'survey', connect.CfnContactFlowModule>;
    this.modules = modules;
    const moduleRefs = {
      ticketMenu: modules.ticketMenu.attrContactFlowModuleArn,
      survey: modules.survey.attrContactFlowModuleArn,
      ...(modules.faqMenu ? { faqMenu: modules.faqMenu.attrContactFlowModuleArn } : {}),
    };
    // Agents (Connect users, created or given) before the inbound flow: it routes by their user IDs.
    const delivery = new HotlineDeliveryAdditions(this, 'Delivery', {
      config,
      profile,
      instanceArn,
      routingProfiles,
    });
    const customerQueue = contactFlow('CustomerQueueFlow', customerQueueFlow(profile, baseRefs));
    const agentWhisper = contactFlow('AgentWhisperFlow', agentWhisperFlow(profile, baseRefs));
    const survey = contactFlow('SurveyFlow', surveyFlow(profile, { ...baseRefs, modules: moduleRefs }));
    const inbound = contactFlow(
      'InboundFlow',
      inboundFlow(profile, {
        ...baseRefs,
        modules: moduleRefs,
        agentUserIds: delivery.agents.userIds,
        flows: {
          customerQueue: customerQueue.attrContactFlowArn,
          agentWhisper: agentWhisper.attrContactFlowArn,
          survey: survey.attrContactFlowArn,
        },
      }),
    );
    // The flow invokes the Lambdas: add them to the instance first (whether Connect checks is unverified).
    for (const association of Object.values<connect.CfnIntegrationAssociation>(integrations)) {
      inbound.addResourceDependency(association);
      survey.addResourceDependency(association);
      // The hold loop's voicemail opens its ticket with createTicket (F15).
      customerQueue.addResourceDependency(association);
    }
    this.flows = { inbound, customerQueue, agentWhisper, survey };

    // F9, F10: contact records stream to Kinesis, recordings go to the KMS-encrypted bucket.
    const storage = props.callRecordStorage;
    if (storage) {
      new connect.CfnInstanceStorageConfig(this, 'ContactRecordStream', {
        instanceArn,
        resourceType: 'CONTACT_TRACE_RECORDS',
        storageType: 'KINESIS_STREAM',
        kinesisStreamConfig: { streamArn: storage.stream.streamArn },
      });
      new connect.CfnInstanceStorageConfig(this, 'CallRecordingStorage', {
        instanceArn,
        resourceType: 'CALL_RECORDINGS',
        storageType: 'S3',
        s3Config: {
          bucketName: storage.bucket.bucketName,
          bucketPrefix: RECORDINGS_PREFIX,
          encryptionConfig: { encryptionType: 'KMS', keyId: storage.key.keyArn },
        },
      });
    }

    // A number that rings the inbound flow, and test cases (infra/constructs/telephony.ts).
    delivery.attachInbound(inbound);

    // QA (F18): the profile's scorecard as an evaluation form.
    new EvaluationForms(this, 'Quality', {
      instanceArn,
      scorecard: supervisionOf(profile.id).qa.scorecard,
      namePrefix: prefix,
    });

    new CfnOutput(this, 'InstanceArn', {
      value: instanceArn,
      description: 'Amazon Connect instance',
      // Imported by name by the supervisor console's policy (its cdk-nag acknowledgement names it).
      exportName: instanceArnExportName(this.stackName),
    });
    new CfnOutput(this, 'InboundFlowArn', {
      value: inbound.attrContactFlowArn,
      description:
        'Inbound flow: attach it to the hotline number (console, or aws connect associate-phone-number-contact-flow)',
    });
  }
}

/** The export of the instance ARN (imported by the workspace stack's supervisor console). */
export const instanceArnExportName = (connectStackName: string) => `${connectStackName}-InstanceArn`;
