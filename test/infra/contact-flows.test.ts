import { beforeAll, describe, expect, it } from 'vitest';
import { validateFlow } from '../../contact-flows/builder/index.js';
import { getProfile, PROFILES } from '../../contact-flows/profiles/index.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { type Action, type FlowDocument, FlowDocumentSchema } from '../../schemas/flow.js';
import type { ProfileId } from '../../schemas/profile.js';
import {
  defined,
  INSTANCE_ARN,
  logicalId,
  type ResolvedContent,
  resolveContent,
  type Synthesized,
  synth,
} from './support.js';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

/** The profile's own flows (the outbound campaign flows are campaigns-stack.test.ts's). */
function flowsOf(s: Synthesized): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(s.connect.findResources('AWS::Connect::ContactFlow') as Record<string, Resource>).filter(
      ([id]) => !id.startsWith('Campaigns'),
    ),
  );
}

function action(doc: FlowDocument, id: string): Action {
  return defined(
    doc.Actions.find((a) => a.Identifier === id),
    `action "${id}"`,
  );
}

/** The intrinsic a placeholder stands for. */
function tokenOf(resolved: ResolvedContent, value: unknown): unknown {
  expect(typeof value).toBe('string');
  return resolved.tokens.get(value as string);
}

describe.each(Object.keys(PROFILES) as ProfileId[])('contact flows of %s', (id) => {
  let s: Synthesized;
  let flows: Record<string, Resource>;
  let inbound: ResolvedContent;
  let inboundDoc: FlowDocument;
  beforeAll(() => {
    s = synth({ profile: id });
    flows = flowsOf(s);
    inbound = resolveContent(defined(flows.InboundFlow, 'InboundFlow').Properties.Content);
    inboundDoc = FlowDocumentSchema.parse(inbound.doc);
  });

  it('creates the inbound, customer queue, agent whisper and survey flows, named with the prefix', () => {
    expect(Object.keys(flows)).toHaveLength(4);
    const types = Object.fromEntries(Object.entries(flows).map(([k, r]) => [k, r.Properties.Type]));
    expect(types).toEqual({
      InboundFlow: 'CONTACT_FLOW',
      CustomerQueueFlow: 'CUSTOMER_QUEUE',
      AgentWhisperFlow: 'AGENT_WHISPER',
      SurveyFlow: 'CONTACT_FLOW',
    });
    for (const r of Object.values(flows)) {
      expect(r.Properties.Name).toMatch(new RegExp(`^Hotline ${id} `));
      expect(r.Properties.State).toBe('ACTIVE');
      expect(String(r.Properties.Description).length).toBeLessThanOrEqual(500);
      expect(r.Properties.InstanceArn).toEqual({
        'Fn::GetAtt': [logicalId(defined(s.hotline.connect.instance, 'instance')), 'Arn'],
      });
    }
  });

  it('deploys content that parses as JSON once tokens are replaced, and validates', () => {
    for (const r of Object.values(flows)) {
      const { doc } = resolveContent(r.Properties.Content);
      const problems = validateFlow(doc, r.Properties.Type as never);
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    }
  });

  it('invokes the caller lookup by a reference to the function, never a literal ARN', () => {
    const arn = action(inboundDoc, 'Lookup caller').Parameters.LambdaFunctionARN;
    expect(tokenOf(inbound, arn)).toEqual({
      'Fn::ImportValue': expect.stringMatching(/^Hotline-Functions:.*CallerLookupFunction.*Arn/),
    });
    expect(JSON.stringify(inbound.doc)).not.toMatch(/arn:aws:lambda/);
  });

  it('points at its queues, hours and the other two flows by reference', () => {
    const profile = getProfile(id);
    const connect = s.hotline.connect;
    const vip = defined(connect.queues[profile.vipQueue], 'vip queue');
    expect(tokenOf(inbound, action(inboundDoc, 'VIP line').Parameters.QueueId)).toEqual({
      'Fn::GetAtt': [logicalId(vip), 'QueueArn'],
    });
    const entry = defined(connect.hours[profile.hoursForEntry], 'entry hours');
    expect(tokenOf(inbound, action(inboundDoc, 'Open?').Parameters.HoursOfOperationId)).toEqual({
      'Fn::GetAtt': [logicalId(entry), 'HoursOfOperationArn'],
    });
    const hooks = (step: string) => action(inboundDoc, step).Parameters.EventHooks as Record<string, string>;
    expect(tokenOf(inbound, hooks('Queue flow').CustomerQueue)).toEqual({
      'Fn::GetAtt': ['CustomerQueueFlow', 'ContactFlowArn'],
    });
    expect(tokenOf(inbound, hooks('Whisper flow').AgentWhisper)).toEqual({
      'Fn::GetAtt': ['AgentWhisperFlow', 'ContactFlowArn'],
    });
  });

  it('deploys the ticket submenu and the survey questions as flow modules, invoked by reference', () => {
    const modules = s.connect.findResources('AWS::Connect::ContactFlowModule') as Record<string, Resource>;
    // Spoken FAQ answers (issue 14) are a module of the profiles that offer them (knowledge.ts `ivrFaq`).
    expect(Object.keys(modules).sort()).toEqual([
      ...(knowledgeOf(id).ivrFaq ? ['FaqMenuModule'] : []),
      'SurveyModule',
      'TicketMenuModule',
    ]);
    for (const m of Object.values(modules)) {
      expect(m.Properties.Name).toMatch(new RegExp(`^Hotline ${id} `));
      const { doc } = resolveContent(m.Properties.Content);
      const problems = validateFlow(doc, 'FLOW_MODULE');
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
      // It invokes a Lambda: added to the instance first.
      expect(m.DependsOn?.length).toBeGreaterThan(0);
    }
    expect(tokenOf(inbound, action(inboundDoc, 'Ticket menu').Parameters.FlowModuleId)).toEqual({
      'Fn::GetAtt': ['TicketMenuModule', 'ContactFlowModuleArn'],
    });
    const survey = resolveContent(defined(flows.SurveyFlow, 'SurveyFlow').Properties.Content);
    const invoke = action(FlowDocumentSchema.parse(survey.doc), 'Survey');
    expect(tokenOf(survey, invoke.Parameters.FlowModuleId)).toEqual({
      'Fn::GetAtt': ['SurveyModule', 'ContactFlowModuleArn'],
    });
  });

  it('creates the inbound flow after the Lambda is added to the instance, and outputs its ARN', () => {
    const association = logicalId(defined(s.hotline.connect.integrations.callerLookup, 'association'));
    expect(defined(flows.InboundFlow, 'inbound').DependsOn).toContain(association);
    s.connect.hasOutput('InboundFlowArn', { Value: { 'Fn::GetAtt': ['InboundFlow', 'ContactFlowArn'] } });
  });
});

describe('contact flows with an existing instance', () => {
  it('put the given instance ARN on every flow', () => {
    const s = synth({ instanceArn: INSTANCE_ARN, stackPrefix: 'Acme', profile: 'distribution' });
    expect(Object.values(flowsOf(s))).toHaveLength(4);
    // Every flow, the outbound campaign flows too.
    const flows = Object.values(
      s.connect.findResources('AWS::Connect::ContactFlow') as Record<string, Resource>,
    );
    for (const r of flows) {
      expect(r.Properties.InstanceArn).toBe(INSTANCE_ARN);
      expect(r.Properties.Name).toMatch(/^Acme distribution /);
    }
    expect(s.nag).toEqual([]);
  });
});
