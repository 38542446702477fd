import type { BlockEntry, Customer, CustomerItem, PhoneItem } from '../../schemas/crm.js';

export type SaveResult = 'created' | 'updated' | 'unchanged';

/** What saving one customer of many did: written, or refused for a conflict (nothing of it written). */
export type SaveOutcome = Exclude<SaveResult, 'unchanged'> | CrmConflictError;

/** Raised when a save would break an invariant the data model enforces. */
export class CrmConflictError extends Error {
  override readonly name = 'CrmConflictError';
}

/** Persistence of the CRM (port). The DynamoDB adapter implements it; tests may use it directly. */
export interface CrmRepository {
  /** The lookup item for one number: exactly one DynamoDB request. */
  getPhone(e164: string, opts?: { abortSignal?: AbortSignal }): Promise<PhoneItem | undefined>;
  getCustomer(customerId: string): Promise<CustomerItem | undefined>;
  /** Many customers at once (for imports). Missing ids are absent from the map. */
  getCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerItem>>;
  /** The customer holding a card number, if any. */
  findCustomerIdByCard(cardNumber: string): Promise<string | undefined>;
  /**
   * Create or replace a customer and, in the same transaction, the copies on its numbers'
   * lookup items and its card claim. `previous` is what the caller read (optimistic lock).
   * Throws CrmConflictError when a number or card belongs to another customer, or the
   * record changed since it was read.
   */
  saveCustomer(
    customer: Customer,
    previous: CustomerItem | undefined,
    now: Date,
  ): Promise<Exclude<SaveResult, 'unchanged'>>;
  /**
   * Save many customers (imports), each as saveCustomer would, with as few requests as the store
   * allows. One outcome per entry, in order; a conflict is returned, not thrown.
   */
  saveCustomers(
    entries: readonly { customer: Customer; previous: CustomerItem | undefined }[],
    now: Date,
    opts?: { concurrency?: number },
  ): Promise<SaveOutcome[]>;
  /** Block a number (creates its lookup item if needed) or, with `undefined`, unblock it. */
  setBlock(e164: string, block: BlockEntry | undefined): Promise<void>;
}
