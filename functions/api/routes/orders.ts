/**
 * Order entry for the agent (F20, the distribution profile): the retailer's catalogue for the current period
 * (supply left, their limits and what they ordered, in one Query and one BatchGetItem), placing an order through
 * the order centre's one placement use case (the same checks and transaction as the IVR), and their last
 * orders. A refused order is problem JSON (422) whose `refusals` say, per line, why.
 */
import { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../../../schemas/api.js';
import {
  OrderCatalogueSchema,
  OrderRefusalSchema,
  PlaceOrderBodySchema,
  PlaceOrderResultSchema,
} from '../../../schemas/api-orders.js';
import { CustomerIdSchema } from '../../../schemas/crm.js';
import { OrderSchema } from '../../../schemas/orders.js';
import { cutoffOf, effectiveLimit, isPeriodClosed, periodOf, productName } from '../../core/orders/orders.js';
import { normalizePhone } from '../../core/phone.js';
import { orderHistory } from '../../use-cases/orders/manage-orders.js';
import { confirmOrder, placeOrder, type Refusal } from '../../use-cases/orders/place-order.js';
import { NotFoundError } from '../problems.js';
import { changesOf, json, type RouteKit } from '../route-kit.js';

const REFUSED_TYPE = 'https://hotline.dev/problems/order-refused';

export const refusalOf = (r: Refusal) => ({
  code: r.code,
  reason: r.reason,
  ...(r.product ? { name: productName(r.product) } : {}),
  ...(r.limit !== undefined ? { limit: r.limit } : {}),
  ...(r.allowed !== undefined ? { allowed: r.allowed } : {}),
  ...(r.remaining !== undefined ? { remaining: r.remaining } : {}),
});

export function registerOrderRoutes({ app, route, audit, deps }: RouteKit): void {
  const ordersOf = () => {
    if (!deps.orders) throw new NotFoundError(`the ${deps.profile.id} profile takes no orders`);
    return deps.orders;
  };
  const retailerOf = async (customerId: string) => {
    const c = await deps.core.crm.getCustomer(customerId);
    if (!c) throw new NotFoundError(`no customer ${customerId}`);
    return c;
  };

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/orders/catalogue',
      operationId: 'getOrderCatalogue',
      summary: "What a retailer can order this period: supply left, the retailer's limits and orders so far",
      request: { query: z.object({ customerId: CustomerIdSchema }) },
      responses: json(OrderCatalogueSchema),
    }),
    async (c) => {
      const orders = ordersOf();
      const customer = await retailerOf(c.req.valid('query').customerId);
      const now = orders.now();
      const period = periodOf(now, orders.settings);
      const supply = await orders.orders.listSupply(period);
      const data = await orders.orders.readLineData({
        period,
        customerId: customer.customerId,
        tier: customer.tier,
        codes: supply.map((s) => s.code),
      });
      const products = supply.flatMap((s) => {
        const p = data.products.get(s.code);
        if (!p?.active) return [];
        const limit = effectiveLimit(data.customerLimits.get(s.code), data.tierLimits.get(s.code));
        const ordered = data.totals.get(s.code)?.ordered ?? 0;
        const unlimited = limit.source === 'none';
        return [
          {
            code: p.code,
            name: productName(p),
            brand: p.brand,
            specification: p.specification,
            unit: p.unit,
            priceCents: p.priceCents,
            remaining: s.remaining,
            limit: { min: limit.min, max: unlimited ? null : limit.max, source: limit.source },
            ordered,
            allowed: Math.max(0, Math.min(s.remaining, unlimited ? s.remaining : limit.max - ordered)),
          },
        ];
      });
      products.sort((a, b) => a.code.localeCompare(b.code));
      return c.json(
        {
          customerId: customer.customerId,
          ...(customer.name ? { name: customer.name } : {}),
          tier: customer.tier,
          ...(customer.branch ? { branch: customer.branch } : {}),
          period,
          cutoff: cutoffOf(period, orders.settings).toISOString(),
          closed: isPeriodClosed(period, now, orders.settings),
          timeZone: orders.settings.timeZone,
          products,
        },
        200,
      );
    },
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/orders',
      operationId: 'listOrders',
      summary: "A retailer's last orders, newest first",
      request: {
        query: z.object({
          customerId: CustomerIdSchema,
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
      },
      responses: json(z.object({ orders: z.array(OrderSchema.extend({ cancellable: z.boolean() })) })),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const history = await orderHistory(ordersOf(), q.customerId, q.limit);
      return c.json({ orders: history.map((h) => ({ ...h.order, cancellable: h.cancellable })) }, 200);
    },
  );

  const placeResponses = {
    ...json(PlaceOrderResultSchema),
    422: {
      description: 'the order was refused: `refusals` says why, line by line (problem details, RFC 9457)',
      content: {
        'application/problem+json': {
          schema: ProblemSchema.extend({ refusals: z.array(OrderRefusalSchema) }),
        },
      },
    },
  };

  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/orders',
      operationId: 'placeOrder',
      summary: "Place an order for a retailer (checked against supply and the retailer's limits)",
      description:
        "The order centre's placement use case, as on the IVR: every line checked, then one transaction. The same `requestId` (or `contactId`) never places a second order.",
      request: {
        body: { required: true, content: { 'application/json': { schema: PlaceOrderBodySchema } } },
      },
      responses: placeResponses,
    }),
    async (c) => {
      const orders = ordersOf();
      const body = c.req.valid('json');
      const customer = await retailerOf(body.customerId);
      const phone = customer.phones[0]
        ? normalizePhone(customer.phones[0], deps.core.phoneRegion)
        : undefined;
      const r = await placeOrder(orders, {
        retailer: {
          customerId: customer.customerId,
          tier: customer.tier,
          ...(customer.branch ? { branch: customer.branch } : {}),
          ...(phone?.kind === 'e164' ? { phone: phone.e164 } : {}),
          language: customer.language,
        },
        lines: body.lines,
        source: 'agent',
        createdBy: c.get('user').username,
        ...(body.contactId ? { contactId: body.contactId } : {}),
        ...(body.requestId ? { requestId: body.requestId } : {}),
      });
      if (!r.ok) {
        const refusals = r.refusals.map(refusalOf);
        return c.json(
          {
            type: REFUSED_TYPE,
            title: 'The order was refused',
            status: 422,
            detail: refusals.map((x) => `${x.code}: ${x.reason}`).join('; '),
            instance: c.req.path,
            refusals,
          },
          422,
          { 'content-type': 'application/problem+json' },
        );
      }
      let sms: string | undefined;
      if (r.created) {
        await audit(
          c,
          'placeOrder',
          `order:${r.order.orderId}`,
          changesOf(undefined, r.order, ['customerId', 'period', 'lines', 'totalCents', 'status', 'source']),
        );
        if (body.sms) sms = (await confirmOrder(orders, r.order)).status;
      }
      return c.json({ order: r.order, created: r.created, ...(sms ? { sms } : {}) }, 200);
    },
  );
}
