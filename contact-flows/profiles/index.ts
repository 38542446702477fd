/**
 * The four industry profiles. Each is parsed by ProfileSchema when this module loads, so a
 * bad definition (unknown queue or hours key, bad time) fails at import, not at deploy.
 * CDK (infra/stacks/connect-stack.ts), the Lambdas and the local contact centre read these.
 */
import type { Profile, ProfileId } from '../../schemas/profile.js';
import { autoDealer } from './auto-dealer.js';
import { distribution } from './distribution.js';
import { logistics } from './logistics.js';
import { outsourcedCrm } from './outsourced-crm.js';

export const PROFILES: Readonly<Record<ProfileId, Profile>> = {
  'auto-dealer': autoDealer,
  logistics,
  distribution,
  'outsourced-crm': outsourcedCrm,
};

for (const [key, profile] of Object.entries(PROFILES)) {
  if (profile.id !== key) throw new Error(`profile registered as "${key}" has id "${profile.id}"`);
}

export function getProfile(id: ProfileId): Profile {
  const profile = PROFILES[id];
  if (!profile)
    throw new Error(`unknown profile "${id}"; expected one of ${Object.keys(PROFILES).join(', ')}`);
  return profile;
}
