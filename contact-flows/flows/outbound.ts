/**
 * Outbound campaign flows (issue 13), built with the flow builder from the campaign's definition, so the same
 * documents serve the local dialler (the offline interpreter) and Connect (the flow a dial starts).
 *
 * Agent-assisted (CONTACT_FLOW, started when the customer answers):
 * ```
 * Voice → Lookup customer (callerLookup: the screen pop) → Save customer → Greeting → Campaign whisper
 *   (AgentWhisper hook: the campaign's name and script to the agent) → Campaign queue → Transfer
 *   lookup error → Greeting; queue error / at capacity → Sorry → Hang up
 * ```
 * Agentless (CONTACT_FLOW): the campaign's message, then a menu of its keys; each key sets `campaignResult` to
 * its disposition and thanks the customer; no key, a wrong key twice or an error leave `campaignResult` empty.
 * ```
 * Voice → Message + menu ─1→ Result satisfied → Thanks → Hang up
 *                         ─2→ Result unsatisfied → Thanks
 *                         ─9→ Result do-not-call → Thanks
 *                         ─timeout / wrong key→ Menu again ─(same keys)… ─timeout / wrong→ Hang up
 * ```
 * The campaign whisper (AGENT_WHISPER) reads `$.Attributes.campaignScript` and the customer's name to the agent.
 */
import { inCallFunction } from '../../functions/registry.js';
import type { Campaign, CampaignPurpose } from '../../schemas/campaigns.js';
import type { FlowDocument } from '../../schemas/flow.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { type DtmfKey, FlowBuilder } from '../builder/index.js';
import { LOOKUP_ATTRIBUTE_KEYS } from './inbound.js';
import { type BaseFlowRefs, refOf } from './refs.js';
import { voiceOf } from './text.js';

/** Contact attributes the dialler starts each outbound contact with. */
export const CAMPAIGN_ATTRIBUTES = ['campaign', 'campaignScript', 'campaignRef', 'attempt'] as const;
/** The attribute an agentless flow leaves the customer's answer in (a disposition key, or empty). */
export const CAMPAIGN_RESULT_ATTRIBUTE = 'campaignResult';

const TEXT: Readonly<
  Record<Language, { greeting: string; sorry: string; thanks: string; press: string; optOut: string }>
> = {
  'zh-CN': {
    greeting: '您好，请稍候，正在为您接通客服专员。',
    sorry: '抱歉，专员暂时无法接听，我们稍后再与您联系。再见。',
    thanks: '感谢您的配合，再见。',
    press: '{label}请按{key}。',
    optOut: '如不希望再接到此类电话，请按9。',
  },
  'en-US': {
    greeting: 'Hello, please hold while we connect you to our agent.',
    sorry: 'Sorry, our agent cannot take the call now; we will call you again. Goodbye.',
    thanks: 'Thank you. Goodbye.',
    press: 'For {label}, press {key}. ',
    optOut: 'To receive no more calls like this, press 9.',
  },
};

/** Spoken label of a disposition: the Chinese or English half of `满意 satisfied (…)`. */
function spoken(label: string, language: Language): string {
  const [zh, ...rest] = label.split(' ');
  const en = rest.join(' ').replace(/\s*\(.*\)$/, '');
  return language === 'zh-CN' ? (zh ?? label) : en || label;
}

/** The menu prompt: the campaign's message, then each key but the opt-out, then the opt-out key. */
export function agentlessPrompt(campaign: Campaign, language: Language): string {
  const t = TEXT[language];
  const keys = Object.entries(campaign.keys ?? {});
  const labelOf = (key: string) => campaign.dispositions.find((d) => d.key === key)?.label ?? key;
  const options = keys
    .filter(([, d]) => d !== 'do-not-call')
    .map(([k, d]) => t.press.replace('{label}', spoken(labelOf(d), language)).replace('{key}', k))
    .join('');
  const optOut = keys.some(([, d]) => d === 'do-not-call') ? t.optOut : '';
  return `${campaign.script}${options}${optOut}`;
}

export function buildAgentlessFlow(profile: Profile, campaign: Campaign): FlowDocument {
  const language = profile.defaultLanguage;
  const t = TEXT[language];
  const f = new FlowBuilder({
    name: `${profile.id} campaign ${campaign.name}`,
    type: 'CONTACT_FLOW',
    description: `Agentless outbound campaign ${campaign.name} (${campaign.purpose})`,
  });
  f.setVoice('Voice', voiceOf(profile, language)).always('Menu');
  const keys = Object.entries(campaign.keys ?? {});
  for (const [round, id, again] of [
    [1, 'Menu', 'Menu again'],
    [2, 'Menu again', 'Hang up'],
  ] as const) {
    const step = f.getInput(id, { text: agentlessPrompt(campaign, language), timeoutSeconds: 8 });
    for (const [k] of keys) step.onKey(k as DtmfKey, `Result ${k}`);
    step.onTimeout(again).onInvalid(again).onError('Hang up');
    void round;
  }
  for (const [k, disposition] of keys)
    f.setAttributes(`Result ${k}`, { [CAMPAIGN_RESULT_ATTRIBUTE]: disposition })
      .next('Thanks')
      .onError('Hang up');
  f.message('Thanks', { text: t.thanks }).always('Hang up');
  f.disconnect('Hang up');
  return f.build();
}

export function buildAgentOutboundFlow(
  profile: Profile,
  campaign: Campaign,
  refs: BaseFlowRefs,
  whisperFlowArn: string,
): FlowDocument {
  if (!campaign.queue) throw new Error(`campaign ${campaign.name} has no queue`);
  const language = profile.defaultLanguage;
  const t = TEXT[language];
  const f = new FlowBuilder({
    name: `${profile.id} campaign ${campaign.name}`,
    type: 'CONTACT_FLOW',
    description: `Agent-assisted outbound campaign ${campaign.name} (${campaign.purpose})`,
  });
  f.setVoice('Voice', voiceOf(profile, language)).always('Lookup customer');
  f.invokeLambda('Lookup customer', {
    functionArn: refOf(refs.lambdas, 'callerLookup', 'Lambda'),
    timeoutSeconds: inCallFunction('callerLookup').invocationTimeLimitSeconds,
    parameters: { phoneNumber: '$.CustomerEndpoint.Address' },
    responseType: 'STRING_MAP',
  })
    .next('Save customer')
    .onError('Greeting');
  // The screen pop: the same attributes the inbound flow saves, so the agent's workspace shows the customer.
  f.setAttributes(
    'Save customer',
    Object.fromEntries(LOOKUP_ATTRIBUTE_KEYS.map((key) => [key, `$.External.${key}`])),
  )
    .next('Greeting')
    .onError('Greeting');
  f.message('Greeting', { text: t.greeting }).always('Campaign whisper');
  f.setEventHook('Campaign whisper', { AgentWhisper: whisperFlowArn })
    .next('Campaign queue')
    .onError('Campaign queue');
  f.setQueue('Campaign queue', { queueId: refOf(refs.queues, campaign.queue, 'queue') })
    .next('Transfer')
    .onError('Sorry');
  f.transferToQueue('Transfer').onAtCapacity('Sorry').onError('Sorry');
  f.message('Sorry', { text: t.sorry }).always('Hang up');
  f.disconnect('Hang up');
  return f.build();
}

/** What the agent hears before the customer is connected: the campaign and its script (the screen pop's text). */
export function buildCampaignWhisperFlow(profile: Profile, campaign: Campaign): FlowDocument {
  const language = profile.defaultLanguage;
  const f = new FlowBuilder({
    name: `${profile.id} campaign ${campaign.name} whisper`,
    type: 'AGENT_WHISPER',
    description: `Agent whisper of outbound campaign ${campaign.name}`,
  });
  const text =
    language === 'zh-CN'
      ? '外呼活动 $.Attributes.campaign，客户 $.Attributes.displayName。话术：$.Attributes.campaignScript'
      : 'Campaign $.Attributes.campaign, customer $.Attributes.displayName. Script: $.Attributes.campaignScript';
  f.setVoice('Voice', voiceOf(profile, language)).always('Script');
  f.message('Script', { text }).always('End whisper');
  f.end('End whisper');
  return f.build();
}

/**
 * The outbound flows a deployment carries (AWS). Campaigns are created at run time, so the deployed flows are
 * generic and the script comes from the contact's attributes (`campaignScript`, set by the dialler): one
 * agent-assisted flow per queue, one agentless flow per purpose that has keys (the purpose's keys and
 * dispositions), and one campaign whisper. The dialler picks the flow by the campaign's queue or purpose.
 */
export interface OutboundFlow {
  readonly name: string;
  readonly type: 'CONTACT_FLOW' | 'AGENT_WHISPER';
  readonly description: string;
  readonly content: FlowDocument;
}

export interface DeployedOutboundFlows {
  readonly whisper: OutboundFlow;
  agent(whisperFlowArn: string): Readonly<Record<string, OutboundFlow>>;
  readonly agentless: Readonly<Partial<Record<CampaignPurpose, OutboundFlow>>>;
}

/** The spoken script of a deployed flow: the attribute, then a pause before the menu. */
const SCRIPT_ATTRIBUTE = '$.Attributes.campaignScript ';

export function deployedOutboundFlows(
  profile: Profile,
  refs: BaseFlowRefs,
  presets: {
    readonly dispositions: Readonly<Record<CampaignPurpose, readonly Campaign['dispositions'][number][]>>;
    readonly keys: Readonly<Partial<Record<CampaignPurpose, Readonly<Record<string, string>>>>>;
  },
): DeployedOutboundFlows {
  const generic = (name: string, over: Partial<Campaign>): Campaign => ({
    name,
    profile: profile.id,
    purpose: 'return-visit',
    mode: 'agentless',
    source: { kind: 'csv', file: '-' },
    window: { timeZone: 'UTC', days: {}, holidays: [] },
    retry: {},
    maxAttempts: 1,
    pacing: { kind: 'rate', callsPerMinute: 1 },
    dispositions: [...presets.dispositions['return-visit']],
    script: SCRIPT_ATTRIBUTE,
    status: 'active',
    createdAt: '1970-01-01T00:00:00.000Z',
    updatedAt: '1970-01-01T00:00:00.000Z',
    createdBy: 'deploy',
    loaded: 0,
    skipped: 0,
    ...over,
  });
  const agentless: Partial<Record<CampaignPurpose, OutboundFlow>> = {};
  for (const [purpose, keys] of Object.entries(presets.keys) as [CampaignPurpose, Record<string, string>][])
    agentless[purpose] = {
      name: `${profile.id} outbound agentless ${purpose}`,
      type: 'CONTACT_FLOW',
      description: `Hotline ${profile.id}: agentless ${purpose} campaigns (the script from the dialler, then the keys)`,
      content: buildAgentlessFlow(
        profile,
        generic(`agentless-${purpose}`, { purpose, dispositions: [...presets.dispositions[purpose]], keys }),
      ),
    };
  return {
    whisper: {
      name: `${profile.id} outbound whisper`,
      type: 'AGENT_WHISPER',
      description: `Hotline ${profile.id}: the campaign and its script, for the agent of an outbound call`,
      content: buildCampaignWhisperFlow(profile, generic('outbound', {})),
    },
    agent: (whisperFlowArn) =>
      Object.fromEntries(
        profile.queues.map((q) => [
          q.key,
          {
            name: `${profile.id} outbound ${q.key}`,
            type: 'CONTACT_FLOW' as const,
            description: `Hotline ${profile.id}: agent-assisted campaigns of queue ${q.key} (screen pop, whisper, queue)`,
            content: buildAgentOutboundFlow(
              profile,
              generic(`outbound-${q.key}`, {
                mode: 'agent',
                queue: q.key,
                pacing: { kind: 'progressive', linesPerAgent: 1 },
              }),
              refs,
              whisperFlowArn,
            ),
          },
        ]),
      ),
    agentless,
  };
}
