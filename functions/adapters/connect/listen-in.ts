/**
 * Listen-in in AWS (issue 15, item 4): Amazon Connect does the audio. `MonitorContact` puts the supervisor's
 * Contact Control Panel into silent monitoring of the contact ("The CCP of the user specified by UserId will be
 * set to silent monitoring mode on the contact", API reference); the console then links to that CCP
 * (`https://<instance alias>.my.connect.aws/ccp-v2/`, the alias read once with DescribeInstance), where the
 * supervisor hears the call.
 *
 * The supervisor's Connect user is found by user name (`SearchUsers`, EXACT match on `Username`): the
 * workspace's Cognito user and the Connect user must have the same user name. Their security profile must
 * allow monitoring ("Real-time metrics – Access" and "Manager monitor" in Connect), else Connect refuses with
 * AccessDeniedException, which is reported as such. User ids are cached per process.
 */
import {
  type ConnectClient,
  DescribeInstanceCommand,
  MonitorContactCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-connect';

export class ListenInError extends Error {
  override readonly name = 'ListenInError';
}

export interface ConnectListenInOptions {
  readonly client: ConnectClient;
  readonly instanceArn: string;
  /** The instance's access URL, e.g. `https://my-hotline.my.connect.aws`. @default from its alias (DescribeInstance) */
  readonly instanceUrl?: string;
}

export function connectListenIn(opts: ConnectListenInOptions) {
  const instanceId = opts.instanceArn.slice(opts.instanceArn.lastIndexOf('/') + 1);
  const userIds = new Map<string, string>();
  let ccpUrl = opts.instanceUrl ? `${opts.instanceUrl.replace(/\/+$/, '')}/ccp-v2/` : undefined;

  /** The CCP of the instance: `https://<alias>.my.connect.aws/ccp-v2/` (the alias read once). */
  async function ccp(): Promise<string> {
    if (ccpUrl) return ccpUrl;
    const out = await opts.client.send(new DescribeInstanceCommand({ InstanceId: instanceId }));
    const alias = out.Instance?.InstanceAlias;
    if (!alias) throw new ListenInError('the Connect instance has no alias: its CCP address is unknown');
    ccpUrl = `https://${alias}.my.connect.aws/ccp-v2/`;
    return ccpUrl;
  }

  async function userIdOf(username: string): Promise<string> {
    const cached = userIds.get(username);
    if (cached) return cached;
    const out = await opts.client.send(
      new SearchUsersCommand({
        InstanceId: instanceId,
        MaxResults: 1,
        SearchCriteria: {
          StringCondition: { FieldName: 'Username', Value: username, ComparisonType: 'EXACT' },
        },
      }),
    );
    const id = out.Users?.[0]?.Id;
    if (!id)
      throw new ListenInError(
        `no Amazon Connect user named ${username}: create one with the same user name to listen in`,
      );
    userIds.set(username, id);
    return id;
  }

  return async (input: { username: string; contactId: string }): Promise<{ ccpUrl: string }> => {
    const userId = await userIdOf(input.username);
    try {
      await opts.client.send(
        new MonitorContactCommand({
          InstanceId: instanceId,
          ContactId: input.contactId,
          UserId: userId,
          AllowedMonitorCapabilities: ['SILENT_MONITOR'],
        }),
      );
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (name === 'ResourceNotFoundException')
        throw new ListenInError(`contact ${input.contactId} is not in progress`);
      if (name === 'AccessDeniedException')
        throw new ListenInError(
          `Connect refused: ${input.username}'s security profile does not allow monitoring contacts`,
        );
      if (name === 'InvalidRequestException' || name === 'IdempotencyException')
        throw new ListenInError(
          `Connect refused to monitor contact ${input.contactId}: ${(err as Error).message}`,
        );
      throw err;
    }
    return { ccpUrl: await ccp() };
  };
}
