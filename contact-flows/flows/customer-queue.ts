import type { FlowDocument } from '../../schemas/flow.js';
import type { Language, Profile } from '../../schemas/profile.js';
import { FlowBuilder } from '../builder/index.js';
import { voicemailOf } from '../profiles/voicemail.js';
import type { BaseFlowRefs } from './refs.js';
import { flowLanguages, idsFor, voiceOf, withPause } from './text.js';
import { addVoicemail, queueOfferText } from './voicemail.js';

/** Silence after each hold message, so the loop does not talk non-stop. */
const HOLD_PAUSE_SECONDS = 20;
/** Seconds the caller has to press 1 for a callback. */
const CALLBACK_INPUT_SECONDS = 5;

/**
 * The customer queue flow (CUSTOMER_QUEUE): what a caller hears while waiting (F2). The inbound flow sets it
 * with the CustomerQueue event hook.
 *
 * ```
 * Caller language? ─en-US→ Voice en-US → (en-US copy);  otherwise → Voice → …
 * Queue metrics → Others waiting? ($.Metrics.Queue.Size > 1) ─yes→ Queue status ─┐
 * Hold (loop prompts, interrupted every holdInterruptSeconds) ←──────────────────┘
 *   ─interrupted→ Callback possible? (withheld number: no) → Offer callback ─1→ Book callback → Callback booked
 *                                                                            → Goodbye → Hang up
 *                                              ─2→ Voicemail message (voicemail.ts) → … → Goodbye
 *                                              other key, no key, error → Hold (the loop goes on)
 *   ─error (chat)→ End queue flow (the contact stays in queue)
 * ```
 *
 * Connect gives flows the queue's size, not the caller's position (GetContactMetrics is API-only), so the
 * status prompt tells how many wait. The voice is set again because the caller's voice from the inbound flow is
 * not known to carry into this flow (unverified).
 */
export function buildCustomerQueueFlow(
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language = profile.defaultLanguage,
): FlowDocument {
  const f = new FlowBuilder({
    name: `${profile.id} customer queue`,
    type: 'CUSTOMER_QUEUE',
    description: `Customer queue flow of ${profile.title}`,
  });
  const languages = flowLanguages(language);
  const callerLanguage = f.compare('Caller language?', '$.Attributes.language');
  for (const other of languages.slice(1)) callerLanguage.when('Equals', other, `Voice ${other}`);
  callerLanguage.otherwise('Voice');

  for (const l of languages) {
    const id = idsFor(l, language);
    const t = profile.prompts[l];
    f.setVoice(id('Voice'), voiceOf(profile, l)).always(id('Queue metrics'));
    f.getQueueMetrics(id('Queue metrics')).always(id('Others waiting?'));
    // Size counts this caller too; it is null when the queue is idle (a null is not a number: otherwise).
    f.compare(id('Others waiting?'), '$.Metrics.Queue.Size')
      .when('NumberGreaterThan', 1, id('Queue status'))
      .otherwise(id('Hold'));
    f.message(id('Queue status'), { text: t.queueStatus }).always(id('Hold'));
    f.messageLoop(id('Hold'), {
      messages: [{ ssml: withPause(t.hold, HOLD_PAUSE_SECONDS) }],
      interruptEverySeconds: profile.holdInterruptSeconds,
    })
      .onInterrupt(id('Callback possible?'))
      .onError('End queue flow');
    // A withheld number cannot be called back.
    f.compare(id('Callback possible?'), '$.Attributes.withheld')
      .when('Equals', 'true', id('Hold'))
      .otherwise(id('Offer callback'));
    // Voicemail (F15, voicemail.ts): a message for this queue's department instead of waiting.
    const voicemail = addVoicemail(f, profile, refs, l, id, { goodbye: id('Goodbye'), offer: false });
    f.getInput(id('Offer callback'), {
      text: queueOfferText(profile, l),
      timeoutSeconds: CALLBACK_INPUT_SECONDS,
    })
      .onKey('1', id('Book callback'))
      .onKey(voicemailOf(profile.id).queueKey, voicemail.message)
      .onTimeout(id('Hold'))
      .onInvalid(id('Hold'))
      .onError(id('Hold'));
    // To the current queue, at the caller's number.
    f.createCallback(id('Book callback'), {
      initialDelaySeconds: profile.callback.initialDelaySeconds,
      maxAttempts: profile.callback.maxAttempts,
      retryDelaySeconds: profile.callback.retryDelaySeconds,
    })
      .next(id('Callback booked'))
      .onError(id('Hold'));
    f.message(id('Callback booked'), { text: t.callbackConfirmed }).always(id('Goodbye'));
    f.message(id('Goodbye'), { text: t.goodbye }).always('Hang up');
  }
  f.disconnect('Hang up');
  f.end('End queue flow');
  return f.build();
}
