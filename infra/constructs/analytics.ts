/**
 * Analytics exports in AWS (F16).
 *
 * - `AnalyticsStorage` (data stack, stateful, retained): the analytics bucket (the data key, public access blocked,
 *   TLS only, server access logs to the call-record access-log bucket, lifecycle for query results and delivery
 *   errors), the Glue database and one Glue table per dataset of the shared analytics schema (Parquet,
 *   partitioned by `dt` with partition projection: no crawler, no `MSCK REPAIR`), the Athena workgroup
 *   (engine v3, enforced settings, SSE-KMS results, a bytes-scanned limit per query) and one named query per
 *   shared query (the same SQL runs on DuckDB locally).
 * - `AnalyticsExport` (functions stack): tickets and survey results to Parquet, every hour, by a Lambda that runs
 *   the same export use case as `hotline export` with an S3 writer (pure-JavaScript Parquet).
 * - `AnalyticsDelivery` (functions stack): contact records to Parquet. A Firehose delivery stream reads the CTR
 *   Kinesis stream, a processing Lambda flattens each CTR into a `contacts` row (and names its day), and
 *   Firehose converts the rows to Parquet with the Glue `contacts` table's schema.
 */
import { ArnFormat, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SCHEDULED_DATASETS } from '../../functions/core/analytics/firehose-contacts.js';
import {
  type AnalyticsDatasetDef,
  CONTACTS_DATASET,
  GLUE_TYPES,
  type NamedQuery,
} from '../analytics-definitions.js';
import { HotlineFunction } from './hotline-function.js';

/** Where Athena writes query results in the analytics bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** Where Firehose writes records it could not process or convert. */
export const DELIVERY_ERRORS_PREFIX = 'errors/';
/** The dataset Firehose delivers (the others are exported on a schedule: SCHEDULED_DATASETS). */
export const DELIVERED_DATASET = CONTACTS_DATASET.name;
/** First day partition projection knows of. */
export const PROJECTION_START = '2024-01-01';
/** @default bytes-scanned limit per Athena query, in GB (context `athenaBytesScannedLimitGb`). */
export const DEFAULT_BYTES_SCANNED_LIMIT_GB = 10;

/** The partition column of every dataset (schemas/analytics.ts): the UTC day, `yyyy-MM-dd`. */
export const PARTITION_COLUMN = 'dt' satisfies AnalyticsDatasetDef['partitionColumn'];

/** Parquet in Glue: Hive's Parquet SerDe and formats (what Athena and Firehose expect). */
export const PARQUET = {
  serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
} as const;

/** `Hotline-Data` → `hotline_data_analytics`: Glue and Athena names are lower case, `_` only. */
export function analyticsDatabaseName(dataStackName: string): string {
  return `${dataStackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_analytics`;
}

/** `<data stack name>-ana-<account>-<region>` (lower case, within S3's 63 characters); see recordingsBucketName. */
export function analyticsBucketName(dataStackName: string, forNag = false): string {
  const base = `${dataStackName
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 24)}-ana`;
  return forNag ? `${base}-<AWS::AccountId>-<AWS::Region>` : `${base}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** Placeholder Athena substitutes in `storage.location.template` (written so no linter takes it for a template). */
const DT_PLACEHOLDER = `\${${PARTITION_COLUMN}}`;

export interface AnalyticsStorageProps {
  /** The data key: encrypts the bucket's objects and Athena's results. */
  readonly key: kms.IKey;
  /** Bucket for the server access logs (SSE-S3, as S3 log delivery needs). */
  readonly accessLogs: s3.IBucket;
  readonly datasets: readonly AnalyticsDatasetDef[];
  readonly queries: readonly NamedQuery[];
  /** Athena cancels a query of this workgroup that would scan more. @default 10 */
  readonly bytesScannedLimitGb?: number;
}

export class AnalyticsStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.IKey;
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** Glue tables by dataset name. */
  readonly tables: Readonly<Record<string, glue.CfnTable>>;
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: Readonly<Record<string, athena.CfnNamedQuery>>;
  readonly stackName: string;

  constructor(scope: Construct, id: string, props: AnalyticsStorageProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.stackName = stack.stackName;
    this.key = props.key;
    const limitGb = props.bytesScannedLimitGb ?? DEFAULT_BYTES_SCANNED_LIMIT_GB;
    if (!Number.isInteger(limitGb) || limitGb < 1)
      throw new Error(`analytics: bytesScannedLimitGb must be a whole number ≥ 1, got ${limitGb}`);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'analytics/',
      bucketName: analyticsBucketName(this.stackName),
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'AthenaResults', prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(30) },
        { id: 'DeliveryErrors', prefix: DELIVERY_ERRORS_PREFIX, expiration: Duration.days(90) },
        { id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.databaseName = analyticsDatabaseName(this.stackName);
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'Hotline analytics: contacts, tickets and survey results, partitioned by day (dt)',
      },
    });

    const tables: Record<string, glue.CfnTable> = {};
    for (const ds of props.datasets) {
      const location = `s3://${this.bucket.bucketName}/${ds.name}/`;
      const table = new glue.CfnTable(this, `Table${ds.name.charAt(0).toUpperCase()}${ds.name.slice(1)}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name: ds.name,
          description: ds.description ?? `Hotline ${ds.name}, one partition per day (${PARTITION_COLUMN})`,
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            EXTERNAL: 'TRUE',
            classification: 'parquet',
            'parquet.compression': 'SNAPPY',
            // Partition projection: Athena computes the partitions from these rules (no crawler, no catalog
            // partitions to maintain); NOW is the day of the query.
            'projection.enabled': 'true',
            [`projection.${PARTITION_COLUMN}.type`]: 'date',
            [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
            [`projection.${PARTITION_COLUMN}.range`]: `${PROJECTION_START},NOW`,
            [`projection.${PARTITION_COLUMN}.interval`]: '1',
            [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
            'storage.location.template': `${location}${PARTITION_COLUMN}=${DT_PLACEHOLDER}/`,
          },
          partitionKeys: [{ name: PARTITION_COLUMN, type: 'string', comment: 'UTC day, yyyy-MM-dd' }],
          storageDescriptor: {
            location,
            inputFormat: PARQUET.inputFormat,
            outputFormat: PARQUET.outputFormat,
            serdeInfo: {
              serializationLibrary: PARQUET.serializationLibrary,
              parameters: { 'serialization.format': '1' },
            },
            columns: ds.columns.map((c) => ({
              name: c.name,
              type: GLUE_TYPES[c.type],
              ...(c.description ? { comment: c.description } : {}),
            })),
          },
        },
      });
      table.node.addDependency(this.database);
      tables[ds.name] = table;
    }
    this.tables = tables;

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${this.stackName}-analytics`,
      description:
        'Hotline analytics: enforced settings, KMS-encrypted results, a bytes-scanned limit per query',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: limitGb * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
        },
      },
    });
    // A stack deletion keeps the bucket (and so the results); the workgroup itself holds no data.
    this.workGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);

    const queries: Record<string, athena.CfnNamedQuery> = {};
    for (const q of props.queries) {
      const nq = new athena.CfnNamedQuery(this, `Query-${q.key}`, {
        name: q.name,
        description: q.description.slice(0, 1024),
        database: this.databaseName,
        workGroup: this.workGroup.ref,
        queryString: q.sql,
      });
      nq.node.addDependency(this.database);
      queries[q.key] = nq;
    }
    this.namedQueries = queries;

    new CfnOutput(stack, 'AnalyticsBucketName', { value: this.bucket.bucketName });
    new CfnOutput(stack, 'AnalyticsDatabaseName', { value: this.databaseName });
    new CfnOutput(stack, 'AthenaWorkGroupName', { value: this.workGroup.ref });
  }

  /** ARN of a Glue table of this database (for IAM). */
  tableArn(name: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'table',
      resourceName: `${this.databaseName}/${name}`,
    });
  }

  /** ARN of the Glue database (for IAM). */
  get databaseArn(): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'database',
      resourceName: this.databaseName,
    });
  }
}

export interface AnalyticsDeliveryProps {
  readonly storage: AnalyticsStorage;
  /** The CTR stream (CallRecordStorage) and the key it is encrypted with. */
  readonly stream: kinesis.IStream;
  readonly streamKey: kms.IKey;
  /** The data key: the analytics bucket's key, and the key of the function's and Firehose's logs. */
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Region for caller numbers without a country code (as for CTR ingestion). */
  readonly phoneRegion: string;
}

/** Contact records → `contacts/dt=<day>/*.parquet`: Firehose (Kinesis source), a flattening Lambda, Parquet. */
export class AnalyticsDelivery extends Construct {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly processor: HotlineFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AnalyticsDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { storage } = props;
    const bucketArn = `arn:${stack.partition}:s3:::${analyticsBucketName(storage.stackName)}`;

    this.processor = new HotlineFunction(this, 'ContactRows', {
      entry: 'functions/analytics-contacts/handler.ts',
      serviceName: 'analytics-contacts',
      description: 'Hotline analytics: flatten each contact record (CTR) into a contacts row for Firehose',
      timeout: Duration.seconds(60),
      memorySize: 256,
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment: { PHONE_REGION: props.phoneRegion },
    });

    this.logGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: props.logRetention,
      encryptionKey: props.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logStream = new logs.LogStream(this, 'DeliveryLogStream', {
      logGroup: this.logGroup,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Hotline analytics: Firehose reads the CTR stream and writes Parquet contacts',
    });
    const allow = (sid: string, actions: string[], resources: string[]) =>
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
    allow(
      'ReadContactRecordStream',
      ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
      [props.stream.streamArn],
    );
    allow('DecryptContactRecordStream', ['kms:Decrypt'], [props.streamKey.keyArn]);
    allow(
      'AnalyticsBucket',
      ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      [bucketArn],
    );
    allow(
      'WriteContactsAndErrors',
      ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      [`${bucketArn}/${DELIVERED_DATASET}/*`, `${bucketArn}/${DELIVERY_ERRORS_PREFIX}${DELIVERED_DATASET}/*`],
    );
    allow('EncryptObjects', ['kms:Decrypt', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
    allow(
      'ReadContactsSchema',
      ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        storage.databaseArn,
        storage.tableArn(DELIVERED_DATASET),
      ],
    );
    allow(
      'InvokeProcessor',
      ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      [this.processor.functionArn],
    );
    allow(
      'WriteDeliveryLogs',
      ['logs:PutLogEvents'],
      [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${this.logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    );

    const dayPrefix = `${DELIVERED_DATASET}/dt=!{partitionKeyFromLambda:dt}/`;
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'ContactsToParquet', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: {
        kinesisStreamArn: props.stream.streamArn,
        roleArn: this.role.roleArn,
      },
      extendedS3DestinationConfiguration: {
        bucketArn,
        roleArn: this.role.roleArn,
        // The contact's own day (UTC) from the processing Lambda, so a day's partition holds that day's contacts.
        prefix: dayPrefix,
        errorOutputPrefix: `${DELIVERY_ERRORS_PREFIX}${DELIVERED_DATASET}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
        // Format conversion needs at least 64 MB of buffer.
        bufferingHints: { sizeInMBs: 128, intervalInSeconds: 300 },
        // Parquet compresses itself (SNAPPY): the S3 compression must be off with format conversion.
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.dataKey.keyArn } },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.processor.functionArn },
                { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
                { parameterName: 'NumberOfRetries', parameterValue: '3' },
              ],
            },
          ],
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          // The processor writes timestamps as epoch milliseconds: unambiguous for the Hive JSON reader.
          inputFormatConfiguration: { deserializer: { hiveJsonSerDe: { timestampFormats: ['millis'] } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: stack.account,
            region: stack.region,
            databaseName: storage.databaseName,
            tableName: DELIVERED_DATASET,
            versionId: 'LATEST',
            roleArn: this.role.roleArn,
          },
        },
      },
    });
    // Firehose checks its role when the stream is created: the policy must exist first.
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy) this.deliveryStream.node.addDependency(policy);

    this.acknowledge(policy, storage.stackName);
    new CfnOutput(stack, 'ContactsDeliveryStreamName', { value: this.deliveryStream.ref });
  }

  /** cdk-nag findings of the delivery stream and its role, each scoped to its resource with the reason. */
  private acknowledge(policy: Construct | undefined, storageStackName: string): void {
    const bucket = `arn:<AWS::Partition>:s3:::${analyticsBucketName(storageStackName, true)}`;
    if (policy) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucket}/${DELIVERED_DATASET}/*]`,
        reason:
          'Firehose writes one Parquet object per buffer under contacts/dt=<day>/ with names it chooses: ' +
          'scoped to the contacts prefix of the analytics bucket.',
      });
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucket}/${DELIVERY_ERRORS_PREFIX}${DELIVERED_DATASET}/*]`,
        reason:
          'Firehose writes records it could not process or convert under errors/contacts/<error type>/ with ' +
          'names it chooses: scoped to that prefix.',
      });
    }
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'Firehose server-side encryption applies only to Direct PUT streams: this one reads the CTR Kinesis ' +
        'stream (encrypted with a customer-managed key) and writes SSE-KMS objects with the data key.',
    });
  }
}

export interface AnalyticsExportProps {
  readonly storage: AnalyticsStorage;
  readonly ticketsTable: dynamodb.ITable;
  readonly contactsTable: dynamodb.ITable;
  /** QA evaluations (F18): exported as the `evaluations` dataset when given. */
  readonly supervisionTable?: dynamodb.ITable;
  /** The order centre's tables: orders, supply, limits and totals; the CRM's retailers (order datasets). */
  readonly ordersTable: dynamodb.ITable;
  readonly crmTable: dynamodb.ITable;
  /** Repair bookings, sales leads and pickups (issue 12): the `bookings`, `leads` and `pickups` datasets. */
  readonly bookingsTable: dynamodb.ITable;
  readonly leadsTable: dynamodb.ITable;
  readonly pickupsTable: dynamodb.ITable;
  /** The outbound campaigns' table (campaign_attempts dataset, issue 13). */
  readonly campaignsTable?: dynamodb.ITable;
  /** Time zone of the ordering periods and their cutoff. */
  readonly timeZone: string;
  /** The data key: the tables', the bucket's and the function's logs. */
  readonly dataKey: kms.IKey;
  readonly profileId: string;
  readonly logRetention: logs.RetentionDays;
  /** @default every hour */
  readonly schedule?: events.Schedule;
}

/** Tickets, surveys, QA evaluations, bookings, leads, pickups and orders → `<dataset>/dt=<day>/part-0.parquet` on a schedule (a full rewrite each run). */
export class AnalyticsExport extends Construct {
  readonly function: HotlineFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: AnalyticsExportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucketName = analyticsBucketName(props.storage.stackName);
    const bucketArn = `arn:${stack.partition}:s3:::${bucketName}`;
    this.function = new HotlineFunction(this, 'Export', {
      entry: 'functions/analytics-export/handler.ts',
      // The Parquet encoding thread (functions/adapters/s3/parquet-threads.ts looks for it beside the bundle).
      workerScripts: { 'parquet-worker.mjs': 'functions/adapters/s3/parquet-worker.ts' },
      serviceName: 'analytics-export',
      description:
        'Hotline analytics: export tickets, surveys, QA evaluations, bookings, leads, pickups and orders to the analytics bucket as Parquet',
      timeout: Duration.minutes(15),
      // Two vCPUs (Lambda gives one per 1,769 MB): rows are taken apart into columns on one while the Parquet files
      // are encoded on the other (functions/adapters/s3/parquet-threads.ts). The hourly run takes seconds.
      memorySize: 3538,
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment: {
        CONTACTS_TABLE_NAME: props.contactsTable.tableName,
        TICKETS_TABLE_NAME: props.ticketsTable.tableName,
        ORDERS_TABLE_NAME: props.ordersTable.tableName,
        CRM_TABLE_NAME: props.crmTable.tableName,
        BOOKINGS_TABLE_NAME: props.bookingsTable.tableName,
        LEADS_TABLE_NAME: props.leadsTable.tableName,
        PICKUPS_TABLE_NAME: props.pickupsTable.tableName,
        ORDER_TIME_ZONE: props.timeZone,
        ANALYTICS_BUCKET: bucketName,
        HOTLINE_PROFILE: props.profileId,
        ...(props.supervisionTable ? { SUPERVISION_TABLE_NAME: props.supervisionTable.tableName } : {}),
        ...(props.campaignsTable ? { CAMPAIGNS_TABLE_NAME: props.campaignsTable.tableName } : {}),
      },
    });
    const allow = (actions: string[], resources: string[]) =>
      this.function.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    // Filtered scans of the tables (the tables themselves, no index), a period's totals by key (Query on the
    // Orders table), the key for reading them and for writing SSE-KMS objects, and PutObject under the scheduled
    // datasets' prefixes only.
    allow(
      ['dynamodb:Scan'],
      [
        props.contactsTable.tableArn,
        props.ticketsTable.tableArn,
        ...(props.supervisionTable ? [props.supervisionTable.tableArn] : []),
        props.ordersTable.tableArn,
        props.crmTable.tableArn,
        props.bookingsTable.tableArn,
        props.leadsTable.tableArn,
        props.pickupsTable.tableArn,
        ...(props.campaignsTable ? [props.campaignsTable.tableArn] : []),
      ],
    );
    allow(['dynamodb:Query'], [props.ordersTable.tableArn]);
    allow(['kms:Decrypt', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
    // Put a day's parts, and delete the parts a previous, larger run left beyond them (listed by prefix).
    allow(
      ['s3:PutObject', 's3:DeleteObject'],
      SCHEDULED_DATASETS.map((d) => `${bucketArn}/${d}/*`),
    );
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': SCHEDULED_DATASETS.map((d) => `${d}/*`) } },
      }),
    );
    this.rule = new events.Rule(this, 'Schedule', {
      description:
        'Hotline analytics: export tickets, surveys, QA evaluations, bookings, leads, pickups and orders as Parquet',
      schedule: props.schedule ?? events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2 })],
    });

    const policy = this.function.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      const bucket = `arn:<AWS::Partition>:s3:::${analyticsBucketName(props.storage.stackName, true)}`;
      for (const d of SCHEDULED_DATASETS) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${bucket}/${d}/*]`,
          reason: `The export writes (and replaces) the parts of each day partition (${d}/dt=<day>/part-<n>.parquet), days not known in advance: scoped to the ${d} prefix.`,
        });
      }
    }
    new CfnOutput(stack, 'AnalyticsExportFunctionName', { value: this.function.functionName });
  }
}
