import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';

import { summarisePurchases } from '../customers/purchase-totals.js';

const CHUNK = 500;

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
