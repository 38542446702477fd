/**
 * The supervisor console on the workspace API's function (issue 15): what its routes read in AWS, and nothing
 * more. Environment: the Supervision table, the Connect instance and the profile's standard queues, the
 * instance's URL (listen-in links to its CCP), the supervisors' topic. Permissions:
 * - the Supervision table (breaches claimed once, evaluations; its `byAgent` index), Scan of the Contacts and
 *   Tickets tables for the week's review queue;
 * - Connect's real-time reads for the wallboard (GetCurrentMetricData, GetCurrentUserData, GetMetricDataV2,
 *   ListUsers), SearchUsers and MonitorContact for listen-in, on this instance only;
 * - publishing breach notices to the supervisors' topic; reading recordings (GetObject under the recordings
 *   prefix, and the recordings key): the function presigns short-lived URLs the browser plays from S3;
 * - agent performance in Athena: queries in the analytics workgroup only, the Glue catalog, database and the tables
 *   the `agent_performance` query reads, their S3 prefixes (read) and the workgroup's result prefix (read, write),
 *   and the data key (the Parquet and the results are encrypted with it).
 */
import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { referencedDatasets } from '../../functions/adapters/athena/analytics-athena.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { SUPERVISION_TABLE } from '../../schemas/tables.js';
import { instanceArnExportName } from '../stacks/connect-stack.js';
import { ATHENA_RESULTS_PREFIX, analyticsBucketName, analyticsDatabaseName } from './analytics.js';
import { RECORDINGS_PREFIX, recordingsBucketName } from './call-records.js';
import type { HotlineFunction } from './hotline-function.js';

export interface SupervisorConsoleProps {
  readonly supervisionTable: dynamodb.ITable;
  readonly contactsTable: dynamodb.ITable;
  readonly ticketsTable: dynamodb.ITable;
  readonly instanceArn: string;
  /** The profile's standard queues: their Connect queue ARNs and names. */
  readonly queues: readonly { readonly arn: string; readonly name: string }[];
  /** e.g. `https://<alias>.my.connect.aws`; without it the console offers no listen-in. */
  readonly instanceUrl?: string;
  readonly supervisorTopic: sns.ITopic;
  /** The recordings bucket (by its data stack's name: the bucket's name derives from it) and key. */
  readonly recordings: { readonly dataStackName: string; readonly key: kms.IKey };
  /**
   * Agent performance in Athena: the analytics storage of the data stack (its bucket, database and workgroup are
   * named from the stack's name) and the key its Parquet and query results are encrypted with. None: the
   * performance route answers 503.
   */
  readonly analytics?: { readonly dataStackName: string; readonly key: kms.IKey };
  /** The Connect stack's name: a created instance's ARN is imported from its named export. */
  readonly connectStackName: string;
  readonly stackPrefix: string;
  readonly timeZone?: string;
}

export class SupervisorConsole extends Construct {
  readonly policy: iam.Policy;

  constructor(scope: Construct, id: string, fn: HotlineFunction, props: SupervisorConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // A created instance's ARN comes from the Connect stack's named export, so the policy (and its cdk-nag
    // acknowledgement) can name it; an existing instance's ARN is a literal.
    const created = Token.isUnresolved(props.instanceArn);
    const exportName = instanceArnExportName(props.connectStackName);
    const instanceArn = created ? Fn.importValue(exportName) : props.instanceArn;
    const bucketArn = `arn:${stack.partition}:s3:::${recordingsBucketName(props.recordings.dataStackName)}`;
    const env: Record<string, string> = {
      [SUPERVISION_TABLE.envVar]: props.supervisionTable.tableName,
      CONNECT_INSTANCE_ARN: instanceArn,
      // arn:…:instance/<instance id>/queue/<queue id> → the queue id.
      CONNECT_QUEUES: stack.toJsonString(
        props.queues.map((q) => ({ id: Fn.select(3, Fn.split('/', q.arn)), name: q.name })),
      ),
      SUPERVISOR_TOPIC_ARN: props.supervisorTopic.topicArn,
      STACK_PREFIX: props.stackPrefix,
      ...(props.instanceUrl ? { CONNECT_INSTANCE_URL: props.instanceUrl } : {}),
      ...(props.timeZone ? { HOTLINE_TIME_ZONE: props.timeZone } : {}),
      ...(props.analytics
        ? {
            // AnalyticsStorage's workgroup name (`<data stack>-analytics`) and Glue database.
            ATHENA_WORKGROUP: `${props.analytics.dataStackName}-analytics`,
            ANALYTICS_DATABASE: analyticsDatabaseName(props.analytics.dataStackName),
          }
        : {}),
    };
    for (const [k, v] of Object.entries(env)) fn.function.addEnvironment(k, v);

    const statements = [
      new iam.PolicyStatement({
        sid: 'SupervisionTable',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'dynamodb:BatchWriteItem',
        ],
        resources: [props.supervisionTable.tableArn, `${props.supervisionTable.tableArn}/index/byAgent`],
      }),
      new iam.PolicyStatement({
        sid: 'ReviewQueueScans',
        actions: ['dynamodb:Scan'],
        resources: [props.contactsTable.tableArn, props.ticketsTable.tableArn],
      }),
      new iam.PolicyStatement({
        sid: 'ConnectRealTimeAndListenIn',
        actions: [
          'connect:GetCurrentMetricData',
          'connect:GetCurrentUserData',
          'connect:GetMetricDataV2',
          'connect:ListUsers',
          'connect:SearchUsers',
          'connect:DescribeInstance',
          'connect:MonitorContact',
        ],
        resources: [instanceArn, `${instanceArn}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'BreachNotices',
        actions: ['sns:Publish'],
        resources: [props.supervisorTopic.topicArn],
      }),
      new iam.PolicyStatement({
        sid: 'Recordings',
        actions: ['s3:GetObject'],
        resources: [`${bucketArn}/${RECORDINGS_PREFIX}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'RecordingsKey',
        actions: ['kms:Decrypt'],
        resources: [props.recordings.key.keyArn],
      }),
    ];
    const performanceDatasets = referencedDatasets(namedQuery('agent_performance').sql);
    const analytics = props.analytics;
    if (analytics) {
      const bucket = `arn:${stack.partition}:s3:::${analyticsBucketName(analytics.dataStackName)}`;
      const database = analyticsDatabaseName(analytics.dataStackName);
      const glueArn = (resource: string) =>
        `arn:${stack.partition}:glue:${stack.region}:${stack.account}:${resource}`;
      statements.push(
        new iam.PolicyStatement({
          sid: 'PerformanceQueries',
          actions: [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
          ],
          resources: [
            `arn:${stack.partition}:athena:${stack.region}:${stack.account}:workgroup/${analytics.dataStackName}-analytics`,
          ],
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceCatalog',
          actions: ['glue:GetDatabase', 'glue:GetTable'],
          resources: [
            glueArn('catalog'),
            glueArn(`database/${database}`),
            ...performanceDatasets.map((d) => glueArn(`table/${database}/${d}`)),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceData',
          actions: ['s3:GetObject'],
          resources: performanceDatasets.map((d) => `${bucket}/${d}/*`),
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceBucket',
          actions: ['s3:GetBucketLocation'],
          resources: [bucket],
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceListing',
          actions: ['s3:ListBucket'],
          resources: [bucket],
          conditions: {
            StringLike: {
              's3:prefix': [...performanceDatasets, ATHENA_RESULTS_PREFIX].map(
                (p) => `${p.replace(/\/$/, '')}/*`,
              ),
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceResults',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [`${bucket}/${ATHENA_RESULTS_PREFIX}*`],
        }),
        new iam.PolicyStatement({
          sid: 'PerformanceKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [analytics.key.keyArn],
        }),
      );
    }
    const policy = new iam.Policy(this, 'Policy', { statements });
    policy.attachToRole(fn.role);
    this.policy = policy;
    const nagBucket = `arn:<AWS::Partition>:s3:::${recordingsBucketName(props.recordings.dataStackName, true)}`;
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${created ? exportName : props.instanceArn}/*]`,
        reason:
          "Connect's real-time metrics, user search and MonitorContact act on this instance's queues, users and contacts, whose ids are known only at run time: scoped to this instance's sub-resources.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagBucket}/${RECORDINGS_PREFIX}/*]`,
        reason:
          'The console plays the recording of the call under review (one object per contact, keys not known in advance): scoped to the prefix Connect writes recordings to.',
      },
    );
    if (analytics) {
      const nagAnalytics = `arn:<AWS::Partition>:s3:::${analyticsBucketName(analytics.dataStackName, true)}`;
      Validations.of(policy).acknowledge(
        ...performanceDatasets.map((d) => ({
          id: `AwsSolutions-IAM5[Resource::${nagAnalytics}/${d}/*]`,
          reason: `Athena reads the ${d} dataset's Parquet for the agent_performance query (one object per day partition, named at export time): scoped to the dataset's prefix.`,
        })),
        {
          id: `AwsSolutions-IAM5[Resource::${nagAnalytics}/${ATHENA_RESULTS_PREFIX}*]`,
          reason:
            "Athena writes each query's results under the workgroup's result prefix (object names chosen by Athena per query) and the function reads them back: scoped to that prefix.",
        },
      );
    }
  }
}
