/**
 * The local transcriber: what Amazon Transcribe would write for a call, made from the scripted call itself
 * (prompts on the right channel, where Connect puts the agent and the system side; the caller's keys on the
 * left), written as Transcribe-shaped JSON (reference §7.3) to the S3 emulator. It then hands out the
 * EventBridge `Transcribe Job State Change` event that the same store-transcript handler processes.
 */
import type { TranscribeJobStateChange, TranscribeOutput } from '../../../schemas/call-record.js';
import type { CallEvent } from '../../../schemas/contact-record.js';
import { IVR_RECORDING_NOTE } from '../../../schemas/voicemail.js';
import type { ObjectStore, StartTranscriptionInput, Transcriber } from '../../ports/call-records.js';

const WORD_SECONDS = 0.3;

/** Transcribe output (channel identification) for a call's prompts and inputs, in call order. Pure. */
export function transcribeScript(jobName: string, events: readonly CallEvent[]): TranscribeOutput {
  // An automated-interaction recording (a voicemail) starts where the flow turned it on: only what follows is in it.
  const ivrStart = events.findLastIndex((e) => e.kind === 'note' && e.text.includes(IVR_RECORDING_NOTE));
  // What the recording hears: the caller's prompts, keys and words (not the whisper, which only the agent hears).
  const spoken = events
    .slice(Math.max(0, ivrStart))
    .filter(
      (e) =>
        (e.kind === 'prompt' && !e.text.startsWith('[agent]')) ||
        (e.kind === 'input' && (e.text.startsWith('keys ') || e.text.startsWith('says '))),
    );
  const t0 = spoken[0] ? Date.parse(spoken[0].at) : 0;
  const channels: Record<'ch_0' | 'ch_1', TranscribeOutput['results']['items'] & object> = {
    ch_0: [],
    ch_1: [],
  };
  let cursor = 0;
  for (const e of spoken) {
    const label = e.kind === 'input' ? 'ch_0' : 'ch_1';
    const text =
      e.kind === 'input'
        ? e.text.startsWith('says ')
          ? e.text.slice(5)
          : `key ${e.text.replace(/^\D*/, '') || e.text}`
        : e.text.replace(/<[^>]+>/g, ' ');
    cursor = Math.max(cursor, (Date.parse(e.at) - t0) / 1000);
    for (const token of text.split(/\s+/).filter(Boolean)) {
      const word = token.replace(/[.,!?;:。，！？]+$/u, '');
      const punct = token.slice(word.length);
      if (word) {
        channels[label].push({
          channel_label: label,
          start_time: cursor.toFixed(2),
          end_time: (cursor + WORD_SECONDS).toFixed(2),
          type: 'pronunciation',
          alternatives: [{ confidence: '1.0', content: word }],
        });
        cursor += WORD_SECONDS;
      }
      if (punct)
        channels[label].push({
          type: 'punctuation',
          alternatives: [{ confidence: '0.0', content: punct[0] ?? '.' }],
        });
    }
    cursor += 1; // a pause between utterances
  }
  const all = [...channels.ch_0, ...channels.ch_1];
  return {
    jobName,
    accountId: '000000000000',
    status: 'COMPLETED',
    results: {
      transcripts: [
        { transcript: spoken.map((e) => (e.text.startsWith('says ') ? e.text.slice(5) : e.text)).join(' ') },
      ],
      channel_labels: {
        number_of_channels: 2,
        channels: [
          { channel_label: 'ch_0', items: channels.ch_0 },
          { channel_label: 'ch_1', items: channels.ch_1 },
        ],
      },
      items: all,
    },
  };
}

export class LocalTranscriber implements Transcriber {
  /** Completion events not yet handed to the store-transcript handler. */
  readonly completed: TranscribeJobStateChange[] = [];
  private readonly started = new Set<string>();

  constructor(
    private readonly objects: ObjectStore,
    /** The call's events by ContactId (what was said and keyed). */
    private readonly scripts: (contactId: string) => readonly CallEvent[] | undefined,
    private readonly contactIdOf: (jobName: string) => string | undefined,
  ) {}

  async start(input: StartTranscriptionInput): Promise<'started' | 'exists'> {
    if (this.started.has(input.jobName)) return 'exists';
    this.started.add(input.jobName);
    const contactId = this.contactIdOf(input.jobName);
    const events = contactId ? this.scripts(contactId) : undefined;
    const base = {
      source: 'aws.transcribe' as const,
      'detail-type': 'Transcribe Job State Change' as const,
      time: new Date().toISOString(),
    };
    if (!events) {
      this.completed.push({
        ...base,
        detail: {
          TranscriptionJobName: input.jobName,
          TranscriptionJobStatus: 'FAILED',
          FailureReason: 'the local transcriber has no script for this contact',
        },
      });
      return 'started';
    }
    const output = transcribeScript(input.jobName, events);
    await this.objects.put(input.output, JSON.stringify(output), 'application/json');
    this.completed.push({
      ...base,
      detail: { TranscriptionJobName: input.jobName, TranscriptionJobStatus: 'COMPLETED' },
    });
    return 'started';
  }

  /** Take the pending completion events. */
  drain(): TranscribeJobStateChange[] {
    return this.completed.splice(0);
  }
}
