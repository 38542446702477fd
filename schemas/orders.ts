import { z } from 'zod';
import { CustomerIdSchema, IsoTimeSchema, LanguageSchema, TierSchema } from './crm.js';

/**
 * Order centre (F20, F14): the catalogue, the supply of each product per ordering period, per-retailer limits,
 * orders and their lifecycle, and the in-call answers. Table layout: schemas/tables.ts (ORDERS_TABLE).
 */

/** Product code: what a retailer types on the keypad (digits only), up to 8. */
export const ProductCodeSchema = z.string().regex(/^\d{1,8}$/, 'product code: 1 to 8 digits');
/** Ordering period: an ISO week, `2026-W48`. */
export const PeriodSchema = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'period: YYYY-Www, e.g. 2026-W48');
/** Money in cents (fen). */
export const CentsSchema = z.number().int().nonnegative().max(1_000_000_000);
export const QuantitySchema = z.number().int().positive().max(100_000);
/** Order id: `O<yyyymmdd>-<6 digits>`. */
export const OrderIdSchema = z.string().regex(/^O\d{8}-\d{6}$/, 'order id: O<yyyymmdd>-<6 digits>');

const Text = (max: number) => z.string().trim().min(1).max(max);

export const ProductSchema = z.object({
  code: ProductCodeSchema,
  brand: Text(60),
  specification: Text(60),
  /** Unit sold: 条 (carton), 箱… */
  unit: Text(10),
  /** Price per unit in cents. */
  priceCents: CentsSchema,
  /** What the caller hears (the brand and specification by default). */
  spokenName: Text(80).optional(),
  active: z.boolean().default(true),
});
export type Product = z.infer<typeof ProductSchema>;

export const ProductItemSchema = ProductSchema.extend({
  pk: z.string(),
  sk: z.literal('PRODUCT'),
  entity: z.literal('product'),
  updatedAt: IsoTimeSchema,
});
export type ProductItem = z.infer<typeof ProductItemSchema>;

export const SupplySchema = z.object({
  period: PeriodSchema,
  code: ProductCodeSchema,
  /** Units allocated to the period (the import sets it; re-importing the same total changes nothing). */
  supplied: z.number().int().nonnegative().max(10_000_000),
});
export type Supply = z.infer<typeof SupplySchema>;

export const SupplyItemSchema = SupplySchema.extend({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('supply'),
  /** Units still to sell: decremented by each order under a condition, returned by a cancellation. */
  remaining: z.number().int(),
  updatedAt: IsoTimeSchema,
});
export type SupplyItem = z.infer<typeof SupplyItemSchema>;

/** A limit for a retailer class (`tier`) or one retailer (`customerId`, which wins) on one product per period. */
export const LimitSchema = z
  .object({
    tier: TierSchema.optional(),
    customerId: CustomerIdSchema.optional(),
    code: ProductCodeSchema,
    /** Lower limit (下限): below it when the period closes, the retailer is on the shortfall list. */
    min: z.number().int().nonnegative().max(100_000).default(0),
    /** Upper limit (上限) per period. */
    max: z.number().int().nonnegative().max(100_000),
  })
  .refine((l) => (l.tier === undefined) !== (l.customerId === undefined), {
    message: 'give exactly one of tier and customerId',
  })
  .refine((l) => l.min <= l.max, { message: 'min must not be above max' });
export type Limit = z.infer<typeof LimitSchema>;

/** The Orders table partition holding every limit (placement loads it whole; the order desk may Query only it). */
export const ORDER_LIMITS_PARTITION = 'LIMITS';

export const LimitItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('limit'),
  code: ProductCodeSchema,
  tier: TierSchema.optional(),
  customerId: CustomerIdSchema.optional(),
  min: z.number().int().nonnegative(),
  max: z.number().int().nonnegative(),
  updatedAt: IsoTimeSchema,
});
export type LimitItem = z.infer<typeof LimitItemSchema>;

export const TotalItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('total'),
  period: PeriodSchema,
  customerId: CustomerIdSchema,
  code: ProductCodeSchema,
  ordered: z.number().int().nonnegative(),
});
export type TotalItem = z.infer<typeof TotalItemSchema>;

export const ORDER_STATUSES = ['placed', 'confirmed', 'picked', 'delivered', 'cancelled'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const ORDER_SOURCES = ['ivr', 'agent', 'campaign'] as const;
export const OrderSourceSchema = z.enum(ORDER_SOURCES);
export type OrderSource = z.infer<typeof OrderSourceSchema>;

export const OrderLineSchema = z.object({
  code: ProductCodeSchema,
  name: Text(120),
  unit: Text(10),
  quantity: QuantitySchema,
  unitPriceCents: CentsSchema,
  amountCents: CentsSchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderEventSchema = z.object({
  at: IsoTimeSchema,
  status: OrderStatusSchema,
  by: Text(64),
  note: Text(500).optional(),
});
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export const MAX_ORDER_LINES = 20;

export const OrderSchema = z.object({
  orderId: OrderIdSchema,
  customerId: CustomerIdSchema,
  tier: TierSchema,
  branch: z.string().max(64).optional(),
  /** The number the order was placed from (E.164), for the SMS confirmation. */
  phone: z.string().max(32).optional(),
  language: LanguageSchema,
  period: PeriodSchema,
  lines: z.array(OrderLineSchema).min(1).max(MAX_ORDER_LINES),
  totalCents: CentsSchema,
  status: OrderStatusSchema,
  source: OrderSourceSchema,
  contactId: z.string().max(256).optional(),
  createdBy: Text(64),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  history: z.array(OrderEventSchema).max(50),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderItemSchema = OrderSchema.extend({
  pk: z.string(),
  sk: z.literal('ORDER'),
  entity: z.literal('order'),
  custpk: z.string(),
  custsk: z.string(),
  periodpk: z.string(),
  periodsk: z.string(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

/** Why a line is refused. */
export const LINE_REFUSALS = [
  'unknown_product',
  'bad_quantity',
  'sold_out',
  'over_limit',
  'period_closed',
  'no_supply',
] as const;
export type LineRefusal = (typeof LINE_REFUSALS)[number];

/** The CRM's card claim (pk CARD#<card>), with a copy of the customer's fields when saved since cards carry one. */
export const CardItemSchema = z.looseObject({
  pk: z.string(),
  sk: z.literal('CARD'),
  customerId: CustomerIdSchema,
  name: z.string().optional(),
  tier: TierSchema.optional(),
  vip: z.boolean().optional(),
  branch: z.string().optional(),
  language: LanguageSchema.optional(),
  dedicatedAgentId: z.string().optional(),
});
export type CardItem = z.infer<typeof CardItemSchema>;

// ---- in-call answers (STRING_MAP for $.External) -----------------------------------------------------------

export const CARD_STATUSES = ['ok', 'unknown', 'none', 'degraded'] as const;
/** The card authentication Lambda's answer: the caller-lookup keys of the card's customer, plus the verdict. */
export const CardAuthResponseSchema = z.strictObject({
  cardStatus: z.enum(CARD_STATUSES),
  authenticated: z.enum(['true', 'false']),
  /** The card belongs to another customer than the calling number's (the agent sees it). */
  cardMismatch: z.enum(['true', 'false']),
  customerId: z.string(),
  displayName: z.string(),
  tier: z.string(),
  vip: z.enum(['true', 'false']),
  branch: z.string(),
  language: z.string(),
  dedicatedAgentId: z.string(),
  queueHint: z.string(),
});
export type CardAuthResponse = z.infer<typeof CardAuthResponseSchema>;

export const ORDER_DESK_STATUSES = [
  'ok',
  'refused',
  'unknown_product',
  'bad_quantity',
  'empty',
  'closed',
  'not_authenticated',
  'not_found',
  'too_late',
  'degraded',
] as const;
/** The order desk Lambda's answer. `readBack` is what the caller hears, in their language. */
export const OrderDeskResponseSchema = z.strictObject({
  orderStatus: z.enum(ORDER_DESK_STATUSES),
  readBack: z.string(),
  /** The cart after this step (`code*qty,code*qty`): the flow keeps it in an attribute. */
  cart: z.string(),
  orderId: z.string(),
  /** Order ids the history read out, in order (`id,id,id`): key n cancels the n-th. */
  orders: z.string(),
});
export type OrderDeskResponse = z.infer<typeof OrderDeskResponseSchema>;
