import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { exportedTestCasesFile } from '../../infra/constructs/hotline-delivery.js';
import { AGENT_PERMISSIONS } from '../../infra/constructs/telephony.js';
import { INSTANCE_ARN, type Synthesized, synth } from './support.js';

const NUMBER_ARN =
  'arn:aws:connect:ap-southeast-1:123456789012:phone-number/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const USER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const resources = (s: Synthesized, type: string) =>
  Object.entries(s.connect.findResources(type)) as Array<
    [string, { Properties: Record<string, unknown>; DeletionPolicy?: string }]
  >;

describe('a deployment that takes calls: claimed number, agents, test cases (auto-dealer)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ phoneNumberClaim: 'US:DID:+1206', agentUsers: 'create', connectTestCases: 'true' });
  });

  it('claims the number for the instance and keeps it when the stack goes', () => {
    const [[, number] = ['', { Properties: {} }]] = resources(s, 'AWS::Connect::PhoneNumber');
    expect(number.Properties).toMatchObject({ CountryCode: 'US', Type: 'DID', Prefix: '+1206' });
    expect(number.Properties.TargetArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^Instance/), 'Arn'],
    });
    expect(number.DeletionPolicy).toBe('Retain');
    s.connect.hasOutput('*', { Description: 'The number to dial (E.164)' });
  });

  it('attaches the inbound flow to the number with a custom resource, and detaches it on delete', () => {
    const [[, assoc] = ['', { Properties: {} }]] = resources(s, 'Custom::ConnectPhoneNumberContactFlow');
    const create = JSON.stringify(assoc.Properties.Create);
    expect(create).toContain('AssociatePhoneNumberContactFlow');
    expect(create).toContain('contact-flow/');
    expect(JSON.stringify(assoc.Properties.Delete)).toContain('DisassociatePhoneNumberContactFlow');
    // Only the two calls, on named resources: no wildcard.
    // (The stack's Lambdas, e.g. the campaign dialler's, have X-Ray's own `*`: not this custom resource's policy.)
    const policies = resources(s, 'AWS::IAM::Policy')
      .map(([, p]) => JSON.stringify(p.Properties.PolicyDocument))
      .filter((doc) => doc.includes('PhoneNumberContactFlow'));
    expect(policies).toHaveLength(1);
    expect(policies[0]).not.toMatch(/"Resource":"\*"|"\*"/);
    expect(policies[0]).toContain('connect:AssociatePhoneNumberContactFlow');
  });

  it('gives agents a security profile with the agent workspace only', () => {
    s.connect.hasResourceProperties('AWS::Connect::SecurityProfile', {
      SecurityProfileName: 'Hotline agent',
      Permissions: [...AGENT_PERMISSIONS],
    });
  });

  it('creates a Connect user per profile agent on its routing profile, password from Secrets Manager', () => {
    const profile = getProfile('auto-dealer');
    const users = resources(s, 'AWS::Connect::User');
    expect(users.map(([, u]) => u.Properties.Username).sort()).toEqual(
      profile.agents.map((a) => a.id).sort(),
    );
    for (const [, u] of users) {
      expect(JSON.stringify(u.Properties.Password)).toMatch(/resolve:secretsmanager:/);
      expect(u.Properties.SecurityProfileArns).toEqual([
        { 'Fn::GetAtt': [expect.stringMatching(/AgentSecurityProfile/), 'SecurityProfileArn'] },
      ]);
      expect(u.Properties.PhoneConfig).toEqual({
        PhoneType: 'SOFT_PHONE',
        AutoAccept: false,
        AfterContactWorkTimeLimit: 0,
      });
    }
    s.connect.hasOutput('*', { Description: Match.stringLikeRegexp('Connect user ID per profile agent') });
  });

  it("hands the users' IDs to the caller lookup, so dedicated and last-agent routing use them", () => {
    const profile = getProfile('auto-dealer');
    const flows = s.connect.findResources('AWS::Connect::ContactFlow') as Record<
      string,
      { Properties: { Content: unknown } }
    >;
    const content = JSON.stringify(flows.InboundFlow?.Properties.Content);
    // `agent-wang=<user id>,…`: each value the user's ARN, cut after "agent/" (Fn::Select of Fn::Split).
    expect(content).toContain('agentUserIds');
    for (const a of profile.agents) {
      expect(content).toContain(`${a.id}=`);
      const [logical] =
        resources(s, 'AWS::Connect::User').find(([, u]) => u.Properties.Username === a.id) ?? [];
      expect(content).toContain(`"${logical}","UserArn"`);
    }
  });

  it('deploys the exported scenarios as Connect test cases against the inbound flow', () => {
    const exported = JSON.parse(readFileSync(exportedTestCasesFile('auto-dealer'), 'utf8')) as Array<{
      name: string;
      content: string;
    }>;
    const cases = resources(s, 'AWS::Connect::TestCase');
    expect(cases.map(([, c]) => c.Properties.Name)).toEqual(exported.map((c) => c.name));
    expect(cases.map(([, c]) => c.Properties.Content)).toEqual(exported.map((c) => c.content));
    expect(JSON.stringify(cases[0]?.[1].Properties.EntryPoint)).toContain('InboundFlow');
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(s.nag).toEqual([]);
  });
});

describe('adopting a number and existing users', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({
      instanceArn: INSTANCE_ARN,
      phoneNumberArn: NUMBER_ARN,
      agentUserIds: `agent-wang=${USER_ID}`,
    });
  });

  it('claims nothing, attaches the flow to the given number, creates no user and outputs the user map', () => {
    expect(resources(s, 'AWS::Connect::PhoneNumber')).toEqual([]);
    expect(resources(s, 'AWS::Connect::User')).toEqual([]);
    const [[, assoc] = ['', { Properties: {} }]] = resources(s, 'Custom::ConnectPhoneNumberContactFlow');
    expect(JSON.stringify(assoc.Properties.Create)).toContain('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    s.connect.hasOutput('*', { Value: JSON.stringify({ 'agent-wang': USER_ID }) });
    const flows = s.connect.findResources('AWS::Connect::ContactFlow') as Record<
      string,
      { Properties: { Content: unknown } }
    >;
    expect(JSON.stringify(flows.InboundFlow?.Properties.Content)).toContain(
      `\\"agentUserIds\\":\\"agent-wang=${USER_ID}\\"`,
    );
    expect(s.nag).toEqual([]);
  });

  it('refuses bad settings with a message naming the key', () => {
    expect(() => synth({ phoneNumberClaim: 'US:DID', phoneNumberArn: NUMBER_ARN })).toThrow(
      /give either phoneNumberClaim or phoneNumberArn, not both/,
    );
    expect(() => synth({ phoneNumberClaim: 'USA:MOBILE' })).toThrow(/-c phoneNumberClaim=USA:MOBILE/);
    expect(() => synth({ agentUserIds: 'agent-nobody=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })).toThrow(
      /"agent-nobody" is not an agent of profile auto-dealer/,
    );
  });

  it('by default: no number, no users, no test cases, only the agent security profile', () => {
    const plain = synth({});
    expect(resources(plain, 'AWS::Connect::PhoneNumber')).toEqual([]);
    expect(resources(plain, 'AWS::Connect::TestCase')).toEqual([]);
    expect(resources(plain, 'Custom::ConnectPhoneNumberContactFlow')).toEqual([]);
    expect(resources(plain, 'AWS::Connect::SecurityProfile')).toHaveLength(1);
  });
});
