import type { Types } from 'mongoose';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import type { OfferDef } from './next-best-offer.js';

const DAY_MS = 86_400_000;
const DEFAULT_QUOTE_DAYS = 14;
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/**
 * One customer, one price: the first time an offer is shown to a customer its price is fixed in a quote
 * until it expires, and every later pop (any agent, voice or chat) shows that quote, even if an admin
 * has changed the offer's price meanwhile. One quote document per customer and offer, unique, so two
 * channels popping at once agree on a single price.
 */
export function createQuoteService(models: Models) {
  async function quoteOne(customerId: Types.ObjectId, code: string, price: number, days: number, now: Date) {
    const fresh = { price, quotedAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS) };
    // An expired quote is replaced; the filter on expiry makes the renewal happen once under races.
    const renewed = await models.Quote.findOneAndUpdate({ customerId, offerCode: code, expiresAt: { $lte: now } }, { $set: fresh }, { returnDocument: 'after' }).lean();
    if (renewed) return renewed;
    try {
      return (await models.Quote.findOneAndUpdate({ customerId, offerCode: code }, { $setOnInsert: fresh }, { upsert: true, returnDocument: 'after' }).lean())!;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await models.Quote.findOne({ customerId, offerCode: code }).lean())!;
    }
  }

  return {
    /** The ranked offers with the customer's quoted price and its expiry (quoting any not yet quoted). */
    async apply(customerId: Types.ObjectId, ranked: NextBestOffer[], offers: OfferDef[], now = new Date()): Promise<NextBestOffer[]> {
      if (ranked.length === 0) return ranked;
      const defs = new Map(offers.map((o) => [o.code, o]));
      // Usually every offer is quoted already: one read, and writes only for the new or expired ones.
      const current = await models.Quote.find({ customerId, offerCode: { $in: ranked.map((o) => o.offerId) }, expiresAt: { $gt: now } }).lean();
      const byCode = new Map(current.map((q) => [q.offerCode, q]));
      return Promise.all(
        ranked.map(async (o) => {
          const q = byCode.get(o.offerId) ?? (await quoteOne(customerId, o.offerId, o.price, defs.get(o.offerId)?.quoteDays ?? DEFAULT_QUOTE_DAYS, now));
          return { ...o, price: q.price, quoteExpiresAt: q.expiresAt };
        }),
      );
    },

    /** The price currently quoted to a customer for an offer, if any: what an accepted offer is sold at. */
    async current(customerId: Types.ObjectId, code: string, now = new Date()): Promise<number | undefined> {
      const q = await models.Quote.findOne({ customerId, offerCode: code, expiresAt: { $gt: now } }, { price: 1 }).lean();
      return q?.price;
    },
  };
}
export type QuoteService = ReturnType<typeof createQuoteService>;
