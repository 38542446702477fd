/**
 * The catalogue as placement sees it (F20): products and limits cached per catalogue version, so placing an order
 * reads nothing before its transaction. The transaction checks the version the prices and limits came from
 * (every product or limit import raises it in the same transaction), so a cache is never used stale: a changed
 * catalogue fails the check, and the placement loads the catalogue again and retries.
 *
 * Limits are loaded all at once (one partition, one Query): every retailer's own limits are known without a read
 * per retailer. Products are read by code on first use (one BatchGetItem) and kept.
 */
import type { LimitItem, ProductItem } from '../../../schemas/orders.js';
import type { OrderRepository, ReadOpts } from '../../ports/order-repository.js';

export interface CatalogueView {
  readonly version: number;
  readonly products: ReadonlyMap<string, ProductItem>;
  readonly customerLimits: ReadonlyMap<string, LimitItem>;
  readonly tierLimits: ReadonlyMap<string, LimitItem>;
}

/** Most products kept (beyond it the product cache starts again: a catalogue is far smaller). */
const MAX_PRODUCTS = 10_000;

export class CatalogueCache {
  private version: number | undefined;
  private limits = new Map<string, LimitItem>();
  private products = new Map<string, ProductItem | null>();

  /** Forget everything (the transaction found another version). */
  invalidate(): void {
    this.version = undefined;
    this.limits.clear();
    this.products.clear();
  }

  /** Whether a view would read nothing for these codes. */
  isWarm(codes: readonly string[]): boolean {
    return this.version !== undefined && codes.every((c) => this.products.has(c));
  }

  async view(
    orders: Pick<OrderRepository, 'loadCatalogue' | 'getProducts'>,
    q: { readonly customerId: string; readonly tier: string; readonly codes: readonly string[] },
    opts: ReadOpts = {},
  ): Promise<CatalogueView> {
    if (this.version === undefined) {
      const snapshot = await orders.loadCatalogue(opts);
      this.limits = new Map(
        snapshot.limits.map((l) => [
          l.customerId ? `C#${l.customerId}#${l.code}` : `T#${l.tier}#${l.code}`,
          l,
        ]),
      );
      this.products.clear();
      this.version = snapshot.version;
    }
    const version = this.version;
    const missing = q.codes.filter((c) => !this.products.has(c));
    if (missing.length > 0) {
      const found = await orders.getProducts(missing, opts);
      if (this.products.size + missing.length > MAX_PRODUCTS) this.products.clear();
      for (const c of missing) this.products.set(c, found.get(c) ?? null);
    }
    const products = new Map<string, ProductItem>();
    const customerLimits = new Map<string, LimitItem>();
    const tierLimits = new Map<string, LimitItem>();
    for (const c of q.codes) {
      const p = this.products.get(c);
      if (p) products.set(c, p);
      const own = this.limits.get(`C#${q.customerId}#${c}`);
      if (own) customerLimits.set(c, own);
      const tier = this.limits.get(`T#${q.tier}#${c}`);
      if (tier) tierLimits.set(c, tier);
    }
    return { version, products, customerLimits, tierLimits };
  }
}
