import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config.js';
import { buildApp } from '../../infra/hotline-app.js';
import { INSTANCE_ARN, TEST_CONTEXT } from './support.js';

const load = (context: Record<string, unknown>) => loadConfig(new App({ context }));

describe('loadConfig', () => {
  it('gives the defaults for an empty context', () => {
    expect(load({})).toEqual({
      profile: 'auto-dealer',
      timeZone: 'Asia/Shanghai',
      stackPrefix: 'Hotline',
      logRetentionDays: 365,
      lookupBudgetMs: 1500,
      athenaBytesScannedLimitGb: 10,
      agentUsers: 'none',
      connectTestCases: false,
    });
  });

  it('reads every key, numbers given as strings by -c', () => {
    expect(
      load({
        instanceArn: INSTANCE_ARN,
        profile: 'distribution',
        timeZone: 'Europe/Berlin',
        phoneRegion: 'HK',
        stackPrefix: 'Acme',
        logRetentionDays: '30',
        lookupBudgetMs: '800',
        athenaBytesScannedLimitGb: '25',
        phoneNumberArn:
          'arn:aws:connect:ap-southeast-1:123456789012:phone-number/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
        agentUsers: 'create',
        agentUserIds: 'agent-wang=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        connectTestCases: 'true',
      }),
    ).toEqual({
      instanceArn: INSTANCE_ARN,
      profile: 'distribution',
      timeZone: 'Europe/Berlin',
      phoneRegion: 'HK',
      stackPrefix: 'Acme',
      logRetentionDays: 30,
      lookupBudgetMs: 800,
      athenaBytesScannedLimitGb: 25,
      phoneNumberArn:
        'arn:aws:connect:ap-southeast-1:123456789012:phone-number/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      agentUsers: 'create',
      agentUserIds: { 'agent-wang': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
      connectTestCases: true,
    });
    expect(load({ instanceAlias: 'acme-hotline', logRetentionDays: 90 })).toMatchObject({
      instanceAlias: 'acme-hotline',
      logRetentionDays: 90,
    });
  });

  it.each([
    [
      { profile: 'foo' },
      'Invalid context: -c profile=foo: expected one of auto-dealer, logistics, distribution, outsourced-crm',
    ],
    [
      { timeZone: 'Mars/Base' },
      'Invalid context: -c timeZone=Mars/Base: expected an IANA time zone such as Asia/Shanghai',
    ],
    [
      { instanceArn: 'nope' },
      /^Invalid context: -c instanceArn=nope: expected an instance ARN such as arn:aws:connect:/,
    ],
    [
      { instanceAlias: 'acme', instanceArn: INSTANCE_ARN },
      `Invalid context: -c instanceAlias=acme and -c instanceArn=${INSTANCE_ARN}: give either instanceAlias (create an instance) or instanceArn (use an existing one), not both`,
    ],
    [
      { logRetentionDays: '2' },
      /^Invalid context: -c logRetentionDays=2: expected one of 1, 3, 5, 7, 14, 30, .*, 3653$/,
    ],
    [{ lookupBudgetMs: '100' }, 'Invalid context: -c lookupBudgetMs=100: expected at least 200'],
    [{ lookupBudgetMs: 'soon' }, 'Invalid context: -c lookupBudgetMs=soon: expected a number'],
    [
      { athenaBytesScannedLimitGb: '0' },
      'Invalid context: -c athenaBytesScannedLimitGb=0: expected at least 1',
    ],
    [
      { instanceAlias: 'd-abc' },
      /^Invalid context: -c instanceAlias=d-abc: expected letters, digits and "-"/,
    ],
    [{ stackPrefix: '1st' }, /^Invalid context: -c stackPrefix=1st: expected letters and digits/],
    [{ phoneRegion: 'cn' }, /^Invalid context: -c phoneRegion=cn: expected an ISO 3166 alpha-2 code/],
    [
      { timezone: 'Asia/Tokyo' },
      'Invalid context: -c timezone=Asia/Tokyo: unknown key; did you mean timeZone?',
    ],
  ])('rejects %j naming the key, the value and what is allowed', (context, message) => {
    expect(() => load(context)).toThrow(ConfigError);
    expect(() => load(context)).toThrow(message);
  });

  it('lists every bad key at once', () => {
    expect(() => load({ profile: 'foo', logRetentionDays: 2 })).toThrow(
      /-c profile=foo: expected one of .*; -c logRetentionDays=2: expected one of 1, 3/,
    );
  });
});

describe('buildApp with bad context', () => {
  it.each([
    [{ profile: 'foo' }, 'profile=foo'],
    [{ timeZone: 'Mars/Base' }, 'timeZone=Mars/Base'],
    [{ instanceArn: 'nope' }, 'instanceArn=nope'],
    [{ instanceAlias: 'acme', instanceArn: INSTANCE_ARN }, 'instanceAlias=acme and -c instanceArn='],
    [{ logRetentionDays: '2' }, 'logRetentionDays=2'],
  ])('throws before creating any stack for %j', (context, named) => {
    expect(() => buildApp({ ...TEST_CONTEXT, ...context })).toThrow(named);
  });
});
