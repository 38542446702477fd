import { inCallFunction } from '../../functions/registry.js';
import type { FlowDocument } from '../../schemas/flow.js';
import type { Language, Profile, ProfileId } from '../../schemas/profile.js';
import { FlowBuilder } from '../builder/index.js';
import { type BaseFlowRefs, refOf, type SurveyFlowRefs } from './refs.js';
import { flowLanguages, idsFor, voiceOf } from './text.js';

/** What the survey says, per language. */
export const SURVEY_TEXT: Readonly<
  Record<Language, { question: string; thanks: string; secondQuestionIntro: string }>
> = {
  'zh-CN': {
    question: '感谢您的来电。请为本次服务打分：非常满意请按5，非常不满意请按1。',
    thanks: '感谢您的评价，再见。',
    secondQuestionIntro: '最后一个问题：',
  },
  'en-US': {
    question: 'Thank you for calling. Please rate our service from 1 to 5, 5 being very satisfied.',
    thanks: 'Thank you for your feedback. Goodbye.',
    secondQuestionIntro: 'One last question: ',
  },
};

/** The optional second question (1–5) of each profile. */
export const SURVEY_SECOND_QUESTION: Readonly<Partial<Record<ProfileId, Record<Language, string>>>> = {
  'auto-dealer': {
    'zh-CN': '您的车辆问题是否已经解决？已解决请按5，未解决请按1。',
    'en-US': 'Was the issue with your vehicle resolved? Press 5 for yes, 1 for no.',
  },
  logistics: {
    'zh-CN': '您对包裹的派送是否满意？请按1到5打分。',
    'en-US': 'How satisfied are you with the delivery of your parcel? Press 1 to 5.',
  },
};

/** Seconds the caller has to key each answer. */
export const SURVEY_INPUT_SECONDS = 8;

/**
 * The post-call survey (F8): the disconnect flow the inbound flow sets with the `CustomerRemaining` hook, so it
 * runs when the agent hangs up first and the caller stays on the line. A CONTACT_FLOW (the type Connect's "Set
 * disconnect flow" takes) that invokes the survey module (`buildSurveyModule`), then hangs up:
 *
 * ```
 * Survey (invoke module) → Hang up        (a module that fails to run: Hang up)
 * ```
 * The module is the survey itself, so any inbound flow can ask it (e.g. after a self-service) without a copy.
 */
export function buildSurveyFlow(
  profile: Profile,
  refs: SurveyFlowRefs,
  _language: Language = profile.defaultLanguage,
): FlowDocument {
  const f = new FlowBuilder({
    name: `${profile.id} survey`,
    type: 'CONTACT_FLOW',
    description: `Post-call survey (disconnect flow) of ${profile.title}`,
  });
  f.invokeModule('Survey', refOf(refs.modules, 'survey', 'flow module'))
    .next('Hang up')
    .onError('Hang up');
  f.disconnect('Hang up');
  return f.build();
}

/**
 * The survey module (`FLOW_MODULE`): the caller's language (the lookup's `language` attribute) picks the copy.
 *
 * ```
 * Voice → Language → Caller language? ─en-US→ (en-US copy)
 *   → Rating (1 key) → Rated? → Save rating → [Second question → Answered? → Save answer] → Record survey
 *   → Thanks → Return
 *   no key ($.StoredCustomerInput = "Timeout") / error → Return (no result stored); no second answer → Record
 *   survey without it
 * ```
 * The Lambda gets the agent (`$.Agent.ARN`; available in a disconnect flow after an agent was connected:
 * *unverified*, the Lambda also accepts it missing) and the queue from the contact. The stored input and the
 * Lambda's answer are the module's own data (Connect keeps a module's flow-local data apart).
 */
export function buildSurveyModule(
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument {
  const f = new FlowBuilder({
    name: `${profile.id} survey module`,
    type: 'FLOW_MODULE',
    description: `Post-call survey questions (F8) of ${profile.title}`,
  });
  const languages = flowLanguages(language);
  const other = languages[1];
  const first = idsFor(language, language);
  f.setVoice('Voice', voiceOf(profile, language)).always('Language');
  f.setLanguage('Language', language).always('Caller language?');
  const pick = f.compare('Caller language?', '$.Attributes.language');
  if (other) pick.when('Equals', other, idsFor(other, language)('Voice'));
  pick.otherwise(first('Rating'));
  for (const lang of languages) {
    const id = idsFor(lang, language);
    if (lang !== language) {
      f.setVoice(id('Voice'), voiceOf(profile, lang)).always(id('Language'));
      f.setLanguage(id('Language'), lang).always(id('Rating'));
    }
    surveySteps(f, profile, refs, lang, id);
  }
  f.endModule(END);
  return f.build();
}

/** Where the survey ends: the module returns, and the disconnect flow hangs up. */
const END = 'Return';

function surveySteps(
  f: FlowBuilder,
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language,
  id: (name: string) => string,
): void {
  const t = SURVEY_TEXT[language];
  const second = SURVEY_SECOND_QUESTION[profile.id]?.[language];
  const input = { timeoutSeconds: SURVEY_INPUT_SECONDS, validation: { maxLength: 1 } } as const;
  // Store customer input with no key at all continues on Success with $.StoredCustomerInput = "Timeout".
  f.storeInput(id('Rating'), { text: t.question, ...input })
    .next(id('Rated?'))
    .onError(END);
  f.compare(id('Rated?'), '$.StoredCustomerInput')
    .when('Equals', 'Timeout', END)
    .otherwise(id('Save rating'));
  f.setAttributes(id('Save rating'), { surveyScore: '$.StoredCustomerInput' })
    .next(second ? id('Second question') : id('Record survey'))
    .onError(END);
  if (second) {
    f.storeInput(id('Second question'), { text: `${t.secondQuestionIntro}${second}`, ...input })
      .next(id('Answered?'))
      .onError(id('Record survey'));
    f.compare(id('Answered?'), '$.StoredCustomerInput')
      .when('Equals', 'Timeout', id('Record survey'))
      .otherwise(id('Save answer'));
    f.setAttributes(id('Save answer'), { surveyAnswer2: '$.StoredCustomerInput' })
      .next(id('Record survey'))
      .onError(id('Record survey'));
  }
  f.invokeLambda(id('Record survey'), {
    functionArn: refOf(refs.lambdas, 'recordSurvey', 'Lambda'),
    timeoutSeconds: inCallFunction('recordSurvey').invocationTimeLimitSeconds,
    parameters: {
      score: '$.Attributes.surveyScore',
      ...(second ? { answer2: '$.Attributes.surveyAnswer2' } : {}),
      agentId: '$.Agent.ARN',
    },
    responseType: 'STRING_MAP',
  })
    .next(id('Thanks'))
    .onError(id('Thanks'));
  f.message(id('Thanks'), { text: t.thanks }).always(END);
}
