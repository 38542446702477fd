/**
 * The erasure worker in AWS (issue 17): the API records an erasure request and sends its id to an SQS queue; this
 * Lambda (up to 15 minutes: one erasure scans whole tables) runs it with the same use case as `hotline crm forget`
 * (functions/use-cases/privacy/erasure-requests.ts) and records the report on the request.
 *
 * A request is claimed once: a redelivered message (SQS delivers at least once) finds it claimed and changes
 * nothing. A message that fails (the request store unreachable) is named in `batchItemFailures`, comes back, and
 * after the queue's maxReceiveCount reaches the dead-letter queue. A request whose worker died part-way stays
 * `running`: ask again (erasure is idempotent).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createS3Client } from '../adapters/s3/object-store.js';
import { erasureDepsFromEnv } from '../api/privacy-deps.js';
import { createObservability } from '../shared/observability.js';
import { type ErasureDeps, runErasure } from '../use-cases/privacy/erasure-requests.js';

const SqsEventSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string().min(1), body: z.string() })),
});
const BodySchema = z.object({ requestId: z.string().min(1).max(64) });

export function createErasureWorker(deps: { logger: Logger; erasure: ErasureDeps | undefined }) {
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const batch = SqsEventSchema.parse(event);
    const failures: { itemIdentifier: string }[] = [];
    for (const record of batch.Records) {
      let requestId: string;
      try {
        requestId = BodySchema.parse(JSON.parse(record.body)).requestId;
      } catch {
        deps.logger.error('not an erasure request message', { messageId: record.messageId });
        failures.push({ itemIdentifier: record.messageId }); // to the dead-letter queue after the retries
        continue;
      }
      try {
        if (!deps.erasure) throw new Error('erasure worker configuration: a table name is missing');
        const done = await runErasure(deps.erasure, requestId);
        deps.logger.info('erasure request processed', { requestId, status: done?.status });
      } catch (err) {
        deps.logger.error('erasure request failed', { requestId, error: String(err) });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

const { logger } = createObservability('privacy-erasure');
const doc = createDocumentClient({ connectionTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 4 });
export const handler = createErasureWorker({
  logger,
  erasure: erasureDepsFromEnv(process.env, doc, createS3Client(), async () => {
    throw new Error('the worker does not dispatch');
  }),
});
