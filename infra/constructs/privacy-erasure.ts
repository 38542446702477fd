/**
 * Erasure requests in AWS (issue 17, PIPL art. 47 / GDPR art. 17): the API's `POST /api/privacy/erasures` records a
 * request in the audit table and sends its id to this queue; the worker Lambda (15 minutes: one erasure scans whole
 * tables, longer than API Gateway's 29 s) runs the `crm forget` use case on every table and the recordings bucket,
 * and records the report on the request. A queue rather than an asynchronous invocation: the message waits out a
 * worker that is throttled or failing, and one that keeps failing reaches the dead-letter queue with its body (a
 * request id, no personal data), for an operator.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableId } from '../../functions/use-cases/privacy/erasure-by-table.js';
import { TABLES, type TableDefinition } from '../../schemas/tables.js';
import { RECORDINGS_PREFIX, recordingsBucketName, TRANSCRIPTS_PREFIX } from './call-records.js';
import { HotlineFunction } from './hotline-function.js';
import { grantDataKey } from './ticketing.js';

export interface PrivacyErasureProps {
  /** Every table of schemas/tables.ts (the worker erases in each that holds personal data). */
  readonly tables: Readonly<Record<TableId, { readonly table: dynamodb.ITable }>>;
  readonly dataKey: kms.IKey;
  /** The recordings bucket (by its data stack's name: the bucket's name derives from it) and its key. */
  readonly recordings: { readonly dataStackName: string; readonly key: kms.IKey };
  readonly phoneRegion: string;
  readonly logRetention: logs.RetentionDays;
  /** The API function: it records requests and sends them to the queue. */
  readonly api: HotlineFunction;
}

const WORKER_TIMEOUT = Duration.minutes(15);

export class PrivacyErasure extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly worker: HotlineFunction;

  constructor(scope: Construct, id: string, props: PrivacyErasureProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // The messages hold a request id only: SQS-managed encryption, TLS only.
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the erasure-request queue.',
    });
    this.queue = new sqs.Queue(this, 'Requests', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(WORKER_TIMEOUT.toMinutes() + 1),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    const bucket = recordingsBucketName(props.recordings.dataStackName);
    const environment: Record<string, string> = {
      PHONE_REGION: props.phoneRegion,
      TRANSCRIPTS_BUCKET: bucket,
      TRANSCRIPTS_PREFIX,
    };
    for (const def of TABLES) environment[def.envVar] = props.tables[def.id].table.tableName;
    this.worker = new HotlineFunction(this, 'Worker', {
      entry: 'functions/privacy-erasure/handler.ts',
      serviceName: 'privacy-erasure',
      description:
        'Hotline erasure requests (PIPL/GDPR): forget a customer in every table and the recordings',
      timeout: WORKER_TIMEOUT,
      memorySize: 512,
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment,
    });
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, maxConcurrency: 2, reportBatchItemFailures: true }),
    );
    // Find (Scan, Query on the tables and their indexes), anonymise (Put, Update) and delete, in every table.
    const tableArns = TABLES.flatMap((def: TableDefinition & { id: TableId }) => {
      const arn = props.tables[def.id].table.tableArn;
      return [arn, ...(def.globalSecondaryIndexes ?? []).map((i) => `${arn}/index/${i.indexName}`)];
    });
    this.worker.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ],
        resources: tableArns,
      }),
    );
    const bucketArn = `arn:${stack.partition}:s3:::${bucket}`;
    const objects = [`${bucketArn}/${RECORDINGS_PREFIX}/*`, `${bucketArn}/${TRANSCRIPTS_PREFIX}*`];
    const s3Policy = new iam.Policy(this, 'RecordingsPolicy', {
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: objects }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.recordings.key.keyArn] }),
      ],
    });
    s3Policy.attachToRole(this.worker.role);
    const nagBucket = `arn:<AWS::Partition>:s3:::${recordingsBucketName(props.recordings.dataStackName, true)}`;
    Validations.of(s3Policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagBucket}/${RECORDINGS_PREFIX}/*]`,
        reason:
          "Erasure deletes the forgotten customer's call recordings (one object per contact, keys known only from the call records): scoped to the prefix Connect writes recordings to.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagBucket}/${TRANSCRIPTS_PREFIX}*]`,
        reason:
          "Erasure deletes Transcribe's output for the forgotten customer's calls (one object per job): scoped to the transcripts prefix.",
      },
    );
    grantDataKey(this.worker, props.dataKey);

    // The API records the request (audit table) and hands it over; it reads the request back for the status.
    props.api.function.addEnvironment('ERASURE_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(props.api.role);
  }
}
