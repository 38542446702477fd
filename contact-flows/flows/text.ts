import { LANGUAGES, type Language, type Profile, SENTENCE_JOIN, type Voice } from '../../schemas/profile.js';

/** The languages a flow speaks: `primary` (callers the lookup gives no other language for) first. */
export function flowLanguages(primary: Language): readonly Language[] {
  return [primary, ...LANGUAGES.filter((l) => l !== primary)];
}

/**
 * Identifiers of a language's copy of the flow: the primary language keeps the plain names (`Menu`), the
 * others end with the language (`Menu en-US`).
 */
export function idsFor(language: Language, primary: Language): (name: string) => string {
  const suffix = language === primary ? '' : ` ${language}`;
  return (name) => `${name}${suffix}`;
}

/** The menu prompt: the intro, then each option from the `menuOption` template, in menu order. */
export function menuText(profile: Profile, language: Language): string {
  const prompts = profile.prompts[language];
  const options = profile.menu.map((option) =>
    prompts.menuOption.replaceAll('{label}', option.label[language]).replaceAll('{key}', option.key),
  );
  return [prompts.menuIntro, ...options].join(SENTENCE_JOIN[language]);
}

/** Before a repeat caller is put through to their last agent. */
export const LAST_AGENT_INTRO: Readonly<Record<Language, string>> = {
  'zh-CN': '正在为您转接上次为您服务的客服。',
  'en-US': 'We are connecting you to the agent who helped you last time.',
};

/**
 * What a repeat caller hears before their last agent when the profile has urgent options (roadside rescue): the
 * intro, then each urgent option's key ("道路救援请按3。"); undefined when it has none (no prompt, no wait).
 */
export function lastAgentOfferText(profile: Profile, language: Language): string | undefined {
  const urgent = profile.menu.filter((o) => o.urgent);
  if (urgent.length === 0) return undefined;
  const prompts = profile.prompts[language];
  const options = urgent.map((o) =>
    prompts.menuOption.replaceAll('{label}', o.label[language]).replaceAll('{key}', o.key),
  );
  return [LAST_AGENT_INTRO[language], ...options].join(SENTENCE_JOIN[language]);
}

/** Set voice options for a language. */
export function voiceOf(profile: Profile, language: Language): { voice: string; engine?: string } {
  const v: Voice = profile.voice[language];
  return v.engine === undefined ? { voice: v.voice } : { voice: v.voice, engine: v.engine };
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text followed by `pauseSeconds` of silence, as SSML (Polly breaks are at most 10 s each). */
export function withPause(text: string, pauseSeconds: number): string {
  const escaped = text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
  const breaks: string[] = [];
  for (let left = pauseSeconds; left > 0; left -= 10) breaks.push(`<break time="${Math.min(10, left)}s"/>`);
  return `<speak>${escaped}${breaks.join('')}</speak>`;
}
