/**
 * The erasure worker's SQS contract (issue 17): each message is one request id; a message that is not one, or
 * whose request cannot be run, is named in `batchItemFailures` (it comes back, then reaches the dead-letter queue);
 * the others are run once each.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { createErasureWorker } from '../../functions/privacy-erasure/handler.js';
import type { ErasureRequest } from '../../schemas/api-privacy.js';

describe('erasure worker', () => {
  it('runs each request once and names the messages that failed', async () => {
    const claimed: string[] = [];
    const worker = createErasureWorker({
      logger: new Logger({ logLevel: 'SILENT' }),
      erasure: {
        requests: {
          create: async () => {},
          get: async (id) => ({ requestId: id, status: 'done' }) as unknown as ErasureRequest,
          claim: async (id) => {
            if (id === 'Ebroken') throw new Error('table unreachable');
            claimed.push(id);
            return undefined; // already claimed: nothing to do
          },
          finish: async () => {},
        },
        forget: {} as never,
        dispatch: async () => {},
        now: () => new Date(),
      },
    });
    const out = await worker({
      Records: [
        { messageId: 'm1', body: JSON.stringify({ requestId: 'Eaaa' }) },
        { messageId: 'm2', body: 'not json' },
        { messageId: 'm3', body: JSON.stringify({ requestId: 'Ebroken' }) },
      ],
    });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(claimed).toEqual(['Eaaa']);
  });
});
