import type { Attempt, Campaign, CampaignStatus, ListEntry } from '../../schemas/campaigns.js';

/** A campaign name already taken, or a change that lost a race. */
export class CampaignConflictError extends Error {
  override readonly name = 'CampaignConflictError';
}

/** Persistence of campaigns, their dialling lists and attempts (port). The DynamoDB adapter implements it. */
export interface CampaignRepository {
  /** Write a new campaign and its list; CampaignConflictError when the name is taken. */
  create(campaign: Campaign, entries: readonly ListEntry[]): Promise<void>;
  get(name: string): Promise<Campaign | undefined>;
  list(): Promise<Campaign[]>;
  /** Set the status (pause, resume, completed). */
  setStatus(name: string, status: CampaignStatus, at: Date): Promise<Campaign>;
  entries(name: string): Promise<ListEntry[]>;
  /** One entry of the list (consistent read). */
  entry(name: string, entryId: string): Promise<ListEntry | undefined>;
  attempts(name: string): Promise<Attempt[]>;
  /** One attempt of an entry (consistent read). */
  attempt(name: string, entryId: string, n: number): Promise<Attempt | undefined>;
  /**
   * Record an attempt once, with the entry's new state, in one transaction: the attempt only if it does not
   * exist yet, the entry only if it has not moved since `before` was read. A replay (the attempt is there)
   * changes nothing and returns `recorded: false` with the attempt stored first.
   */
  recordAttempt(
    attempt: Attempt,
    before: ListEntry,
    after: ListEntry,
  ): Promise<{ recorded: boolean; attempt: Attempt }>;
  /**
   * Mark a dial in progress on the entry (AWS dialler), only if the entry has not moved since `before` was read
   * (CampaignConflictError otherwise).
   */
  setDialling(before: ListEntry, dialling: NonNullable<ListEntry['dialling']>): Promise<ListEntry>;
  /** Note what feeding the source did, on the attempt and on the entry. */
  setEffect(attempt: Attempt, effect: string): Promise<void>;
  /** The campaign's own do-not-call list. */
  isOptedOut(name: string, phone: string): Promise<boolean>;
  optOut(name: string, phone: string, at: Date, by: string): Promise<void>;
}
