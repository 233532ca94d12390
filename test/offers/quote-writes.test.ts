import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import { createModels, type Models } from '../../server/db/models.js';
import { createQuoteService } from '../../server/offers/quotes.js';
import type { OfferDef } from '../../server/offers/next-best-offer.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let models: Models;

beforeAll(async () => {
  db = await freshDatabase('quotewrites');
  models = createModels(db.conn);
  await models.Quote.init();
});
afterAll(() => db?.drop());

const offer = (code: string, price: number): NextBestOffer =>
  ({ offerId: code, title: code, kind: 'complement', purpose: 'marketing', consentRule: 'marketing', price, priceKind: 'money', score: 1, reason: '' }) as unknown as NextBestOffer;
const defs = [{ code: 'TABLETS', quoteDays: 30 } as OfferDef, { code: 'CARE', quoteDays: 30 } as OfferDef];
const quotesOn = (cmds: Array<{ name: string; collection?: string }>, name: string) => cmds.filter((c) => c.name === name && c.collection === 'quotes').length;

describe('quote writes of pops asking together', () => {
  it('quotes the new offers of several customers in one bulk write, each answered with its own prices', async () => {
    const quotes = createQuoteService(models);
    const ids = [0, 1, 2, 3].map(() => new Types.ObjectId());
    let priced: NextBestOffer[][] = [];
    const cmds = await commandsDuring(db.conn, async () => {
      priced = await Promise.all(ids.map((id, k) => quotes.apply(id, [offer('TABLETS', 10 + k), offer('CARE', 20 + k)], defs, new Date(), [])));
    });
    expect(quotesOn(cmds, 'update')).toBe(1);
    expect(quotesOn(cmds, 'find')).toBe(0);
    expect(priced.map((p) => p.map((o) => o.price))).toEqual([
      [10, 20],
      [11, 21],
      [12, 22],
      [13, 23],
    ]);
    expect(priced.every((p) => p.every((o) => o.quoteExpiresAt instanceof Date))).toBe(true);
    for (const [k, id] of ids.entries()) {
      const stored = await models.Quote.find({ customerId: id }).sort({ offerCode: 1 }).lean();
      expect(stored.map((q) => [q.offerCode, q.price])).toEqual([
        ['CARE', 20 + k],
        ['TABLETS', 10 + k],
      ]);
    }
  });

  it('reads back only the quotes of a customer someone else quoted first, the others keep what they wrote', async () => {
    const quotes = createQuoteService(models);
    const raced = new Types.ObjectId();
    const fresh = new Types.ObjectId();
    // Another pop quoted `raced` after this one read its (then empty) quotes.
    await models.Quote.create({ customerId: raced, offerCode: 'TABLETS', price: 5, quotedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
    let priced: NextBestOffer[][] = [];
    const cmds = await commandsDuring(db.conn, async () => {
      priced = await Promise.all([quotes.apply(raced, [offer('TABLETS', 9.99)], defs, new Date(), []), quotes.apply(fresh, [offer('TABLETS', 9.99)], defs, new Date(), [])]);
    });
    expect(priced.map((p) => p[0].price)).toEqual([5, 9.99]);
    expect(quotesOn(cmds, 'update')).toBe(1);
    // One read back, of the customer quoted first by someone else.
    const reads = cmds.filter((c) => c.name === 'find' && c.collection === 'quotes');
    expect(reads).toHaveLength(1);
    expect(String((reads[0].command.filter as { customerId: unknown }).customerId)).toBe(String(raced));
  });

  it('gives two pops of one customer in the same batch one price: the second reads back the first one’s quote', async () => {
    const quotes = createQuoteService(models);
    const both = new Types.ObjectId();
    // The voice pop ranked the offer before an admin's price change, the chat pop after it.
    const priced = await Promise.all([quotes.apply(both, [offer('TABLETS', 9.99)], defs, new Date(), []), quotes.apply(both, [offer('TABLETS', 14.99)], defs, new Date(), [])]);
    expect(priced.map((p) => p[0].price)).toEqual([9.99, 9.99]);
    expect(priced[1][0].quoteExpiresAt).toEqual(priced[0][0].quoteExpiresAt);
    expect(await models.Quote.countDocuments({ customerId: both })).toBe(1);
  });

  it('renews an expired quote at the list price alongside another customer’s first quote', async () => {
    const quotes = createQuoteService(models);
    const expired = new Types.ObjectId();
    const other = new Types.ObjectId();
    const past = new Date(Date.now() - 1000);
    await models.Quote.create({ customerId: expired, offerCode: 'CARE', price: 3, quotedAt: new Date(Date.now() - 86_400_000), expiresAt: past });
    let priced: NextBestOffer[][] = [];
    const cmds = await commandsDuring(db.conn, async () => {
      priced = await Promise.all([
        quotes.apply(expired, [offer('CARE', 7)], defs, new Date(), [{ offerCode: 'CARE', price: 3, expiresAt: past }]),
        quotes.apply(other, [offer('CARE', 7)], defs, new Date(), []),
      ]);
    });
    expect(priced.map((p) => p[0].price)).toEqual([7, 7]);
    expect(quotesOn(cmds, 'update')).toBe(1);
    expect(quotesOn(cmds, 'find')).toBe(0);
    expect((await models.Quote.findOne({ customerId: expired, offerCode: 'CARE' }).lean())?.price).toBe(7);
  });

  it('reads back the renewal someone else made first, when the batch did not all take effect', async () => {
    const quotes = createQuoteService(models);
    const renewed = new Types.ObjectId();
    const past = new Date(Date.now() - 1000);
    // Another pop renewed it at 8 after this one read it expired.
    await models.Quote.create({ customerId: renewed, offerCode: 'CARE', price: 8, quotedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
    const [p] = await Promise.all([quotes.apply(renewed, [offer('CARE', 7)], defs, new Date(), [{ offerCode: 'CARE', price: 3, expiresAt: past }])]);
    expect(p[0].price).toBe(8);
  });
});
