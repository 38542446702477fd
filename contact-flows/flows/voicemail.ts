/**
 * Voicemail (F15), part of the inbound flow (after hours, or the chosen queue closed) and of the customer queue
 * flow (a key of the hold loop's offer). The message becomes a ticket: the createTicket Lambda opens it first, so
 * the caller hears its number (digit by digit) before the tone; the recording is then transcribed on the call
 * recordings' Transcribe path, and the transcript and the audio go onto the ticket
 * (functions/use-cases/voicemail/attach-voicemail.ts).
 *
 * ```
 * Voicemail offer ─complaintKey→ Voicemail complaint (createTicket: complaint category) ─┐
 *   (inbound only) ─messageKey──→ Voicemail message   (createTicket: voicemail) ─────────┤  voicemail=true,
 *                  ─no key/other/error→ Goodbye            either ─error→ failed          │  queueName=$.Queue.Name
 * Voicemail opened? ←────────────────────────────────────────────────────────────────────┘
 *   ─ok→ Record voicemail → Voicemail tone (the ticket number digit by digit, the tone; maxSeconds)
 *   └─otherwise→ failed (inbound: Sorry; queue flow: Voicemail failed) → Goodbye
 * Voicemail tone ─#, time limit, other key, error→ Voicemail saved (the number again) → Goodbye
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

/** XML-escaped text for SSML. */
const xml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? '&apos;');

/** What the caller hears before speaking: the instructions (with the ticket number), a pause, the tone. */
export function voicemailToneSsml(profile: Profile, language: Language): string {
  const p = voicemailOf(profile.id).prompts[language];
  return `<speak>${xml(p.instructions)}<break time="500ms"/>${xml(p.tone)}<break time="300ms"/></speak>`;
}

export interface VoicemailSteps {
  /** The after-hours offer (complaint or message), when `offer` was asked for. */
  readonly offer?: string;
  /** A message for the current queue (or, with none, the general queue's department). */
  readonly message: string;
}

/**
 * Adds one language's voicemail steps to a flow; `goodbye` is the flow's goodbye step, `failed` its apology (if it
 * has one: otherwise a voicemail apology is added). With `offer`, also the after-hours offer (a complaint or a
 * message). Seven actions per language at most: the distribution inbound flow is near Connect's 250.
 */
export function addVoicemail(
  f: FlowBuilder,
  profile: Profile,
  refs: BaseFlowRefs,
  language: Language,
  id: (name: string) => string,
  opts: { readonly goodbye: string; readonly offer: boolean; readonly failed?: string },
): VoicemailSteps {
  const vm = voicemailOf(profile.id);
  const p = vm.prompts[language];
  const fn = inCallFunction('createTicket');
  const failed = opts.failed ?? id('Voicemail failed');
  const open = (action: string, category: string) =>
    f
      .invokeLambda(id(action), {
        functionArn: refOf(refs.lambdas, 'createTicket', 'Lambda'),
        timeoutSeconds: fn.invocationTimeLimitSeconds,
        parameters: {
          category,
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
    open('Voicemail complaint', vm.complaintCategory);
  }
  open('Voicemail message', vm.category);
  f.compare(id('Voicemail opened?'), '$.External.ticketStatus')
    .when('Equals', 'ok', id('Record voicemail'))
    .otherwise(failed);
  // The customer only, from here on: the IVR recording starts at once (the menu before is not recorded).
  f.setRecording(id('Record voicemail'), { participants: ['Customer'], ivr: true }).next(
    id('Voicemail tone'),
  );
  const saved = id('Voicemail saved');
  f.getInput(id('Voicemail tone'), {
    ssml: voicemailToneSsml(profile, language),
    timeoutSeconds: vm.maxSeconds,
  })
    .onKey('#', saved)
    .onTimeout(saved)
    .onInvalid(saved)
    .onError(saved);
  f.message(saved, { text: p.saved }).always(opts.goodbye);
  if (!opts.failed) f.message(failed, { text: p.failed }).always(opts.goodbye);
  return { ...(opts.offer ? { offer: id('Voicemail offer') } : {}), message: id('Voicemail message') };
}
