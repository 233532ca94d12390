import type { Types } from 'mongoose';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import { OFFER_DEFAULTS } from '../../shared/schemas/offers.js';
import type { OfferDef } from './next-best-offer.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { batchedPerTurn } from '../db/batched-per-turn.js';

const DAY_MS = 86_400_000;

export interface StoredQuote {
  offerCode: string;
  price: number;
  expiresAt: Date;
}
type QuoteWrite = { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown>; upsert?: boolean } };
const isDuplicateKeyWrite = (e: unknown) => (e as { code?: number; err?: { code?: number } })?.code === 11000 || (e as { err?: { code?: number } })?.err?.code === 11000;

/**
 * One customer, one price: the first time an offer is shown to a customer its price is fixed in a quote
 * until it expires, and every later pop (any agent, voice or chat) shows that quote, even if an admin
 * has changed the offer's price meanwhile. One quote document per customer and offer, unique, so two
 * channels popping at once agree on a single price.
 */
export function createQuoteService(models: Models) {
  /**
   * The quote writes of every pop that asks in one turn (or while one batch is in flight) go in one
   * bulk write: most pops of a busy floor's random callers quote something, and each command costs the
   * console's thread the same whatever its size. Each caller learns whether all of its writes took
   * effect: an upsert by its place in `upsertedIds`; a renewal (an update, which the result does not
   * tell apart) only when every write of the batch took effect. A caller not sure reads its quotes back.
   */
  const write = batchedPerTurn(async (batches: readonly QuoteWrite[][]): Promise<boolean[]> => {
    const all = batches.flat();
    const res = await models.Quote.bulkWrite(all, { ordered: false }).catch((err: unknown) => {
      if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors?.every(isDuplicateKeyWrite)) throw err;
      return null;
    });
    if (!res) return batches.map(() => false);
    if (res.upsertedCount + res.modifiedCount === all.length) return batches.map(() => true);
    const upserted = new Set(Object.keys(res.upsertedIds ?? {}).map(Number));
    let at = 0;
    return batches.map((ops) => {
      const from = at;
      at += ops.length;
      return ops.every((op, k) => op.updateOne.upsert === true && upserted.has(from + k));
    });
  });

  return {
    /**
     * The ranked offers with the customer's quoted price and its expiry (quoting any not yet quoted).
     * `stored`: the customer's quotes when the caller has read them already (spares a read).
     */
    async apply(customerId: Types.ObjectId, ranked: NextBestOffer[], offers: OfferDef[], now = new Date(), stored?: StoredQuote[]): Promise<NextBestOffer[]> {
      if (ranked.length === 0) return ranked;
      const defs = new Map(offers.map((o) => [o.code, o]));
      const codes = ranked.map((o) => o.offerId);
      const read = async (): Promise<Map<string, { price: number; expiresAt: Date }>> =>
        new Map((await models.Quote.find({ customerId, offerCode: { $in: codes } }, { offerCode: 1, price: 1, expiresAt: 1 }).lean()).map((q) => [q.offerCode, q]));
      // Usually every offer is quoted already: one read (or none). Otherwise one bulk write quotes the new
      // offers and renews the expired ones (and, only if another pop got there first, a read of what is stored).
      let byCode = stored ? new Map(stored.map((q) => [q.offerCode, q])) : await read();
      const live = (code: string) => {
        const q = byCode.get(code);
        return q && q.expiresAt > now ? q : undefined;
      };
      const quoted = new Map<string, { price: number; quotedAt: Date; expiresAt: Date }>();
      const writes: QuoteWrite[] = ranked
        .filter((o) => !live(o.offerId))
        .map((o) => {
          const days = defs.get(o.offerId)?.quoteDays ?? OFFER_DEFAULTS.quoteDays;
          const fresh = { price: o.price, quotedAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS) };
          quoted.set(o.offerId, fresh);
          return byCode.has(o.offerId)
            ? // Expired: the filter on expiry makes the renewal happen once under races.
              { updateOne: { filter: { customerId, offerCode: o.offerId, expiresAt: { $lte: now } }, update: { $set: fresh } } }
            : // New: the unique index lets one of two channels quoting at once insert; the other reads it.
              { updateOne: { filter: { customerId, offerCode: o.offerId }, update: { $setOnInsert: fresh }, upsert: true } };
        });
      if (writes.length) {
        // Every write took effect: what is stored is what we wrote. Otherwise someone else quoted
        // first (or renewed first), and the stored quotes are read back.
        if (await write(writes)) for (const [code, fresh] of quoted) byCode.set(code, fresh);
        else byCode = await read();
      }
      return ranked.map((o) => {
        const q = live(o.offerId) ?? byCode.get(o.offerId);
        return q ? { ...o, price: q.price, quoteExpiresAt: q.expiresAt } : o;
      });
    },

    /** The price currently quoted to a customer for an offer, if any: what an accepted offer is sold at. */
    async current(customerId: Types.ObjectId, code: string, now = new Date()): Promise<number | undefined> {
      const q = await models.Quote.findOne({ customerId, offerCode: code, expiresAt: { $gt: now } }, { price: 1 }).lean();
      return q?.price;
    },
  };
}
export type QuoteService = ReturnType<typeof createQuoteService>;
