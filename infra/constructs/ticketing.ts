/**
 * Tickets and SMS in AWS (F7, F11): what the createTicket and escalateTickets functions need, with
 * least-privilege grants; the escalation topics (KMS-encrypted, TLS only) and the 5-minute schedule.
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
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE, SMS_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';

export interface TicketTables {
  readonly crmTable: dynamodb.ITable;
  readonly ticketsTable: dynamodb.ITable;
  readonly smsTable: dynamodb.ITable;
  readonly dataKey: kms.IKey;
}

/** The environment of both ticket functions (schemas/ticket-env.ts). */
export function ticketEnvironment(
  t: TicketTables,
  profile: Profile,
  phoneRegion: string | undefined,
): Record<string, string> {
  return {
    [CRM_TABLE.envVar]: t.crmTable.tableName,
    [TICKETS_TABLE.envVar]: t.ticketsTable.tableName,
    [SMS_TABLE.envVar]: t.smsTable.tableName,
    HOTLINE_PROFILE: profile.id,
    PHONE_REGION: phoneRegion ?? profile.phoneRegion,
  };
}

/**
 * createTicket: tickets (get, conditional put in a transaction, the day counter), the CRM's per-number items
 * (read the customer, `openTickets` updates), the SMS table (opt-outs, rate counters, log), the data key.
 */
export function grantTicketCreation(fn: HotlineFunction, t: TicketTables): void {
  grantItems(fn, t.ticketsTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  // The caller's lookup item is read as its number's partition (one Query).
  grantItems(fn, t.crmTable, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  grantItems(fn, t.smsTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  grantDataKey(fn, t.dataKey);
  allowSmsPublish(fn);
}

/**
 * Item actions on a table itself, not its indexes (`table.grant` adds `/index/*`, which cdk-nag rightly flags).
 * Transactions need the same item permissions as the single writes they group.
 */
export function grantItems(fn: HotlineFunction, table: dynamodb.ITable, actions: string[]): void {
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
}

/** What writing to tables (and topics) encrypted with the data key needs: no `kms:*` wildcards. */
export function grantDataKey(fn: HotlineFunction, key: kms.IKey): void {
  key.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
}

/**
 * SMS to phone numbers: `sns:Publish` with a PhoneNumber has no resource ARN, so it needs Resource "*". It is kept
 * in a policy of its own (acknowledged there only), and publishing to any topic or endpoint ARN is denied, so
 * the wildcard cannot reach a topic.
 */
export function allowSmsPublish(fn: HotlineFunction): iam.Policy {
  const stack = Stack.of(fn);
  const policy = new iam.Policy(fn, 'SmsPublish', {
    statements: [
      new iam.PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'NoTopicsOrEndpoints',
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${stack.partition}:sns:*:*:*`],
      }),
    ],
  });
  policy.attachToRole(fn.role);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'SMS: sns:Publish to a phone number (PhoneNumber) has no resource ARN, so it needs Resource "*"; ' +
      'the same policy denies sns:Publish on every topic and endpoint ARN.',
  });
  return policy;
}

export interface TicketEscalationProps extends TicketTables {
  readonly profile: Profile;
  readonly phoneRegion?: string;
  readonly logRetention: logs.RetentionDays;
}

/** The escalation topics, the scheduled escalateTickets function and its 5-minute rule. */
export class TicketEscalation extends Construct {
  readonly reminderTopic: sns.Topic;
  readonly supervisorTopic: sns.Topic;
  readonly function: HotlineFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: TicketEscalationProps) {
    super(scope, id);
    const topic = (name: string, displayName: string) =>
      new sns.Topic(this, name, { displayName, masterKey: props.dataKey, enforceSSL: true });
    this.reminderTopic = topic('ReminderTopic', 'Hotline ticket reminders (departments)');
    this.supervisorTopic = topic('SupervisorTopic', 'Hotline overdue tickets (supervisors)');

    this.function = new HotlineFunction(this, 'EscalateTickets', {
      entry: 'functions/escalate-tickets/handler.ts',
      serviceName: 'escalate-tickets',
      description: 'Hotline scheduled ticket escalation: reminders before the deadline, supervisors after',
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment: {
        ...ticketEnvironment(props, props.profile, props.phoneRegion),
        REMINDER_TOPIC_ARN: this.reminderTopic.topicArn,
        SUPERVISOR_TOPIC_ARN: this.supervisorTopic.topicArn,
      },
    });
    // Query the escalation index, record each level (a conditional put); publish to the two topics.
    grantItems(this.function, props.ticketsTable, ['dynamodb:PutItem']);
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.ticketsTable.tableArn}/index/escalation`],
      }),
    );
    grantDataKey(this.function, props.dataKey);
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        resources: [this.reminderTopic.topicArn, this.supervisorTopic.topicArn],
      }),
    );

    this.rule = new events.Rule(this, 'Every5Minutes', {
      description: 'Hotline: escalate tickets near or past their deadline',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2 })],
    });

    new CfnOutput(Stack.of(this), 'ReminderTopicArn', { value: this.reminderTopic.topicArn });
    new CfnOutput(Stack.of(this), 'SupervisorTopicArn', { value: this.supervisorTopic.topicArn });
  }
}
