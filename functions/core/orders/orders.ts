/**
 * Order centre domain (F20), pure: ordering periods and their cutoff, the cart the IVR carries between steps,
 * checking a line against supply and limits, the order lifecycle, order ids.
 */
import { createHash } from 'node:crypto';
import type { Tier } from '../../../schemas/crm.js';
import type {
  LimitItem,
  LineRefusal,
  Order,
  OrderLine,
  OrderStatus,
  Product,
  SupplyItem,
} from '../../../schemas/orders.js';
import { localParts, zonedTime } from '../business-time.js';

// ---- periods ----------------------------------------------------------------------------------------------------

export interface OrderingSettings {
  /** Time zone of the periods and the cutoff. */
  readonly timeZone: string;
  /** Orders for a week close on this ISO weekday (1 = Monday … 7 = Sunday) at `cutoffTime`. */
  readonly cutoffWeekday: number;
  /** HH:MM, local. */
  readonly cutoffTime: string;
  /** Orders the history self-service reads out. */
  readonly historyCount: number;
}

export const DEFAULT_ORDERING: OrderingSettings = {
  timeZone: 'Asia/Shanghai',
  cutoffWeekday: 4,
  cutoffTime: '17:00',
  historyCount: 3,
};

/** ISO week (year, week) of a calendar date. */
function isoWeek(year: number, month: number, day: number): { year: number; week: number; weekday: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return { year: date.getUTCFullYear(), week, weekday };
}

/** The ordering period (ISO week, `2026-W48`) `at` falls in, in the settings' time zone. */
export function periodOf(at: Date, settings: OrderingSettings = DEFAULT_ORDERING): string {
  const p = localParts(at, settings.timeZone);
  const w = isoWeek(p.year, p.month, p.day);
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** The Monday (local calendar date) of an ISO week. */
function mondayOf(period: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Weekday = jan4.getUTCDay() || 7;
  const monday = new Date(jan4.getTime() + ((week - 1) * 7 - (jan4Weekday - 1)) * 86_400_000);
  return { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() };
}

/** When ordering for `period` closes. */
export function cutoffOf(period: string, settings: OrderingSettings = DEFAULT_ORDERING): Date {
  const monday = mondayOf(period);
  const date = new Date(Date.UTC(monday.year, monday.month - 1, monday.day + settings.cutoffWeekday - 1));
  const [h, min] = settings.cutoffTime.split(':').map(Number);
  return zonedTime(
    settings.timeZone,
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    (h ?? 0) * 60 + (min ?? 0),
  );
}

/** True once the period's cutoff has passed. */
export function isPeriodClosed(
  period: string,
  at: Date,
  settings: OrderingSettings = DEFAULT_ORDERING,
): boolean {
  return at.getTime() >= cutoffOf(period, settings).getTime();
}

// ---- the IVR cart -----------------------------------------------------------------------------------------------

export interface CartLine {
  readonly code: string;
  readonly quantity: number;
}

/** `1001*5,1002*3` → lines (same code merged). Anything malformed is `undefined`. */
export function parseCart(text: string | undefined): CartLine[] | undefined {
  if (!text) return [];
  if (text.length > 400) return undefined;
  const lines = new Map<string, number>();
  for (const part of text.split(',')) {
    const m = /^(\d{1,8})\*(\d{1,6})$/.exec(part);
    if (!m) return undefined;
    const qty = Number(m[2]);
    if (qty < 1) return undefined;
    lines.set(m[1] as string, (lines.get(m[1] as string) ?? 0) + qty);
  }
  return [...lines].map(([code, quantity]) => ({ code, quantity }));
}

export function formatCart(lines: readonly CartLine[]): string {
  return lines.map((l) => `${l.code}*${l.quantity}`).join(',');
}

/** The cart with `line` added (merged into the same product's line). */
export function addToCart(lines: readonly CartLine[], line: CartLine): CartLine[] {
  const found = lines.find((l) => l.code === line.code);
  if (!found) return [...lines, line];
  return lines.map((l) =>
    l.code === line.code ? { code: l.code, quantity: l.quantity + line.quantity } : l,
  );
}

// ---- limits and checks ------------------------------------------------------------------------------------------

export interface EffectiveLimit {
  readonly min: number;
  readonly max: number;
  readonly source: 'customer' | 'tier' | 'none';
}

/** The retailer's own limit wins over its class's; without either, no limit beyond the supply. */
export function effectiveLimit(customer: LimitItem | undefined, tier: LimitItem | undefined): EffectiveLimit {
  if (customer) return { min: customer.min, max: customer.max, source: 'customer' };
  if (tier) return { min: tier.min, max: tier.max, source: 'tier' };
  return { min: 0, max: Number.MAX_SAFE_INTEGER, source: 'none' };
}

export type LineCheck =
  | { readonly ok: true; readonly line: OrderLine }
  | {
      readonly ok: false;
      readonly reason: LineRefusal;
      /** For over_limit: the upper limit and what is still allowed; for sold_out: what is left. */
      readonly limit?: number;
      readonly allowed?: number;
      readonly remaining?: number;
      readonly product?: Product;
    };

export interface LineFacts {
  readonly code: string;
  readonly quantity: number;
  readonly product: Product | undefined;
  readonly supply: SupplyItem | undefined;
  readonly limit: EffectiveLimit;
  /** Already ordered this period (placed orders). */
  readonly ordered: number;
  /** Already in the cart being built (same product). */
  readonly inCart: number;
  readonly closed: boolean;
}

export const productName = (p: Product): string => p.spokenName ?? `${p.brand}${p.specification}`;

/**
 * The checks that need no stock: period open, product known and active, quantity sane. Placement makes them
 * before its transaction, whose conditions then check the supply and the limit.
 */
export function checkCatalogueLine(
  f: Pick<LineFacts, 'code' | 'quantity' | 'product' | 'closed'>,
): LineCheck & { readonly product?: Product } {
  if (f.closed) return { ok: false, reason: 'period_closed' };
  const product = f.product;
  if (!product?.active) return { ok: false, reason: 'unknown_product' };
  if (!Number.isInteger(f.quantity) || f.quantity < 1 || f.quantity > 100_000)
    return { ok: false, reason: 'bad_quantity', product };
  return { ok: true, line: orderLine(product, f.quantity) };
}

/** Check one line: period open, product known, quantity sane, supply left, within the upper limit. */
export function checkLine(f: LineFacts): LineCheck {
  const first = checkCatalogueLine(f);
  if (!first.ok) return first;
  const product = f.product as Product;
  if (!f.supply) return { ok: false, reason: 'no_supply', product };
  const want = f.quantity + f.inCart;
  if (f.supply.remaining < want)
    return { ok: false, reason: 'sold_out', remaining: Math.max(0, f.supply.remaining - f.inCart), product };
  if (f.ordered + want > f.limit.max)
    return {
      ok: false,
      reason: 'over_limit',
      limit: f.limit.max,
      allowed: Math.max(0, f.limit.max - f.ordered - f.inCart),
      product,
    };
  return { ok: true, line: orderLine(product, f.quantity) };
}

export function orderLine(product: Product, quantity: number): OrderLine {
  return {
    code: product.code,
    name: productName(product),
    unit: product.unit,
    quantity,
    unitPriceCents: product.priceCents,
    amountCents: product.priceCents * quantity,
  };
}

export const totalOf = (lines: readonly OrderLine[]): number => lines.reduce((s, l) => s + l.amountCents, 0);

// ---- lifecycle --------------------------------------------------------------------------------------------------

const NEXT: Readonly<Record<OrderStatus, OrderStatus | undefined>> = {
  placed: 'confirmed',
  confirmed: 'picked',
  picked: 'delivered',
  delivered: undefined,
  cancelled: undefined,
};

/** The status after `status` in placed → confirmed → picked → delivered. */
export const nextStatus = (status: OrderStatus): OrderStatus | undefined => NEXT[status];

/** Cancellable by an operator until picked; by the retailer (self-service) also only before the cutoff. */
export function canCancel(order: Order, at: Date, by: 'retailer' | 'operator', settings: OrderingSettings) {
  if (order.status !== 'placed' && order.status !== 'confirmed') return false;
  return by === 'operator' || !isPeriodClosed(order.period, at, settings);
}

export class OrderRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderRuleError';
  }
}

// ---- ids --------------------------------------------------------------------------------------------------------

/** `O20261123-123456`: the local day and six random digits (a collision is retried by the repository). */
export function newOrderId(localDay: string, random: () => number = Math.random): string {
  return `O${localDay}-${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
}

/**
 * The order id of an idempotency key (a contact and retailer) on a local day: the same key gives the same id, so a
 * retry writes to the id its first attempt took. `probe` moves on when another key's order holds the id.
 */
export function orderIdFor(localDay: string, key: string, probe = 0): string {
  const digest = createHash('sha256').update(`${key}#${probe}`).digest();
  return `O${localDay}-${String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0')}`;
}

/** The tier's limit key, for the tier of a customer (standard when unknown). */
export const tierOf = (tier: string | undefined): Tier =>
  tier === 'silver' || tier === 'gold' || tier === 'platinum' ? tier : 'standard';
