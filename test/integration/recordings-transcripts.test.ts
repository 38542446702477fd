import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import type { StartTranscriptionInput, Transcriber } from '../../functions/ports/call-records.js';
import { createRecordingsHandler, recordingsOf } from '../../functions/recordings/handler.js';
import { createTranscriptsHandler } from '../../functions/transcripts/handler.js';
import type { StoreTranscriptDeps } from '../../functions/use-cases/call-records/store-transcript.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import { createTestBucket } from '../support/call-records.js';
import { createTestTables } from '../support/dynamo.js';
import { fixture } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const CONTACT = '15a5cf14-3212-45a1-9f86-a8e97db8afaf';
const KEY = `connect/kightsCC/CallRecordings/2022/04/08/${CONTACT}_20220408T15:00_UTC.wav`;

/** A Transcriber that remembers jobs and refuses a name twice, as Transcribe does. */
class FakeTranscribe implements Transcriber {
  readonly jobs: StartTranscriptionInput[] = [];
  async start(input: StartTranscriptionInput) {
    if (this.jobs.some((j) => j.jobName === input.jobName)) return 'exists' as const;
    this.jobs.push(input);
    return 'started' as const;
  }
}

const silent = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});
const renamed = <T extends { detail: { TranscriptionJobName: string } }>(e: T, name: string): T => ({
  ...e,
  detail: { ...e.detail, TranscriptionJobName: name },
});

let deps: StoreTranscriptDeps;
let transcribe: FakeTranscribe;
let records: DynamoCallRecordRepository;

beforeEach(async () => {
  const t = await createTestTables();
  const s3 = await createTestBucket();
  records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  transcribe = new FakeTranscribe();
  deps = {
    records,
    objects: s3.objects,
    transcriber: transcribe,
    outputBucket: s3.bucket,
    outputPrefix: 'transcripts/',
    defaultLanguage: 'en-US',
    now: () => new Date('2026-11-23T02:00:00Z'),
  };
});

describe('recordings → Transcribe', () => {
  it('reads the published S3 notification (Put and multipart, key URL-decoded) and EventBridge events', () => {
    for (const name of ['object-created-put', 'object-created-multipart']) {
      expect(recordingsOf(fixture('s3', name))).toEqual([
        { bucket: 'amazon-connect-fcc603e85e16', key: KEY },
      ]);
    }
    expect(recordingsOf(fixture('eventbridge', 's3-object-created'))).toEqual([
      { bucket: 'amazon-connect-fcc603e85e16', key: KEY },
    ]);
    // Should EventBridge ever deliver the key URL-encoded (unverified), it is decoded too.
    const encoded = fixture<{ detail: { object: { key: string } } }>('eventbridge', 's3-object-created');
    encoded.detail.object.key = encoded.detail.object.key.replace(':', '%3A');
    expect(recordingsOf(encoded)).toEqual([{ bucket: 'amazon-connect-fcc603e85e16', key: KEY }]);
  });

  it('starts one job per recording, however often the event is replayed', async () => {
    const handler = createRecordingsHandler({ ...silent(), start: deps });
    for (let i = 0; i < 3; i++) await handler(fixture('s3', 'object-created-put'), lambdaContext());
    await handler(fixture('s3', 'object-created-multipart'), lambdaContext());
    expect(transcribe.jobs).toEqual([
      {
        jobName: `hotline-${CONTACT}`,
        media: { bucket: 'amazon-connect-fcc603e85e16', key: KEY },
        languageCode: 'en-US',
        output: { bucket: deps.outputBucket, key: `transcripts/hotline-${CONTACT}.json` },
      },
    ]);
    expect((await records.getTranscription(CONTACT))?.status).toBe('IN_PROGRESS');
  });

  it('ignores objects that are not Connect recordings', async () => {
    const event = fixture<{ Records: { s3: { object: { key: string } } }[] }>('s3', 'object-created-put');
    const first = event.Records[0];
    if (first) first.s3.object.key = 'connect/kightsCC/Reports/report.csv';
    const out = await createRecordingsHandler({ ...silent(), start: deps })(event, lambdaContext());
    expect(out.outcomes[0]?.status).toBe('ignored');
    expect(transcribe.jobs).toEqual([]);
  });
});

describe('Transcribe job state change → transcript', () => {
  it('stores the normalized transcript once, linked to the contact (event replayed 3 times)', async () => {
    await createRecordingsHandler({ ...silent(), start: deps })(
      fixture('s3', 'object-created-put'),
      lambdaContext(),
    );
    const job = transcribe.jobs[0];
    if (!job) throw new Error('no job');
    const output = {
      ...fixture<object>('transcribe', 'output-channel-identification'),
      jobName: job.jobName,
    };
    await deps.objects.put(job.output, JSON.stringify(output), 'application/json');
    const handler = createTranscriptsHandler({ ...silent(), store: deps });
    const event = renamed(
      fixture<{ detail: { TranscriptionJobName: string } }>('transcribe', 'job-state-change-completed'),
      job.jobName,
    );
    for (let i = 0; i < 3; i++) expect((await handler(event, lambdaContext())).status).toBe('stored');
    const view = await records.getContact(CONTACT);
    expect(view.transcript?.turns).toEqual([
      { speaker: 'customer', start: 4.86, end: 6.27, text: "I've been on hold for an hour." },
      { speaker: 'agent', start: 7.12, end: 8.05, text: 'Sorry about that.' },
    ]);
    expect(view.transcription?.status).toBe('COMPLETED');
    expect(view.transcription?.recording.key).toBe(KEY);
  });

  it('records a failed job and retries it under a new name, then gives up after 3 attempts', async () => {
    await createRecordingsHandler({ ...silent(), start: deps })(
      fixture('s3', 'object-created-put'),
      lambdaContext(),
    );
    const handler = createTranscriptsHandler({ ...silent(), store: deps });
    const failed = fixture<{ detail: { TranscriptionJobName: string } }>(
      'transcribe',
      'job-state-change-failed',
    );
    const first = await handler(renamed(failed, `hotline-${CONTACT}`), lambdaContext());
    expect(first).toMatchObject({ status: 'failed-retried', reason: 'Invalid file format' });
    expect(transcribe.jobs.map((j) => j.jobName)).toEqual([`hotline-${CONTACT}`, `hotline-${CONTACT}-r2`]);
    // a replay of the first failure is old news
    expect((await handler(renamed(failed, `hotline-${CONTACT}`), lambdaContext())).status).toBe('ignored');
    await handler(renamed(failed, `hotline-${CONTACT}-r2`), lambdaContext());
    const last = await handler(renamed(failed, `hotline-${CONTACT}-r3`), lambdaContext());
    expect(last.status).toBe('failed-final');
    expect(transcribe.jobs).toHaveLength(3);
    const job = await records.getTranscription(CONTACT);
    expect(job).toMatchObject({ status: 'FAILED', attempt: 3, failureReason: 'Invalid file format' });
  });

  it('ignores jobs that are not ours', async () => {
    const handler = createTranscriptsHandler({ ...silent(), store: deps });
    const out = await handler(fixture('transcribe', 'job-state-change-completed'), lambdaContext());
    expect(out.status).toBe('ignored');
  });
});
