/**
 * Voicemail (F15) in CDK: the transcripts function puts a voicemail's message on its ticket (the tickets table by
 * name, GetItem and PutItem only), and the customer queue flow, which opens voicemail tickets, is created after the
 * Lambdas are added to the instance.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTANCE_ARN, type Synthesized, synth } from './support.js';

describe('voicemail (F15) in CDK', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ instanceArn: INSTANCE_ARN, profile: 'logistics' });
  });

  const transcriptsFunction = () => {
    const fns = s.functions.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Hotline transcripts') },
    });
    const [id, fn] = Object.entries(fns)[0] ?? [];
    if (!id || !fn) throw new Error('no transcripts function');
    return {
      id,
      fn: fn as { Properties: { Environment: { Variables: Record<string, unknown> }; Role: unknown } },
    };
  };

  it('gives the transcripts function the tickets table', () => {
    expect(transcriptsFunction().fn.Properties.Environment.Variables.TICKETS_TABLE_NAME).toBeDefined();
  });

  it('lets it read and replace tickets, nothing more on that table', () => {
    const { fn } = transcriptsFunction();
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = s.functions.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: roleId }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const onTickets = statements.filter((st) => JSON.stringify(st.Resource).includes('Ticket'));
    expect(onTickets.map((st) => st.Action)).toEqual([['dynamodb:GetItem', 'dynamodb:PutItem']]);
  });

  it('creates the customer queue flow after the createTicket integration', () => {
    const flows = s.connect.findResources('AWS::Connect::ContactFlow', {
      Properties: { Type: 'CUSTOMER_QUEUE' },
    });
    const [flow] = Object.values(flows) as { DependsOn?: string[] }[];
    expect((flow?.DependsOn ?? []).some((d) => /CreateTicket.*Integration/i.test(d))).toBe(true);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(s.nag).toEqual([]);
  });
});
