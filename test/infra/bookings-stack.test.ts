/**
 * Repair bookings and leads in AWS (issue 12): the Bookings and Leads tables kept like every table with customer
 * data, the in-call functions' least-privilege grants, the reminder schedule (EventBridge Scheduler, daily at
 * the profile's reminder time in its time zone) only for a profile that books repairs; cdk-nag clean.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type Synthesized, synth } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const policiesOf = (s: Synthesized, roleId: string): Statement[] =>
  Object.values(s.functions.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

describe('repair bookings and leads (auto-dealer)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ profile: 'auto-dealer' });
  }, 300_000);

  it('keeps the Bookings and Leads tables like every table with customer data', () => {
    for (const t of [s.hotline.data.tables.Bookings.table, s.hotline.data.tables.Leads.table]) {
      const res = s.data.findResources('AWS::DynamoDB::Table')[logicalId(t)];
      expect(res?.DeletionPolicy).toBe('Retain');
      expect(res?.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    }
  });

  it('gives the repair booking function item actions and the customer index only', () => {
    const fn = s.hotline.functions.inCallFunctions.repairBooking;
    const statements = policiesOf(s, logicalId(fn.role));
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'sns:Publish',
      ]),
    );
    expect(actions.some((a) => /Scan|Delete|\*$/.test(a))).toBe(false);
    const query = statements.find((st) => [st.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toContain('/index/customer');
  });

  it('runs the reminders every day at 18:00 Shanghai time, with the reminder index only', () => {
    const fn = s.hotline.functions.repairBookings.reminders;
    expect(fn).toBeDefined();
    if (!fn) return;
    s.functions.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 18 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: Match.anyValue(),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
    const statements = policiesOf(s, logicalId(fn.role));
    const query = statements.find((st) => [st.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toContain('/index/reminder');
  });

  it('gives the lead capture function its tables only, without scans; a query only of the caller (CRM)', () => {
    const fn = s.hotline.functions.inCallFunctions.captureLead;
    const statements = policiesOf(s, logicalId(fn.role));
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
    expect(actions.some((a) => /Scan|Delete|\*$/.test(a))).toBe(false);
    // The caller's number item and its recent contacts are one Query of the number's partition, in the CRM table.
    const queries = statements.filter((st) => [st.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(queries.map((st) => st.Resource))).not.toMatch(/Leads|index/);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(s.nag).toEqual([]);
  });
});

describe('a profile without repair bookings', () => {
  it('has no reminder schedule', { timeout: 300_000 }, () => {
    const s = synth({ profile: 'outsourced-crm' });
    expect(s.hotline.functions.repairBookings.reminders).toBeUndefined();
    expect(Object.keys(s.functions.findResources('AWS::Scheduler::Schedule'))).toEqual([]);
  });
});
