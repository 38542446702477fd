/**
 * An industry profile as a running contact centre, offline: the profile's own flows (built by
 * contact-flows/flows with local ARNs), its queues, hours (in the deployment's time zone),
 * routing profiles and demo agents, and the in-call Lambdas by registry key. The same
 * definitions CDK deploys; only the ARNs are local. Pure: the caller supplies the handlers.
 */
import { type FunctionKey, localFunctionArn } from '../../functions/registry.js';
import type { Profile } from '../../schemas/profile.js';
import {
  buildProfileFlows,
  buildProfileModules,
  LOCAL_INSTANCE_ARN,
  localFlowArn,
  localFlowRefs,
  localHoursArn,
  localModuleArn,
  localQueueArn,
  type ProfileFlowKey,
  type ProfileModuleKey,
} from '../flows/index.js';
import type { AgentConfig, LocalAcd } from './acd.js';
import type { FlowSource } from './flows.js';
import type { LambdaInvoker } from './lambda.js';
import { ContactCentreRuntime, type RuntimeOptions } from './runtime.js';
import type { SimulatedClock } from './time.js';

export interface ProfileRuntimeOptions {
  /** The handler answering each in-call function (the real handlers locally; stubs in unit tests). */
  readonly lambdas: Readonly<Record<FunctionKey, LambdaInvoker>>;
  /** Time zone of the hours of operation (the deployment's `timeZone`). @default 'Asia/Shanghai' */
  readonly timeZone?: string;
  readonly clock?: SimulatedClock | Date | string | number;
  /**
   * Connect user IDs of the profile's agents, by agent key, as a deployment has them (`agentUsers=create` or
   * `agentUserIds`): the local agents are known by these IDs (their usernames stay the keys) and the inbound flow
   * passes them to the caller lookup, as in AWS. None: agents are known by their keys.
   */
  readonly agentUserIds?: Readonly<Record<string, string>>;
  /** ACD state to keep across runtimes (e.g. agents made Busy by a console command). */
  readonly acd?: LocalAcd;
  /** More flows to load by ARN (e.g. an outbound campaign's flows, built from the campaign). */
  readonly extraFlows?: ReadonlyMap<string, FlowSource>;
  /** Further runtime options (seed, lambdaTimeScale, talkSeconds…). */
  readonly runtime?: Omit<
    RuntimeOptions,
    'flows' | 'lambdas' | 'queues' | 'hours' | 'agents' | 'clock' | 'acd'
  >;
}

export interface ProfileRuntime {
  readonly runtime: ContactCentreRuntime;
  /** ARN of the inbound flow: where a call to the hotline number enters. */
  readonly entryFlowArn: string;
  /** ARN of each of the profile's flows. */
  readonly flowArns: Readonly<Record<ProfileFlowKey, string>>;
  /** ARN of each of the profile's flow modules. */
  readonly moduleArns: Readonly<Record<ProfileModuleKey, string>>;
  /** Queue key of a queue ARN (for readable outcomes). */
  queueKeyOf(arn: string): string | undefined;
}

const FLOW_SLUGS: Readonly<
  Record<ProfileFlowKey, 'inbound' | 'customer-queue' | 'agent-whisper' | 'survey'>
> = {
  inbound: 'inbound',
  customerQueue: 'customer-queue',
  agentWhisper: 'agent-whisper',
  survey: 'survey',
};

/** The agents of a profile as the local ACD knows them (their routing profile's queues by local ARN). */
export function profileAgents(
  profile: Profile,
  userIds: Readonly<Record<string, string>> = {},
): AgentConfig[] {
  return profile.agents.map((agent) => {
    const rp = profile.routingProfiles.find((r) => r.key === agent.routingProfile);
    if (!rp) throw new Error(`agent ${agent.id}: unknown routing profile ${agent.routingProfile}`);
    return {
      id: userIds[agent.id] ?? agent.id,
      username: agent.id,
      firstName: agent.name,
      routingProfile: {
        arn: `${LOCAL_INSTANCE_ARN}/routing-profile/${rp.key}`,
        name: rp.name,
        queues: rp.queues.map((q) => ({
          queueArn: localQueueArn(q.queue),
          priority: q.priority,
          delay: q.delay,
        })),
      },
    };
  });
}

export function createProfileRuntime(profile: Profile, opts: ProfileRuntimeOptions): ProfileRuntime {
  const refs = {
    ...localFlowRefs(profile),
    ...(opts.agentUserIds ? { agentUserIds: opts.agentUserIds } : {}),
  };
  const flows = buildProfileFlows(profile, refs);
  const modules = buildProfileModules(profile, refs);
  const moduleArns: Record<ProfileModuleKey, string> = {
    ticketMenu: localModuleArn(profile, 'ticket-menu'),
    survey: localModuleArn(profile, 'survey'),
    faqMenu: localModuleArn(profile, 'faq-menu'),
  };
  const flowArns = Object.fromEntries(
    (Object.keys(flows) as ProfileFlowKey[]).map((key) => [key, localFlowArn(profile, FLOW_SLUGS[key])]),
  ) as Record<ProfileFlowKey, string>;
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';
  const lambdas = new Map<string, LambdaInvoker>(
    (Object.entries(opts.lambdas) as [FunctionKey, LambdaInvoker][]).map(([key, fn]) => [
      localFunctionArn(key),
      fn,
    ]),
  );
  const queueKeys = new Map(profile.queues.map((q) => [localQueueArn(q.key), q.key]));
  const runtime = new ContactCentreRuntime({
    ...opts.runtime,
    instanceArn: LOCAL_INSTANCE_ARN,
    flows: new Map<string, FlowSource>([
      ...(Object.entries(flows) as [ProfileFlowKey, (typeof flows)[ProfileFlowKey]][]).map(
        ([key, flow]): [string, FlowSource] => [
          flowArns[key],
          { content: flow.content, type: flow.type, name: flow.name },
        ],
      ),
      ...(
        Object.entries(modules) as [ProfileModuleKey, NonNullable<(typeof modules)[ProfileModuleKey]>][]
      ).map(([key, module]): [string, FlowSource] => [
        moduleArns[key],
        { content: module.content, type: 'FLOW_MODULE' as const, name: module.name },
      ]),
      ...(opts.extraFlows ?? new Map<string, FlowSource>()),
    ]),
    lambdas,
    hours: Object.entries(profile.hours).map(([key, hours]) => ({
      arn: localHoursArn(key),
      name: hours.name,
      timeZone,
      days: hours.days,
    })),
    queues: profile.queues.map((q) => ({
      arn: localQueueArn(q.key),
      name: q.name,
      hoursArn: localHoursArn(q.hours),
      ...(q.maxContacts === undefined ? {} : { maxContacts: q.maxContacts }),
    })),
    agents: profileAgents(profile, opts.agentUserIds),
    ...(opts.clock === undefined ? {} : { clock: opts.clock }),
    ...(opts.acd === undefined ? {} : { acd: opts.acd }),
  });
  return {
    runtime,
    entryFlowArn: flowArns.inbound,
    flowArns,
    moduleArns,
    queueKeyOf: (arn) => queueKeys.get(arn),
  };
}
