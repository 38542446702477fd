import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { openCrm, RuntimeError, resolveStackTables } from '../../bin/runtime.js';

const cfnMock = mockClient(CloudFormationClient);
const client = () =>
  new CloudFormationClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });

const stack = (outputs: { OutputKey: string; OutputValue: string }[]) => ({
  Stacks: [
    {
      StackName: 'Acme-Data',
      CreationTime: new Date(),
      StackStatus: 'CREATE_COMPLETE' as const,
      Outputs: outputs,
    },
  ],
});

afterEach(() => cfnMock.reset());

describe('resolveStackTables (--aws)', () => {
  it("reads the CRM table's name from the data stack's outputs", async () => {
    cfnMock.on(DescribeStacksCommand, { StackName: 'Acme-Data' }).resolves(
      stack([
        { OutputKey: 'SomethingElse', OutputValue: 'x' },
        { OutputKey: 'CrmTableName', OutputValue: 'Acme-Data-CrmTable1234-ABCD' },
      ]),
    );
    await expect(resolveStackTables(client(), 'Acme')).resolves.toEqual({
      crmTableName: 'Acme-Data-CrmTable1234-ABCD',
      region: 'ap-southeast-1',
    });
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('says to deploy first when the stack does not exist', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: {},
        message: 'Stack with id Hotline-Data does not exist',
      }),
    );
    const err = await resolveStackTables(client(), 'Hotline').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toBe(
      'stack Hotline-Data does not exist in ap-southeast-1: deploy first (npx cdk deploy), or give the --stack-prefix you deployed with',
    );
  });

  it('says which output is missing', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack([{ OutputKey: 'Other', OutputValue: 'x' }]));
    await expect(resolveStackTables(client(), 'Acme')).rejects.toThrow(
      'stack Acme-Data in ap-southeast-1 has no output CrmTableName: redeploy with this version',
    );
  });

  it('passes other failures on in one line, with the stack and region', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(new Error('Could not load credentials from any providers'));
    await expect(resolveStackTables(client(), 'Acme')).rejects.toThrow(
      'cannot read stack Acme-Data in ap-southeast-1: Could not load credentials from any providers',
    );
  });

  it('opens the CRM on the resolved table, in the stack region, without starting anything local', async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .resolves(stack([{ OutputKey: 'CrmTableName', OutputValue: 'Acme-Crm' }]));
    const rt = await openCrm(
      { aws: true, home: '/nonexistent/never-used', stackPrefix: 'Acme' },
      { cfn: client() },
    );
    try {
      expect(rt.crmTableName).toBe('Acme-Crm');
      expect(rt.where).toBe('AWS ap-southeast-1, table Acme-Crm (stack Acme-Data)');
    } finally {
      await rt.close();
    }
  });
});
