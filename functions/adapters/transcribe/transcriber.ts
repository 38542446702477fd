import {
  ConflictException,
  StartTranscriptionJobCommand,
  type TranscribeClient,
} from '@aws-sdk/client-transcribe';
import type { StartTranscriptionInput, Transcriber } from '../../ports/call-records.js';

/**
 * Amazon Transcribe batch jobs on Connect's stereo WAV: channel identification (ch_0 = customer, left;
 * ch_1 = agent, right), output to our bucket. A job name that exists already (a replay) is `exists`.
 */
export class AwsTranscriber implements Transcriber {
  constructor(
    private readonly client: TranscribeClient,
    /** KMS key for the output (the recordings key), if any. */
    private readonly outputKmsKeyId?: string,
  ) {}

  async start(input: StartTranscriptionInput): Promise<'started' | 'exists'> {
    try {
      await this.client.send(
        new StartTranscriptionJobCommand({
          TranscriptionJobName: input.jobName,
          LanguageCode: input.languageCode as never,
          MediaFormat: 'wav',
          Media: { MediaFileUri: `s3://${input.media.bucket}/${input.media.key}` },
          OutputBucketName: input.output.bucket,
          OutputKey: input.output.key,
          ...(this.outputKmsKeyId ? { OutputEncryptionKMSKeyId: this.outputKmsKeyId } : {}),
          Settings: { ChannelIdentification: true },
        }),
      );
      return 'started';
    } catch (err) {
      if (err instanceof ConflictException || (err instanceof Error && err.name === 'ConflictException'))
        return 'exists';
      throw err;
    }
  }
}
