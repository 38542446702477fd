import type { CallRecordItem } from '../../schemas/call-record.js';
import type { Breach, Evaluation, EvaluationComment, WallboardSnapshot } from '../../schemas/supervision.js';
import type { ContactView } from './call-records.js';

/** Where the wallboard's snapshot comes from (port): the local ACD, or Amazon Connect's real-time metrics. */
export interface WallboardSource {
  snapshot(now: Date): Promise<WallboardSnapshot>;
}

/** The breaches currently open (port): each is claimed once, so it is notified once whoever refreshes. */
export interface BreachLedger {
  openKeys(): Promise<Set<string>>;
  /** Record the breach as open; `false` when it already is (another refresh claimed it). */
  claim(breach: Breach, at: Date): Promise<boolean>;
  /** The breaches are over: a later breach of the same subject is a new one. */
  close(keys: readonly string[]): Promise<void>;
}

/** Stored QA evaluations (port; DynamoDB adapter). */
export interface EvaluationRepository {
  /** Store a new evaluation; `false` when the contact already has one (re-scoring goes through `replace`). */
  create(evaluation: Evaluation): Promise<boolean>;
  replace(evaluation: Evaluation): Promise<void>;
  get(contactId: string): Promise<Evaluation | undefined>;
  /** An agent's evaluations, oldest first. */
  listByAgent(agentId: string): Promise<Evaluation[]>;
  listAll(): Promise<Evaluation[]>;
  addComment(contactId: string, comment: EvaluationComment): Promise<Evaluation>;
  acknowledge(contactId: string, at: Date): Promise<Evaluation>;
}

/** The contacts QA picks from and checks (port; DynamoDB adapter). */
export interface QaContactSource {
  /** Call records initiated in [from, to). */
  callsBetween(from: Date, to: Date): Promise<CallRecordItem[]>;
  /** A contact's record, transcript and survey. */
  contact(contactId: string): Promise<ContactView>;
  /** Contact ids a complaint ticket was opened from. */
  complaintContacts(): Promise<Set<string>>;
}
