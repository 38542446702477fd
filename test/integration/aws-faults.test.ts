/**
 * Faults on every AWS write path (issue 17): the real SDK clients, configured as the product configures them,
 * talk to an endpoint that hangs, drops the connection, answers 5xx or throttles (test/support/fault-server.ts,
 * for SNS, SQS and Transcribe, which have no emulator), or to the emulators with faults injected below the SDK's
 * retries (S3 on s3rver, DynamoDB Local). Each path must end in a known state: an in-call Lambda answers, an
 * event-driven one fails so that its event is retried, and the retry leaves exactly one of everything.
 * (Ingestion's DynamoDB faults: contact-records-faults.test.ts.)
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boundedClientConfig, CALL_LIMITS } from '../../functions/adapters/aws/http.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createS3Client, S3ObjectStore } from '../../functions/adapters/s3/object-store.js';
import { SqsDeadLetterQueue } from '../../functions/adapters/sqs/dead-letter-queue.js';
import { AwsTranscriber } from '../../functions/adapters/transcribe/transcriber.js';
import { createContactRecordsHandler } from '../../functions/contact-records/handler.js';
import { createCreateTicketHandler } from '../../functions/create-ticket/handler.js';
import { createRecordingsHandler } from '../../functions/recordings/handler.js';
import { type TicketDeps, ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { createTranscriptsHandler } from '../../functions/transcripts/handler.js';
import type { StoreTranscriptDeps } from '../../functions/use-cases/call-records/store-transcript.js';
import { sendSms } from '../../functions/use-cases/sms/send-sms.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { escalateTickets } from '../../functions/use-cases/tickets/escalate-tickets.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';
import { createTestBucket, kinesisEvent, sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent, fixture } from '../support/events.js';
import { ANSWERS, type Fault, type FaultServer, startFaultServer } from '../support/fault-server.js';
import { lambdaContext } from '../support/lambda-context.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const silent = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});

// The SDK signs requests: any credentials do for the stand-in endpoint.
const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'fault';
  process.env.AWS_SECRET_ACCESS_KEY = 'fault';
  process.env.AWS_REGION = 'us-east-1';
});
afterAll(() => {
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function server(...args: Parameters<typeof startFaultServer>) {
  const s = await startFaultServer(...args);
  servers.push(s);
  return s;
}

const FAULTS: readonly Fault[] = ['hang', 'reset', '503', 'throttle'];

/** SNS that answers Publish with numbered message ids after its script of faults. */
async function sns() {
  let n = 0;
  return server('query', (target, _body, res) =>
    target === 'Publish' ? ANSWERS.snsPublish(res, `m-${++n}`) : res.writeHead(400).end(),
  );
}

/** The ticket use cases as deployed (SNS, not the outbox), on fresh tables, SNS at `endpoint`. */
async function ticketsOnSns(
  endpoint: string,
  tables?: TestTables,
): Promise<TicketDeps & { tables: TestTables }> {
  const t = tables ?? (await createTestTables());
  const deps = ticketDepsFromEnv(
    {
      ...t.env,
      DYNAMODB_ENDPOINT: t.endpoint,
      HOTLINE_PROFILE: 'auto-dealer',
      AWS_ENDPOINT_URL_SNS: endpoint,
      REMINDER_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:reminder',
      SUPERVISOR_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:supervisor',
    },
    { now: () => clock.now, requestTimeoutMs: 5000 },
  );
  if ('configError' in deps) throw new Error(deps.configError);
  return { ...deps, tables: t };
}
const clock = { now: new Date('2026-11-23T10:00:00+08:00') };

describe('SNS: SMS confirmations (in a call)', () => {
  it.each(FAULTS)(
    '%s on both attempts: the SMS is failed, not hung, and a retry sends it once',
    async (fault) => {
      const s = await sns();
      const deps = await ticketsOnSns(s.endpoint);
      s.script(fault, fault);
      const input = {
        to: '+8613700137001',
        template: 'ticketConfirmation' as const,
        language: 'zh-CN' as const,
        variables: { ticketId: 'T20261123-0001', category: '投诉', dueAt: '2026-11-24 18:00' },
        requestedBy: 'test',
        dedupeKey: `ticketConfirmation#${fault}`,
      };
      const first = await sendSms(deps.sms, input);
      expect(first.status).toBe('failed');
      // Two attempts (the in-call limit), each ended by the fault: a hung socket by the request timeout.
      expect(s.requests.map((r) => r.outcome)).toEqual([fault, fault]);
      // The same transaction again (Connect retries the Lambda): sent now, and only now.
      const second = await sendSms(deps.sms, input);
      expect(second.status).toBe('sent');
      expect((await sendSms(deps.sms, input)).status).toBe('duplicate');
      expect(s.requests.filter((r) => r.outcome === 'answered')).toHaveLength(1);
      deps.close();
    },
  );

  it('one fault is retried by the client: sent on the second attempt', async () => {
    const s = await sns();
    const deps = await ticketsOnSns(s.endpoint);
    s.script('throttle');
    const out = await sendSms(deps.sms, {
      to: '+8613700137001',
      template: 'ticketConfirmation',
      language: 'zh-CN',
      variables: { ticketId: 'T20261123-0002', category: '投诉', dueAt: '2026-11-24 18:00' },
      requestedBy: 'test',
    });
    expect(out.status).toBe('sent');
    expect(s.requests.map((r) => r.outcome)).toEqual(['throttle', 'answered']);
    deps.close();
  });

  it('createTicket answers in the call while SNS hangs, and its retry gives the same ticket and one SMS', async () => {
    const s = await sns();
    const deps = await ticketsOnSns(s.endpoint);
    s.script('hang', 'hang');
    const handler = createCreateTicketHandler({ ...silent(), tickets: deps, budgetMs: 7000 });
    const event = connectEvent('+8613700137001', 'fault-call-1');
    event.Details.Parameters = { category: 'complaint' };
    const first = CreateTicketResponseSchema.parse(await handler(event, lambdaContext()));
    expect(first.ticketStatus).toBe('ok');
    const again = CreateTicketResponseSchema.parse(await handler(event, lambdaContext()));
    expect(again.ticketId).toBe(first.ticketId);
    expect(s.requests.filter((r) => r.outcome === 'answered')).toHaveLength(1);
    deps.close();
  });
});

describe('SNS: escalation notices (scheduled)', () => {
  it.each(FAULTS)('%s: the notice is not lost; the next run sends it once', async (fault) => {
    const s = await sns();
    const deps = await ticketsOnSns(s.endpoint);
    clock.now = new Date('2026-11-23T10:00:00+08:00');
    const { ticket } = await createTicket(deps, { category: 'complaint', source: 'cli', createdBy: 'cli' });
    clock.now = new Date('2026-11-23T16:05:00+08:00'); // past the reminder time (16:00)
    s.script(fault, fault);
    const failedRun = await escalateTickets(deps);
    expect(failedRun.failed.map((f) => f.ticketId)).toEqual([ticket.ticketId]);
    expect(failedRun.escalated).toEqual([]);
    const after = await deps.tickets.get(ticket.ticketId);
    expect(after?.escalationLevel).toBe(0);
    expect(after?.history.at(-1)?.note).toMatch(/level 1 notice not sent/);
    clock.now = new Date('2026-11-23T16:10:00+08:00');
    expect((await escalateTickets(deps)).escalated).toEqual([{ ticketId: ticket.ticketId, level: 1 }]);
    expect((await escalateTickets(deps)).escalated).toEqual([]);
    const published = s.requests.filter((r) => r.outcome === 'answered');
    expect(published).toHaveLength(1);
    expect(decodeURIComponent(published[0]?.body ?? '')).toContain(ticket.ticketId);
    deps.close();
  });
});

describe('SQS: the dead-letter queue of contact records', () => {
  it.each(['503', 'throttle', 'reset'] as const)(
    '%s on every attempt: the malformed record is retried, not dropped; then sent once',
    async (fault) => {
      const t = await createTestTables();
      let letters = 0;
      const s = await server('json', (target, body, res) => {
        if (target !== 'SendMessage') return res.writeHead(400).end();
        letters++;
        const message = JSON.parse(body) as { MessageBody: string };
        ANSWERS.json(res, {
          MessageId: `q-${letters}`,
          MD5OfMessageBody: createHash('md5').update(message.MessageBody).digest('hex'),
        });
      });
      const sqs = new SQSClient(boundedClientConfig(CALL_LIMITS.event, { endpoint: s.endpoint }));
      const handler = createContactRecordsHandler({
        ...silent(),
        deadLetters: new SqsDeadLetterQueue(sqs, `${s.endpoint}/111122223333/dlq`),
        ingest: {
          records: new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string),
          recent: new DynamoRecentContactsWriter(t.doc, t.env[CRM_TABLE.envVar] as string),
          phoneRegion: 'CN',
          now: () => new Date('2026-11-23T02:00:00Z'),
        },
      } as Parameters<typeof createContactRecordsHandler>[0]);
      const good = sampleCtr({ ContactId: `sqs-${fault}-good` });
      const event = kinesisEvent([good, 'not json at all']);
      const sequence = (i: number) => event.Records[i]?.kinesis.sequenceNumber;
      s.script(...Array(CALL_LIMITS.event.maxAttempts).fill(fault));
      // A batch Lambda's time (the SDK's throttling backoff takes a while over 4 attempts).
      const ctx = { ...lambdaContext('hotline-contact-records'), getRemainingTimeInMillis: () => 60_000 };
      const first = await handler(event, ctx);
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: sequence(1) }]);
      expect(letters).toBe(0);
      // Kinesis redelivers the failed record.
      const retry = { Records: [event.Records[1]] };
      expect((await handler(retry, ctx)).batchItemFailures).toEqual([]);
      expect(letters).toBe(1);
      sqs.destroy();
    },
  );
});

const CONTACT = '15a5cf14-3212-45a1-9f86-a8e97db8afaf';

describe('Transcribe: starting a recording’s job', () => {
  it.each(['503', 'throttle', 'reset'] as const)(
    '%s on every attempt: the event fails (to be retried); the retry starts exactly one job',
    async (fault) => {
      const t = await createTestTables();
      const bucket = await createTestBucket();
      const jobs = new Set<string>();
      const s = await server('json', (target, body, res) => {
        const name = (JSON.parse(body) as { TranscriptionJobName: string }).TranscriptionJobName;
        if (target !== 'StartTranscriptionJob') return res.writeHead(400).end();
        if (jobs.has(name))
          return ANSWERS.jsonError(res, 'ConflictException', 'The requested job name already exists.');
        jobs.add(name);
        ANSWERS.json(
          res,
          { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'IN_PROGRESS' } },
          '1.1',
        );
      });
      const transcribe = new TranscribeClient(
        boundedClientConfig(CALL_LIMITS.event, { endpoint: s.endpoint }),
      );
      const records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
      const deps: StoreTranscriptDeps = {
        records,
        objects: bucket.objects,
        transcriber: new AwsTranscriber(transcribe),
        outputBucket: bucket.bucket,
        outputPrefix: 'transcripts/',
        defaultLanguage: 'en-US',
        now: () => new Date('2026-11-23T02:00:00Z'),
      };
      const handler = createRecordingsHandler({ ...silent(), start: deps });
      s.script(...Array(CALL_LIMITS.event.maxAttempts).fill(fault));
      await expect(handler(fixture('s3', 'object-created-put'), lambdaContext())).rejects.toThrow();
      // Lambda's asynchronous retries, and a replayed notification.
      await handler(fixture('s3', 'object-created-put'), lambdaContext());
      await handler(fixture('s3', 'object-created-put'), lambdaContext());
      expect([...jobs]).toEqual([`hotline-${CONTACT}`]);
      expect((await records.getTranscription(CONTACT))?.status).toBe('IN_PROGRESS');
      transcribe.destroy();
    },
  );
});

/** An S3 client on the emulator whose next `times` requests of `command` fail with `fault`, below its retries. */
function faultyS3(
  endpoint: string,
  command: string,
  fault: 'throttle' | '5xx' | 'hang',
  times: number,
): S3Client {
  const s3 = createS3Client({ endpoint });
  let left = times;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (left > 0 && context.commandName === command) {
        left--;
        if (fault === 'hang') {
          await new Promise((r) => setTimeout(r, 50));
          throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
        }
        throw Object.assign(
          new Error(fault === 'throttle' ? 'Slow Down' : 'We encountered an internal error.'),
          {
            name: fault === 'throttle' ? 'SlowDown' : 'InternalError',
            $fault: fault === 'throttle' ? 'client' : 'server',
            $metadata: { httpStatusCode: fault === 'throttle' ? 503 : 500 },
          },
        );
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'injectS3Fault' },
  );
  return s3;
}

describe('S3: reading a finished transcript', () => {
  it.each(['throttle', '5xx', 'hang'] as const)(
    '%s on every attempt: the event fails (to be retried); the retry stores the transcript once',
    async (fault) => {
      const t = await createTestTables();
      const bucket = await createTestBucket();
      const records = new DynamoCallRecordRepository(t.doc, t.env[CONTACTS_TABLE.envVar] as string);
      const jobs: string[] = [];
      const base: StoreTranscriptDeps = {
        records,
        objects: bucket.objects,
        transcriber: {
          start: async (j) => {
            jobs.push(j.jobName);
            return 'started' as const;
          },
        },
        outputBucket: bucket.bucket,
        outputPrefix: 'transcripts/',
        defaultLanguage: 'en-US',
        now: () => new Date('2026-11-23T02:00:00Z'),
      };
      await createRecordingsHandler({ ...silent(), start: base })(
        fixture('s3', 'object-created-put'),
        lambdaContext(),
      );
      const jobName = `hotline-${CONTACT}`;
      await bucket.objects.put(
        { bucket: bucket.bucket, key: `transcripts/${jobName}.json` },
        JSON.stringify({ ...fixture<object>('transcribe', 'output-channel-identification'), jobName }),
        'application/json',
      );
      const event = fixture<{ detail: { TranscriptionJobName: string } }>(
        'transcribe',
        'job-state-change-completed',
      );
      event.detail.TranscriptionJobName = jobName;
      const s3 = faultyS3(bucket.endpoint, 'GetObjectCommand', fault, 3);
      const handler = createTranscriptsHandler({
        ...silent(),
        store: { ...base, objects: new S3ObjectStore(s3) },
      });
      await expect(handler(event, lambdaContext())).rejects.toThrow();
      expect((await records.getContact(CONTACT)).transcript).toBeUndefined();
      expect((await handler(event, lambdaContext())).status).toBe('stored');
      expect((await handler(event, lambdaContext())).status).toBe('stored');
      const view = await records.getContact(CONTACT);
      expect(view.transcript?.turns).toHaveLength(2);
      expect(view.transcription?.status).toBe('COMPLETED');
      s3.destroy();
    },
  );
});
