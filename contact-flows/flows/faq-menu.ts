/**
 * Spoken answers to a profile's top FAQs in the IVR (issue 14, F13), a flow module (`CfnContactFlowModule`) the
 * inbound flow invokes from the main-menu key of the profile's `ivrFaq` (contact-flows/profiles/knowledge.ts). The
 * caller picks an FAQ by key; the faqAnswer Lambda reads that FAQ's article (the caller's language's) and answers
 * its `spoken` text, which admins edit in the workspace; the caller hears it and may hear it again, pick another
 * FAQ, or go to an agent.
 *
 * ```
 * module: Caller language? ─en-US→ (en-US copy)
 *   FAQ menu ─key n→ FAQ <n> ($.FlowAttributes.faqTopic = the topic's article) → Find answer (λ faqAnswer)
 *            ─0/error→ Return (the inbound flow transfers to an agent)
 *            ─timeout/invalid→ FAQ no input / FAQ invalid → FAQ retries ─done→ Return (agent)
 *   Find answer ─error→ FAQ failed;  → Answer found? ─ok→ Answer;  otherwise → FAQ failed → Return (agent)
 *   Answer ("<spoken answer> 1 repeat, 2 another question, 0 agent")
 *          ─1→ Answer;  ─2→ FAQ menu;  ─0/error→ Return (agent)
 *          ─timeout→ Answered (faqResult = answered) → Return (the inbound flow says goodbye)
 *          ─invalid→ Answer invalid → Answer retries (once) ─done→ Answered
 * inbound: FAQ (invoke module) → After FAQ ─faqResult answered→ Goodbye;  otherwise → the option's queue
 * ```
 * One module holds both languages: the lookup's `language` attribute picks the copy. The answer stays in the
 * module's own `$.External` (Connect keeps a module's flow-local data apart); only `faqResult` crosses back.
 */
import { inCallFunction } from '../../functions/registry.js';
import type { FlowDocument } from '../../schemas/flow.js';
import type { IvrFaq } from '../../schemas/knowledge.js';
import { type Language, type Profile, SENTENCE_JOIN } from '../../schemas/profile.js';
import { type DtmfKey, FlowBuilder } from '../builder/index.js';
import { knowledgeOf } from '../profiles/knowledge.js';
import { type BaseFlowRefs, type FlowRefs, refOf } from './refs.js';
import { flowLanguages, idsFor } from './text.js';

/** `faqResult` after the module: `answered` when the caller heard an answer and asked for nothing more. */
export const FAQ_RESULT_ATTRIBUTE = 'faqResult';

/** Seconds the caller has to press 1, 2 or 0 after hearing an answer (silence: they have what they called for). */
const AFTER_ANSWER_SECONDS = 5;

/** What the FAQ menu says, per language. */
export const FAQ_TEXT: Readonly<
  Record<
    Language,
    {
      intro: string;
      option: string;
      agent: string;
      after: string;
      noInput: string;
      invalid: string;
      failed: string;
    }
  >
> = {
  'zh-CN': {
    intro: '常见问题语音解答。',
    option: '{label}请按{key}。',
    agent: '其他问题请按0转人工服务。',
    after: '重听请按1。其他问题请按2。人工服务请按0。',
    noInput: '抱歉，我们没有收到您的输入。',
    invalid: '抱歉，您的输入有误。',
    failed: '抱歉，暂时无法为您播放该问题的解答，正在为您转接人工服务。',
  },
  'en-US': {
    intro: 'Answers to frequently asked questions.',
    option: 'For {label}, press {key}.',
    agent: 'For anything else, press 0 to speak to an agent.',
    after: 'To hear this again, press 1. For another question, press 2. To speak to an agent, press 0.',
    noInput: 'Sorry, we did not receive your entry.',
    invalid: 'Sorry, that key is not valid.',
    failed: 'Sorry, we cannot play that answer right now. We are connecting you to an agent.',
  },
};

/** The profile's spoken FAQ settings, if it offers any. */
export function faqOf(profile: Profile): IvrFaq | undefined {
  return knowledgeOf(profile.id).ivrFaq;
}

/** The main-menu option that opens the FAQ menu, if the profile has one (its queue is where "0" goes). */
export function faqMenuOption(profile: Profile) {
  const faq = faqOf(profile);
  return faq ? profile.menu.find((o) => o.key === faq.menuKey) : undefined;
}

/** The FAQ menu prompt: intro, each topic, then key 0 for an agent. */
export function faqMenuText(faq: IvrFaq, language: Language): string {
  const t = FAQ_TEXT[language];
  const options = faq.topics.map((topic) =>
    t.option.replaceAll('{label}', topic.label[language]).replaceAll('{key}', topic.key),
  );
  return [t.intro, ...options, t.agent].join(SENTENCE_JOIN[language]);
}

/**
 * Invokes the FAQ module in one language's copy of the inbound flow; returns the id of the step the main menu's
 * key goes to. After the module: `goodbye` when the caller was answered, else `agent` (the option's queue step).
 */
export function addFaqMenu(
  f: FlowBuilder,
  refs: FlowRefs,
  id: (name: string) => string,
  targets: { readonly agent: string; readonly goodbye: string },
): string {
  const moduleArn = refs.modules.faqMenu;
  if (!moduleArn) throw new Error('flow refs have no flow module "faqMenu"');
  f.invokeModule(id('FAQ'), moduleArn).next(id('After FAQ')).onError(targets.agent);
  f.compare(id('After FAQ'), `$.Attributes.${FAQ_RESULT_ATTRIBUTE}`)
    .when('Equals', 'answered', targets.goodbye)
    .otherwise(targets.agent);
  return id('FAQ');
}

/** The FAQ menu as a flow module (`FLOW_MODULE`), both languages, `language` first; undefined without `ivrFaq`. */
export function buildFaqMenuModule(
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument | undefined {
  const faq = faqOf(profile);
  if (!faq) return undefined;
  const f = new FlowBuilder({
    name: `${profile.id} FAQ answers`,
    type: 'FLOW_MODULE',
    description: `Spoken FAQ answers (F13) of ${profile.title}`,
  });
  const languages = flowLanguages(language);
  const pick = f.compare('Caller language?', '$.Attributes.language');
  for (const other of languages.slice(1)) pick.when('Equals', other, idsFor(other, language)('FAQ menu'));
  pick.otherwise(idsFor(language, language)('FAQ menu'));
  for (const l of languages) addFaqSteps(f, profile, faq, refs, l, idsFor(l, language));
  f.setAttributes('Answered', { [FAQ_RESULT_ATTRIBUTE]: 'answered' })
    .next('Return')
    .onError('Return');
  f.endModule('Return');
  return f.build();
}

/** One language's copy of the FAQ menu, inside the module. */
function addFaqSteps(
  f: FlowBuilder,
  profile: Profile,
  faq: IvrFaq,
  refs: BaseFlowRefs,
  language: Language,
  id: (name: string) => string,
): void {
  const t = FAQ_TEXT[language];
  const fn = inCallFunction('faqAnswer');
  const done = 'Return';
  const menu = f.getInput(id('FAQ menu'), {
    text: faqMenuText(faq, language),
    timeoutSeconds: profile.menuTimeoutSeconds,
  });
  for (const topic of faq.topics) menu.onKey(topic.key as DtmfKey, id(`FAQ ${topic.key}`));
  menu.onKey('0', done).onTimeout(id('FAQ no input')).onInvalid(id('FAQ invalid')).onError(done);
  f.message(id('FAQ no input'), { text: t.noInput }).always(id('FAQ retries'));
  f.message(id('FAQ invalid'), { text: t.invalid }).always(id('FAQ retries'));
  f.loop(id('FAQ retries'), profile.menuRetries).body(id('FAQ menu')).done(done);
  for (const topic of faq.topics) {
    f.setFlowAttributes(id(`FAQ ${topic.key}`), { faqTopic: topic.articles[language] })
      .next(id('Find answer'))
      .onError(id('FAQ failed'));
  }
  f.invokeLambda(id('Find answer'), {
    functionArn: refOf(refs.lambdas, 'faqAnswer', 'Lambda'),
    timeoutSeconds: fn.invocationTimeLimitSeconds,
    parameters: { topic: '$.FlowAttributes.faqTopic', language },
    responseType: 'STRING_MAP',
  })
    .next(id('Answer found?'))
    .onError(id('FAQ failed'));
  f.compare(id('Answer found?'), '$.External.faqStatus')
    .when('Equals', 'ok', id('Answer'))
    .otherwise(id('FAQ failed'));
  // A path runs until a character that cannot be in a name: the space ends it (and is not heard).
  f.getInput(id('Answer'), { text: `$.External.prompt ${t.after}`, timeoutSeconds: AFTER_ANSWER_SECONDS })
    .onKey('1', id('Answer'))
    .onKey('2', id('FAQ menu'))
    .onKey('0', done)
    .onTimeout('Answered')
    .onInvalid(id('Answer invalid'))
    .onError(done);
  f.message(id('Answer invalid'), { text: t.invalid }).always(id('Answer retries'));
  f.loop(id('Answer retries'), 1).body(id('Answer')).done('Answered');
  f.message(id('FAQ failed'), { text: t.failed }).always(done);
}
