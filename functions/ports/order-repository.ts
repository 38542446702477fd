import type {
  Limit,
  LimitItem,
  Order,
  OrderStatus,
  Product,
  ProductItem,
  Supply,
  SupplyItem,
  TotalItem,
} from '../../schemas/orders.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** Everything needed to check lines, read in one request (BatchGetItem). */
export interface LineData {
  readonly products: ReadonlyMap<string, ProductItem>;
  readonly supply: ReadonlyMap<string, SupplyItem>;
  readonly customerLimits: ReadonlyMap<string, LimitItem>;
  readonly tierLimits: ReadonlyMap<string, LimitItem>;
  readonly totals: ReadonlyMap<string, TotalItem>;
}

/** Why the placement transaction was refused, per line index (conditions), or a replay. */
export class OrderRejectedError extends Error {
  constructor(
    readonly failures: ReadonlyArray<{
      readonly lineIndex: number;
      readonly reason: 'sold_out' | 'over_limit';
    }>,
  ) {
    super(`order refused: ${failures.map((f) => `line ${f.lineIndex + 1} ${f.reason}`).join(', ')}`);
    this.name = 'OrderRejectedError';
  }
}

/** Another order already has this id (retry with a new one). */
export class OrderIdTakenError extends Error {
  constructor(orderId: string) {
    super(`order id ${orderId} is taken`);
    this.name = 'OrderIdTakenError';
  }
}

/** The order changed since it was read (status moved on). */
export class OrderConflictError extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} changed meanwhile; read it again`);
    this.name = 'OrderConflictError';
  }
}

export interface ReadOpts {
  readonly abortSignal?: AbortSignal;
}

export interface OrderRepository {
  saveProduct(product: Product, at: Date): Promise<ImportOutcome>;
  /** Set the period's supply total; `remaining` moves by the difference (never below what was sold). */
  saveSupply(supply: Supply, at: Date): Promise<ImportOutcome>;
  saveLimit(limit: Limit, at: Date): Promise<ImportOutcome>;
  /** Products, supply, limits and the retailer's totals for these codes: one BatchGetItem. */
  readLineData(
    q: { period: string; customerId: string; tier: string; codes: readonly string[] },
    opts?: ReadOpts,
  ): Promise<LineData>;
  /** Products by code (one BatchGetItem). */
  getProducts(codes: readonly string[], opts?: ReadOpts): Promise<Map<string, ProductItem>>;
  /**
   * Place an order in one transaction: per line decrement the supply (condition: enough left) and raise the
   * retailer's period total (condition: within `maxByCode`), write the order and, with `idempotencyKey`, its
   * claim. A replay of the same key returns the first order (`created: false`).
   * Throws OrderRejectedError (which lines, why), OrderIdTakenError.
   */
  placeOrder(
    order: Order,
    maxByCode: ReadonlyMap<string, number>,
    idempotencyKey?: string,
    opts?: ReadOpts,
  ): Promise<{ order: Order; created: boolean }>;
  getOrder(orderId: string, opts?: ReadOpts): Promise<Order | undefined>;
  /** A retailer's orders, newest first. */
  listByCustomer(customerId: string, limit: number, opts?: ReadOpts): Promise<Order[]>;
  listByPeriod(period: string): Promise<Order[]>;
  /** Cancel: the order's status (condition: unchanged since read), supply and totals given back, one transaction. */
  cancelOrder(order: Order, cancelled: Order): Promise<void>;
  /** Move the status on (condition: unchanged since read). */
  updateStatus(order: Order, updated: Order): Promise<void>;
  listProducts(): Promise<ProductItem[]>;
  listSupply(period: string): Promise<SupplyItem[]>;
  listLimits(): Promise<LimitItem[]>;
  listTotals(period: string): Promise<TotalItem[]>;
}

export type { OrderStatus };
