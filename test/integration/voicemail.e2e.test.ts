/**
 * F15 end to end on the local contact centre, in process (the "done when" of issue 13's voicemail): an
 * after-hours caller leaves a message; the ticket opened in the call gets the transcript (local transcriber,
 * the call recordings' Transcribe path) and the link to the WAV in the S3 emulator. Replaying the recording and
 * the Transcribe event leaves one ticket, unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voicemailOf } from '../../contact-flows/profiles/voicemail.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { createS3Client, S3ObjectStore } from '../../functions/adapters/s3/object-store.js';
import { transcriptionJobName } from '../../functions/core/call-record.js';
import { transcriptDepsFromEnv } from '../../functions/shared/call-records-deps.js';
import { voicemailDepsFromEnv } from '../../functions/shared/voicemail-deps.js';
import { createTranscriptsHandler } from '../../functions/transcripts/handler.js';
import { type LocalContactCentre, openLocalContactCentre } from '../../infra/local/contact-centre.js';
import { LOCAL_RECORDINGS_BUCKET } from '../../infra/local/s3-local.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';

const home = mkdtempSync(join(tmpdir(), 'hotline-voicemail-'));
let cc: LocalContactCentre;
const MESSAGE = '快递三天没有送到，运单号SF1234567890，请给我回电话';
const context = { functionName: 'hotline-transcripts', awsRequestId: 'test' } as unknown as Context;

beforeAll(async () => {
  cc = await openLocalContactCentre({ home, profile: 'logistics' });
});
afterAll(async () => {
  await cc?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('an after-hours caller leaves a voicemail that becomes a ticket with a transcript', {
  timeout: 90_000,
}, () => {
  it('records, transcribes and files the message for the department; replays change nothing', async () => {
    // Monday 22:30 in Shanghai: the carrier's hotline is closed. Key 2: a message; then the caller speaks.
    const result = await cc.call({
      from: '136-0013-6000',
      at: '2026-11-23T22:30:00+08:00',
      inputs: [voicemailOf('logistics').messageKey, MESSAGE],
    });
    expect(result.outcome.type).toBe('disconnected');
    const answer = CreateTicketResponseSchema.parse(
      result.lambdas.find((l) => l.name.endsWith('create-ticket'))?.response,
    );
    // The caller heard the number before the tone and after the message.
    expect(result.prompts.filter((p) => p.includes(answer.ticketIdSpoken))).toHaveLength(2);

    const tickets = new DynamoTicketRepository(
      cc.data.doc,
      cc.data.tableEnv.TICKETS_TABLE_NAME as string,
      cc.data.tableEnv.CRM_TABLE_NAME as string,
    );
    const ticket = await tickets.get(answer.ticketId);
    expect(ticket).toMatchObject({
      category: 'voicemail',
      department: 'delivery',
      phone: '+8613600136000',
      contactId: result.contactId,
      status: 'new',
      version: 2,
      voicemail: {
        status: 'transcribed',
        transcript: MESSAGE,
        jobName: transcriptionJobName(result.contactId),
      },
    });
    expect(ticket?.description).toContain(MESSAGE);
    // The link is to the WAV in the S3 emulator, under Connect's recording key layout.
    const audio = ticket?.voicemail?.audio ?? '';
    expect(audio).toMatch(
      new RegExp(`^s3://${LOCAL_RECORDINGS_BUCKET}/.+/${result.contactId}_\\d{8}T\\d{2}:\\d{2}_UTC\\.wav$`),
    );
    const objects = new S3ObjectStore(createS3Client({ endpoint: cc.postCall.s3Endpoint }));
    const key = audio.slice(`s3://${LOCAL_RECORDINGS_BUCKET}/`.length);
    expect((await objects.getText({ bucket: LOCAL_RECORDINGS_BUCKET, key })).startsWith('RIFF')).toBe(true);

    // The recording event again (Connect, S3 and EventBridge may deliver twice): still one ticket, unchanged.
    await cc.postCall.process(result);
    // The Transcribe completion again, through the transcripts handler as deployed.
    const env = {
      ...cc.data.tableEnv,
      DYNAMODB_ENDPOINT: cc.data.endpoint,
      S3_ENDPOINT: cc.postCall.s3Endpoint,
      HOTLINE_PROFILE: 'logistics',
      TRANSCRIPTS_BUCKET: LOCAL_RECORDINGS_BUCKET,
    };
    const transcripts = createTranscriptsHandler({
      logger: new Logger({ serviceName: 'transcripts', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Hotline', serviceName: 'transcripts' }),
      store: transcriptDepsFromEnv(env),
      ...voicemailDepsFromEnv(env),
    });
    const replay = await transcripts(
      {
        source: 'aws.transcribe',
        'detail-type': 'Transcribe Job State Change',
        time: new Date().toISOString(),
        detail: {
          TranscriptionJobName: transcriptionJobName(result.contactId),
          TranscriptionJobStatus: 'COMPLETED',
        },
      },
      context,
    );
    expect(replay).toMatchObject({
      status: 'stored',
      voicemail: { status: 'unchanged', ticketId: answer.ticketId },
    });
    expect((await tickets.get(answer.ticketId))?.version).toBe(2);
    const mine = (await tickets.listRecent(50)).filter((t) => t.contactId === result.contactId);
    expect(mine.map((t) => t.ticketId)).toEqual([answer.ticketId]);
  });
});
