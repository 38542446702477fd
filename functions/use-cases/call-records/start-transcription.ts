import type { RecordingRef, StartOutcome, TranscriptionItem } from '../../../schemas/call-record.js';
import {
  contactIdOfRecordingKey,
  TRANSCRIPTION_MAX_ATTEMPTS,
  transcribeLanguage,
  transcriptionJobName,
} from '../../core/call-record.js';
import type { CallRecordRepository, Transcriber } from '../../ports/call-records.js';

export interface StartTranscriptionDeps {
  readonly records: CallRecordRepository;
  readonly transcriber: Transcriber;
  /** Bucket (and prefix) for Transcribe's output JSON. */
  readonly outputBucket: string;
  readonly outputPrefix: string;
  readonly defaultLanguage: string;
  readonly now: () => Date;
}

export type { StartOutcome };

/** Output key of a job's transcript JSON. */
export const transcriptOutputKey = (prefix: string, jobName: string): string =>
  `${prefix.replace(/\/?$/, '/')}${jobName}.json`.replace(/^\//, '');

/**
 * A recording was stored: start its transcription (F9). Idempotent: the job name comes from the ContactId, the
 * transcription item is created conditionally, and a job that already exists counts as started.
 * `attempt` > 1 is a retry after a failed job.
 */
export async function startTranscription(
  deps: StartTranscriptionDeps,
  recording: RecordingRef,
  attempt = 1,
): Promise<StartOutcome> {
  if (!recording.key.toLowerCase().endsWith('.wav'))
    return { status: 'ignored', reason: 'not a .wav recording' };
  const contactId = contactIdOfRecordingKey(recording.key);
  if (!contactId) return { status: 'ignored', reason: 'key is not in the Connect recording layout' };
  if (attempt > TRANSCRIPTION_MAX_ATTEMPTS) return { status: 'ignored', reason: 'too many attempts' };
  const contact = await deps.records.getContact(contactId);
  // The customer asked to be forgotten (hotline crm forget): a late recording is not transcribed.
  if (contact.record?.forgottenAt) return { status: 'ignored', reason: 'the contact was forgotten' };
  const languageCode = transcribeLanguage(contact.record?.attributes.language, deps.defaultLanguage);
  const jobName = transcriptionJobName(contactId, attempt);
  const item: TranscriptionItem = {
    pk: `CONTACT#${contactId}`,
    sk: 'TRANSCRIPTION',
    entity: 'transcription',
    contactId,
    jobName,
    recording,
    languageCode,
    status: 'IN_PROGRESS',
    attempt,
    updatedAt: deps.now().toISOString(),
  };
  const fresh = await deps.records.startTranscription(item);
  // Start even when the item exists: a crash between the two writes must not lose the job; Transcribe refuses
  // a second job of the same name, which the adapter reports as `exists`.
  const started = await deps.transcriber.start({
    jobName,
    media: recording,
    languageCode,
    output: { bucket: deps.outputBucket, key: transcriptOutputKey(deps.outputPrefix, jobName) },
  });
  return { status: fresh && started === 'started' ? 'started' : 'already-started', contactId, jobName };
}
