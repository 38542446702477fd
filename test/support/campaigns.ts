/** An in-memory CampaignRepository with the DynamoDB one's conditions (for the scheduler's property tests). */

import { CampaignConflictError, type CampaignRepository } from '../../functions/ports/campaign-repository.js';
import type { Attempt, Campaign, CampaignStatus, ListEntry } from '../../schemas/campaigns.js';

export class MemoryCampaignRepository implements CampaignRepository {
  readonly campaignsByName = new Map<string, Campaign>();
  readonly entryMap = new Map<string, ListEntry>();
  readonly attemptMap = new Map<string, Attempt>();
  readonly optOuts = new Set<string>();

  async create(campaign: Campaign, entries: readonly ListEntry[]): Promise<void> {
    if (this.campaignsByName.has(campaign.name)) throw new CampaignConflictError('exists');
    this.campaignsByName.set(campaign.name, campaign);
    for (const e of entries) this.entryMap.set(`${e.campaign}#${e.entryId}`, e);
  }
  async get(name: string) {
    return this.campaignsByName.get(name);
  }
  async list() {
    return [...this.campaignsByName.values()];
  }
  async setStatus(name: string, status: CampaignStatus, at: Date) {
    const c = this.campaignsByName.get(name);
    if (!c) throw new CampaignConflictError(`no campaign "${name}"`);
    const next = { ...c, status, updatedAt: at.toISOString() };
    this.campaignsByName.set(name, next);
    return next;
  }
  async entries(name: string) {
    return [...this.entryMap.values()].filter((e) => e.campaign === name);
  }
  async entry(name: string, entryId: string) {
    return this.entryMap.get(`${name}#${entryId}`);
  }
  async attempts(name: string) {
    return [...this.attemptMap.values()].filter((a) => a.campaign === name);
  }
  async attempt(name: string, entryId: string, n: number) {
    return this.attemptMap.get(`${name}#${entryId}#${n}`);
  }
  async recordAttempt(attempt: Attempt, before: ListEntry, after: ListEntry) {
    const key = `${attempt.campaign}#${attempt.entryId}#${attempt.n}`;
    const stored = this.attemptMap.get(key);
    if (stored) return { recorded: false, attempt: stored };
    const current = this.entryMap.get(`${before.campaign}#${before.entryId}`);
    if (current?.attempts !== before.attempts || current.updatedAt !== before.updatedAt)
      throw new CampaignConflictError('entry moved');
    this.attemptMap.set(key, attempt);
    this.entryMap.set(`${after.campaign}#${after.entryId}`, after);
    return { recorded: true, attempt };
  }
  async setDialling(before: ListEntry, dialling: NonNullable<ListEntry['dialling']>) {
    const key = `${before.campaign}#${before.entryId}`;
    const current = this.entryMap.get(key);
    if (current?.attempts !== before.attempts || current.updatedAt !== before.updatedAt)
      throw new CampaignConflictError('entry moved');
    const after = { ...before, dialling, updatedAt: dialling.at };
    this.entryMap.set(key, after);
    return after;
  }
  async setEffect(attempt: Attempt, effect: string) {
    const key = `${attempt.campaign}#${attempt.entryId}#${attempt.n}`;
    const a = this.attemptMap.get(key);
    if (a) this.attemptMap.set(key, { ...a, effect });
    const ek = `${attempt.campaign}#${attempt.entryId}`;
    const e = this.entryMap.get(ek);
    if (e) this.entryMap.set(ek, { ...e, effect });
  }
  async isOptedOut(name: string, phone: string) {
    return this.optOuts.has(`${name}#${phone}`);
  }
  async optOut(name: string, phone: string) {
    this.optOuts.add(`${name}#${phone}`);
  }
}
