import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Hands an erasure request to the worker (functions/privacy-erasure/handler.ts): one message, the request id. */
export function sqsErasureDispatch(sqs: SQSClient, queueUrl: string) {
  return async (requestId: string): Promise<void> => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ requestId }) }),
    );
  };
}
