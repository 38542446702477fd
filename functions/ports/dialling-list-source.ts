import type { EntryRef } from '../../schemas/campaigns.js';
import type { Language } from '../../schemas/profile.js';

/** One contact a source proposes for a dialling list (the number as the source has it: normalised on load). */
export interface ListCandidate {
  readonly phone: string;
  readonly customerId?: string;
  readonly name?: string;
  readonly language?: Language;
  readonly ref: EntryRef;
}

/** What a source gives: candidates, and what it left out and why (`line 4: no phone`). */
export interface SourceLoad {
  readonly candidates: readonly ListCandidate[];
  readonly skipped: readonly string[];
}

/**
 * Where a campaign's dialling list comes from (port). Implementations (functions/adapters/campaigns/sources.ts):
 * a CSV file; resolved complaints awaiting a return visit (tickets); retailers below their lower limit this
 * period (order centre); customers of a segment (CRM); booked pickups of a day (carrier); leads not yet
 * contacted (the outsourcer's telesales).
 */
export interface DiallingListSource {
  /** For people: `resolved complaints awaiting a return visit`. */
  readonly description: string;
  load(): Promise<SourceLoad>;
}

/** A source that cannot be used as asked (a file without a phone column…): a usage error. */
export class ListSourceError extends Error {
  override readonly name = 'ListSourceError';
}
