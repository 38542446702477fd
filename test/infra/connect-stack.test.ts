import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getProfile, PROFILES } from '../../contact-flows/profiles/index.js';
import { FUNCTION_KEYS } from '../../functions/registry.js';
import { pascal, toHoursConfig } from '../../infra/stacks/connect-stack.js';
import type { ProfileId } from '../../schemas/profile.js';
import { defined, INSTANCE_ARN, logicalId, type Synthesized, synth } from './support.js';

describe('connect stack, creating an instance (defaults)', () => {
  let s: Synthesized;
  let instanceId: string;
  beforeAll(() => {
    s = synth();
    instanceId = logicalId(defined(s.hotline.connect.instance, 'a created instance'));
  });

  it('creates a CONNECT_MANAGED instance with inbound and outbound calls and flow logs, retained', () => {
    s.connect.resourceCountIs('AWS::Connect::Instance', 1);
    s.connect.hasResource('AWS::Connect::Instance', {
      Properties: Match.objectLike({
        IdentityManagementType: 'CONNECT_MANAGED',
        InstanceAlias: { 'Fn::Join': ['-', ['hotline', { Ref: 'AWS::AccountId' }]] },
        Attributes: { InboundCalls: true, OutboundCalls: true, ContactflowLogs: true },
      }),
      DeletionPolicy: 'Retain',
    });
    s.connect.hasOutput('InstanceArn', { Value: { 'Fn::GetAtt': [instanceId, 'Arn'] } });
  });

  it('lets only this instance, in this account, invoke the caller lookup', () => {
    // One permission per in-call function of the registry (createTicket joined with issue 5).
    // (The campaign dialler's permissions are EventBridge's: campaigns-stack.test.ts.)
    expect(
      Object.keys(
        s.connect.findResources('AWS::Lambda::Permission', {
          Properties: { Principal: 'connect.amazonaws.com' },
        }),
      ),
    ).toHaveLength(FUNCTION_KEYS.length);
    s.connect.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [instanceId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
      FunctionName: {
        'Fn::ImportValue': Match.stringLikeRegexp('^Hotline-Functions:.*CallerLookupFunction'),
      },
    });
  });

  it('adds the caller lookup to the instance (InstanceId is the ARN), after the permission', () => {
    const permission = Object.entries(s.connect.findResources('AWS::Lambda::Permission')).find(([, r]) =>
      JSON.stringify(r.Properties.FunctionName).includes('CallerLookupFunction'),
    )?.[0];
    s.connect.hasResource('AWS::Connect::IntegrationAssociation', {
      Properties: {
        InstanceId: { 'Fn::GetAtt': [instanceId, 'Arn'] },
        IntegrationType: 'LAMBDA_FUNCTION',
        IntegrationArn: { 'Fn::ImportValue': Match.stringLikeRegexp('CallerLookupFunction') },
      },
      DependsOn: [permission],
    });
    expect(Object.keys(s.hotline.connect.integrations)).toEqual([...FUNCTION_KEYS]);
  });

  it('puts hours of operation in Asia/Shanghai by default', () => {
    const hours = Object.values(s.connect.findResources('AWS::Connect::HoursOfOperation'));
    expect(hours).toHaveLength(Object.keys(getProfile('auto-dealer').hours).length);
    for (const h of hours) expect(h.Properties.TimeZone).toBe('Asia/Shanghai');
  });

  it('writes Mon–Sat 08:00–20:00 as Connect hours and minutes', () => {
    s.connect.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      Name: 'Hotline Dealer service desk Mon-Sat 08:00-20:00',
      Config: [
        ...['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].map((Day) => ({
          Day,
          StartTime: { Hours: 8, Minutes: 0 },
          EndTime: { Hours: 20, Minutes: 0 },
        })),
      ],
    });
  });

  it('writes roadside rescue 24/7 as 00:00–00:00 every day', () => {
    s.connect.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      Name: 'Hotline Dealer roadside rescue 24/7',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 0, Minutes: 0 },
        EndTime: { Hours: 0, Minutes: 0 },
      })),
    });
  });

  it('links each queue to its hours and outputs its ARN by key', () => {
    const rescueHours = logicalId(defined(s.hotline.connect.hours.rescue, 'rescue hours'));
    s.connect.hasResourceProperties('AWS::Connect::Queue', {
      Name: 'Hotline Roadside rescue',
      InstanceArn: { 'Fn::GetAtt': [instanceId, 'Arn'] },
      HoursOfOperationArn: { 'Fn::GetAtt': [rescueHours, 'HoursOfOperationArn'] },
      Status: 'ENABLED',
    });
    for (const q of getProfile('auto-dealer').queues) {
      const queue = defined(s.hotline.connect.queues[q.key], `queue ${q.key}`);
      s.connect.hasOutput(`Queue${pascal(q.key)}Arn`, {
        Value: { 'Fn::GetAtt': [logicalId(queue), 'QueueArn'] },
      });
    }
  });

  it('creates the routing profiles: voice 1 and chat 2, a queue config per queue and channel', () => {
    const profile = getProfile('auto-dealer');
    s.connect.resourceCountIs('AWS::Connect::RoutingProfile', profile.routingProfiles.length);
    const rescue = logicalId(defined(s.hotline.connect.queues.rescue, 'rescue queue'));
    const general = logicalId(defined(s.hotline.connect.queues.general, 'general queue'));
    s.connect.hasResourceProperties('AWS::Connect::RoutingProfile', {
      Name: 'Hotline Rescue dispatcher',
      DefaultOutboundQueueArn: { 'Fn::GetAtt': [rescue, 'QueueArn'] },
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1 },
        { Channel: 'CHAT', Concurrency: 2 },
      ],
      QueueConfigs: [
        {
          Priority: 1,
          Delay: 0,
          QueueReference: { Channel: 'VOICE', QueueArn: { 'Fn::GetAtt': [rescue, 'QueueArn'] } },
        },
        {
          Priority: 1,
          Delay: 0,
          QueueReference: { Channel: 'CHAT', QueueArn: { 'Fn::GetAtt': [rescue, 'QueueArn'] } },
        },
        {
          Priority: 2,
          Delay: 30,
          QueueReference: { Channel: 'VOICE', QueueArn: { 'Fn::GetAtt': [general, 'QueueArn'] } },
        },
        {
          Priority: 2,
          Delay: 30,
          QueueReference: { Channel: 'CHAT', QueueArn: { 'Fn::GetAtt': [general, 'QueueArn'] } },
        },
      ],
    });
  });
});

describe('connect stack, with an existing instance and overrides', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ instanceArn: INSTANCE_ARN, timeZone: 'Europe/Berlin', stackPrefix: 'Acme' });
  });

  it('creates no instance and uses the given ARN everywhere', () => {
    s.connect.resourceCountIs('AWS::Connect::Instance', 0);
    expect(s.hotline.connect.instanceArn).toBe(INSTANCE_ARN);
    s.connect.hasOutput('InstanceArn', { Value: INSTANCE_ARN });
    for (const type of [
      'AWS::Connect::HoursOfOperation',
      'AWS::Connect::Queue',
      'AWS::Connect::RoutingProfile',
    ]) {
      for (const r of Object.values(s.connect.findResources(type)))
        expect(r.Properties.InstanceArn).toBe(INSTANCE_ARN);
    }
  });

  it('lets only that instance, in its own account, invoke the caller lookup', () => {
    s.connect.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'connect.amazonaws.com',
      SourceArn: INSTANCE_ARN,
      SourceAccount: '123456789012',
    });
    s.connect.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: INSTANCE_ARN,
      IntegrationType: 'LAMBDA_FUNCTION',
    });
  });

  it('uses the timeZone override for every hours of operation', () => {
    const hours = Object.values(s.connect.findResources('AWS::Connect::HoursOfOperation'));
    expect(hours.length).toBeGreaterThan(0);
    for (const h of hours) expect(h.Properties.TimeZone).toBe('Europe/Berlin');
  });

  it('prefixes stack and Connect resource names, so deployments can share an instance', () => {
    expect(s.hotline.connect.stackName).toBe('Acme-Connect');
    for (const type of [
      'AWS::Connect::HoursOfOperation',
      'AWS::Connect::Queue',
      'AWS::Connect::RoutingProfile',
    ]) {
      for (const r of Object.values(s.connect.findResources(type)))
        expect(r.Properties.Name).toMatch(/^Acme /);
    }
  });
});

describe.each(Object.keys(PROFILES) as ProfileId[])('profile %s', (id) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ profile: id });
  });

  it('creates its hours, queues and routing profiles', () => {
    const profile = getProfile(id);
    s.connect.resourceCountIs('AWS::Connect::HoursOfOperation', Object.keys(profile.hours).length);
    s.connect.resourceCountIs('AWS::Connect::Queue', profile.queues.length);
    s.connect.resourceCountIs('AWS::Connect::RoutingProfile', profile.routingProfiles.length);
    for (const q of profile.queues) {
      s.connect.hasResourceProperties('AWS::Connect::Queue', { Name: `Hotline ${q.name}` });
      expect(s.hotline.connect.queues[q.key]).toBeDefined();
    }
    expect(Object.keys(s.hotline.connect.queues)).toEqual(expect.arrayContaining(['general', 'vip']));
  });

  it('sets its profile id on the caller lookup', () => {
    s.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HOTLINE_PROFILE: id }) },
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(s.nag).toEqual([]);
  });
});

describe('toHoursConfig', () => {
  it('turns HH:MM into hours and minutes, 24:00 into 00:00, and skips closed days', () => {
    expect(
      toHoursConfig({
        name: 'x',
        days: { MONDAY: { start: '08:30', end: '17:45' }, SUNDAY: { start: '20:00', end: '24:00' } },
      }),
    ).toEqual([
      { day: 'MONDAY', startTime: { hours: 8, minutes: 30 }, endTime: { hours: 17, minutes: 45 } },
      { day: 'SUNDAY', startTime: { hours: 20, minutes: 0 }, endTime: { hours: 0, minutes: 0 } },
    ]);
  });

  it('refuses to open at 24:00', () => {
    expect(() => toHoursConfig({ name: 'x', days: { MONDAY: { start: '24:00', end: '24:00' } } })).toThrow(
      /24:00/,
    );
  });
});
