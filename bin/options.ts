/** The options every `hotline` command shares (given before or after the command). */
import type { Command } from 'commander';
import { getProfile } from '../contact-flows/profiles/index.js';
import { isSupportedRegion } from '../functions/core/phone.js';
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
  return {
    profile,
    region,
    location: { aws: raw.aws === true, home: raw.home, stackPrefix: raw.stackPrefix },
  };
}
