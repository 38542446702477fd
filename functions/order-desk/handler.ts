/**
 * orderDesk: the distribution flow's in-call Lambda for ordering by phone and order history (issue 11, F20/F14).
 * One function, one step per invocation (`action`):
 *
 * - `line`: check a product code and quantity against the catalogue, the period's supply and the retailer's
 *   limits (with what the cart already holds); answers the read-back (name, quantity, price) and the new cart;
 * - `review`: the whole cart with prices and the total;
 * - `place`: places the order (one transaction; idempotent per ContactId), then the SMS confirmation with what is
 *   left of the budget; answers the order number to read digit by digit;
 * - `history`: the retailer's last orders (date, lines, total, state) and which may be cancelled;
 * - `cancel`: cancels the `choice`-th order of that history (supply and limit given back).
 *
 * The flow keeps the cart in a contact attribute (`code*qty,…`), so each step is stateless. Only an authenticated
 * retailer (card authentication) is served. Built with the in-call wrapper: anything wrong answers
 * `orderStatus=degraded` within the budget (the flow apologises and transfers to an agent).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { LanguageSchema } from '../../schemas/crm.js';
import type { OrderDeskResponse } from '../../schemas/orders.js';
import { formatCart, OrderRuleError, parseCart, tierOf } from '../core/orders/orders.js';
import {
  cancelledText,
  historyText,
  lineText,
  orderSummaryText,
  placedText,
  refusalText,
  tooLateText,
} from '../core/orders/speech.js';
import { normalizePhone } from '../core/phone.js';
import { createInCallHandler, lenient, TIMEOUT } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../shared/order-deps.js';
import { cancelOrder, checkCartLine, orderHistory, priceCart } from '../use-cases/orders/manage-orders.js';
import { confirmOrder, placeOrder, type Retailer } from '../use-cases/orders/place-order.js';

export const ORDER_DESK_ACTIONS = ['line', 'review', 'place', 'history', 'cancel'] as const;

export const OrderDeskParametersSchema = z.looseObject({
  action: z.enum(ORDER_DESK_ACTIONS),
  authenticated: z.string().max(8).optional(),
  customerId: lenient(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)),
  tier: z.string().max(16).optional(),
  branch: lenient(z.string().max(64)),
  language: z.string().max(8).optional(),
  phoneNumber: z.string().max(64).optional(),
  cart: z.string().max(400).optional(),
  productCode: z.string().max(64).optional(),
  quantity: z.string().max(64).optional(),
  orders: z.string().max(200).optional(),
  choice: z.string().max(8).optional(),
});

export interface OrderDeskHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly orders: OrderCentreDeps | { readonly configError: string };
}

const answer = (
  orderStatus: OrderDeskResponse['orderStatus'],
  fields: Partial<Omit<OrderDeskResponse, 'orderStatus'>> = {},
): OrderDeskResponse => ({ orderStatus, readBack: '', cart: '', orderId: '', orders: '', ...fields });

export function createOrderDeskHandler({ logger, metrics, orders }: OrderDeskHandlerDeps) {
  return createInCallHandler({
    name: 'orderDesk',
    metricPrefix: 'Order',
    logger,
    metrics,
    deps: orders,
    params: OrderDeskParametersSchema,
    budgetMs: (d) => d.env.ORDER_BUDGET_MS,
    fallback: (): OrderDeskResponse => answer('degraded'),
    run: async ({ contact, params: p, signal, within }, d) => {
      const language = LanguageSchema.catch('zh-CN').parse(p.language || contact.Attributes.language);
      if (p.authenticated !== 'true' || !p.customerId) return answer('not_authenticated');
      const phone = normalizePhone(p.phoneNumber || contact.CustomerEndpoint?.Address, d.phoneRegion);
      const retailer: Retailer = {
        customerId: p.customerId,
        tier: tierOf(p.tier),
        ...(p.branch ? { branch: p.branch } : {}),
        ...(phone.kind === 'e164' ? { phone: phone.e164 } : {}),
        language,
      };
      const cart = parseCart(p.cart) ?? [];
      const opts = { abortSignal: signal };
      metrics.addMetric(`OrderDesk_${p.action}`, MetricUnit.Count, 1);
      switch (p.action) {
        case 'line': {
          const code = (p.productCode ?? '').trim();
          const quantity = /^\d{1,6}$/.test((p.quantity ?? '').trim()) ? Number(p.quantity) : Number.NaN;
          if (!/^\d{1,8}$/.test(code))
            return answer('unknown_product', {
              readBack: refusalText({ ok: false, reason: 'unknown_product' }, language),
              cart: formatCart(cart),
            });
          const { check, cart: next } = await checkCartLine(d, retailer, cart, { code, quantity }, opts);
          if (check.ok)
            return answer('ok', { readBack: lineText(check.line, language), cart: formatCart(next) });
          const status =
            check.reason === 'unknown_product' || check.reason === 'bad_quantity'
              ? check.reason
              : check.reason === 'period_closed'
                ? 'closed'
                : 'refused';
          return answer(status, { readBack: refusalText(check, language), cart: formatCart(cart) });
        }
        case 'review': {
          const priced = await priceCart(d, cart, opts);
          if (priced.lines.length === 0) return answer('empty', { readBack: emptyText(language) });
          return answer('ok', {
            readBack: orderSummaryText(priced.lines, priced.totalCents, language),
            cart: formatCart(cart),
          });
        }
        case 'place': {
          if (cart.length === 0) return answer('empty', { readBack: emptyText(language) });
          const result = await placeOrder(
            d,
            { retailer, lines: cart, source: 'ivr', createdBy: 'ivr', contactId: contact.ContactId },
            opts,
          );
          if (!result.ok) {
            const refused = new Set(result.refusals.map((r) => r.code));
            const closed = result.refusals.some((r) => r.reason === 'period_closed');
            metrics.addMetric('OrderRefused', MetricUnit.Count, 1);
            return answer(closed ? 'closed' : 'refused', {
              readBack: result.refusals
                .map((r) => refusalText(r, language))
                .join(language === 'zh-CN' ? '' : ' '),
              cart: formatCart(cart.filter((l) => !refused.has(l.code))),
            });
          }
          const sms = await within(confirmOrder(d, result.order), { reserveMs: 20 });
          const smsStatus = sms === TIMEOUT ? 'timeout' : 'failed' in sms ? 'failed' : sms.status;
          metrics.addMetric(result.created ? 'OrderPlaced' : 'OrderReplayed', MetricUnit.Count, 1);
          logger.info('order placed', {
            orderId: result.order.orderId,
            created: result.created,
            lines: result.order.lines.length,
            smsStatus,
          });
          const smsSent = smsStatus === 'sent' || smsStatus === 'duplicate';
          return answer('ok', {
            readBack: placedText(result.order, language, smsSent),
            orderId: result.order.orderId,
          });
        }
        case 'history': {
          const history = await orderHistory(d, retailer.customerId, d.settings.historyCount, opts);
          return answer(history.length ? 'ok' : 'empty', {
            readBack: historyText(history, d.settings.timeZone, language),
            orders: history.map((h) => h.order.orderId).join(','),
          });
        }
        case 'cancel': {
          const ids = (p.orders ?? '').split(',').filter((x) => x.length > 0);
          const n = Number(p.choice);
          const orderId = Number.isInteger(n) && n >= 1 ? ids[n - 1] : undefined;
          if (!orderId) return answer('not_found', { readBack: tooLateText(language) });
          try {
            const cancelled = await cancelOrder(d, orderId, {
              by: 'retailer',
              customerId: retailer.customerId,
            });
            metrics.addMetric('OrderCancelledByRetailer', MetricUnit.Count, 1);
            return answer('ok', { readBack: cancelledText(cancelled, language), orderId });
          } catch (err) {
            if (err instanceof OrderRuleError) return answer('too_late', { readBack: tooLateText(language) });
            throw err;
          }
        }
      }
    },
  });
}

const emptyText = (language: string) =>
  language === 'zh-CN' ? '您的订单中还没有商品。' : 'Your order has no products yet.';

export function orderDeskDepsFromEnv(env: NodeJS.ProcessEnv = process.env, now?: () => Date) {
  return orderDepsFromEnv(env, now ? { now } : {});
}

const { logger, metrics } = createObservability('order-desk');
export const handler = createOrderDeskHandler({ logger, metrics, orders: orderDeskDepsFromEnv() });
