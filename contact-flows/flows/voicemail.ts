/**
 * Voicemail (F15), part of the inbound flow (after hours, or the chosen queue closed) and of the customer queue
 * flow (a key of the hold loop's offer). The message becomes a ticket: the createTicket Lambda opens it first, so
 * the caller hears its number (digit by digit) before the tone; the recording is then transcribed on the call
 * recordings' Transcribe path, and the transcript and the audio go onto the ticket
 * (functions/use-cases/voicemail/attach-voicemail.ts).
 *
 * ```
 * Voicemail offer ─complaintKey→ Voicemail complaint (voicemailCategory = complaint category) ─┐
 *   (inbound only) ─messageKey──→ Voicemail message   (voicemailCategory = voicemail) ─────────┤
 *                  ─no key/other/error→ Goodbye                  either ─error→ Voicemail failed│
 * Open voicemail (createTicket, voicemail=true, queueName=$.Queue.Name) ←──────────────────────┘
 *   ─error→ Voicemail failed → Goodbye
 * Voicemail opened? ─ok→ Voicemail number (reads the ticket number) → Record voicemail → Voicemail tone
 *                   └─otherwise→ Voicemail failed
 * Voicemail tone (GetParticipantInput, maxSeconds) ─#, time limit, other key, error→ Voicemail saved → Goodbye
 * ```
 *
 * Recording: the automated-interaction (IVR) recording of the customer, turned on just before the tone
 * (`IVRRecordingBehavior: Enabled`, reference §3.1/§3.2 [export]; AWS: "enabling recording for automated
 * interactions takes effect immediately"). It lands in the call recordings bucket like an agent call's, so the same
 * S3 event → Transcribe → transcripts path handles it. Where Connect puts an IVR-only recording under the
 * recordings prefix (a community report says an `ivr/` sub-folder) is *unverified*: the recordings handler takes
 * any key under the prefix whose file name is Connect's `<ContactId>_<date>T<time>_UTC.wav`. While the caller
 * speaks, the flow waits on a DTMF input with the longest message as its time limit (as Voicemail Express does);
 * a # ends the message early, and hanging up ends it too.
 */
import { inCallFunction } from '../../functions/registry.js';
import { type Language, type Profile, SENTENCE_JOIN } from '../../schemas/profile.js';
import type { FlowBuilder } from '../builder/index.js';
import { voicemailOf } from '../profiles/voicemail.js';
import { type BaseFlowRefs, refOf } from './refs.js';

/** The contact attribute naming the ticket category of the message (also in the CTR: a voicemail contact). */
export const VOICEMAIL_CATEGORY_ATTRIBUTE = 'voicemailCategory';

/** The after-hours offer: a complaint or a message. */
export function voicemailOfferText(profile: Profile, language: Language): string {
  const vm = voicemailOf(profile.id);
  return vm.prompts[language].offer
    .replaceAll('{complaintKey}', vm.complaintKey)
    .replaceAll('{messageKey}', vm.messageKey);
}

/** The hold loop's offer: the callback (the profile's prompt), then the voicemail key. */
export function queueOfferText(profile: Profile, language: Language): string {
  const vm = voicemailOf(profile.id);
  return [
    profile.prompts[language].callbackOffer,
    vm.prompts[language].queueOffer.replaceAll('{key}', vm.queueKey),
  ].join(SENTENCE_JOIN[language]);
}

export interface VoicemailSteps {
  /** The after-hours offer (complaint or message), when `offer` was asked for. */
  readonly offer?: string;
  /** A message for the current queue (or, with none, the general queue's department). */
  readonly message: string;
}

/**
 * Adds one language's voicemail steps to a flow; `goodbye` is the flow's goodbye step. With `offer`, also the
 * after-hours offer (a complaint or a message).
 */
export function addVoicemail(
  f: FlowBuilder,
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language,
  id: (name: string) => string,
  opts: { readonly goodbye: string; readonly offer: boolean },
): VoicemailSteps {
  const vm = voicemailOf(profile.id);
  const p = vm.prompts[language];
  const fn = inCallFunction('createTicket');
  const failed = id('Voicemail failed');

  if (opts.offer) {
    f.getInput(id('Voicemail offer'), {
      text: voicemailOfferText(profile, language),
      timeoutSeconds: profile.menuTimeoutSeconds,
    })
      .onKey(vm.complaintKey, id('Voicemail complaint'))
      .onKey(vm.messageKey, id('Voicemail message'))
      .onTimeout(opts.goodbye)
      .onInvalid(opts.goodbye)
      .onError(opts.goodbye);
    f.setAttributes(id('Voicemail complaint'), { [VOICEMAIL_CATEGORY_ATTRIBUTE]: vm.complaintCategory })
      .next(id('Open voicemail'))
      .onError(failed);
  }
  f.setAttributes(id('Voicemail message'), { [VOICEMAIL_CATEGORY_ATTRIBUTE]: vm.category })
    .next(id('Open voicemail'))
    .onError(failed);
  f.invokeLambda(id('Open voicemail'), {
    functionArn: refOf(refs.lambdas, 'createTicket', 'Lambda'),
    timeoutSeconds: fn.invocationTimeLimitSeconds,
    parameters: {
      category: `$.Attributes.${VOICEMAIL_CATEGORY_ATTRIBUTE}`,
      phoneNumber: '$.CustomerEndpoint.Address',
      customerId: '$.Attributes.customerId',
      language: '$.Attributes.language',
      voicemail: 'true',
      // The working queue (none after hours: the general queue's department takes the message).
      queueName: '$.Queue.Name',
    },
    responseType: 'STRING_MAP',
  })
    .next(id('Voicemail opened?'))
    .onError(failed);
  f.compare(id('Voicemail opened?'), '$.External.ticketStatus')
    .when('Equals', 'ok', id('Voicemail number'))
    .otherwise(failed);
  f.message(id('Voicemail number'), { text: p.instructions }).always(id('Record voicemail'));
  // The customer only, from here on: the IVR recording starts at once (the menu before is not recorded).
  f.setRecording(id('Record voicemail'), { participants: ['Customer'], ivr: true }).next(
    id('Voicemail tone'),
  );
  const saved = id('Voicemail saved');
  f.getInput(id('Voicemail tone'), { ssml: p.tone, timeoutSeconds: vm.maxSeconds })
    .onKey('#', saved)
    .onTimeout(saved)
    .onInvalid(saved)
    .onError(saved);
  f.message(saved, { text: p.saved }).always(opts.goodbye);
  f.message(failed, { text: p.failed }).always(opts.goodbye);
  return { ...(opts.offer ? { offer: id('Voicemail offer') } : {}), message: id('Voicemail message') };
}
