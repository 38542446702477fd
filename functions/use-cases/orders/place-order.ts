/**
 * Placing an order (F20): one use case for the IVR, the agent (`hotline orders create`) and outbound campaigns.
 * One read (products, supply, limits and the retailer's totals: a BatchGetItem), the checks, then one
 * transaction (supply and totals under conditions, the order, the idempotency claim). Idempotent per contact:
 * Connect retries give the first order back.
 */
import type { Tier } from '../../../schemas/crm.js';
import { MAX_ORDER_LINES, type Order, type OrderLine, type OrderSource } from '../../../schemas/orders.js';
import type { Language } from '../../../schemas/profile.js';
import { localDateKey } from '../../core/business-time.js';
import {
  type CartLine,
  checkLine,
  effectiveLimit,
  isPeriodClosed,
  type LineCheck,
  newOrderId,
  type OrderingSettings,
  periodOf,
  totalOf,
} from '../../core/orders/orders.js';
import {
  type LineData,
  OrderIdTakenError,
  OrderRejectedError,
  type OrderRepository,
  type ReadOpts,
} from '../../ports/order-repository.js';
import { confirmBySms, type SmsConfirmation } from '../sms/confirm-by-sms.js';
import type { SendSmsDeps } from '../sms/send-sms.js';

export interface OrderDeps {
  readonly orders: OrderRepository;
  readonly settings: OrderingSettings;
  readonly now: () => Date;
  readonly sms?: SendSmsDeps;
  /** For tests: the order id's random part. */
  readonly random?: () => number;
}

/** Who orders: from card authentication (IVR) or the CRM (agent, campaign). */
export interface Retailer {
  readonly customerId: string;
  readonly tier: Tier;
  readonly branch?: string;
  /** E.164, for the SMS confirmation. */
  readonly phone?: string;
  readonly language: Language;
}

export type Refusal = Exclude<LineCheck, { ok: true }> & { readonly code: string };

export type PlaceOrderResult =
  | { readonly ok: true; readonly order: Order; readonly created: boolean }
  | { readonly ok: false; readonly refusals: readonly Refusal[] };

export interface PlaceOrderInput {
  readonly retailer: Retailer;
  readonly lines: readonly CartLine[];
  readonly source: OrderSource;
  readonly createdBy: string;
  /** Connect's ContactId: one order per contact (retries give it back). */
  readonly contactId?: string;
  /** Another idempotency key (the CLI's `--request-id`, a campaign's attempt id). */
  readonly requestId?: string;
}

/** Check every line against the period, the catalogue, the supply and the retailer's limits. */
export function checkLines(
  data: LineData,
  lines: readonly CartLine[],
  closed: boolean,
): { ok: OrderLine[]; refusals: Refusal[] } {
  const ok: OrderLine[] = [];
  const refusals: Refusal[] = [];
  for (const l of lines) {
    const check = checkLine({
      code: l.code,
      quantity: l.quantity,
      product: data.products.get(l.code),
      supply: data.supply.get(l.code),
      limit: effectiveLimit(data.customerLimits.get(l.code), data.tierLimits.get(l.code)),
      ordered: data.totals.get(l.code)?.ordered ?? 0,
      inCart: 0,
      closed,
    });
    if (check.ok) ok.push(check.line);
    else refusals.push({ ...check, code: l.code });
  }
  return { ok, refusals };
}

export async function placeOrder(
  deps: OrderDeps,
  input: PlaceOrderInput,
  opts: ReadOpts = {},
): Promise<PlaceOrderResult> {
  const now = deps.now();
  const period = periodOf(now, deps.settings);
  const lines = mergeLines(input.lines);
  if (lines.length === 0 || lines.length > MAX_ORDER_LINES)
    throw new Error(`an order has 1 to ${MAX_ORDER_LINES} lines (got ${lines.length})`);
  const r = input.retailer;
  const data = await deps.orders.readLineData(
    { period, customerId: r.customerId, tier: r.tier, codes: lines.map((l) => l.code) },
    opts,
  );
  const closed = isPeriodClosed(period, now, deps.settings);
  const checked = checkLines(data, lines, closed);
  if (checked.refusals.length) return { ok: false, refusals: checked.refusals };
  const maxByCode = new Map(
    lines.map((l) => [
      l.code,
      effectiveLimit(data.customerLimits.get(l.code), data.tierLimits.get(l.code)).max,
    ]),
  );
  const at = now.toISOString();
  // Per contact and retailer: a retry of the same contact gives the first order, and never another retailer's.
  const idempotencyKey = input.contactId
    ? `CONTACT#${input.contactId}#${r.customerId}#order`
    : input.requestId
      ? `REQUEST#${input.requestId}`
      : undefined;
  for (let attempt = 0; ; attempt++) {
    const order: Order = {
      orderId: newOrderId(localDateKey(now, deps.settings.timeZone), deps.random),
      customerId: r.customerId,
      tier: r.tier,
      ...(r.branch ? { branch: r.branch } : {}),
      ...(r.phone ? { phone: r.phone } : {}),
      language: r.language,
      period,
      lines: checked.ok,
      totalCents: totalOf(checked.ok),
      status: 'placed',
      source: input.source,
      ...(input.contactId ? { contactId: input.contactId } : {}),
      createdBy: input.createdBy,
      createdAt: at,
      updatedAt: at,
      history: [{ at, status: 'placed', by: input.createdBy }],
    };
    try {
      const placed = await deps.orders.placeOrder(order, maxByCode, idempotencyKey, opts);
      return { ok: true, ...placed };
    } catch (err) {
      if (err instanceof OrderIdTakenError && attempt < 3) continue;
      if (err instanceof OrderRejectedError) {
        // Someone else took the supply (or raised the total) between the read and the transaction.
        return {
          ok: false,
          refusals: err.failures.map((f) => {
            const line = checked.ok[f.lineIndex] as OrderLine;
            const limit = maxByCode.get(line.code);
            const product = data.products.get(line.code);
            return {
              ok: false as const,
              code: line.code,
              reason: f.reason,
              ...(product ? { product } : {}),
              ...(f.reason === 'over_limit' && limit !== undefined ? { limit, allowed: 0 } : {}),
            };
          }),
        };
      }
      throw err;
    }
  }
}

function mergeLines(lines: readonly CartLine[]): CartLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.code, (merged.get(l.code) ?? 0) + l.quantity);
  return [...merged].map(([code, quantity]) => ({ code, quantity }));
}

/** The SMS confirmation of an order (once per order; never throws). */
export function confirmOrder(deps: Pick<OrderDeps, 'sms'>, order: Order): Promise<SmsConfirmation> {
  if (!order.phone) return Promise.resolve({ status: 'none' });
  return confirmBySms(deps.sms, {
    to: order.phone,
    template: 'orderConfirmation',
    language: order.language,
    variables: {
      orderId: order.orderId,
      lines: String(order.lines.length),
      total: (order.totalCents / 100).toFixed(2),
    },
    requestedBy: `order:${order.orderId}`,
    dedupeKey: `orderConfirmation#${order.orderId}`,
  });
}
