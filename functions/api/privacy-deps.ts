/**
 * The erasure requests' dependencies (issue 17), built from the environment: every table named by schemas/tables.ts
 * (CDK sets them in AWS; the local server from DynamoDB Local), S3 (the S3 emulator locally) and where Transcribe
 * writes. `dispatch` starts the worker: in AWS an asynchronous invocation of the erasure worker Lambda, locally the
 * same process. Absent tables are skipped by the stores, so a profile without, say, campaigns still erases the rest.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient as DynamoDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AUDIT_TABLE,
  BOOKINGS_TABLE,
  CAMPAIGNS_TABLE,
  CONTACTS_TABLE,
  CRM_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SMS_TABLE,
  SUPERVISION_TABLE,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoErasureRequestStore } from '../adapters/dynamodb/erasure-request-store.js';
import { DynamoPersonalDataStore } from '../adapters/dynamodb/personal-data-store.js';
import { DynamoPersonalRecords } from '../adapters/dynamodb/personal-records.js';
import { S3ObjectEraser } from '../adapters/s3/object-eraser.js';
import { createS3Client } from '../adapters/s3/object-store.js';
import { sqsErasureDispatch } from '../adapters/sqs/erasure-dispatch.js';
import type { ErasureDeps } from '../use-cases/privacy/erasure-requests.js';
import type { ForgetDeps } from '../use-cases/privacy/forget-customer.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The forget use case's dependencies, or undefined when a table it must erase is not named. */
export function forgetDepsFromEnv(
  env: Env,
  doc: DynamoDocumentClient,
  s3: S3Client,
  opts: { now?: () => Date; others?: ForgetDeps['others'] } = {},
): ForgetDeps | undefined {
  const name = (def: { envVar: string }) => env[def.envVar] || undefined;
  const crm = name(CRM_TABLE);
  const contacts = name(CONTACTS_TABLE);
  const tickets = name(TICKETS_TABLE);
  const sms = name(SMS_TABLE);
  if (!crm || !contacts || !tickets || !sms) return undefined;
  const optional = {
    orders: name(ORDERS_TABLE),
    bookings: name(BOOKINGS_TABLE),
    pickups: name(PICKUPS_TABLE),
    leads: name(LEADS_TABLE),
    campaigns: name(CAMPAIGNS_TABLE),
    supervision: name(SUPERVISION_TABLE),
    audit: name(AUDIT_TABLE),
  };
  return {
    store: new DynamoPersonalDataStore(doc, {
      crm,
      contacts,
      tickets,
      sms,
      ...(env.TRANSCRIPTS_BUCKET
        ? {
            transcripts: { bucket: env.TRANSCRIPTS_BUCKET, prefix: env.TRANSCRIPTS_PREFIX || 'transcripts/' },
          }
        : {}),
    }),
    records: new DynamoPersonalRecords(
      doc,
      Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ),
    objects: new S3ObjectEraser(s3),
    phoneRegion: env.PHONE_REGION || 'CN',
    now: opts.now ?? (() => new Date()),
    ...(opts.others ? { others: opts.others } : {}),
  };
}

/** The erasure requests' dependencies (requests kept in the audit table), or undefined when not configured. */
export function erasureDepsFromEnv(
  env: Env,
  doc: DynamoDocumentClient,
  s3: S3Client,
  dispatch: ErasureDeps['dispatch'],
  opts: { now?: () => Date; others?: ForgetDeps['others'] } = {},
): ErasureDeps | undefined {
  const forget = forgetDepsFromEnv(env, doc, s3, opts);
  const audit = env[AUDIT_TABLE.envVar];
  if (!forget || !audit) return undefined;
  return {
    requests: new DynamoErasureRequestStore(doc, audit),
    forget,
    dispatch,
    now: opts.now ?? (() => new Date()),
  };
}

/**
 * The API Lambda's erasure requests: recorded in the audit table, handed to the worker through the erasure queue
 * (`ERASURE_QUEUE_URL`, infra/constructs/privacy-erasure.ts). Undefined when the stack has no worker.
 */
export function awsErasure(env: Env): ErasureDeps | undefined {
  const queueUrl = env.ERASURE_QUEUE_URL;
  if (!queueUrl) return undefined;
  const doc = createDocumentClient({ connectionTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 3 });
  const sqs = new SQSClient(boundedClientConfig(CALL_LIMITS.event));
  return erasureDepsFromEnv(env, doc, createS3Client(), sqsErasureDispatch(sqs, queueUrl));
}
