/**
 * The rest of the order centre's use cases: a cart line checked while the caller builds the order (IVR), the
 * cart read back with its total, the order history, cancellation (supply and limit given back), the lifecycle,
 * and the shortfall list (retailers below their lower limit when the period closes).
 */
import type { Order, OrderLine, OrderStatus, ProductItem } from '../../../schemas/orders.js';
import {
  addToCart,
  type CartLine,
  canCancel,
  checkLine,
  effectiveLimit,
  isPeriodClosed,
  type LineCheck,
  nextStatus,
  OrderRuleError,
  orderLine,
  periodOf,
  totalOf,
} from '../../core/orders/orders.js';
import type { ReadOpts } from '../../ports/order-repository.js';
import type { OrderDeps, Retailer } from './place-order.js';

/** One more line for the cart: checked with what the cart already holds of the product. */
export async function checkCartLine(
  deps: OrderDeps,
  retailer: Retailer,
  cart: readonly CartLine[],
  line: CartLine,
  opts: ReadOpts = {},
): Promise<{ check: LineCheck; cart: CartLine[] }> {
  const now = deps.now();
  const period = periodOf(now, deps.settings);
  const data = await deps.orders.readLineData(
    { period, customerId: retailer.customerId, tier: retailer.tier, codes: [line.code] },
    opts,
  );
  const check = checkLine({
    code: line.code,
    quantity: line.quantity,
    product: data.products.get(line.code),
    supply: data.supply.get(line.code),
    limit: effectiveLimit(data.customerLimits.get(line.code), data.tierLimits.get(line.code)),
    ordered: data.totals.get(line.code)?.ordered ?? 0,
    inCart: cart.find((l) => l.code === line.code)?.quantity ?? 0,
    closed: isPeriodClosed(period, now, deps.settings),
  });
  return { check, cart: check.ok ? addToCart(cart, line) : [...cart] };
}

/** The cart's lines with today's prices (one BatchGetItem); lines of unknown products are left out. */
export async function priceCart(
  deps: Pick<OrderDeps, 'orders'>,
  cart: readonly CartLine[],
  opts: ReadOpts = {},
): Promise<{ lines: OrderLine[]; totalCents: number }> {
  if (cart.length === 0) return { lines: [], totalCents: 0 };
  const products = await deps.orders.getProducts(
    cart.map((l) => l.code),
    opts,
  );
  const lines = cart
    .map((l) => [products.get(l.code), l.quantity] as const)
    .filter((x): x is readonly [ProductItem, number] => x[0] !== undefined)
    .map(([p, q]) => orderLine(p, q));
  return { lines, totalCents: totalOf(lines) };
}

/** The retailer's last orders (newest first), and whether the retailer may still cancel each. */
export async function orderHistory(
  deps: OrderDeps,
  customerId: string,
  count: number,
  opts: ReadOpts = {},
): Promise<Array<{ order: Order; cancellable: boolean }>> {
  const now = deps.now();
  const orders = await deps.orders.listByCustomer(customerId, count, opts);
  return orders.map((order) => ({ order, cancellable: canCancel(order, now, 'retailer', deps.settings) }));
}

/**
 * Cancel an order: the supply and the retailer's period total are given back in the same transaction. A retailer
 * (`by: 'retailer'`, self-service) may cancel only its own orders and only before the period's cutoff; an
 * operator until the order is picked.
 */
export async function cancelOrder(
  deps: OrderDeps,
  orderId: string,
  who: { by: 'retailer'; customerId: string } | { by: 'operator'; name: string },
  note?: string,
): Promise<Order> {
  const order = await deps.orders.getOrder(orderId);
  if (!order || (who.by === 'retailer' && order.customerId !== who.customerId))
    throw new OrderRuleError(`no order ${orderId}`);
  const now = deps.now();
  if (!canCancel(order, now, who.by, deps.settings))
    throw new OrderRuleError(
      order.status === 'placed' || order.status === 'confirmed'
        ? `order ${orderId} can no longer be cancelled by the retailer: the period ${order.period} has closed`
        : `order ${orderId} is ${order.status}: it can no longer be cancelled`,
    );
  const at = now.toISOString();
  const by = who.by === 'retailer' ? `retailer:${who.customerId}` : who.name;
  const cancelled: Order = {
    ...order,
    status: 'cancelled',
    updatedAt: at,
    history: [...order.history, { at, status: 'cancelled' as const, by, ...(note ? { note } : {}) }].slice(
      -50,
    ),
  };
  await deps.orders.cancelOrder(order, cancelled);
  return cancelled;
}

/** Move an order to its next status (placed → confirmed → picked → delivered), or to `to` if that is the next. */
export async function advanceOrder(
  deps: OrderDeps,
  orderId: string,
  by: string,
  to?: OrderStatus,
  note?: string,
): Promise<Order> {
  const order = await deps.orders.getOrder(orderId);
  if (!order) throw new OrderRuleError(`no order ${orderId}`);
  const next = nextStatus(order.status);
  if (!next) throw new OrderRuleError(`order ${orderId} is ${order.status}: it has no next status`);
  if (to !== undefined && to !== next)
    throw new OrderRuleError(`order ${orderId} is ${order.status}: it can only move to ${next}, not ${to}`);
  const at = deps.now().toISOString();
  const updated: Order = {
    ...order,
    status: next,
    updatedAt: at,
    history: [...order.history, { at, status: next, by, ...(note ? { note } : {}) }].slice(-50),
  };
  await deps.orders.updateStatus(order, updated);
  return updated;
}

export interface ShortfallLine {
  readonly customerId: string;
  readonly code: string;
  readonly min: number;
  readonly ordered: number;
  readonly missing: number;
  readonly limitSource: 'customer' | 'tier';
}

/**
 * Retailers below their lower limit for a period: for every retailer (`customers`: id and tier) and every product
 * with a lower limit (its own, else its class's), what it ordered (placed orders, cancellations given back).
 */
export async function shortfall(
  deps: Pick<OrderDeps, 'orders'>,
  period: string,
  customers: ReadonlyArray<{ readonly customerId: string; readonly tier: string }>,
): Promise<ShortfallLine[]> {
  const [limits, totals] = await Promise.all([deps.orders.listLimits(), deps.orders.listTotals(period)]);
  const ordered = new Map(totals.map((t) => [`${t.customerId}#${t.code}`, t.ordered]));
  const own = new Map(limits.filter((l) => l.customerId).map((l) => [`${l.customerId}#${l.code}`, l]));
  const byTier = new Map<string, typeof limits>();
  for (const l of limits.filter((x) => x.tier))
    byTier.set(l.tier as string, [...(byTier.get(l.tier as string) ?? []), l]);
  const codes = [...new Set(limits.map((l) => l.code))].sort();
  const out: ShortfallLine[] = [];
  for (const c of customers) {
    for (const code of codes) {
      const mine = own.get(`${c.customerId}#${code}`);
      const tier = (byTier.get(c.tier) ?? []).find((l) => l.code === code);
      const limit = mine ?? tier;
      if (!limit || limit.min <= 0) continue;
      const got = ordered.get(`${c.customerId}#${code}`) ?? 0;
      if (got < limit.min)
        out.push({
          customerId: c.customerId,
          code,
          min: limit.min,
          ordered: got,
          missing: limit.min - got,
          limitSource: mine ? 'customer' : 'tier',
        });
    }
  }
  return out.sort((a, b) => a.customerId.localeCompare(b.customerId) || a.code.localeCompare(b.code));
}
