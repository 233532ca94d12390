import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';

const CHUNK = 500;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What the pop reads precomputed about a customer's purchases, derived from their transactions. */
export interface PurchaseSummary {
  totals: { count: number; spend: number; firstAt?: Date; lastAt?: Date };
  owned: Array<{ sku: string; category: string; at: Date }>;
}

/** Sums one customer's transactions into totals and owned products (each SKU with its latest purchase). */
export function summarisePurchases(transactions: Iterable<{ at: Date; total: number; items?: Array<{ sku?: string | null; category?: string | null }> }>): PurchaseSummary {
  const totals: PurchaseSummary['totals'] = { count: 0, spend: 0 };
  const owned = new Map<string, { sku: string; category: string; at: Date }>();
  for (const t of transactions) {
    totals.count++;
    totals.spend = round2(totals.spend + t.total);
    if (!totals.firstAt || t.at < totals.firstAt) totals.firstAt = t.at;
    if (!totals.lastAt || t.at > totals.lastAt) totals.lastAt = t.at;
    for (const item of t.items ?? []) {
      if (!item.sku) continue;
      const seen = owned.get(item.sku);
      if (!seen || t.at > seen.at) owned.set(item.sku, { sku: item.sku, category: item.category ?? '', at: t.at });
    }
  }
  return { totals, owned: [...owned.values()].sort((a, b) => a.sku.localeCompare(b.sku)) };
}

/**
 * Recomputes `totals` and `owned` of these customers from their transactions (one indexed read per 500
 * customers), so the pop keeps reading precomputed values after an import or a merge.
 */
export async function refreshPurchaseSummaries(models: Models, customerIds: Iterable<Types.ObjectId>): Promise<number> {
  const ids = [...new Map([...customerIds].map((id) => [String(id), id])).values()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const transactions = await models.Transaction.find({ customerId: { $in: chunk } }, { customerId: 1, at: 1, total: 1, items: 1 }).lean();
    const byCustomer = new Map<string, typeof transactions>();
    for (const t of transactions) {
      const key = String(t.customerId);
      const list = byCustomer.get(key);
      if (list) list.push(t);
      else byCustomer.set(key, [t]);
    }
    await models.Customer.bulkWrite(
      chunk.map((id) => {
        const { totals, owned } = summarisePurchases(byCustomer.get(String(id)) ?? []);
        return { updateOne: { filter: { _id: id }, update: { $set: { totals, owned }, $inc: { version: 1 } } } };
      }),
      { ordered: false },
    );
  }
  return ids.length;
}
