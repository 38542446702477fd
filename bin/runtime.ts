/**
 * Where the data is, for every `hotline` command: the local data under `--home` (DynamoDB
 * Local, started for the command if none is running there, and stopped when the command
 * ends) or, with `--aws`, the deployed tables named by the data stack's outputs.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../functions/adapters/dynamodb/crm-repository.js';
import { closeDocumentClient, openLocalData } from '../infra/local/local-data.js';
import { outputNameForEnvVar } from '../infra/stacks/output-names.js';
import { CRM_TABLE, type TableDefinition } from '../schemas/tables.js';

export interface DataLocation {
  /** Act on the deployed tables in AWS. */
  readonly aws: boolean;
  /** Folder of the local data (ignored with `aws`). */
  readonly home: string;
  /** Prefix of the deployed stacks' names (with `aws`). */
  readonly stackPrefix: string;
}

export interface CrmRuntime {
  readonly crm: DynamoCrmRepository;
  readonly crmTableName: string;
  /** Where the data is, for people: `local data in ./.hotline` or `AWS eu-west-1, stack Hotline-Data`. */
  readonly where: string;
  /** Release connections and stop the DynamoDB Local this command started. Idempotent. */
  close(): Promise<void>;
}

/** Output of the data stack that names the CRM table. */
export const CRM_TABLE_OUTPUT = 'CrmTableName';
export const dataStackName = (stackPrefix: string): string => `${stackPrefix}-Data`;

export { defaultHome } from './home.js';

/** A problem with the environment (no stack, no region…), told in one line. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
}

/**
 * A deployed stack's outputs (`${stackPrefix}-Data` by default), in one place for every `--aws` command: the
 * region, and one line for a stack that cannot be read.
 */
export async function stackOutputs(
  stackName: string,
): Promise<{ outputs: { OutputKey?: string; OutputValue?: string }[]; region: string }> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({});
  try {
    const region = await cfn.config.region().catch(() => {
      throw new RuntimeError('no AWS region is configured: set AWS_REGION (or a region in ~/.aws/config)');
    });
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
      throw new RuntimeError(`cannot read stack ${stackName} in ${region}: ${err.message}`);
    });
    return { outputs: out.Stacks?.[0]?.Outputs ?? [], region };
  } finally {
    cfn.destroy();
  }
}

/**
 * The deployed tables `tables` as the environment the functions read (`CRM_TABLE_NAME`…, and `AWS_REGION`), from
 * the data stack's outputs; `where` says so for people.
 */
export async function deployedTableEnv(
  stackPrefix: string,
  tables: readonly TableDefinition[],
): Promise<{ env: Record<string, string>; where: string }> {
  const stackName = dataStackName(stackPrefix);
  const { outputs, region } = await stackOutputs(stackName);
  const env: Record<string, string> = {};
  for (const def of tables) {
    const name = outputNameForEnvVar(def.envVar);
    const value = outputs.find((o) => o.OutputKey === name)?.OutputValue;
    if (!value)
      throw new RuntimeError(`stack ${stackName} has no output ${name}: redeploy with this version`);
    env[def.envVar] = value;
  }
  return { env: { ...env, AWS_REGION: region }, where: `AWS ${region} (stack ${stackName})` };
}

/** The deployed tables' names, from the data stack's CloudFormation outputs. */
export async function resolveStackTables(
  cfn: CloudFormationClient,
  stackPrefix: string,
): Promise<{ crmTableName: string; region: string }> {
  const stackName = dataStackName(stackPrefix);
  let region: string;
  try {
    region = await cfn.config.region();
  } catch {
    throw new RuntimeError(
      'no AWS region is configured: set AWS_REGION (or a region in ~/.aws/config) and try again',
    );
  }
  let outputs: { OutputKey?: string; OutputValue?: string }[] | undefined;
  // Loaded here, not at the top: local commands do not need the CloudFormation client.
  const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = out.Stacks?.[0]?.Outputs;
    if (!out.Stacks?.[0]) throw new RuntimeError(`stack ${stackName} was not found in ${region}`);
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/does not exist/i.test(message)) {
      throw new RuntimeError(
        `stack ${stackName} does not exist in ${region}: deploy first (npx cdk deploy), or give the --stack-prefix you deployed with`,
      );
    }
    throw new RuntimeError(`cannot read stack ${stackName} in ${region}: ${message}`);
  }
  const crmTableName = outputs?.find((o) => o.OutputKey === CRM_TABLE_OUTPUT)?.OutputValue;
  if (!crmTableName) {
    throw new RuntimeError(
      `stack ${stackName} in ${region} has no output ${CRM_TABLE_OUTPUT}: redeploy with this version`,
    );
  }
  return { crmTableName, region };
}

/** Open the CRM where `location` says. Call `close()` when done (withCrm does). */
export async function openCrm(
  location: DataLocation,
  opts: { cfn?: CloudFormationClient } = {},
): Promise<CrmRuntime> {
  if (location.aws) {
    const cfn = opts.cfn ?? new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient({});
    try {
      const { crmTableName, region } = await resolveStackTables(cfn, location.stackPrefix);
      const doc = createDocumentClient({
        region,
        connectionTimeoutMs: 3000,
        requestTimeoutMs: 10_000,
        maxAttempts: 5,
      });
      return {
        crm: new DynamoCrmRepository(doc, crmTableName),
        crmTableName,
        where: `AWS ${region}, table ${crmTableName} (stack ${dataStackName(location.stackPrefix)})`,
        close: async () => closeDocumentClient(doc),
      };
    } finally {
      if (!opts.cfn) cfn.destroy();
    }
  }
  const local = await openLocalData(location.home);
  const crmTableName = local.tableEnv[CRM_TABLE.envVar] as string;
  return { crm: local.crm, crmTableName, where: `local data in ${location.home}`, close: local.close };
}

/**
 * Run `fn` with the CRM open, and close it afterwards, also when `fn` fails or the operator
 * presses Ctrl-C (so no DynamoDB Local is left running).
 */
export async function withCrm<T>(
  location: DataLocation,
  fn: (runtime: CrmRuntime) => Promise<T>,
): Promise<T> {
  let interrupted = false;
  // Handlers first: a signal while DynamoDB Local starts still stops it once it is up.
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nhotline: interrupted (${signal}); stopping…\n`);
    void opening
      .then((runtime) => runtime.close())
      .catch(() => undefined)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const opening = openCrm(location);
  try {
    const runtime = await opening;
    try {
      return await fn(runtime);
    } finally {
      await runtime.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
