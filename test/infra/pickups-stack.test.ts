/**
 * Pickup dispatch in AWS (issue 12): one encrypted, TLS-only topic per branch of the carrier, the in-call pickup
 * function's least-privilege grants, the overdue schedule; none of it for a profile that books no pickups.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { logicalId, type Synthesized, synth } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Sid?: string };

const policiesOf = (s: Synthesized, roleId: string): Statement[] =>
  Object.values(s.functions.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

describe('pickup dispatch (logistics)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ profile: 'logistics' });
  }, 300_000);

  it('creates one KMS-encrypted topic per branch, with an output each', () => {
    const branches = pickupSettingsOf('logistics')?.branches ?? [];
    const topics = s.hotline.functions.pickupDispatch.topics;
    expect(Object.keys(topics)).toEqual(branches.map((b) => b.key));
    for (const topic of Object.values(topics)) {
      const props = s.functions.findResources('AWS::SNS::Topic')[logicalId(topic)]?.Properties;
      expect(props?.KmsMasterKeyId).toBeDefined();
    }
    s.functions.hasOutput('DispatchTopicShanghaiArn', Match.anyValue());
    // TLS only: each topic's policy denies insecure transport.
    expect(Object.keys(s.functions.findResources('AWS::SNS::TopicPolicy')).length).toBeGreaterThanOrEqual(
      branches.length,
    );
  });

  it('gives the pickup function its tables, the topic map and only item actions (no scan, no index)', () => {
    const fn = s.hotline.functions.inCallFunctions.pickup;
    const env = s.functions.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties
      .Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'CRM_TABLE_NAME',
        'PICKUPS_TABLE_NAME',
        'SMS_TABLE_NAME',
        'DISPATCH_TOPIC_ARNS',
      ]),
    );
    const statements = policiesOf(s, logicalId(fn.role));
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'sns:Publish']),
    );
    expect(actions.some((a) => /Scan|DeleteTable|\*$/.test(a) && a !== 'sns:Publish')).toBe(false);
    expect(JSON.stringify(statements)).not.toContain('/index/');
  });

  it('runs the overdue sweep every 5 minutes: the escalation index, the pending notices, the branch and supervisor topics', () => {
    const esc = s.hotline.functions.pickupDispatch.escalation;
    expect(esc).toBeDefined();
    if (!esc) return;
    const statements = policiesOf(s, logicalId(esc.role));
    const query = statements.find((st) => [st.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toContain('/index/escalation');
    // The notices SNS refused: their own partition of the table, nothing else of it.
    const pending = statements.find((st) => st.Sid === 'PendingDispatchNotices') as
      | (Statement & { Condition?: unknown })
      | undefined;
    expect([pending?.Action].flat().sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(pending?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['NOTICE#PENDING'] },
    });
    const publish = statements.find((st) => [st.Action].flat().includes('sns:Publish'));
    expect(JSON.stringify(publish?.Resource)).not.toContain('"*"');
    s.functions.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Hotline: escalate pickups not collected by the end of their slot',
      ScheduleExpression: 'rate(5 minutes)',
    });
  });

  it('keeps the Pickups table like every table with customer data', () => {
    const table = s.hotline.data.tables.Pickups.table;
    const res = s.data.findResources('AWS::DynamoDB::Table')[logicalId(table)];
    expect(res?.DeletionPolicy).toBe('Retain');
    expect(res?.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(s.nag).toEqual([]);
  });
});

describe('a profile without pickups', () => {
  it('has no dispatch topic and no overdue schedule', { timeout: 300_000 }, () => {
    const s = synth({ profile: 'auto-dealer' });
    expect(s.hotline.functions.pickupDispatch.topics).toEqual({});
    expect(s.hotline.functions.pickupDispatch.escalation).toBeUndefined();
  });
});
