import type { FlowDocument } from '../../schemas/flow.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { FlowBuilder } from '../builder/index.js';
import type { BaseFlowRefs } from './refs.js';
import { voiceOf } from './text.js';

/**
 * The agent whisper flow (AGENT_WHISPER): what the agent hears about the caller just before being connected,
 * read from the contact attributes the inbound flow copied from the caller lookup. In the agents' language
 * (`language`, default the profile's), whatever the caller's.
 *
 * ```
 * Voice → Known caller? ─no→ Unknown caller ───────────────────────────────────────────→ End whisper
 *                       ─yes→ VIP caller? ─yes→ VIP notice ─┐
 *                                         ─no──────────────→ Caller summary → Repeat caller? ─yes→ Last contact ─┘
 * ```
 */
export function buildAgentWhisperFlow(
  profile: Profile,
  _refs: BaseFlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument {
  const t = profile.prompts[language];
  const f = new FlowBuilder({
    name: `${profile.id} agent whisper`,
    type: 'AGENT_WHISPER',
    description: `Agent whisper flow of ${profile.title}`,
  });
  f.setVoice('Voice', voiceOf(profile, language)).always('Known caller?');
  f.compare('Known caller?', '$.Attributes.known')
    .when('Equals', 'true', 'VIP caller?')
    .otherwise('Unknown caller');
  f.compare('VIP caller?', '$.Attributes.vip')
    .when('Equals', 'true', 'VIP notice')
    .otherwise('Caller summary');
  f.message('VIP notice', { text: t.whisperVip }).always('Caller summary');
  f.message('Caller summary', { text: t.whisper }).always('Repeat caller?');
  f.compare('Repeat caller?', '$.Attributes.recentContactCount')
    .when('NumberGreaterThan', 0, 'Last contact')
    .otherwise('End whisper');
  f.message('Last contact', { text: t.whisperLastContact }).always('End whisper');
  f.message('Unknown caller', { text: t.whisperUnknown }).always('End whisper');
  f.end('End whisper');
  return f.build();
}
