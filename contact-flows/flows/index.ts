/**
 * The contact flows of an industry profile, written with the flow builder: one definition for CDK
 * (CfnContactFlow content, ARNs as tokens) and the local contact centre (the same JSON, local ARNs).
 *
 * CDK builds the customer queue and agent whisper flows first, then the inbound flow with their ARNs:
 * `customerQueueFlow(profile, refs)`, `agentWhisperFlow(profile, refs)`, `inboundFlow(profile, {...refs, flows})`.
 * Anything else takes all three at once: `buildProfileFlows(profile, localFlowRefs(profile))`.
 */
import type { FlowDocument, FlowType } from '../../schemas/flow.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { buildAgentWhisperFlow } from './agent-whisper.js';
import { buildCustomerQueueFlow } from './customer-queue.js';
import { buildFaqMenuModule } from './faq-menu.js';
import { buildInboundFlow } from './inbound.js';
import type { BaseFlowRefs, FlowRefs, SurveyFlowRefs } from './refs.js';
import { buildSurveyFlow, buildSurveyModule } from './survey.js';
import { buildTicketMenuModule } from './ticket-menu.js';

export { buildAgentWhisperFlow } from './agent-whisper.js';
export { buildCustomerQueueFlow } from './customer-queue.js';
export { buildFaqMenuModule, FAQ_RESULT_ATTRIBUTE, faqMenuOption, faqMenuText } from './faq-menu.js';
export { buildInboundFlow, LOOKUP_ATTRIBUTE_KEYS, LOOKUP_FAILED_STATUS } from './inbound.js';
export {
  type BaseFlowRefs,
  type FlowRefs,
  LOCAL_INSTANCE_ARN,
  localFlowArn,
  localFlowRefs,
  localHoursArn,
  localModuleArn,
  localQueueArn,
  type ModuleRefs,
  type SurveyFlowRefs,
} from './refs.js';
export { buildSurveyFlow, buildSurveyModule, SURVEY_SECOND_QUESTION, SURVEY_TEXT } from './survey.js';
export { flowLanguages, menuText } from './text.js';
export { buildTicketMenuModule } from './ticket-menu.js';

/** A flow ready to deploy: `CfnContactFlow` name (before the deployment prefix), type, description, content. */
export interface ProfileFlow {
  readonly name: string;
  readonly type: FlowType;
  readonly description: string;
  /** Validated by the builder: `build()` throws FlowValidationError on any error. */
  readonly content: FlowDocument;
}

export type ProfileFlowKey = 'inbound' | 'customerQueue' | 'agentWhisper' | 'survey';

/** The flow types, by key. */
export const PROFILE_FLOW_TYPES: Readonly<Record<ProfileFlowKey, FlowType>> = {
  inbound: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  agentWhisper: 'AGENT_WHISPER',
  /** The disconnect flow (CustomerRemaining hook) is an inbound-type flow. */
  survey: 'CONTACT_FLOW',
};

export function customerQueueFlow(profile: Profile, refs: BaseFlowRefs, language?: Language): ProfileFlow {
  return {
    name: `${profile.id} customer queue`,
    type: PROFILE_FLOW_TYPES.customerQueue,
    description: `Hotline ${profile.id}: what callers hear while they wait (queue size, hold loop, callback offer).`,
    content: buildCustomerQueueFlow(profile, refs, language),
  };
}

export function agentWhisperFlow(profile: Profile, refs: BaseFlowRefs, language?: Language): ProfileFlow {
  return {
    name: `${profile.id} agent whisper`,
    type: PROFILE_FLOW_TYPES.agentWhisper,
    description: `Hotline ${profile.id}: the caller's summary for the agent (name, tier, VIP, open tickets, last contact).`,
    content: buildAgentWhisperFlow(profile, refs, language),
  };
}

/** A flow module ready to deploy (`CfnContactFlowModule`): name, description, content. */
export interface ProfileModule {
  readonly name: string;
  readonly description: string;
  readonly content: FlowDocument;
}

export type ProfileModuleKey = 'ticketMenu' | 'survey' | 'faqMenu';

/** A profile's flow modules: every profile has the ticket menu and the survey; `faqMenu` only with spoken FAQs. */
export type ProfileModules = Record<'ticketMenu' | 'survey', ProfileModule> & { faqMenu?: ProfileModule };

/** The flow modules of a profile, each validated as a module: they point at Lambdas only, so CDK builds them first. */
export function buildProfileModules(
  profile: Profile,
  refs: BaseFlowRefs,
  language?: Language,
): ProfileModules {
  const faq = buildFaqMenuModule(profile, refs, language);
  return {
    ...(faq
      ? {
          faqMenu: {
            name: `${profile.id} FAQ answers`,
            description: `Hotline ${profile.id}: spoken answers to the top FAQs by key (the knowledge base's spoken text).`,
            content: faq,
          },
        }
      : {}),
    ticketMenu: {
      name: `${profile.id} ticket menu`,
      description: `Hotline ${profile.id}: the ticket submenu (create a ticket by category, read its number back).`,
      content: buildTicketMenuModule(profile, refs, language),
    },
    survey: {
      name: `${profile.id} survey questions`,
      description: `Hotline ${profile.id}: the post-call survey questions (1-5 rating, recorded per agent and queue).`,
      content: buildSurveyModule(profile, refs, language),
    },
  };
}

export function surveyFlow(profile: Profile, refs: SurveyFlowRefs, language?: Language): ProfileFlow {
  return {
    name: `${profile.id} survey`,
    type: PROFILE_FLOW_TYPES.survey,
    description: `Hotline ${profile.id}: post-call satisfaction survey (disconnect flow), 1-5 rating per agent and queue.`,
    content: buildSurveyFlow(profile, refs, language),
  };
}

export function inboundFlow(profile: Profile, refs: FlowRefs, language?: Language): ProfileFlow {
  return {
    name: `${profile.id} inbound`,
    type: PROFILE_FLOW_TYPES.inbound,
    description:
      `Hotline ${profile.id}: caller lookup, blocklist, hours, VIP and last-agent routing, IVR menu. ` +
      'Attach it to the hotline phone numbers.',
    content: buildInboundFlow(profile, refs, language),
  };
}

/** The three flows of a profile, each validated. */
export function buildProfileFlows(profile: Profile, refs: FlowRefs): Record<ProfileFlowKey, ProfileFlow> {
  return {
    customerQueue: customerQueueFlow(profile, refs),
    agentWhisper: agentWhisperFlow(profile, refs),
    survey: surveyFlow(profile, refs),
    inbound: inboundFlow(profile, refs),
  };
}
