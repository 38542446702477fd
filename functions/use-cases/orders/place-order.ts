/**
 * Placing an order (F20): one use case for the IVR, the agent (`hotline orders create`) and outbound campaigns.
 * No read before the transaction once the catalogue is cached (catalogue-cache.ts): the period, products and
 * quantities are checked from the cache, then one transaction decrements the supply (condition: enough left),
 * raises the retailer's period total (condition: within the upper limit), writes the order (condition: its id is
 * free) and checks the catalogue version the prices and limits came from. Only a refusal reads, to say why.
 * Idempotent per contact and retailer: the order id is derived from them, so a Connect retry finds its first
 * order under that id.
 */
import type { Tier } from '../../../schemas/crm.js';
import { MAX_ORDER_LINES, type Order, type OrderLine, type OrderSource } from '../../../schemas/orders.js';
import type { Language } from '../../../schemas/profile.js';
import { localDateKey } from '../../core/business-time.js';
import {
  type CartLine,
  checkCatalogueLine,
  checkLine,
  effectiveLimit,
  isPeriodClosed,
  type LineCheck,
  newOrderId,
  type OrderingSettings,
  orderIdFor,
  periodOf,
  totalOf,
} from '../../core/orders/orders.js';
import {
  CatalogueChangedError,
  type LineData,
  OrderIdTakenError,
  OrderRejectedError,
  type OrderRepository,
  type ReadOpts,
} from '../../ports/order-repository.js';
import { confirmBySms, type SmsConfirmation } from '../sms/confirm-by-sms.js';
import type { SendSmsDeps } from '../sms/send-sms.js';
import { CatalogueCache } from './catalogue-cache.js';

export interface OrderDeps {
  readonly orders: OrderRepository;
  readonly settings: OrderingSettings;
  readonly now: () => Date;
  readonly sms?: SendSmsDeps;
  /** Products and limits kept between orders (per Lambda container); without it each order loads them. */
  readonly catalogue?: CatalogueCache;
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
  const codes = lines.map((l) => l.code);
  const closed = isPeriodClosed(period, now, deps.settings);
  const catalogue = deps.catalogue ?? new CatalogueCache();
  const at = now.toISOString();
  const day = localDateKey(now, deps.settings.timeZone);
  // Per contact and retailer: the order id is derived from them, so a retry of the same contact finds its first
  // order under that id (and never another retailer's). Other callers may give a request id (a claim item).
  const contactKey = input.contactId ? `${input.contactId}#${r.customerId}` : undefined;
  if (contactKey) {
    const earlier = await replayAcrossMidnight(deps, contactKey, input, now, opts);
    if (earlier) return { ok: true, order: earlier, created: false };
  }
  /** Why the lines cannot be placed, on fresh data (one read: products, supply, limits and totals). */
  const explain = async (): Promise<Refusal[]> => {
    const data = await deps.orders.readLineData(
      { period, customerId: r.customerId, tier: r.tier, codes },
      opts,
    );
    return checkLines(data, lines, closed).refusals;
  };
  let probe = 0;
  for (let attempt = 0; ; attempt++) {
    const view = await catalogue.view(deps.orders, { customerId: r.customerId, tier: r.tier, codes }, opts);
    const maxByCode = new Map(
      lines.map((l) => [
        l.code,
        effectiveLimit(view.customerLimits.get(l.code), view.tierLimits.get(l.code)).max,
      ]),
    );
    // Checked before the transaction with what needs no read: the period, the catalogue, the quantities, a line
    // over the upper limit by itself. The supply left and the period total are the transaction's conditions.
    const checked = { ok: [] as OrderLine[], refusals: [] as Refusal[] };
    for (const l of lines) {
      const c = checkCatalogueLine({ ...l, product: view.products.get(l.code), closed });
      if (!c.ok) checked.refusals.push({ ...c, code: l.code });
      else if (l.quantity > (maxByCode.get(l.code) ?? 0))
        checked.refusals.push({ ok: false, reason: 'over_limit', code: l.code });
      else checked.ok.push(c.line);
    }
    if (checked.refusals.length) {
      const refusals = await explain();
      if (refusals.length || attempt >= 3)
        return { ok: false, refusals: refusals.length ? refusals : checked.refusals };
      catalogue.invalidate();
      continue;
    }
    const order: Order = {
      orderId: contactKey ? orderIdFor(day, contactKey, probe) : newOrderId(day, deps.random),
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
      const placed = await deps.orders.placeOrder(order, maxByCode, {
        ...opts,
        ...(!contactKey && input.requestId ? { idempotencyKey: `REQUEST#${input.requestId}` } : {}),
        catalogueVersion: view.version,
      });
      return { ok: true, ...placed };
    } catch (err) {
      if (attempt >= 6) throw err;
      if (err instanceof OrderIdTakenError) {
        probe++;
        continue;
      }
      if (err instanceof CatalogueChangedError) {
        catalogue.invalidate();
        continue;
      }
      if (err instanceof OrderRejectedError) {
        // Short of supply or over the limit: say why, on fresh data. Nothing refused any more (supply given back
        // meanwhile): try again.
        const refusals = await explain();
        if (refusals.length) return { ok: false, refusals };
        if (attempt < 3) continue;
        return {
          ok: false,
          refusals: err.failures.map((f) => {
            const line = checked.ok[f.lineIndex] as OrderLine;
            const product = view.products.get(line.code);
            return {
              ok: false as const,
              code: line.code,
              reason: f.reason,
              ...(product ? { product } : {}),
              ...(f.reason === 'over_limit' ? { limit: maxByCode.get(line.code) as number, allowed: 0 } : {}),
            };
          }),
        };
      }
      throw err;
    }
  }
}

/**
 * A retry in the first minute after local midnight may follow a first attempt of the day before, whose order id
 * carries that day: look there (the only read before the transaction, and only in that minute).
 */
async function replayAcrossMidnight(
  deps: OrderDeps,
  contactKey: string,
  input: PlaceOrderInput,
  now: Date,
  opts: ReadOpts,
): Promise<Order | undefined> {
  const tz = deps.settings.timeZone;
  const before = new Date(now.getTime() - REPLAY_WINDOW_MS);
  if (localDateKey(before, tz) === localDateKey(now, tz)) return undefined;
  for (let probe = 0; probe < 3; probe++) {
    const found = await deps.orders.getOrder(orderIdFor(localDateKey(before, tz), contactKey, probe), opts);
    if (!found) return undefined;
    if (found.contactId === input.contactId && found.customerId === input.retailer.customerId) return found;
  }
  return undefined;
}

/** How long after a first attempt Connect may still retry (its Lambda timeout is 8 s at most). */
const REPLAY_WINDOW_MS = 60_000;

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
