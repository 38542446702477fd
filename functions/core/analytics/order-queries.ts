/**
 * The order centre's named queries (F20, F16), over the `orders`, `order_supply` and `order_positions` datasets:
 * what an ordering-centre operator asks. The same dialect rules as queries.ts (the common subset of Trino and
 * DuckDB); deployed to Athena and run by `hotline report` with the others (NAMED_QUERIES).
 */

const sql = (s: TemplateStringsArray, ...v: (string | number)[]): string =>
  String.raw({ raw: s }, ...v)
    .trim()
    .replace(/\n\s*/g, '\n');

const BRANCH = `COALESCE(branch, '(none)')`;

export const ORDER_QUERY_DEFINITIONS = [
  {
    key: 'orders_by_period_branch_product',
    name: 'Orders by period, branch and product',
    description:
      'Per ordering period, branch (no branch: "(none)") and product: orders, units and amount (cents) of the orders not cancelled.',
    sql: sql`
      SELECT period, ${BRANCH} AS branch_name, product_code, MAX(product_name) AS product_name,
        COUNT(DISTINCT order_id) AS order_count, SUM(quantity) AS quantity, SUM(amount_cents) AS amount_cents
      FROM orders
      WHERE NOT cancelled
      GROUP BY period, ${BRANCH}, product_code
      ORDER BY period, branch_name, product_code`,
  },
  {
    key: 'orders_by_branch_daily',
    name: 'Orders per branch and day',
    description:
      'Per day (UTC) and branch: orders placed, of them cancelled since, and the units and amount (cents) of those not cancelled.',
    sql: sql`
      SELECT dt, ${BRANCH} AS branch_name, COUNT(DISTINCT order_id) AS order_count,
        COUNT(DISTINCT CASE WHEN cancelled THEN order_id END) AS cancelled_orders,
        SUM(CASE WHEN cancelled THEN 0 ELSE quantity END) AS quantity,
        SUM(CASE WHEN cancelled THEN 0 ELSE amount_cents END) AS amount_cents
      FROM orders
      GROUP BY dt, ${BRANCH}
      ORDER BY dt, branch_name`,
  },
  {
    key: 'supply_fill_rate',
    name: 'Supply fill rate',
    description:
      'Per ordering period and product with supply: units supplied, sold (held by orders not cancelled), remaining, and the fill rate sold / supplied.',
    sql: sql`
      SELECT period, product_code, COALESCE(product_name, '(not in catalogue)') AS product_name,
        supplied, sold, remaining, CAST(sold AS DOUBLE) / NULLIF(supplied, 0) AS fill_rate, period_closed
      FROM order_supply
      ORDER BY period, product_code`,
  },
  {
    key: 'retailers_below_lower_limit',
    name: 'Retailers below their lower limit',
    description:
      "Per ordering period: each retailer and product where it ordered less than its lower limit (下限; its own, else its class's), how much is missing, and whether the period has closed (closed: the outbound campaigns call them).",
    sql: sql`
      SELECT period, ${BRANCH} AS branch_name, customer_id, tier, product_code, lower_limit, ordered, missing,
        limit_source, period_closed
      FROM order_positions
      WHERE below_lower
      ORDER BY period, branch_name, customer_id, product_code`,
  },
  {
    key: 'ivr_self_service_share',
    name: 'IVR self-service share of orders',
    description:
      'Per day (UTC): orders placed, by the IVR (self-service), by an agent and by outbound campaigns, and the IVR share (cancelled orders count where they were placed).',
    sql: sql`
      SELECT dt, COUNT(DISTINCT order_id) AS order_count,
        COUNT(DISTINCT CASE WHEN source = 'ivr' THEN order_id END) AS ivr_orders,
        COUNT(DISTINCT CASE WHEN source = 'agent' THEN order_id END) AS agent_orders,
        COUNT(DISTINCT CASE WHEN source = 'campaign' THEN order_id END) AS campaign_orders,
        CAST(COUNT(DISTINCT CASE WHEN source = 'ivr' THEN order_id END) AS DOUBLE)
          / NULLIF(COUNT(DISTINCT order_id), 0) AS ivr_share
      FROM orders
      GROUP BY dt
      ORDER BY dt`,
  },
  {
    key: 'order_cancellations',
    name: 'Order cancellations',
    description:
      'Per ordering period: orders placed, cancelled (supply and limit given back), the units given back, and the cancellation rate.',
    sql: sql`
      SELECT period, COUNT(DISTINCT order_id) AS order_count,
        COUNT(DISTINCT CASE WHEN cancelled THEN order_id END) AS cancelled_orders,
        SUM(CASE WHEN cancelled THEN quantity ELSE 0 END) AS cancelled_quantity,
        CAST(COUNT(DISTINCT CASE WHEN cancelled THEN order_id END) AS DOUBLE)
          / NULLIF(COUNT(DISTINCT order_id), 0) AS cancellation_rate
      FROM orders
      GROUP BY period
      ORDER BY period`,
  },
] as const;
