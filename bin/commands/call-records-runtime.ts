/**
 * Where the call records are for `hotline calls …` and `hotline survey …`: the local Contacts table under
 * --home (DynamoDB Local), or with --aws the deployed table named by the data stack's `ContactsTableName` output.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { closeDocumentClient, openLocalData } from '../../infra/local/local-data.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import { type DataLocation, dataStackName, RuntimeError } from '../runtime.js';

/** Output of the data stack that names the Contacts table. */
export const CONTACTS_TABLE_OUTPUT = 'ContactsTableName';

export interface CallRecordsRuntime {
  readonly records: DynamoCallRecordRepository;
  readonly where: string;
  close(): Promise<void>;
}

export async function withCallRecords<T>(
  location: DataLocation,
  fn: (rt: CallRecordsRuntime) => Promise<T>,
): Promise<T> {
  const rt = await openCallRecords(location);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function openCallRecords(location: DataLocation): Promise<CallRecordsRuntime> {
  if (location.aws) {
    const cfn = new CloudFormationClient({});
    try {
      const stackName = dataStackName(location.stackPrefix);
      const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
        throw new RuntimeError(`cannot read stack ${stackName}: ${err.message}`);
      });
      const table = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === CONTACTS_TABLE_OUTPUT)?.OutputValue;
      if (!table)
        throw new RuntimeError(`stack ${stackName} has no output ${CONTACTS_TABLE_OUTPUT}: redeploy`);
      const region = await cfn.config.region();
      const doc = createDocumentClient({
        region,
        connectionTimeoutMs: 3000,
        requestTimeoutMs: 10_000,
        maxAttempts: 5,
      });
      return {
        records: new DynamoCallRecordRepository(doc, table),
        where: `AWS ${region}, table ${table}`,
        close: async () => closeDocumentClient(doc),
      };
    } finally {
      cfn.destroy();
    }
  }
  const local = await openLocalData(location.home);
  const table = local.tableEnv[CONTACTS_TABLE.envVar] as string;
  return {
    records: new DynamoCallRecordRepository(local.doc, table),
    where: `local data in ${location.home}`,
    close: local.close,
  };
}
