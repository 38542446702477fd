import type { Lead, LeadStatus } from '../../schemas/leads.js';

/** Raised when a lead changed since it was read (optimistic lock on `updatedAt`). */
export class LeadConflictError extends Error {
  override readonly name = 'LeadConflictError';
}

/** The Leads table (port). */
export interface LeadRepository {
  /** The next number of the local day `day` (yyyymmdd), unique under concurrency. */
  nextSequence(day: string): Promise<number>;
  /** Write a new lead with its idempotency claim; a replay of the key returns the first (`created: false`). */
  create(lead: Lead, idempotencyKey?: string): Promise<{ created: boolean; lead: Lead }>;
  get(leadId: string): Promise<Lead | undefined>;
  /** Replace the lead if unchanged since `expectedUpdatedAt` (else LeadConflictError). */
  save(lead: Lead, expectedUpdatedAt: string): Promise<void>;
  /** The leads of one status, oldest first (optionally created in [from, to), at most `limit`). */
  listByStatus(status: LeadStatus, opts?: { from?: string; to?: string; limit?: number }): Promise<Lead[]>;
}
