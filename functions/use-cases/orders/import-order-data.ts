/**
 * `hotline orders catalogue|supply|limits import FILE`: every row validated, a bad row reported with its line and
 * reason and skipped, the good rows kept; importing the same file again changes nothing (`unchanged`).
 */
import { z } from 'zod';
import { CustomerIdSchema, TierSchema } from '../../../schemas/crm.js';
import {
  LimitSchema,
  PeriodSchema,
  ProductCodeSchema,
  ProductSchema,
  SupplySchema,
} from '../../../schemas/orders.js';
import type { CustomerSourceRow } from '../../ports/customer-source.js';
import type { ImportOutcome, OrderRepository } from '../../ports/order-repository.js';

export const ORDER_DATA_KINDS = ['catalogue', 'supply', 'limits'] as const;
export type OrderDataKind = (typeof ORDER_DATA_KINDS)[number];

const cell = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);
const int = z.preprocess(cell, z.coerce.number().int());
/** `12.5` (yuan) → 1250 cents; at most two decimals. */
const yuan = z.preprocess(
  cell,
  z
    .union([z.number(), z.string().regex(/^\d+(\.\d{1,2})?$/, 'a price in yuan, e.g. 12.50')])
    .transform((v) => Math.round(Number(v) * 100)),
);
const bool = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : /^(true|yes|1)$/i.test(v.trim())) : v),
  z.boolean().optional(),
);
const text = z.preprocess(cell, z.string().optional());

const CatalogueRowSchema = z
  .object({
    code: z.preprocess(cell, ProductCodeSchema),
    brand: z.preprocess(cell, z.string()),
    specification: z.preprocess(cell, z.string()),
    unit: z.preprocess(cell, z.string()),
    price: yuan,
    spokenName: text,
    active: bool,
  })
  .transform(({ price, ...r }) =>
    ProductSchema.parse({
      ...r,
      priceCents: price,
      ...(r.spokenName === undefined ? {} : { spokenName: r.spokenName }),
      ...(r.active === undefined ? {} : { active: r.active }),
    }),
  );

const SupplyRowSchema = z
  .object({
    period: z.preprocess(cell, PeriodSchema),
    code: z.preprocess(cell, ProductCodeSchema),
    supplied: int,
  })
  .transform((r) => SupplySchema.parse(r));

const LimitRowSchema = z
  .object({
    tier: z.preprocess(cell, TierSchema.optional()),
    customerId: z.preprocess(cell, CustomerIdSchema.optional()),
    code: z.preprocess(cell, ProductCodeSchema),
    min: z.preprocess(cell, z.coerce.number().int().optional()),
    max: int,
  })
  .transform((r) => LimitSchema.parse(r));

export interface OrderImportSummary {
  readonly kind: OrderDataKind;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: ReadonlyArray<{ readonly line: number; readonly reason: string }>;
}

const reasonOf = (err: unknown): string => {
  if (err instanceof z.ZodError)
    return err.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
};

/** Import the rows of one kind; never stops on a bad row. */
export async function importOrderData(
  deps: { readonly orders: OrderRepository; readonly now: () => Date },
  kind: OrderDataKind,
  rows: AsyncIterable<CustomerSourceRow>,
): Promise<OrderImportSummary> {
  const counts: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const rejected: Array<{ line: number; reason: string }> = [];
  for await (const row of rows) {
    if ('error' in row) {
      rejected.push({ line: row.line, reason: row.error });
      continue;
    }
    try {
      let outcome: ImportOutcome;
      if (kind === 'catalogue')
        outcome = await deps.orders.saveProduct(CatalogueRowSchema.parse(row.fields), deps.now());
      else if (kind === 'supply')
        outcome = await deps.orders.saveSupply(SupplyRowSchema.parse(row.fields), deps.now());
      else outcome = await deps.orders.saveLimit(LimitRowSchema.parse(row.fields), deps.now());
      counts[outcome]++;
    } catch (err) {
      rejected.push({ line: row.line, reason: reasonOf(err).slice(0, 300) });
    }
  }
  return { kind, ...counts, rejected };
}
