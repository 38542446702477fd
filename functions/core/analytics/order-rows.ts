/**
 * Order centre analytics rows (F20, F16): pure derivation of the `orders`, `order_supply` and `order_positions`
 * rows (schemas/analytics.ts) from the stored orders, supply, limits and period totals. No I/O.
 */
import type { OrderPositionRow, OrderRow, OrderSupplyRow } from '../../../schemas/analytics.js';
import type { LimitItem, Order, Product, SupplyItem, TotalItem } from '../../../schemas/orders.js';
import {
  cutoffOf,
  effectiveLimit,
  isPeriodClosed,
  type OrderingSettings,
  productName,
} from '../orders/orders.js';

const iso = (ts: string): string => new Date(Date.parse(ts)).toISOString();

/** One row per line of the order. */
export function orderRowsOf(order: Order, exportedAt: Date): OrderRow[] {
  const cancelledAt = order.history.findLast((e) => e.status === 'cancelled')?.at;
  return order.lines.map((line, i) => ({
    order_id: order.orderId,
    line_no: i + 1,
    period: order.period,
    customer_id: order.customerId,
    tier: order.tier,
    branch: order.branch ?? null,
    source: order.source,
    status: order.status,
    cancelled: order.status === 'cancelled',
    product_code: line.code,
    product_name: line.name,
    unit: line.unit,
    quantity: line.quantity,
    unit_price_cents: line.unitPriceCents,
    amount_cents: line.amountCents,
    order_lines: order.lines.length,
    order_total_cents: order.totalCents,
    contact_id: order.contactId ?? null,
    created_at: iso(order.createdAt),
    cancelled_at: order.status === 'cancelled' && cancelledAt ? iso(cancelledAt) : null,
    updated_at: iso(order.updatedAt),
    exported_at: exportedAt.toISOString(),
  }));
}

export function supplyRowOf(
  supply: SupplyItem,
  product: Product | undefined,
  exportedAt: Date,
  settings: OrderingSettings,
): OrderSupplyRow {
  return {
    period: supply.period,
    product_code: supply.code,
    product_name: product ? productName(product) : null,
    supplied: supply.supplied,
    remaining: supply.remaining,
    sold: supply.supplied - supply.remaining,
    cutoff_at: cutoffOf(supply.period, settings).toISOString(),
    period_closed: isPeriodClosed(supply.period, exportedAt, settings),
    exported_at: exportedAt.toISOString(),
  };
}

export interface Retailer {
  readonly customerId: string;
  readonly tier: string;
  readonly branch?: string | undefined;
}

/**
 * Every retailer's position on every product of a period: a row where the retailer has a lower limit (its own,
 * else its class's) or ordered something; the same rule as the shortfall list (`hotline orders shortfall`).
 * Totals of retailers no longer in the CRM still count (tier unknown, no class limit).
 */
export function positionRowsOf(
  period: string,
  codes: readonly string[],
  retailers: readonly Retailer[],
  limits: readonly LimitItem[],
  totals: readonly TotalItem[],
  exportedAt: Date,
  settings: OrderingSettings,
): OrderPositionRow[] {
  const own = new Map(limits.filter((l) => l.customerId).map((l) => [`${l.customerId}#${l.code}`, l]));
  const byTier = new Map(limits.filter((l) => l.tier).map((l) => [`${l.tier}#${l.code}`, l]));
  const ordered = new Map(totals.map((t) => [`${t.customerId}#${t.code}`, t.ordered]));
  const cutoff = cutoffOf(period, settings).toISOString();
  const closed = isPeriodClosed(period, exportedAt, settings);
  const known = new Set(retailers.map((r) => r.customerId));
  const everyone: Retailer[] = [
    ...retailers,
    ...[...new Set(totals.map((t) => t.customerId))]
      .filter((id) => !known.has(id))
      .map((customerId) => ({ customerId, tier: '(unknown)' })),
  ];
  const rows: OrderPositionRow[] = [];
  for (const r of everyone) {
    for (const code of codes) {
      const limit = effectiveLimit(own.get(`${r.customerId}#${code}`), byTier.get(`${r.tier}#${code}`));
      const got = ordered.get(`${r.customerId}#${code}`) ?? 0;
      if (limit.min <= 0 && got === 0) continue;
      const hasLimit = limit.source !== 'none';
      rows.push({
        period,
        customer_id: r.customerId,
        tier: r.tier,
        branch: r.branch ?? null,
        product_code: code,
        lower_limit: hasLimit ? limit.min : null,
        upper_limit: hasLimit ? limit.max : null,
        limit_source: limit.source,
        ordered: got,
        below_lower: got < limit.min,
        missing: Math.max(0, limit.min - got),
        cutoff_at: cutoff,
        period_closed: closed,
        exported_at: exportedAt.toISOString(),
      });
    }
  }
  return rows;
}
