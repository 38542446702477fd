/**
 * Where tickets and SMS live, for `hotline tickets …` and `hotline sms …`: the local data under `--home`
 * (DynamoDB Local; SMS to the outbox file there) or, with `--aws`, the deployed tables named by the data
 * stack's outputs (TicketsTableName, SmsTableName, CrmTableName) and real SMS through SNS.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type TicketDeps, ticketDepsFromEnv } from '../functions/shared/ticket-deps.js';
import { localTicketEnv } from '../infra/local/contact-centre.js';
import { openLocalData } from '../infra/local/local-data.js';
import { outputNameForEnvVar } from '../infra/stacks/output-names.js';
import type { Profile } from '../schemas/profile.js';
import { CRM_TABLE, SMS_TABLE, TICKETS_TABLE } from '../schemas/tables.js';
import { type DataLocation, dataStackName, RuntimeError } from './runtime.js';

export interface TicketRuntime {
  readonly deps: TicketDeps;
  readonly where: string;
  /** The local data folder (for the outbox), undefined with --aws. */
  readonly home?: string;
}

const NEEDED = [CRM_TABLE, TICKETS_TABLE, SMS_TABLE];

async function awsEnv(stackPrefix: string): Promise<{ env: Record<string, string>; where: string }> {
  const cfn = new CloudFormationClient({});
  try {
    const stackName = dataStackName(stackPrefix);
    const region = await cfn.config.region().catch(() => {
      throw new RuntimeError('no AWS region is configured: set AWS_REGION (or a region in ~/.aws/config)');
    });
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
      throw new RuntimeError(`cannot read stack ${stackName} in ${region}: ${err.message}`);
    });
    const outputs = out.Stacks?.[0]?.Outputs ?? [];
    const env: Record<string, string> = {};
    for (const def of NEEDED) {
      const name = outputNameForEnvVar(def.envVar);
      const value = outputs.find((o) => o.OutputKey === name)?.OutputValue;
      if (!value)
        throw new RuntimeError(`stack ${stackName} has no output ${name}: redeploy with this version`);
      env[def.envVar] = value;
    }
    return { env: { ...env, AWS_REGION: region }, where: `AWS ${region} (stack ${stackName})` };
  } finally {
    cfn.destroy();
  }
}

/** Run `fn` with the ticket and SMS dependencies where `location` says; closes everything afterwards. */
export async function withTickets<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (rt: TicketRuntime) => Promise<T>,
  opts: { now?: () => Date } = {},
): Promise<T> {
  if (location.aws) {
    const { env, where } = await awsEnv(location.stackPrefix);
    const deps = ticketDepsFromEnv(
      { ...env, HOTLINE_PROFILE: profile.id, PHONE_REGION: region },
      { requestTimeoutMs: 10_000, ...opts },
    );
    if ('configError' in deps) throw new RuntimeError(deps.configError);
    try {
      return await fn({ deps, where });
    } finally {
      deps.close();
    }
  }
  const local = await openLocalData(location.home);
  try {
    const env = { ...localTicketEnv(profile, { ...local, home: local.home }), PHONE_REGION: region };
    const deps = ticketDepsFromEnv(env, { requestTimeoutMs: 10_000, ...opts });
    if ('configError' in deps) throw new RuntimeError(deps.configError);
    try {
      return await fn({ deps, where: `local data in ${location.home}`, home: local.home });
    } finally {
      deps.close();
    }
  } finally {
    await local.close();
  }
}
