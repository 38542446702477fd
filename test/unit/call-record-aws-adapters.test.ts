import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  ConflictException,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeadLetterQueue } from '../../functions/adapters/sqs/dead-letter-queue.js';
import { AwsTranscriber } from '../../functions/adapters/transcribe/transcriber.js';

const transcribe = mockClient(TranscribeClient);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  transcribe.reset();
  sqs.reset();
});

const input = {
  jobName: 'hotline-15a5cf14',
  media: { bucket: 'rec', key: 'connect/x/CallRecordings/2022/04/08/15a5cf14_20220408T15:00_UTC.wav' },
  languageCode: 'zh-CN',
  output: { bucket: 'rec', key: 'transcripts/hotline-15a5cf14.json' },
};

describe('AwsTranscriber', () => {
  it('starts a channel-identification job on the recording', async () => {
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    expect(
      await new AwsTranscriber(new TranscribeClient({ region: 'us-east-1' }), 'key-1').start(input),
    ).toBe('started');
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input).toEqual({
      TranscriptionJobName: 'hotline-15a5cf14',
      LanguageCode: 'zh-CN',
      MediaFormat: 'wav',
      Media: { MediaFileUri: `s3://rec/${input.media.key}` },
      OutputBucketName: 'rec',
      OutputKey: 'transcripts/hotline-15a5cf14.json',
      OutputEncryptionKMSKeyId: 'key-1',
      Settings: { ChannelIdentification: true },
    });
  });

  it('treats an existing job of the same name as a replay', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(new ConflictException({ message: 'exists', $metadata: {} }));
    expect(await new AwsTranscriber(new TranscribeClient({ region: 'us-east-1' })).start(input)).toBe(
      'exists',
    );
  });

  it('lets other errors through (the invocation is retried)', async () => {
    transcribe.on(StartTranscriptionJobCommand).rejects(new Error('throttled'));
    await expect(
      new AwsTranscriber(new TranscribeClient({ region: 'us-east-1' })).start(input),
    ).rejects.toThrow('throttled');
  });
});

describe('SqsDeadLetterQueue', () => {
  it('sends the letter as JSON', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    const letter = {
      source: 'contact-records',
      reason: 'bad',
      record: { a: 1 },
      at: '2026-11-23T00:00:00.000Z',
    };
    await new SqsDeadLetterQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs/q').send(letter);
    const call = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(call?.QueueUrl).toBe('https://sqs/q');
    expect(JSON.parse(call?.MessageBody ?? '')).toEqual(letter);
  });
});
