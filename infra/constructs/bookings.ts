/**
 * Repair bookings in AWS (issue 12, dealer): what the in-call `repairBooking` function needs, and the reminder
 * schedule: an EventBridge Scheduler schedule that runs `remindBookings` every day at the profile's reminder time
 * in the profile's time zone (the reminder SMS of every booking due by then; none twice).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import type { Profile } from '../../schemas/profile.js';
import { BOOKINGS_TABLE, CRM_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';
import { allowSmsPublish, grantDataKey, grantItems } from './ticketing.js';

export interface BookingTables {
  readonly crmTable: dynamodb.ITable;
  readonly bookingsTable: dynamodb.ITable;
  readonly smsTable: dynamodb.ITable;
  readonly dataKey: kms.IKey;
}

export class RepairBookings extends Construct {
  reminders?: HotlineFunction;
  schedule?: scheduler.CfnSchedule;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: BookingTables & { readonly profile: Profile; readonly phoneRegion?: string },
  ) {
    super(scope, id);
  }

  /** Whether the profile books repairs (the reminder schedule exists only then). */
  get enabled(): boolean {
    return bookingSettingsOf(this.props.profile.id) !== undefined;
  }

  /** The environment of both booking functions. */
  environment(): Record<string, string> {
    const { props } = this;
    return {
      [CRM_TABLE.envVar]: props.crmTable.tableName,
      [BOOKINGS_TABLE.envVar]: props.bookingsTable.tableName,
      [SMS_TABLE.envVar]: props.smsTable.tableName,
      HOTLINE_PROFILE: props.profile.id,
      PHONE_REGION: props.phoneRegion ?? props.profile.phoneRegion,
    };
  }

  private grantSms(fn: HotlineFunction): void {
    grantItems(fn, this.props.smsTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    grantDataKey(fn, this.props.dataKey);
    allowSmsPublish(fn);
  }

  /**
   * The in-call `repairBooking` function: slot counters, bookings and idempotency claims (get, batch get,
   * transactional put/update), the caller's bookings (the `customer` index), the customer record (get), the SMS.
   */
  grantBooking(fn: HotlineFunction): void {
    const { props } = this;
    grantItems(fn, props.bookingsTable, [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.bookingsTable.tableArn}/index/customer`],
      }),
    );
    grantItems(fn, props.crmTable, ['dynamodb:GetItem']);
    this.grantSms(fn);
  }

  /** The daily reminder run: the `reminder` index, conditional puts, the SMS. */
  addReminders(opts: { logRetention: logs.RetentionDays }): HotlineFunction | undefined {
    const settings = bookingSettingsOf(this.props.profile.id);
    if (!settings) return undefined;
    const { props } = this;
    const fn = new HotlineFunction(this, 'RemindBookings', {
      entry: 'functions/remind-bookings/handler.ts',
      serviceName: 'remind-bookings',
      description: 'Hotline scheduled repair booking reminders: the SMS the day before each booking',
      timeout: Duration.seconds(120),
      logRetention: opts.logRetention,
      logEncryptionKey: props.dataKey,
      environment: this.environment(),
    });
    grantItems(fn, props.bookingsTable, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.bookingsTable.tableArn}/index/reminder`],
      }),
    );
    this.grantSms(fn);
    const [hour, minute] = settings.reminder.at.split(':');
    // The scheduler's own role may invoke this one function, by its exact ARN (the L2 target's grantInvoke would
    // add every version and alias, `<arn>:*`).
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Hotline: EventBridge Scheduler invokes the repair booking reminders',
    });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
    );
    this.schedule = new scheduler.CfnSchedule(this, 'DailyReminders', {
      description: `Hotline: repair booking reminders, every day at ${settings.reminder.at} (${settings.timeZone})`,
      scheduleExpression: `cron(${Number(minute)} ${Number(hour)} * * ? *)`,
      scheduleExpressionTimezone: settings.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.function.functionArn,
        roleArn: role.roleArn,
        retryPolicy: { maximumRetryAttempts: 3 },
      },
    });
    this.reminders = fn;
    return fn;
  }
}
