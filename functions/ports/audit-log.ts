import type { AuditEntry } from '../../schemas/api.js';

/** Append-only record of every write made through the API (port; DynamoDB adapter). */
export interface AuditLog {
  record(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** A UTC day's entries (`yyyy-mm-dd`), newest first. */
  listDay(day: string, limit?: number): Promise<AuditEntry[]>;
}
