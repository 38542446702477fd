/**
 * Campaigns (issue 13): create one (its dialling list loaded from its source, numbers normalised and
 * de-duplicated), pause, resume, and the results summary. One use case per action, whatever calls it.
 */
import type { Attempt, Campaign, CampaignStatus, ListEntry } from '../../../schemas/campaigns.js';
import { CampaignSchema } from '../../../schemas/campaigns.js';
import type { Language } from '../../../schemas/profile.js';
import { normalizePhone } from '../../core/phone.js';
import type { CampaignRepository } from '../../ports/campaign-repository.js';
import type { DiallingListSource } from '../../ports/dialling-list-source.js';

/** A campaign change the rules refuse (no such campaign, resuming a completed one…): exit 1. */
export class CampaignRuleError extends Error {
  override readonly name = 'CampaignRuleError';
}

export interface CreateCampaignDeps {
  readonly campaigns: Pick<CampaignRepository, 'create' | 'get'>;
  readonly phoneRegion: string;
  readonly defaultLanguage: Language;
  readonly now: () => Date;
}

export interface CreatedCampaign {
  readonly campaign: Campaign;
  readonly entries: readonly ListEntry[];
  /** What was left out, and why (`+8613800138000: twice in the list`). */
  readonly skipped: readonly string[];
}

/** At most this many contacts per campaign (one DynamoDB partition; a run keeps the list in memory). */
export const MAX_LIST = 20_000;

export async function createCampaign(
  deps: CreateCampaignDeps,
  definition: Omit<Campaign, 'status' | 'createdAt' | 'updatedAt' | 'loaded' | 'skipped'>,
  source: DiallingListSource,
): Promise<CreatedCampaign> {
  if (await deps.campaigns.get(definition.name))
    throw new CampaignRuleError(`a campaign "${definition.name}" exists already`);
  const at = deps.now().toISOString();
  const loaded = await source.load();
  const skipped = [...loaded.skipped];
  const seen = new Set<string>();
  const entries: ListEntry[] = [];
  for (const c of loaded.candidates) {
    const n = normalizePhone(c.phone, deps.phoneRegion);
    if (n.kind !== 'e164') {
      skipped.push(`${c.phone}: ${n.kind === 'invalid' ? n.reason : 'no number'}`);
      continue;
    }
    if (seen.has(n.e164)) {
      skipped.push(`${n.e164}: twice in the list`);
      continue;
    }
    if (entries.length >= MAX_LIST) {
      skipped.push(`${n.e164}: over ${MAX_LIST} contacts`);
      continue;
    }
    seen.add(n.e164);
    entries.push({
      campaign: definition.name,
      entryId: String(entries.length + 1).padStart(4, '0'),
      phone: n.e164,
      ...(c.customerId ? { customerId: c.customerId } : {}),
      ...(c.name ? { name: c.name } : {}),
      language: c.language ?? deps.defaultLanguage,
      ref: c.ref,
      status: 'pending',
      attempts: 0,
      updatedAt: at,
    });
  }
  const campaign = CampaignSchema.parse({
    ...definition,
    status: 'active',
    createdAt: at,
    updatedAt: at,
    loaded: entries.length,
    skipped: skipped.length,
  });
  await deps.campaigns.create(campaign, entries);
  return { campaign, entries, skipped };
}

async function mustGet(campaigns: Pick<CampaignRepository, 'get'>, name: string): Promise<Campaign> {
  const c = await campaigns.get(name);
  if (!c) throw new CampaignRuleError(`no campaign "${name}"`);
  return c;
}

export async function setCampaignStatus(
  deps: { campaigns: Pick<CampaignRepository, 'get' | 'setStatus'>; now: () => Date },
  name: string,
  to: Extract<CampaignStatus, 'active' | 'paused'>,
): Promise<Campaign> {
  const c = await mustGet(deps.campaigns, name);
  if (c.status === 'completed') throw new CampaignRuleError(`campaign "${name}" is completed`);
  if (c.status === to) return c;
  return deps.campaigns.setStatus(name, to, deps.now());
}

export interface CampaignResults {
  readonly campaign: Campaign;
  readonly entries: readonly ListEntry[];
  readonly attempts: readonly Attempt[];
  readonly summary: {
    readonly contacts: number;
    readonly pending: number;
    readonly done: number;
    readonly failed: number;
    readonly dnc: number;
    readonly attempts: number;
    /** Attempts answered by a person, over attempts dialled (not skipped for do-not-call). */
    readonly contactRate: number;
    /** Contacts whose disposition counts as a success, over contacts finished. */
    readonly conversion: number;
    readonly byResult: Readonly<Record<string, number>>;
    readonly byDisposition: Readonly<Record<string, number>>;
  };
}

export async function campaignResults(
  deps: { campaigns: Pick<CampaignRepository, 'get' | 'entries' | 'attempts'> },
  name: string,
): Promise<CampaignResults> {
  const campaign = await mustGet(deps.campaigns, name);
  const [entries, attempts] = await Promise.all([
    deps.campaigns.entries(name),
    deps.campaigns.attempts(name),
  ]);
  const count = <T>(xs: readonly T[], key: (x: T) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const x of xs) {
      const k = key(x);
      if (k) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const dialled = attempts.filter((a) => a.result !== 'dnc');
  const finished = entries.filter((e) => e.status !== 'pending');
  const success = new Set(campaign.dispositions.filter((d) => d.success).map((d) => d.key));
  return {
    campaign,
    entries,
    attempts,
    summary: {
      contacts: entries.length,
      pending: entries.filter((e) => e.status === 'pending').length,
      done: entries.filter((e) => e.status === 'done').length,
      failed: entries.filter((e) => e.status === 'failed').length,
      dnc: entries.filter((e) => e.status === 'dnc').length,
      attempts: attempts.length,
      contactRate: dialled.length
        ? dialled.filter((a) => a.result === 'answered').length / dialled.length
        : 0,
      conversion: finished.length
        ? finished.filter((e) => e.disposition && success.has(e.disposition)).length / finished.length
        : 0,
      byResult: count(attempts, (a) => a.result),
      byDisposition: count(finished, (e) => e.disposition),
    },
  };
}
