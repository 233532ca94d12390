import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { searchTokensOf } from './search-terms.js';

const BATCH = 1000;

/**
 * Customers stored before search used tokens (a data directory from an earlier version) get theirs,
 * in batches, with progress in the log; their old `searchText` goes. Until a customer has tokens,
 * searches by name miss them: phone and e-mail lookups work throughout.
 */
export async function backfillSearchTokens(models: Models, logger: Pick<Logger, 'info'>): Promise<number> {
  const { Customer } = models;
  const missing = { searchTokens: { $exists: false } };
  const total = await Customer.countDocuments(missing);
  if (total === 0) return 0;
  logger.info({ total }, 'indexing customers for search');
  let done = 0;
  for (;;) {
    const batch = await Customer.find(missing, { displayName: 1, emails: 1, phones: 1 }).limit(BATCH).lean();
    if (batch.length === 0) break;
    // Through the driver: `searchText` is no longer in the schema, and mongoose would drop its $unset.
    await Customer.collection.bulkWrite(
      batch.map((c) => ({
        updateOne: { filter: { _id: c._id }, update: { $set: { searchTokens: searchTokensOf(c) }, $unset: { searchText: 1 } } },
      })),
      { ordered: false },
    );
    done += batch.length;
    if (done % 10_000 < BATCH || done >= total) logger.info({ done, total }, 'indexing customers for search');
  }
  return done;
}
