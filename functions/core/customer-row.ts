/**
 * Validation of one row of an operator's customer file (CSV or JSON lines). Pure: no I/O,
 * the same row and region always give the same answer.
 */
import type { z } from 'zod';
import {
  CUSTOMER_ROW_FIELDS,
  type Customer,
  CustomerIdSchema,
  CustomerRowSchema,
  CustomerSchema,
} from '../../schemas/crm.js';
import { normalizePhone } from './phone.js';

export type RowValidation =
  | { readonly ok: true; readonly customer: Customer }
  | {
      readonly ok: false;
      /** Why the row cannot be imported, each as `field: problem`. */
      readonly reasons: readonly string[];
      /** The row's customer id when that field alone is valid (for duplicate detection). */
      readonly customerId?: string;
    };

const KNOWN = new Set<string>(CUSTOMER_ROW_FIELDS);

const describe = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((i) => (i.path.length ? `${String(i.path[0])}: ${i.message}` : i.message));

/**
 * Turn a raw row (field name → cell text or JSON value) into a Customer, or say why not.
 * Numbers are normalized to E.164 with `region` (for numbers written without a country
 * code); the same number written twice counts once.
 */
export function validateCustomerRow(raw: Readonly<Record<string, unknown>>, region: string): RowValidation {
  const parsed = CustomerRowSchema.safeParse(raw);
  const id = CustomerIdSchema.safeParse(
    typeof raw.customerId === 'number' ? String(raw.customerId) : raw.customerId,
  );
  const customerId = id.success ? id.data : undefined;
  const reasons = parsed.success ? [] : describe(parsed.error.issues);
  if (!parsed.success) return { ok: false, reasons, ...(customerId ? { customerId } : {}) };

  const phones: string[] = [];
  for (const written of parsed.data.phones) {
    const n = normalizePhone(written, region);
    if (n.kind === 'e164') {
      if (!phones.includes(n.e164)) phones.push(n.e164);
    } else
      reasons.push(
        `phones: ${JSON.stringify(written)} is ${n.kind === 'withheld' ? 'not a number' : n.reason}`,
      );
  }
  if (reasons.length) return { ok: false, reasons, ...(customerId ? { customerId } : {}) };

  const customer = CustomerSchema.safeParse({ ...parsed.data, phones });
  if (!customer.success)
    return { ok: false, reasons: describe(customer.error.issues), ...(customerId ? { customerId } : {}) };
  // Absent optional fields are left out rather than set to undefined.
  const data = Object.fromEntries(
    Object.entries(customer.data).filter(([, v]) => v !== undefined),
  ) as Customer;
  return { ok: true, customer: data };
}

/** Fields of a raw row that the import does not know (so ignores), e.g. a misspelt column. */
export function unknownFields(raw: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(raw).filter((k) => !KNOWN.has(k));
}

/**
 * True when two customers hold the same data (a stored record may carry more attributes,
 * such as keys and timestamps: only the customer's own fields count). Order of numbers counts.
 */
export function sameCustomer(a: Customer, b: Customer): boolean {
  for (const field of CUSTOMER_ROW_FIELDS) {
    const x = a[field];
    const y = b[field];
    if (Array.isArray(x) || Array.isArray(y)) {
      // Numbers are strings, vehicles are objects: compare them as JSON (the schema fixes the key order).
      if (!Array.isArray(x) || !Array.isArray(y) || JSON.stringify(x) !== JSON.stringify(y)) return false;
    } else if (x !== y) return false;
  }
  return true;
}
