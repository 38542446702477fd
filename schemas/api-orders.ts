/** Bodies and answers of the order entry routes (functions/api/routes/orders.ts): agents ordering for a retailer. */
import { z } from 'zod';
import { CustomerIdSchema } from './crm.js';
import {
  CentsSchema,
  LINE_REFUSALS,
  MAX_ORDER_LINES,
  OrderSchema,
  PeriodSchema,
  ProductCodeSchema,
  QuantitySchema,
} from './orders.js';

/** One product the retailer can order this period, with what is left for them. */
export const CatalogueLineSchema = z.object({
  code: ProductCodeSchema,
  name: z.string(),
  brand: z.string(),
  specification: z.string(),
  unit: z.string(),
  priceCents: CentsSchema,
  /** Units of the period's supply still unsold (all retailers). */
  remaining: z.number().int(),
  /** The retailer's lower and upper limit this period, and where it comes from. */
  limit: z.object({
    min: z.number().int(),
    max: z.number().int().nullable(),
    source: z.enum(['customer', 'tier', 'none']),
  }),
  /** Already ordered this period by the retailer. */
  ordered: z.number().int(),
  /** What one more order may hold: the smaller of the supply left and the limit left. */
  allowed: z.number().int(),
});

export const OrderCatalogueSchema = z.object({
  customerId: CustomerIdSchema,
  name: z.string().optional(),
  tier: z.string(),
  branch: z.string().optional(),
  period: PeriodSchema,
  /** When ordering for the period closes (ISO time), and whether it has. */
  cutoff: z.string(),
  closed: z.boolean(),
  /** The periods' time zone (show times in it). */
  timeZone: z.string(),
  products: z.array(CatalogueLineSchema),
});
export type OrderCatalogue = z.infer<typeof OrderCatalogueSchema>;

export const PlaceOrderBodySchema = z.object({
  customerId: CustomerIdSchema,
  lines: z
    .array(z.object({ code: ProductCodeSchema, quantity: QuantitySchema }))
    .min(1)
    .max(MAX_ORDER_LINES),
  /** Idempotency: the same id never places a second order (the app sends one per order form). */
  requestId: z.string().min(8).max(64).optional(),
  /** The call the order is taken on (one order per call and retailer). */
  contactId: z.string().min(1).max(256).optional(),
  /** Send the SMS confirmation. @default true */
  sms: z.boolean().default(true),
});

/** A refused line, explained. */
export const OrderRefusalSchema = z.object({
  code: ProductCodeSchema,
  reason: z.enum(LINE_REFUSALS),
  name: z.string().optional(),
  /** over_limit: the upper limit and what may still be ordered; sold_out: what is left. */
  limit: z.number().int().optional(),
  allowed: z.number().int().optional(),
  remaining: z.number().int().optional(),
});
export type OrderRefusal = z.infer<typeof OrderRefusalSchema>;

export const PlaceOrderResultSchema = z.object({
  order: OrderSchema,
  /** false: this request id (or call) had already placed it; the first order is given back. */
  created: z.boolean(),
  sms: z.string().optional(),
});
