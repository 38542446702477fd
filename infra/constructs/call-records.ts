/**
 * Call records, recordings and transcripts in AWS (F9, F10).
 *
 * - `CallRecordStorage` (data stack, stateful, retained): the recordings bucket (customer-managed KMS key,
 *   public access blocked, TLS only, server access logs, lifecycle to colder storage and expiry, EventBridge
 *   notifications on) with its access-log bucket, and the CTR Kinesis stream (same key). Both live with the data:
 *   the connect stack points the instance at them and the functions stack reads them, with no cycle.
 * - `CallRecordFunctions` (functions stack): CTR ingestion (Kinesis, partial batch failures, bisect, on-failure
 *   to the dead-letter queue), recording → Transcribe (EventBridge "Object Created") and transcript storage
 *   (EventBridge "Transcribe Job State Change"), and the SQS dead-letter queue (KMS).
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Profile } from '../../schemas/profile.js';
import { CONTACTS_TABLE, CRM_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';

/** Where Connect writes recordings in the bucket (the console's default layout). */
export const RECORDINGS_PREFIX = 'connect/hotline/CallRecordings';
/** Where Transcribe writes its output in the same bucket. */
export const TRANSCRIPTS_PREFIX = 'transcripts/';

export interface RecordingLifecycle {
  /** Days until recordings move to Glacier Instant Retrieval. @default 90 */
  readonly coldAfterDays?: number;
  /** Days until recordings are deleted. @default 730 (Connect keeps contact records 24 months) */
  readonly expireAfterDays?: number;
}

export class CallRecordStorage extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly stream: kinesis.Stream;
  /** Name of the stack holding this storage (the bucket's name derives from it). */
  readonly stackName: string;

  constructor(scope: Construct, id: string, props: { readonly lifecycle?: RecordingLifecycle } = {}) {
    super(scope, id);
    this.stackName = Stack.of(this).stackName;
    const cold = props.lifecycle?.coldAfterDays ?? 90;
    const expire = props.lifecycle?.expireAfterDays ?? 730;
    if (expire <= cold)
      throw new Error(`recordings: expireAfterDays (${expire}) must exceed coldAfterDays (${cold})`);
    this.key = new kms.Key(this, 'Key', {
      description: `${Stack.of(this).stackName}: encrypts call recordings, transcripts and the contact-record stream`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // S3 server access logs support SSE-S3 only as the target's encryption.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 log delivery writes with the (legacy) log-delivery ACL, which needs ObjectWriter.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(expire) }],
    });
    this.bucket = new s3.Bucket(this, 'Recordings', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'recordings/',
      // A known name, so the functions stack can scope object permissions to prefixes without a cross-stack
      // token (and cdk-nag acknowledgements can name the exact resource).
      bucketName: recordingsBucketName(Stack.of(this).stackName),
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ColderThenExpire',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(cold) },
          ],
          expiration: Duration.days(expire),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    // EventBridge notifications ("Object Created"), set on the L1: the L2 option adds a custom-resource Lambda.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    this.stream = new kinesis.Stream(this, 'ContactRecords', {
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: this.key,
      streamMode: kinesis.StreamMode.ON_DEMAND,
      retentionPeriod: Duration.days(7),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'Amazon Connect streams contact records only to a stream whose KMS key it can use: a customer-managed ' +
        'key (rotated, retained), not aws/kinesis.',
    });
    // Connect writes recordings and CTRs with its service-linked role and this key [doc AG data-streaming].
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConnectUsesTheKeyInThisAccount',
        principals: [new iam.ServicePrincipal('connect.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    new CfnOutput(Stack.of(this), 'RecordingsBucketName', { value: this.bucket.bucketName });
    new CfnOutput(Stack.of(this), 'ContactRecordStreamName', { value: this.stream.streamName });
  }
}

export interface CallRecordFunctionsProps {
  readonly profile: Profile;
  readonly phoneRegion: string;
  readonly crmTable: dynamodb.ITable;
  readonly contactsTable: dynamodb.ITable;
  readonly dataKey: kms.IKey;
  readonly storage: CallRecordStorage;
  readonly logRetention: logs.RetentionDays;
  /** Tickets (F15): a voicemail's transcript and audio link go onto the ticket its call opened. */
  readonly ticketsTable?: dynamodb.ITable;
}

export class CallRecordFunctions extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly ingest: HotlineFunction;
  readonly recordings: HotlineFunction;
  readonly transcripts: HotlineFunction;
  private storageStackName = '';

  constructor(scope: Construct, id: string, props: CallRecordFunctionsProps) {
    super(scope, id);
    const { storage } = props;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      // SSE with SQS-managed keys: the event-source mapping and EventBridge can send without a KMS grant
      // (a customer key would add kms:GenerateDataKey* / kms:ReEncrypt* wildcards to every sender's role).
      // The letters hold contact records, like the stream; the queue is TLS-only and keeps them 14 days.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    const env = {
      [CONTACTS_TABLE.envVar]: props.contactsTable.tableName,
      [CRM_TABLE.envVar]: props.crmTable.tableName,
      HOTLINE_PROFILE: props.profile.id,
      PHONE_REGION: props.phoneRegion,
      DEAD_LETTER_QUEUE_URL: this.deadLetters.queueUrl,
      TRANSCRIPTS_BUCKET: storage.bucket.bucketName,
      TRANSCRIPTS_PREFIX,
      RECORDINGS_KMS_KEY_ID: storage.key.keyArn,
    };
    const fn = (fid: string, entry: string, serviceName: string, description: string) =>
      new HotlineFunction(this, fid, {
        entry,
        serviceName,
        description,
        timeout: Duration.seconds(60),
        logRetention: props.logRetention,
        logEncryptionKey: props.dataKey,
        environment: env,
      });

    this.ingest = fn(
      'Ingest',
      'functions/contact-records/handler.ts',
      'contact-records',
      'Hotline contact-record ingestion: CTR stream to call records, recent contacts and last agent',
    );
    this.ingest.function.addEventSource(
      new KinesisEventSource(storage.stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );
    const stack = Stack.of(this);
    const allow = (f: HotlineFunction, actions: string[], resources: string[]) =>
      f.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    // Explicit statements (no index/*, no action wildcards): exactly what each function calls.
    // Records and screen-pop items: immutable versions in BatchWriteItems (the forgotten check's deletes too); the
    // forgotten stubs and the customers' numbers read with BatchGetItem. Nothing else.
    allow(this.ingest, ['dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem'], [props.contactsTable.tableArn]);
    allow(this.ingest, ['dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem'], [props.crmTable.tableArn]);
    allow(
      this.ingest,
      ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [props.dataKey.keyArn, storage.key.keyArn],
    );
    this.deadLetters.grantSendMessages(this.ingest);

    this.recordings = fn(
      'Recordings',
      'functions/recordings/handler.ts',
      'recordings',
      'Hotline recordings: start the Transcribe job of each new call recording',
    );
    this.transcripts = fn(
      'Transcripts',
      'functions/transcripts/handler.ts',
      'transcripts',
      'Hotline transcripts: store the normalized transcript (or retry a failed job)',
    );
    const bucketArn = stack.formatArn({
      service: 's3',
      region: '',
      account: '',
      resource: recordingsBucketName(storage.stackName),
    });
    for (const f of [this.recordings, this.transcripts]) {
      allow(f, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], [props.contactsTable.tableArn]);
      allow(
        f,
        ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        [props.dataKey.keyArn, storage.key.keyArn],
      );
      // StartTranscriptionJob runs with the caller's permissions: it reads the recording and writes the output.
      allow(f, ['s3:GetObject'], [`${bucketArn}/${RECORDINGS_PREFIX}/*`]);
      allow(f, ['s3:GetObject', 's3:PutObject'], [`${bucketArn}/${TRANSCRIPTS_PREFIX}*`]);
      allow(
        f,
        ['transcribe:StartTranscriptionJob'],
        // Job ARNs: arn:aws:transcribe:<region>:<account>:transcription-job/<name>; ours are hotline-<ContactId>.
        [
          stack.formatArn({
            service: 'transcribe',
            resource: 'transcription-job',
            resourceName: 'hotline-*',
          }),
        ],
      );
    }
    // Voicemail (F15): the transcripts function finds the call's ticket by its idempotency item (GetItem) and
    // replaces it under its version condition (a TransactWriteItems of one Put; the status is not changed, so no
    // openTickets counter is written).
    if (props.ticketsTable) {
      this.transcripts.function.addEnvironment('TICKETS_TABLE_NAME', props.ticketsTable.tableName);
      allow(this.transcripts, ['dynamodb:GetItem', 'dynamodb:PutItem'], [props.ticketsTable.tableArn]);
    }
    new events.Rule(this, 'RecordingCreated', {
      description: 'A call recording was stored (PutObject or CompleteMultipartUpload)',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [storage.bucket.bucketName] },
          object: { key: [{ prefix: `${RECORDINGS_PREFIX}/` }] },
        },
      },
      targets: [
        new targets.LambdaFunction(this.recordings.function, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 10,
        }),
      ],
    });
    new events.Rule(this, 'TranscriptionFinished', {
      description: 'A Hotline Transcribe job completed or failed',
      eventPattern: {
        source: ['aws.transcribe'],
        detailType: ['Transcribe Job State Change'],
        detail: {
          TranscriptionJobStatus: ['COMPLETED', 'FAILED'],
          TranscriptionJobName: [{ prefix: 'hotline-' }],
        },
      },
      targets: [
        new targets.LambdaFunction(this.transcripts.function, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 10,
        }),
      ],
    });
    this.storageStackName = storage.stackName;
    this.acknowledgeScopedWildcards();
    new CfnOutput(Stack.of(this), 'DeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
  }

  /** cdk-nag IAM5 findings of the call-record functions' policies: prefix-scoped object keys and job names. */
  private acknowledgeScopedWildcards(): void {
    const bucket = `arn:<AWS::Partition>:s3:::${recordingsBucketName(this.storageStackName, true)}`;
    const acks: Record<string, string> = {
      [`AwsSolutions-IAM5[Resource::${bucket}/${RECORDINGS_PREFIX}/*]`]:
        'Recordings are read by key (one object per contact, keys not known in advance): scoped to the prefix Connect writes to.',
      [`AwsSolutions-IAM5[Resource::${bucket}/${TRANSCRIPTS_PREFIX}*]`]:
        'Transcribe output is written and read per job (one object per contact): scoped to the transcripts prefix.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/hotline-*]':
        'One Transcribe job per contact (hotline-<ContactId>): the names are not known in advance, only their prefix.',
    };
    for (const f of [this.recordings, this.transcripts]) {
      const policy = f.role.node.tryFindChild('DefaultPolicy');
      if (!policy) continue;
      for (const [id, reason] of Object.entries(acks)) Validations.of(policy).acknowledge({ id, reason });
    }
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue (of the CTR stream mapping and the EventBridge targets).',
    });
  }
}

/**
 * The recordings bucket's name: `<data stack name>-rec-<account>-<region>` (lower case, S3's 63-character limit).
 * `forNag`: the same name as cdk-nag prints it (pseudo parameters as `<AWS::…>`).
 */
export function recordingsBucketName(dataStackName: string, forNag = false): string {
  const base = `${dataStackName
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 24)}-rec`;
  return forNag ? `${base}-<AWS::AccountId>-<AWS::Region>` : `${base}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}
