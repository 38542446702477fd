import type { ErasureReport, ErasureRequest } from '../../schemas/api-privacy.js';

/** Erasure requests (the API's asynchronous `crm forget`): recorded, claimed once by a worker, finished. */
export interface ErasureRequestStore {
  /** Record a pending request; `who` is kept only until a worker claims it. */
  create(request: ErasureRequest, who: string): Promise<void>;
  get(requestId: string): Promise<ErasureRequest | undefined>;
  /** pending → running, once (a retried worker gets undefined): returns `who`, and forgets it in the record. */
  claim(requestId: string, at: Date): Promise<string | undefined>;
  finish(requestId: string, outcome: { report: ErasureReport } | { error: string }, at: Date): Promise<void>;
}
