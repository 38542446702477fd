/**
 * Where tickets and SMS live, for `hotline tickets …` and `hotline sms …`: the local data under `--home`
 * (DynamoDB Local; SMS to the outbox file there) or, with `--aws`, the deployed tables named by the data
 * stack's outputs (TicketsTableName, SmsTableName, CrmTableName) and real SMS through SNS.
 */
import { type TicketDeps, ticketDepsFromEnv } from '../functions/shared/ticket-deps.js';
import { localTicketEnv } from '../infra/local/contact-centre.js';
import { openLocalData } from '../infra/local/local-data.js';
import type { Profile } from '../schemas/profile.js';
import { CRM_TABLE, SMS_TABLE, TICKETS_TABLE } from '../schemas/tables.js';
import { type DataLocation, deployedTableEnv, RuntimeError } from './runtime.js';

export interface TicketRuntime {
  readonly deps: TicketDeps;
  readonly where: string;
  /** The local data folder (for the outbox), undefined with --aws. */
  readonly home?: string;
}

const NEEDED = [CRM_TABLE, TICKETS_TABLE, SMS_TABLE];

/** Run `fn` with the ticket and SMS dependencies where `location` says; closes everything afterwards. */
export async function withTickets<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (rt: TicketRuntime) => Promise<T>,
  opts: { now?: () => Date } = {},
): Promise<T> {
  if (location.aws) {
    const { env, where } = await deployedTableEnv(location.stackPrefix, NEEDED);
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
