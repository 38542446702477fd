/**
 * The caller lookup's policy for an industry profile (functions/core/caller-lookup.ts): the VIP and branch queues,
 * the agents' language, the last-agent window, and the names of the branches the whisper reads (the carrier's
 * `suzhou` is 苏州分部 to its agents). One place, for the in-call Lambda and `hotline crm show`.
 */
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import type { Profile } from '../../schemas/profile.js';
import type { LookupPolicy } from '../core/caller-lookup.js';

export function lookupPolicyOf(profile: Profile): LookupPolicy {
  const language = profile.defaultLanguage;
  const branches = pickupSettingsOf(profile.id)?.branches ?? [];
  return {
    vipQueue: profile.vipQueue,
    branchQueues: profile.branchQueues,
    defaultLanguage: language,
    lastAgentWindowDays: profile.lastAgentWindowDays,
    branchNames: Object.fromEntries(branches.map((b) => [b.key, b.name[language]])),
  };
}
