/**
 * Pickup dispatch in AWS (issue 12, carrier): one SNS topic per branch of the profile (KMS-encrypted with the data
 * key, TLS only) that the branch's dispatch system subscribes to; what the in-call `pickup` function needs; and
 * the 5-minute schedule of `escalatePickups` (overdue pickups to the branch and the supervisors).
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { PENDING_NOTICES_PARTITION } from '../../schemas/pickups.js';
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE, PICKUPS_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';
import { grantDataKey, grantItems } from './ticketing.js';

export interface PickupTables {
  readonly crmTable: dynamodb.ITable;
  readonly pickupsTable: dynamodb.ITable;
  readonly smsTable: dynamodb.ITable;
  readonly dataKey: kms.IKey;
}

/** `shanghai` → `DispatchTopicShanghai`. */
const topicId = (branch: string) =>
  `DispatchTopic${branch.replace(/(^|-)([a-z0-9])/g, (_, _d: string, c: string) => c.toUpperCase())}`;

/** The dispatch topics of a profile's branches (none for a profile without pickups). */
export class PickupDispatch extends Construct {
  /** Branch key → its topic. */
  readonly topics: Readonly<Record<string, sns.Topic>>;
  escalation?: HotlineFunction;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PickupTables & { readonly profile: Profile; readonly phoneRegion?: string },
  ) {
    super(scope, id);
    const branches = pickupSettingsOf(props.profile.id)?.branches ?? [];
    const topics: Record<string, sns.Topic> = {};
    for (const b of branches) {
      const topic = new sns.Topic(this, topicId(b.key), {
        displayName: `Hotline pickups: ${b.name['en-US']}`,
        masterKey: props.dataKey,
        enforceSSL: true,
      });
      topics[b.key] = topic;
      new CfnOutput(Stack.of(this), `${topicId(b.key)}Arn`, { value: topic.topicArn });
    }
    this.topics = topics;
  }

  /** The environment of both pickup functions. */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    const { props } = this;
    return {
      [CRM_TABLE.envVar]: props.crmTable.tableName,
      [PICKUPS_TABLE.envVar]: props.pickupsTable.tableName,
      [SMS_TABLE.envVar]: props.smsTable.tableName,
      HOTLINE_PROFILE: props.profile.id,
      PHONE_REGION: props.phoneRegion ?? props.profile.phoneRegion,
      DISPATCH_TOPIC_ARNS: Stack.of(this).toJsonString(
        Object.fromEntries(Object.entries(this.topics).map(([b, t]) => [b, t.topicArn])),
      ),
      ...extra,
    };
  }

  private topicArns(): string[] {
    return Object.values(this.topics).map((t) => t.topicArn);
  }

  /**
   * The in-call `pickup` function: slot counters, pickups and idempotency claims (get, batch get, transactional
   * put/update), customers (get), the SMS table, the data key, SMS to phone numbers and its branches' topics.
   */
  grantBooking(fn: HotlineFunction): void {
    const { props } = this;
    grantItems(fn, props.pickupsTable, [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    grantItems(fn, props.crmTable, ['dynamodb:GetItem']);
    grantItems(fn, props.smsTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    grantDataKey(fn, props.dataKey);
    const policy = new iam.Policy(fn, 'SmsPublishAndDispatch', {
      statements: [
        new iam.PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
        ...(this.topicArns().length
          ? [
              new iam.PolicyStatement({
                sid: 'DispatchTopics',
                actions: ['sns:Publish'],
                resources: this.topicArns(),
              }),
            ]
          : []),
      ],
    });
    policy.attachToRole(fn.role);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SMS: sns:Publish to a phone number (PhoneNumber) has no resource ARN, so it needs Resource "*". Unlike the ' +
        'SMS-only functions this one also publishes dispatch notices to its branch topics, so it cannot carry ' +
        'their deny on every topic ARN; publishing to a KMS-encrypted topic also needs that key, and it may use ' +
        'only the data key.',
    });
  }

  /**
   * The scheduled overdue sweep: the escalation index, conditional puts, the pending notices' partition, the branch
   * topics and the supervisors.
   */
  addEscalation(opts: { supervisorTopic: sns.ITopic; logRetention: logs.RetentionDays }): HotlineFunction {
    const { props } = this;
    const fn = new HotlineFunction(this, 'EscalatePickups', {
      entry: 'functions/escalate-pickups/handler.ts',
      serviceName: 'escalate-pickups',
      description: 'Hotline scheduled pickup escalation: pickups not collected by the end of their slot',
      timeout: Duration.seconds(60),
      logRetention: opts.logRetention,
      logEncryptionKey: props.dataKey,
      environment: this.environment({ SUPERVISOR_TOPIC_ARN: opts.supervisorTopic.topicArn }),
    });
    grantItems(fn, props.pickupsTable, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.pickupsTable.tableArn}/index/escalation`],
      }),
    );
    // The dispatch notices SNS refused, kept in their own partition: read, published again, then dropped.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PendingDispatchNotices',
        actions: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.pickupsTable.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [PENDING_NOTICES_PARTITION] },
        },
      }),
    );
    grantDataKey(fn, props.dataKey);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        resources: [...this.topicArns(), opts.supervisorTopic.topicArn],
      }),
    );
    new events.Rule(this, 'Every5Minutes', {
      description: 'Hotline: escalate pickups not collected by the end of their slot',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
    });
    this.escalation = fn;
    return fn;
  }
}
