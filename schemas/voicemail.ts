import { z } from 'zod';
import { IsoTimeSchema } from './crm.js';

/**
 * Voicemail (F15): out of hours, and from the queue when the caller chooses it, the caller leaves a message. The
 * message is recorded (Connect's automated-interaction recording, customer only), transcribed on the call
 * recordings' Transcribe path, and kept on a ticket for the queue's department.
 */

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case key: letters, digits and "-"');
const DtmfKey = z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
const PromptText = z.string().trim().min(1).max(1500);
const SPOKEN_ID = '$.External.ticketIdSpoken';

/** What the voicemail says, in one language. */
export const VoicemailPromptsSchema = z.object({
  /** After the after-hours or queue-closed message: `{complaintKey}` for a complaint, `{messageKey}` for a message. */
  offer: PromptText.refine(
    (t) => t.includes('{complaintKey}') && t.includes('{messageKey}'),
    'needs {complaintKey} and {messageKey}',
  ),
  /** Added to the hold loop's callback offer: `{key}` to leave a message instead of waiting. */
  queueOffer: PromptText.refine((t) => t.includes('{key}'), 'needs {key}'),
  /** Before the tone: the reference number (must read `$.External.ticketIdSpoken`) and how to end. */
  instructions: PromptText.refine((t) => t.includes(SPOKEN_ID), `must read ${SPOKEN_ID}`),
  /** The tone the caller speaks after (Polly has no beep: a short spoken cue, after a pause). */
  tone: PromptText,
  /** After the message (# or the time limit): thanks, and the reference number again. */
  saved: PromptText.refine((t) => t.includes(SPOKEN_ID), `must read ${SPOKEN_ID}`),
  /** The ticket could not be opened: no message is taken. */
  failed: PromptText,
});
export type VoicemailPrompts = z.infer<typeof VoicemailPromptsSchema>;

/** A profile's voicemail settings (contact-flows/profiles/voicemail.ts). */
export const VoicemailSettingsSchema = z.object({
  /** Ticket category of a message ("留言"); its department is replaced by the queue's (`departments`). */
  category: Key,
  /** Ticket category of an after-hours complaint (round-the-clock complaint intake). */
  complaintCategory: Key,
  /** Department of a message left for each queue (by queue key); a queue not listed: the category's department. */
  departments: z.record(z.string(), Key),
  /** Keys of the after-hours offer. */
  complaintKey: DtmfKey,
  messageKey: DtmfKey,
  /** Key of the hold loop's offer (next to the callback's 1). */
  queueKey: DtmfKey,
  /** Longest message in seconds: the recording's GetParticipantInput time limit (the console caps it at 179). */
  maxSeconds: z.number().int().min(10).max(179),
  prompts: z.object({ 'zh-CN': VoicemailPromptsSchema, 'en-US': VoicemailPromptsSchema }),
});
export type VoicemailSettings = z.infer<typeof VoicemailSettingsSchema>;
export type VoicemailSettingsInput = z.input<typeof VoicemailSettingsSchema>;

export const VOICEMAIL_STATUSES = ['awaiting', 'transcribed', 'failed'] as const;

/** What a ticket keeps of its voicemail (`Ticket.voicemail`). */
export const TicketVoicemailSchema = z.object({
  /** awaiting: the recording is not transcribed yet; transcribed; failed: Transcribe gave up (audio still linked). */
  status: z.enum(VOICEMAIL_STATUSES),
  /** The queue the message was left for (Connect's queue name), if any. */
  queue: z.string().max(256).optional(),
  /** The recording: `s3://bucket/key` (the WAV in the recordings bucket, or the S3 emulator locally). */
  audio: z.string().max(2048).optional(),
  /** What the caller said (the customer channel of the transcript). */
  transcript: z.string().max(4000).optional(),
  /** The Transcribe job the transcript came from (a replay of the same job changes nothing). */
  jobName: z.string().max(200).optional(),
  updatedAt: IsoTimeSchema,
});
export type TicketVoicemail = z.infer<typeof TicketVoicemailSchema>;

/**
 * The note the offline runtime writes when a flow turns on the automated-interaction (IVR) recording of the
 * customer: the local transcriber transcribes from there on, as Connect records from there on.
 */
export const IVR_RECORDING_NOTE = 'IVR recording started';
