import {
  type StoreOutcome,
  type TranscribeJobStateChange,
  TranscribeOutputSchema,
  type TranscriptItem,
} from '../../../schemas/call-record.js';
import { contactIdOfJobName, normalizeTranscript } from '../../core/call-record.js';
import type { ObjectStore } from '../../ports/call-records.js';
import {
  type StartTranscriptionDeps,
  startTranscription,
  transcriptOutputKey,
} from './start-transcription.js';

export interface StoreTranscriptDeps extends StartTranscriptionDeps {
  readonly objects: ObjectStore;
}

export type { StoreOutcome };

/**
 * A Transcribe job finished: store the normalized transcript and link it to the call record (same item
 * collection), or record the failure and start the next attempt (up to TRANSCRIPTION_MAX_ATTEMPTS). Idempotent.
 */
export async function storeTranscript(
  deps: StoreTranscriptDeps,
  event: TranscribeJobStateChange,
): Promise<StoreOutcome> {
  const { TranscriptionJobName: jobName, TranscriptionJobStatus: status } = event.detail;
  const contactId = contactIdOfJobName(jobName);
  if (!contactId) return { status: 'ignored', reason: 'not a Hotline job' };
  const job = await deps.records.getTranscription(contactId);
  if (!job) return { status: 'ignored', reason: 'no transcription was started for this contact' };
  if (job.jobName !== jobName) return { status: 'ignored', reason: 'an older attempt' };
  const now = deps.now().toISOString();
  if (status === 'FAILED') {
    const reason = event.detail.FailureReason ?? 'unknown';
    await deps.records.updateTranscription({
      ...job,
      status: 'FAILED',
      failureReason: reason,
      updatedAt: now,
    });
    const retry = await startTranscription(deps, job.recording, job.attempt + 1);
    return { status: retry.status === 'ignored' ? 'failed-final' : 'failed-retried', contactId, reason };
  }
  if (status !== 'COMPLETED') return { status: 'ignored', reason: `status ${status}` };
  const source = { bucket: deps.outputBucket, key: transcriptOutputKey(deps.outputPrefix, jobName) };
  const output = TranscribeOutputSchema.parse(JSON.parse(await deps.objects.getText(source)));
  const turns = normalizeTranscript(output);
  const item: TranscriptItem = {
    pk: `CONTACT#${contactId}`,
    sk: 'TRANSCRIPT',
    entity: 'transcript',
    contactId,
    jobName,
    source,
    turns,
    text: output.results.transcripts.map((t) => t.transcript).join(' '),
    storedAt: now,
  };
  await deps.records.saveTranscript(item);
  await deps.records.updateTranscription({ ...job, status: 'COMPLETED', updatedAt: now });
  return { status: 'stored', contactId, turns: turns.length };
}
