/**
 * Listen-in in AWS against aws-sdk-client-mock: the supervisor's Connect user found by user name (once), silent
 * monitoring started on the contact, the CCP link returned; Connect's refusals become one clear error. And the
 * AWS supervision wiring reads Connect (not the local ACD) and offers listen-in only with the instance URL.
 */
import {
  ConnectClient,
  DescribeInstanceCommand,
  MonitorContactCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { connectListenIn, ListenInError } from '../../functions/adapters/connect/listen-in.js';
import { awsSupervision } from '../../functions/api/supervision-aws.js';

const INSTANCE = 'arn:aws:connect:ap-southeast-1:123456789012:instance/11111111-2222-3333-4444-555555555555';
const connect = mockClient(ConnectClient);

beforeEach(() => connect.reset());

describe('connectListenIn', () => {
  const listenIn = () =>
    connectListenIn({
      client: new ConnectClient({ region: 'ap-southeast-1' }),
      instanceArn: INSTANCE,
      instanceUrl: 'https://my-hotline.my.connect.aws/',
    });

  it("puts the supervisor's CCP on the contact in silent monitoring and links to the CCP", async () => {
    connect.on(SearchUsersCommand).resolves({ Users: [{ Id: 'user-sup', Username: 'supervisor' }] });
    connect.on(MonitorContactCommand).resolves({ ContactId: 'c-1' });
    const listen = listenIn();
    expect(await listen({ username: 'supervisor', contactId: 'c-1' })).toEqual({
      ccpUrl: 'https://my-hotline.my.connect.aws/ccp-v2/',
    });
    await listen({ username: 'supervisor', contactId: 'c-2' });
    const search = connect.commandCalls(SearchUsersCommand);
    expect(search).toHaveLength(1); // the user id is cached
    expect(search[0]?.args[0].input).toMatchObject({
      InstanceId: '11111111-2222-3333-4444-555555555555',
      SearchCriteria: {
        StringCondition: { FieldName: 'Username', Value: 'supervisor', ComparisonType: 'EXACT' },
      },
    });
    expect(connect.commandCalls(MonitorContactCommand).map((c) => c.args[0].input)).toEqual([
      {
        InstanceId: '11111111-2222-3333-4444-555555555555',
        ContactId: 'c-1',
        UserId: 'user-sup',
        AllowedMonitorCapabilities: ['SILENT_MONITOR'],
      },
      {
        InstanceId: '11111111-2222-3333-4444-555555555555',
        ContactId: 'c-2',
        UserId: 'user-sup',
        AllowedMonitorCapabilities: ['SILENT_MONITOR'],
      },
    ]);
  });

  it("finds the CCP from the instance's alias when no URL is given", async () => {
    connect.on(SearchUsersCommand).resolves({ Users: [{ Id: 'user-sup' }] });
    connect.on(MonitorContactCommand).resolves({});
    connect.on(DescribeInstanceCommand).resolves({ Instance: { InstanceAlias: 'acme-hotline' } });
    const listen = connectListenIn({
      client: new ConnectClient({ region: 'ap-southeast-1' }),
      instanceArn: INSTANCE,
    });
    expect(await listen({ username: 'supervisor', contactId: 'c-1' })).toEqual({
      ccpUrl: 'https://acme-hotline.my.connect.aws/ccp-v2/',
    });
    await listen({ username: 'supervisor', contactId: 'c-2' });
    expect(connect.commandCalls(DescribeInstanceCommand)).toHaveLength(1);
  });

  it('says so when the supervisor has no Connect user, the contact has ended, or monitoring is not allowed', async () => {
    connect.on(SearchUsersCommand).resolves({ Users: [] });
    await expect(listenIn()({ username: 'nobody', contactId: 'c-1' })).rejects.toThrow(
      /no Amazon Connect user named nobody/,
    );
    connect.on(SearchUsersCommand).resolves({ Users: [{ Id: 'user-sup' }] });
    connect
      .on(MonitorContactCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    await expect(listenIn()({ username: 'supervisor', contactId: 'c-9' })).rejects.toThrow(
      new ListenInError('contact c-9 is not in progress'),
    );
    connect
      .on(MonitorContactCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(listenIn()({ username: 'supervisor', contactId: 'c-9' })).rejects.toThrow(
      /security profile does not allow monitoring/,
    );
  });
});

describe('awsSupervision', () => {
  const env = {
    CONNECT_INSTANCE_ARN: INSTANCE,
    CONNECT_QUEUES: JSON.stringify([{ id: 'q-1', name: 'Service reception' }]),
  };

  it('is absent without a Connect instance (no supervisor console)', () => {
    expect(awsSupervision({}, 'auto-dealer')).toBeUndefined();
  });

  it("reads Connect's real-time metrics at the profile's refresh interval", () => {
    const s = awsSupervision(env, 'auto-dealer');
    expect(s?.source).toBe('connect');
    expect(s?.pollSeconds).toBe(15);
    expect(s?.listenIn).toBeTypeOf('function');
  });

  it('refuses queues that are not a JSON list of ids and names', () => {
    expect(() => awsSupervision({ ...env, CONNECT_QUEUES: '[{"name":1}]' }, 'auto-dealer')).toThrow();
  });
});
