/**
 * The order centre's dependencies for the API: where the profile takes orders (it has an order centre in its
 * flows) and the environment names the orders table. The API waits longer than the IVR's 3 s budget.
 */
import { ORDER_CENTRE_KEYS } from '../../../contact-flows/flows/order-centre.js';
import type { Profile } from '../../../schemas/profile.js';
import { OUTSIDE_A_CALL_BUDGETS } from '../../shared/in-call-deps.js';
import { orderDepsFromEnv } from '../../shared/order-deps.js';
import type { OrderDeps } from '../../use-cases/orders/place-order.js';

export function orderDepsOf(
  profile: Profile,
  env: Readonly<Record<string, string | undefined>>,
  now?: () => Date,
): { orders?: OrderDeps } {
  if (!ORDER_CENTRE_KEYS[profile.id] || !env.ORDERS_TABLE_NAME) return {};
  const deps = orderDepsFromEnv(
    { ...env, HOTLINE_PROFILE: profile.id, ...OUTSIDE_A_CALL_BUDGETS },
    { ...(now ? { now } : {}), requestTimeoutMs: 5000, connectionTimeoutMs: 1000 },
  );
  if ('configError' in deps) throw new Error(`API configuration: ${deps.configError}`);
  return { orders: deps };
}
