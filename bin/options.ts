/** The options every `hotline` command shares (given before or after the command). */
import type { Command } from 'commander';
import { getProfile } from '../contact-flows/profiles/index.js';
import { ticketingOf } from '../contact-flows/profiles/ticketing.js';
import { checkTimeZone } from '../functions/core/date-input.js';
import { isSupportedRegion } from '../functions/core/phone.js';
import { checkHome } from '../infra/local/home.js';
import type { Profile, ProfileId } from '../schemas/profile.js';
import type { DataLocation } from './runtime.js';

/** A wrong argument or option: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface GlobalOptions {
  readonly profile: Profile;
  /** Region for numbers without a country code: --region, else the profile's. */
  readonly region: string;
  readonly location: DataLocation;
  /** The zone of a time typed without an offset: $HOTLINE_TIME_ZONE, else the profile's calendar's. */
  readonly timeZone: string;
  /**
   * The agents an agent id must name: the local contact centre's (the profile's demo agents); undefined
   * with --aws, where agents are Connect users (any well-formed id is taken).
   */
  readonly agentIds?: readonly string[];
}

interface RawGlobals {
  profile: ProfileId;
  home: string;
  aws?: boolean;
  stackPrefix: string;
  region?: string;
}

export function globalOptions(cmd: Command): GlobalOptions {
  const raw = cmd.optsWithGlobals<RawGlobals>();
  const profile = getProfile(raw.profile);
  const region = (raw.region ?? profile.phoneRegion).toUpperCase();
  if (!isSupportedRegion(region)) {
    throw new UsageError(`--region "${raw.region}" is not a country code such as CN, HK or US`);
  }
  if (!/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(raw.stackPrefix)) {
    throw new UsageError(
      `--stack-prefix "${raw.stackPrefix}" must be letters and digits, starting with a letter`,
    );
  }
  if (!raw.aws) checkHome(raw.home);
  const timeZone = checkTimeZone(
    process.env.HOTLINE_TIME_ZONE || ticketingOf(profile.id).tickets.calendar.timeZone,
    'HOTLINE_TIME_ZONE',
  );
  return {
    profile,
    region,
    timeZone,
    ...(raw.aws ? {} : { agentIds: profile.agents.map((a) => a.id) }),
    location: { aws: raw.aws === true, home: raw.home, stackPrefix: raw.stackPrefix },
  };
}
