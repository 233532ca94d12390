/*
 * A customer's purchase totals and owned products, from their transactions: the one computation behind
 * the full recompute (analytics/value.ts), the refresh after an import or a merge (imports/customer-totals.ts),
 * the generated demo data (seed/generate.ts) and the picture's average basket (picture.service.ts).
 * Pure, so the figures cannot drift apart between those paths.
 */

const round2 = (n: number) => Math.round(n * 100) / 100;

/** What the customer record keeps precomputed (`totals`): all-time count and spend, first and last purchase. */
export interface PurchaseTotals {
  count: number;
  spend: number;
  firstAt?: Date;
  lastAt?: Date;
}

/** A SKU the customer owns, with its category and when they last bought it. */
export interface OwnedItem {
  sku: string;
  category: string;
  at: Date;
}

export interface PurchaseLike {
  at: Date;
  total: number;
  items?: Array<{ sku?: string | null; category?: string | null }> | null;
}

/** Running totals over one customer's transactions, taken in any order. */
export class PurchaseTally {
  count = 0;
  /** Rounded to cents at every step, as stored. */
  spend = 0;
  firstAt?: Date;
  lastAt?: Date;
  readonly owned = new Map<string, OwnedItem>();

  add(t: PurchaseLike): void {
    this.count++;
    this.spend = round2(this.spend + t.total);
    if (!this.firstAt || t.at < this.firstAt) this.firstAt = t.at;
    if (!this.lastAt || t.at > this.lastAt) this.lastAt = t.at;
    for (const item of t.items ?? []) {
      if (!item.sku) continue;
      const seen = this.owned.get(item.sku);
      // The latest purchase of a SKU wins; of two at the same moment, the first seen.
      if (!seen || t.at > seen.at) this.owned.set(item.sku, { sku: item.sku, category: item.category ?? '', at: t.at });
    }
  }

  /** The totals; no dates for a customer who never bought. */
  totals(): PurchaseTotals {
    const totals: PurchaseTotals = { count: this.count, spend: this.spend };
    if (this.firstAt) totals.firstAt = this.firstAt;
    if (this.lastAt) totals.lastAt = this.lastAt;
    return totals;
  }

  /** Owned products in SKU order, as stored. */
  ownedList(): OwnedItem[] {
    return [...this.owned.values()].sort((a, b) => a.sku.localeCompare(b.sku));
  }
}

/** Totals and owned products of one customer's transactions. */
export function summarisePurchases(transactions: Iterable<PurchaseLike>): { totals: PurchaseTotals; owned: OwnedItem[] } {
  const tally = new PurchaseTally();
  for (const t of transactions) tally.add(t);
  return { totals: tally.totals(), owned: tally.ownedList() };
}

/** Spend per purchase, to the cent; 0 for a customer who never bought. */
export const averageBasket = (totals: { count?: number | null; spend?: number | null }): number =>
  totals.count ? round2((totals.spend ?? 0) / totals.count) : 0;
