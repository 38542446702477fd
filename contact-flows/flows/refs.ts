import {
  type FunctionKey,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localFunctionArns,
} from '../../functions/registry.js';
import type { Profile } from '../../schemas/profile.js';

/**
 * What the flows point at, by the profile's keys. Values are ARNs (or IDs): CDK tokens when CDK builds the
 * flows, local ARNs for the local contact centre. The flows never look inside them.
 */
export interface FlowRefs {
  /** In-call Lambda ARNs by registry key (functions/registry.ts). */
  readonly lambdas: Readonly<Record<FunctionKey, string>>;
  /** Queue ARNs by the profile's queue key. */
  readonly queues: Readonly<Record<string, string>>;
  /** Hours-of-operation ARNs by the profile's hours key. */
  readonly hours: Readonly<Record<string, string>>;
  /** ARNs of the flows the inbound flow hands the contact to (its event hooks). */
  readonly flows: { readonly customerQueue: string; readonly agentWhisper: string; readonly survey: string };
  /** ARNs of the flow modules the flows invoke (the ticket submenu, the survey). */
  readonly modules: ModuleRefs;
  /**
   * Connect user ID per profile agent key, where the deployment has users for them (`agentUsers=create` or
   * `agentUserIds`; tokens in CDK): the inbound flow hands them to the caller lookup, which answers the dedicated
   * and last agent as user IDs. None: agents are known by their keys (the local contact centre's default).
   */
  readonly agentUserIds?: Readonly<Record<string, string>>;
}

/** `agent-wang=<id>,agent-liu=<id>`: the lookup's `agentUserIds` parameter (keys in profile order). */
export function agentUserIdsParameter(userIds: Readonly<Record<string, string>>): string {
  return Object.entries(userIds)
    .map(([key, id]) => `${key}=${id}`)
    .join(',');
}

/** ARNs of the profile's flow modules, by key (`faqMenu` only for a profile with spoken FAQ answers). */
export type ModuleRefs = Readonly<Record<'ticketMenu' | 'survey', string>> & { readonly faqMenu?: string };

/** Refs of what points at no flow (modules, customer queue, agent whisper): built first by CDK. */
export type BaseFlowRefs = Omit<FlowRefs, 'flows' | 'modules'>;

/** Refs of the survey (disconnect) flow: the base refs and the modules. */
export type SurveyFlowRefs = BaseFlowRefs & Pick<FlowRefs, 'modules'>;

/** `refs[kind][key]`, or an error naming what the profile asked for and the refs lacked. */
export function refOf(refs: Readonly<Record<string, string>>, key: string, kind: string): string {
  const value = refs[key];
  if (value === undefined) {
    throw new Error(`flow refs have no ${kind} "${key}" (have: ${Object.keys(refs).join(', ') || 'none'})`);
  }
  return value;
}

/** The local contact centre's instance: every local Connect ARN is under it. */
export const LOCAL_INSTANCE_ARN = `arn:aws:connect:${LOCAL_REGION}:${LOCAL_ACCOUNT}:instance/hotline-local`;

/** `arn:aws:connect:local:000000000000:instance/hotline-local/queue/general`. */
export const localQueueArn = (key: string): string => `${LOCAL_INSTANCE_ARN}/queue/${key}`;
/** `…/operating-hours/service`. */
export const localHoursArn = (key: string): string => `${LOCAL_INSTANCE_ARN}/operating-hours/${key}`;
/** `…/contact-flow/auto-dealer-customer-queue`. */
export const localFlowArn = (
  profile: Profile,
  flow: 'inbound' | 'customer-queue' | 'agent-whisper' | 'survey',
): string => `${LOCAL_INSTANCE_ARN}/contact-flow/${profile.id}-${flow}`;

/** `…/flow-module/auto-dealer-ticket-menu`. */
export const localModuleArn = (profile: Profile, module: 'ticket-menu' | 'survey' | 'faq-menu'): string =>
  `${LOCAL_INSTANCE_ARN}/flow-module/${profile.id}-${module}`;

/** Refs for the local contact centre: the same flows, pointing at local ARNs. */
export function localFlowRefs(profile: Profile): FlowRefs {
  return {
    lambdas: localFunctionArns(),
    queues: Object.fromEntries(profile.queues.map((q) => [q.key, localQueueArn(q.key)])),
    hours: Object.fromEntries(Object.keys(profile.hours).map((key) => [key, localHoursArn(key)])),
    flows: {
      customerQueue: localFlowArn(profile, 'customer-queue'),
      agentWhisper: localFlowArn(profile, 'agent-whisper'),
      survey: localFlowArn(profile, 'survey'),
    },
    modules: {
      ticketMenu: localModuleArn(profile, 'ticket-menu'),
      survey: localModuleArn(profile, 'survey'),
      faqMenu: localModuleArn(profile, 'faq-menu'),
    },
  };
}
