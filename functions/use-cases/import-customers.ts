import type { Customer, CustomerItem } from '../../schemas/crm.js';
import { sameCustomer, unknownFields, validateCustomerRow } from '../core/customer-row.js';
import { CrmConflictError, type CrmRepository, type SaveOutcome } from '../ports/crm-repository.js';
import type { CustomerSourceRow } from '../ports/customer-source.js';
import { forEachConcurrently } from '../shared/concurrency.js';

export interface ImportCustomersDeps {
  /** With saveCustomers, rows are written many to a transaction; without, one transaction per row. */
  readonly crm: Pick<CrmRepository, 'getCustomers' | 'saveCustomer'> &
    Partial<Pick<CrmRepository, 'saveCustomers'>>;
  readonly now?: () => Date;
}

export interface ImportCustomersOptions {
  /** Region for numbers written without a country code (e.g. CN). */
  readonly region: string;
  /** Rows read from the store together (one BatchGet). @default 100 */
  readonly batchSize?: number;
  /** Saves in flight at once (with saveCustomers: batches read and written at once). @default 16, 4 */
  readonly concurrency?: number;
  /** Called every 100 rows and at the end, with the counts so far. */
  readonly onProgress?: (summary: ImportCounts) => void;
}

export interface RejectedRow {
  readonly line: number;
  readonly customerId?: string;
  readonly reasons: readonly string[];
}

export interface ImportCounts {
  /** Data rows read (the header excluded). */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export interface ImportSummary extends ImportCounts {
  /** Rows not imported, by line. */
  readonly rejectedRows: readonly RejectedRow[];
  /** Fields (columns) present in the file that the import does not know, so ignored. */
  readonly ignoredFields: readonly string[];
}

/** The source failed part-way (e.g. a broken CSV quote); `summary` says what was imported before. */
export class ImportStoppedError extends Error {
  override readonly name = 'ImportStoppedError';
  constructor(
    override readonly cause: unknown,
    readonly summary: ImportSummary,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

interface Pending {
  readonly line: number;
  readonly customer: Customer;
  conflict?: string;
}

const PROGRESS_EVERY = 100;

interface Owner {
  readonly line: number;
  readonly customerId: string;
}

/**
 * Import customers from rows of an operator's file. Every row is validated; a bad row is
 * rejected with its line and reasons and the others are kept. A customer whose stored
 * record already holds the same data is not written again (so importing a file twice
 * changes nothing). A customer id, number or card number that appears on an earlier row of
 * the file rejects the later row. A row whose number or card belongs to another stored
 * customer is retried once the rest of the file is written (so numbers moving between
 * customers in one file work in any order), then rejected if it still conflicts.
 * Rows are streamed: memory holds one batch plus the ids, numbers and cards seen.
 */
export async function importCustomers(
  deps: ImportCustomersDeps,
  rows: AsyncIterable<CustomerSourceRow>,
  opts: ImportCustomersOptions,
): Promise<ImportSummary> {
  const batchSize = Math.max(1, Math.min(100, opts.batchSize ?? 100));
  const batched = deps.crm.saveCustomers !== undefined;
  const concurrency = Math.max(1, opts.concurrency ?? (batched ? 4 : 16));
  const now = deps.now ?? (() => new Date());
  const counts = { rows: 0, created: 0, updated: 0, unchanged: 0 };
  const rejectedRows: RejectedRow[] = [];
  const ignored = new Set<string>();
  const idLines = new Map<string, number>();
  const phoneOwners = new Map<string, Owner>();
  const cardOwners = new Map<string, Owner>();
  let deferred: Pending[] = [];
  let batch: Pending[] = [];

  const reject = (line: number, reasons: readonly string[], customerId?: string) =>
    rejectedRows.push({ line, ...(customerId !== undefined ? { customerId } : {}), reasons });
  const progress = (): ImportCounts => ({ ...counts, rejected: rejectedRows.length });
  const snapshot = (): ImportSummary => ({
    ...counts,
    rejected: rejectedRows.length,
    rejectedRows: [...rejectedRows].sort((a, b) => a.line - b.line),
    ignoredFields: [...ignored].sort(),
  });

  /** Write one batch; rows that conflict go to `conflicts`. */
  const write = async (items: readonly Pending[], conflicts: Pending[]) => {
    const stored = await deps.crm.getCustomers(items.map((i) => i.customer.customerId));
    if (deps.crm.saveCustomers) {
      const changed: { item: Pending; previous: CustomerItem | undefined }[] = [];
      for (const item of items) {
        const previous = stored.get(item.customer.customerId);
        if (previous && sameCustomer(previous, item.customer)) counts.unchanged++;
        else changed.push({ item, previous });
      }
      if (changed.length === 0) return;
      // One transaction at a time per batch: `concurrency` batches in flight bound the requests.
      const outcomes = await deps.crm.saveCustomers(
        changed.map(({ item, previous }) => ({ customer: item.customer, previous })),
        now(),
        { concurrency: 1 },
      );
      outcomes.forEach((outcome: SaveOutcome | undefined, i) => {
        const { item } = changed[i] as (typeof changed)[number];
        if (outcome instanceof CrmConflictError || outcome === undefined) {
          item.conflict = outcome?.message ?? 'conflict';
          conflicts.push(item);
        } else counts[outcome]++;
      });
      return;
    }
    await forEachConcurrently(items, concurrency, async (item) => {
      const previous: CustomerItem | undefined = stored.get(item.customer.customerId);
      if (previous && sameCustomer(previous, item.customer)) {
        counts.unchanged++;
        return;
      }
      try {
        counts[await deps.crm.saveCustomer(item.customer, previous, now())]++;
      } catch (err) {
        if (!(err instanceof CrmConflictError)) throw err;
        item.conflict = err.message;
        conflicts.push(item);
      }
    });
  };
  // With saveCustomers, up to `concurrency` batches are read and written at once (rows of one file
  // never share an id, number or card, so batches are independent; a number moving between two
  // customers conflicts once and is retried in settleConflicts).
  const inFlight = new Set<Promise<void>>();
  const failed: { first?: { error: unknown } } = {};
  const rethrow = () => {
    if (failed.first) throw failed.first.error;
  };
  const flush = async () => {
    rethrow();
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    if (!batched) {
      await write(items, deferred);
      return;
    }
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    rethrow();
    const done: Promise<void> = write(items, deferred)
      .catch((error: unknown) => {
        failed.first ??= { error };
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  /** Wait for the batches in flight; the first failure is thrown. */
  const drain = async () => {
    await Promise.all(inFlight);
    rethrow();
  };
  /** Retry conflicting rows while that makes progress; reject what still conflicts. */
  const settleConflicts = async () => {
    while (deferred.length > 0) {
      const pending = deferred.sort((a, b) => a.line - b.line);
      deferred = [];
      const still: Pending[] = [];
      for (let i = 0; i < pending.length; i += batchSize) await write(pending.slice(i, i + batchSize), still);
      if (still.length === pending.length) {
        for (const item of still) reject(item.line, [item.conflict ?? 'conflict'], item.customer.customerId);
        break;
      }
      deferred = still;
    }
    opts.onProgress?.(progress());
  };

  const source = rows[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let step: IteratorResult<CustomerSourceRow>;
      try {
        step = await source.next();
      } catch (err) {
        // The source broke (e.g. an unclosed CSV quote): keep what was read before, then report it.
        finished = true;
        await flush();
        await drain();
        await settleConflicts();
        throw new ImportStoppedError(err, snapshot());
      }
      if (step.done) {
        finished = true;
        break;
      }
      const row = step.value;
      if (++counts.rows % PROGRESS_EVERY === 0) opts.onProgress?.(progress());
      if ('error' in row) {
        reject(row.line, [row.error]);
        continue;
      }
      for (const field of unknownFields(row.fields)) ignored.add(field);
      const checked = validateCustomerRow(row.fields, opts.region);
      const reasons = checked.ok ? [] : [...checked.reasons];
      const customerId = checked.ok ? checked.customer.customerId : checked.customerId;
      if (customerId !== undefined) {
        const first = idLines.get(customerId);
        if (first !== undefined) reasons.push(`customerId: ${customerId} already appears on line ${first}`);
        else idLines.set(customerId, row.line);
      }
      if (!checked.ok || reasons.length > 0) {
        reject(row.line, reasons, customerId);
        continue;
      }
      const { customer } = checked;
      const card = customer.cardNumber?.toUpperCase();
      for (const phone of customer.phones) {
        const owner = phoneOwners.get(phone);
        if (owner)
          reasons.push(`phones: ${phone} is also on line ${owner.line} (customer ${owner.customerId})`);
      }
      const cardOwner = card === undefined ? undefined : cardOwners.get(card);
      if (cardOwner) {
        reasons.push(
          `cardNumber: ${customer.cardNumber} is also on line ${cardOwner.line} (customer ${cardOwner.customerId})`,
        );
      }
      if (reasons.length > 0) {
        reject(row.line, reasons, customerId);
        continue;
      }
      const owner = { line: row.line, customerId: customer.customerId };
      for (const phone of customer.phones) phoneOwners.set(phone, owner);
      if (card !== undefined) cardOwners.set(card, owner);
      batch.push({ line: row.line, customer });
      if (batch.length >= batchSize) await flush();
    }
  } finally {
    // A failed write stops the import: let the source close its file.
    if (!finished) await source.return?.();
  }
  await flush();
  await drain();
  await settleConflicts();
  return snapshot();
}
