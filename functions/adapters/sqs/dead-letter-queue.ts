import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../../schemas/call-record.js';
import type { DeadLetterQueue } from '../../ports/call-records.js';

/** Malformed records to an SQS dead-letter queue (SSE, retained 14 days; see FunctionsStack). */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(letter),
        MessageAttributes: { source: { DataType: 'String', StringValue: letter.source } },
      }),
    );
  }
}
