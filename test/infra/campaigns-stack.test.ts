/**
 * Outbound campaigns in the CDK app (infra/constructs/outbound-campaigns.ts): the outbound flows deployed (built
 * with the flow builder, valid), the dialler's two Lambdas with their schedule and contact-event rule, least
 * privilege (this instance's contacts, flows and queues; table items and two named indexes), and cdk-nag clean.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synth } from './support.js';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

// One synth (the others are slow): the outsourcer (leads, a created instance) with answering machine detection on.
// cdk-nag over every profile's outbound resources runs in connect-stack.test.ts and nag.test.ts.
let s: Synthesized;
beforeAll(() => {
  s = synth({ profile: 'outsourced-crm', outboundAmd: 'true' });
}, 180_000);

const flowsOf = (t: Synthesized['connect']) =>
  Object.values(t.findResources('AWS::Connect::ContactFlow') as Record<string, Resource>).filter((r) =>
    String(r.Properties.Name).includes(' outbound '),
  );

describe('outbound campaigns in AWS', () => {
  it('deploys one agent flow per queue, the agentless flows of the profile’s purposes and the whisper, all valid', () => {
    const flows = flowsOf(s.connect);
    const names = flows.map((f) => String(f.Properties.Name)).sort();
    expect(names).toContain('Hotline outsourced-crm outbound whisper');
    expect(names).toContain('Hotline outsourced-crm outbound sales');
    expect(names).toContain('Hotline outsourced-crm outbound agentless return-visit');
    expect(names).toContain('Hotline outsourced-crm outbound agentless reminder');
    expect(flows.find((f) => String(f.Properties.Name).endsWith('whisper'))?.Properties.Type).toBe(
      'AGENT_WHISPER',
    );
    for (const campaign of Object.values(s.hotline.campaigns.agentlessFlows)) expect(campaign).toBeDefined();
  });

  it('runs the dialler every minute and records outcomes from this instance’s contact events', () => {
    const tick = s.hotline.campaigns.tick;
    s.connect.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    s.connect.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.connect'],
        'detail-type': ['Amazon Connect Contact Event'],
        detail: Match.objectLike({
          initiationMethod: ['API'],
          eventType: ['DISCONNECTED', 'CONTACT_DATA_UPDATED'],
        }),
      },
    });
    s.connect.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.tick',
      Environment: {
        Variables: Match.objectLike({
          CAMPAIGNS_TABLE_NAME: Match.anyValue(),
          OUTBOUND_ROUTES: Match.anyValue(),
          OUTBOUND_AMD: 'true',
          LEADS_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
    expect(tick.functionName).toBeDefined();
  });

  it('may place calls only on this instance, read only its contacts, and touch table items, not whole indexes', () => {
    const policies = JSON.stringify(s.connect.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('connect:StartOutboundVoiceContact');
    expect(policies).not.toMatch(/"Action":"connect:\*"|"connect:\*"/);
    // Only the X-Ray statement every function has (acknowledged once for all) may name "*".
    expect(
      policies.replaceAll(
        '"Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Effect":"Allow","Resource":"*"',
        '',
      ),
    ).not.toContain('"Resource":"*"');
    expect(policies).not.toMatch(/index\/\*/);
    expect(policies).toContain('/index/list');
  });

  it('keeps cdk-nag at zero unacknowledged findings', () => {
    expect(s.nag).toEqual([]);
  });
});
