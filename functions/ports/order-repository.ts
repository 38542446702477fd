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

export interface PlaceOpts extends ReadOpts {
  /** Another idempotency key than the order id (`--request-id`): a claim item in the same transaction. */
  readonly idempotencyKey?: string;
  /** The catalogue version the prices and limits come from: checked in the transaction. */
  readonly catalogueVersion?: number;
}

/** Every limit and the catalogue version they belong to (placement caches them until the version moves). */
export interface CatalogueSnapshot {
  readonly version: number;
  readonly limits: readonly LimitItem[];
}

/** The catalogue (products or limits) changed since the version the placement used: load it again. */
export class CatalogueChangedError extends Error {
  constructor(version: number) {
    super(`the catalogue changed since version ${version}`);
    this.name = 'CatalogueChangedError';
  }
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
  /** The catalogue version and every limit (a Query of one partition). */
  loadCatalogue(opts?: ReadOpts): Promise<CatalogueSnapshot>;
  /**
   * Place an order in one transaction, reading nothing: per line decrement the supply (condition: enough left)
   * and raise the retailer's period total (condition: within `maxByCode`), write the order (condition: its id is
   * free), with `idempotencyKey` a claim, with `catalogueVersion` a check of the version. An order of the same
   * contact and retailer under the id already (a replay) is returned (`created: false`), as is the claim's order.
   * Throws OrderRejectedError (which lines, why), OrderIdTakenError, CatalogueChangedError.
   */
  placeOrder(
    order: Order,
    maxByCode: ReadonlyMap<string, number>,
    opts?: PlaceOpts,
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
