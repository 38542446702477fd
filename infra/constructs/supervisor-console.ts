/**
 * The supervisor console on the workspace API's function (issue 15): what its routes read in AWS, and nothing
 * more. Environment: the Supervision table, the Connect instance and the profile's standard queues, the
 * instance's URL (listen-in links to its CCP), the supervisors' topic. Permissions:
 * - the Supervision table (breaches claimed once, evaluations; its `byAgent` index), Scan of the Contacts and
 *   Tickets tables for the week's review queue;
 * - Connect's real-time reads for the wallboard (GetCurrentMetricData, GetCurrentUserData, GetMetricDataV2,
 *   ListUsers), SearchUsers and MonitorContact for listen-in, on this instance only;
 * - publishing breach notices to the supervisors' topic; reading recordings (GetObject under the recordings
 *   prefix, and the recordings key).
 */
import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SUPERVISION_TABLE } from '../../schemas/tables.js';
import { instanceArnExportName } from '../stacks/connect-stack.js';
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
  }
}
