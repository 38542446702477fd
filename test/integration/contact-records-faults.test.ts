/**
 * Faults on the ingestion write path (issue 17): DynamoDB throttling, 5xx errors and a hung connection, injected
 * into the real SDK client (below its retry logic, so the SDK's own retries run) while real batches are ingested on
 * DynamoDB Local. The handler must answer every time, name the records to retry, and after Kinesis redelivers them
 * hold exactly one record per contact and recent-contact lists with each contact once: nothing lost, nothing
 * doubled.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { MemoryDeadLetterQueue } from '../../functions/adapters/local/dead-letter-file.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { lambdaContext as baseContext } from '../support/lambda-context.js';

const ctx = () => ({ ...baseContext('hotline-contact-records'), getRemainingTimeInMillis: () => 60_000 });

type Fault = 'throttle' | '5xx' | 'hang';

/** A client whose requests of the given commands fail (the first `times`, then pass), below the SDK's retries. */
function faultyClient(endpoint: string, fault: Fault, commands: readonly string[], times: number) {
  const doc = createDocumentClient({
    endpoint,
    requestTimeoutMs: 1500,
    connectionTimeoutMs: 2000,
    maxAttempts: 2,
  });
  let left = times;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (left > 0 && commands.includes(String(context.commandName))) {
        left--;
        if (fault === 'hang') {
          // A connection that never answers: the request gives up at the client's request timeout.
          await new Promise((r) => setTimeout(r, 1600));
          throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
        }
        const err =
          fault === 'throttle'
            ? Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
                name: 'ThrottlingException',
                $fault: 'client',
                $metadata: { httpStatusCode: 400 },
              })
            : Object.assign(new Error('Internal server error'), {
                name: 'InternalServerError',
                $fault: 'server',
                $metadata: { httpStatusCode: 500 },
              });
        throw err;
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'injectFault' },
  );
  return { doc, injected: () => times - left };
}

let t: TestTables;
beforeEach(async () => {
  t = await createTestTables();
});

const handlerOn = (doc: DynamoDBDocumentClient, dlq = new MemoryDeadLetterQueue()) =>
  createContactRecordsHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    deadLetters: dlq,
    ingest: {
      records: new DynamoCallRecordRepository(doc, t.env[CONTACTS_TABLE.envVar] as string),
      recent: new DynamoRecentContactsWriter(doc, t.env[CRM_TABLE.envVar] as string),
      phoneRegion: 'CN',
      now: () => new Date('2026-11-23T02:00:00Z'),
    },
  });

const ctrs = Array.from({ length: 40 }, (_, i) =>
  sampleCtr({
    ContactId: `fault-${String(i).padStart(3, '0')}`,
    CustomerEndpoint: { Address: `+8613700${String(i % 5).padStart(6, '0')}`, Type: 'TELEPHONE_NUMBER' },
    InitiationTimestamp: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000)
      .toISOString()
      .replace('.000', ''),
    // Half name a customer (not in the CRM: their numbers are read, then the caller's number is used).
    ...(i % 2 === 0 ? { Attributes: { customerId: `C-FAULT-${i % 5}` } } : {}),
  }),
);

/** Deliver like Kinesis: the batch, then again from the first failure, until nothing fails (bounded). */
async function deliver(handler: ReturnType<typeof handlerOn>): Promise<number> {
  const event = kinesisEvent(ctrs);
  let from = 0;
  for (let round = 1; round <= 10; round++) {
    const out = await handler({ Records: event.Records.slice(from) }, ctx());
    if (out.batchItemFailures.length === 0) return round;
    const first = out.batchItemFailures[0]?.itemIdentifier;
    from = event.Records.findIndex((r) => r.kinesis.sequenceNumber === first);
    expect(from).toBeGreaterThanOrEqual(0);
  }
  throw new Error('still failing after 10 deliveries');
}

async function expectExactlyOnce() {
  const records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
  for (let n = 0; n < 5; n++) {
    const number = `+8613700${String(n).padStart(6, '0')}`;
    const mine = ctrs.filter((_, i) => i % 5 === n);
    expect(await records.listByCaller(number, 100)).toHaveLength(mine.length);
    const list = (await t.crm.getPhone(number))?.recentContacts ?? [];
    expect(list.map((c) => c.contactId)).toEqual(
      mine
        .slice(-10)
        .reverse()
        .map((c) => c.ContactId),
    );
  }
}

describe('ingestion under injected DynamoDB faults', { timeout: 120_000 }, () => {
  it.each([
    ['throttling on the record and screen-pop writes', 'throttle', ['BatchWriteItemCommand'], 3],
    ['5xx on the reads (the customers’ numbers, the forgotten check)', '5xx', ['BatchGetItemCommand'], 3],
    ['5xx on every kind of request, many times', '5xx', ['BatchWriteItemCommand', 'BatchGetItemCommand'], 12],
    ['a hung connection on the writes', 'hang', ['BatchWriteItemCommand'], 2],
  ] as const)('%s: every record stored once after redelivery', async (_name, fault, commands, times) => {
    const dlq = new MemoryDeadLetterQueue();
    const faulty = faultyClient(t.endpoint, fault, commands, times);
    const rounds = await deliver(handlerOn(faulty.doc, dlq));
    expect(faulty.injected()).toBe(times); // every fault really hit a request
    expect(rounds).toBeGreaterThanOrEqual(1);
    expect(dlq.letters).toEqual([]); // faults are retried, never dead-lettered
    await expectExactlyOnce();
  });
});
