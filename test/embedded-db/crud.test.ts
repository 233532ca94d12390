import { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

const ItemSchema = new Schema(
  {
    sku: { type: String, required: true, unique: true },
    name: String,
    category: { type: String, index: true },
    price: Number,
    qty: { type: Number, default: 0 },
    tags: [String],
    lines: [{ kind: String, amount: Number }],
    claimedBy: { type: String, default: null },
  },
  { timestamps: true },
);

let db: Awaited<ReturnType<typeof freshDatabase>>;
let conn: Connection;
const Item = () => conn.model('Item', ItemSchema);
const OrderSchema = new Schema({ sku: String, amount: Number });
const Order = () => conn.model('Order', OrderSchema);

beforeAll(async () => {
  db = await freshDatabase('crud');
  conn = db.conn;
  await Item().init();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await Item().deleteMany({});
  await Order().deleteMany({});
});

const seedItems = (n: number) =>
  Item().insertMany(
    Array.from({ length: n }, (_, i) => ({
      sku: `SKU-${String(i).padStart(4, '0')}`,
      name: `Item ${i}`,
      category: ['kitchen', 'garden', 'office'][i % 3],
      price: (i * 7) % 100,
      tags: i % 2 ? ['odd'] : ['even'],
    })),
  );

describe('embedded database through mongoose', () => {
  it('creates, reads, updates and deletes documents', async () => {
    const created = await Item().create({ sku: 'A1', name: 'Kettle', price: 30, tags: ['kitchen'] });
    expect(created._id).toBeDefined();
    const found = await Item().findById(created._id).lean();
    expect(found).toMatchObject({ sku: 'A1', name: 'Kettle', price: 30 });
    expect(found!.createdAt).toBeInstanceOf(Date);

    await Item().updateOne({ _id: created._id }, { $set: { price: 35 }, $inc: { qty: 2 }, $push: { tags: 'sale' } });
    const updated = await Item().findOne({ sku: 'A1' }).lean();
    expect(updated).toMatchObject({ price: 35, qty: 2, tags: ['kitchen', 'sale'] });

    const res = await Item().deleteOne({ sku: 'A1' });
    expect(res.deletedCount).toBe(1);
    expect(await Item().countDocuments()).toBe(0);
  });

  it('applies query operators the way MongoDB does', async () => {
    await seedItems(30);
    expect(await Item().countDocuments({ price: { $gte: 50, $lt: 80 } })).toBe(
      (await Item().find().lean()).filter((d) => d.price! >= 50 && d.price! < 80).length,
    );
    expect(await Item().countDocuments({ category: { $in: ['garden', 'office'] } })).toBe(20);
    expect(await Item().countDocuments({ $or: [{ category: 'kitchen' }, { price: 0 }] })).toBe(10);
    expect(await Item().countDocuments({ tags: 'odd' })).toBe(15);
    expect(await Item().countDocuments({ name: /Item 1\d$/ })).toBe(10);
    expect(await Item().countDocuments({ missing: { $exists: true } })).toBe(0);
    expect((await Item().distinct('category')).sort()).toEqual(['garden', 'kitchen', 'office']);
  });

  it('projects, sorts, skips and limits', async () => {
    await seedItems(20);
    const page = await Item().find({}, { sku: 1, price: 1, _id: 0 }).sort({ price: -1, sku: 1 }).skip(2).limit(3).lean();
    const all = (await Item().find().lean()).sort((a, b) => b.price! - a.price! || a.sku.localeCompare(b.sku));
    expect(page).toEqual(all.slice(2, 5).map((d) => ({ sku: d.sku, price: d.price })));
  });

  it('pages a large sorted result across several getMore batches', async () => {
    await seedItems(450);
    const skus: string[] = [];
    for await (const doc of Item().find().sort({ sku: -1 }).batchSize(100).lean().cursor()) skus.push(doc.sku);
    expect(skus).toHaveLength(450);
    expect(skus[0]).toBe('SKU-0449');
    expect(skus.at(-1)).toBe('SKU-0000');
    expect(new Set(skus).size).toBe(450);
  });

  it('upserts with $setOnInsert only on insert', async () => {
    const first = await Item().updateOne(
      { sku: 'U1' },
      { $set: { price: 10 }, $setOnInsert: { name: 'first name' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    await Item().updateOne({ sku: 'U1' }, { $set: { price: 20 }, $setOnInsert: { name: 'second name' } }, { upsert: true });
    const doc = await Item().findOne({ sku: 'U1' }).lean();
    expect(doc).toMatchObject({ sku: 'U1', price: 20, name: 'first name' });
    expect(await Item().countDocuments({ sku: 'U1' })).toBe(1);
  });

  it('updates array elements chosen by arrayFilters, across many documents', async () => {
    await Item().create([
      { sku: 'L1', lines: [{ kind: 'a', amount: 1 }, { kind: 'b', amount: 2 }] },
      { sku: 'L2', lines: [{ kind: 'b', amount: 5 }] },
    ]);
    const res = await Item().updateMany(
      {},
      { $inc: { 'lines.$[l].amount': 10 } },
      { arrayFilters: [{ 'l.kind': 'b' }] },
    );
    expect(res.modifiedCount).toBe(2);
    const docs = await Item().find().sort({ sku: 1 }).lean();
    expect(docs[0].lines.map((l) => l.amount)).toEqual([1, 12]);
    expect(docs[1].lines.map((l) => l.amount)).toEqual([15]);
  });

  it('finds and modifies one document: new, sort, fields, upsert and remove', async () => {
    await seedItems(6);
    const cheapest = await Item()
      .findOneAndUpdate({ category: 'kitchen' }, { $set: { claimedBy: 'me' } }, { sort: { price: 1 }, returnDocument: 'after', projection: { sku: 1, claimedBy: 1 } })
      .lean();
    expect(cheapest).toMatchObject({ sku: 'SKU-0000', claimedBy: 'me' });
    expect(cheapest).not.toHaveProperty('price');

    const before = await Item().findOneAndUpdate({ sku: 'SKU-0001' }, { $inc: { qty: 5 } }).lean();
    expect(before!.qty).toBe(0);

    const upserted = await Item().findOneAndUpdate({ sku: 'NEW' }, { $set: { price: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
    expect(upserted).toMatchObject({ sku: 'NEW', price: 1 });

    const removed = await Item().findOneAndDelete({ sku: 'NEW' }).lean();
    expect(removed!.sku).toBe('NEW');
    expect(await Item().exists({ sku: 'NEW' })).toBeNull();
  });

  it('aggregates with match, group, sort, project, addFields, lookup, unwind, facet, count, skip and limit', async () => {
    await seedItems(9);
    await Order().insertMany([
      { sku: 'SKU-0000', amount: 2 },
      { sku: 'SKU-0000', amount: 3 },
      { sku: 'SKU-0003', amount: 4 },
    ]);
    const byCategory = await Item().aggregate([
      { $match: { price: { $gte: 0 } } },
      { $group: { _id: '$category', n: { $sum: 1 }, total: { $sum: '$price' } } },
      { $sort: { _id: 1 } },
      { $project: { _id: 0, category: '$_id', n: 1, total: 1 } },
      { $addFields: { avg: { $divide: ['$total', '$n'] } } },
    ]);
    expect(byCategory.map((r) => r.category)).toEqual(['garden', 'kitchen', 'office']);
    expect(byCategory.every((r) => r.n === 3)).toBe(true);

    const joined = await Item().aggregate([
      { $match: { sku: { $in: ['SKU-0000', 'SKU-0003'] } } },
      { $lookup: { from: 'orders', localField: 'sku', foreignField: 'sku', as: 'orders' } },
      { $unwind: '$orders' },
      { $group: { _id: '$sku', amount: { $sum: '$orders.amount' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(joined).toEqual([
      { _id: 'SKU-0000', amount: 5 },
      { _id: 'SKU-0003', amount: 4 },
    ]);

    const [facets] = await Item().aggregate([
      { $sort: { sku: 1 } },
      { $facet: { firstTwo: [{ $skip: 1 }, { $limit: 2 }, { $project: { sku: 1, _id: 0 } }], total: [{ $count: 'n' }] } },
    ]);
    expect(facets.firstTwo).toEqual([{ sku: 'SKU-0001' }, { sku: 'SKU-0002' }]);
    expect(facets.total).toEqual([{ n: 9 }]);

    // A lookup must not change the documents it joined.
    expect(await Order().countDocuments({ sku: 'SKU-0000' })).toBe(2);
  });

  it('surfaces a unique-index violation as the E11000 duplicate key error', async () => {
    await Item().create({ sku: 'DUP' });
    const err = await Item()
      .create({ sku: 'DUP' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000, keyValue: { sku: 'DUP' } });
    expect(String((err as Error).message)).toMatch(/E11000 duplicate key error/);
    expect(await Item().countDocuments({ sku: 'DUP' })).toBe(1);

    const other = await Item().create({ sku: 'OTHER' });
    const upd = await Item()
      .updateOne({ _id: other._id }, { $set: { sku: 'DUP' } })
      .catch((e: unknown) => e);
    expect(upd).toMatchObject({ code: 11000 });
    expect((await Item().findById(other._id).lean())!.sku).toBe('OTHER');
  });

  it('lets exactly one of 50 concurrent claimers win a document', async () => {
    await Item().create({ sku: 'CALL-1', claimedBy: null });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        Item().findOneAndUpdate({ sku: 'CALL-1', claimedBy: null }, { $set: { claimedBy: `agent-${i}` } }, { returnDocument: 'after' }).lean(),
      ),
    );
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    expect((await Item().findOne({ sku: 'CALL-1' }).lean())!.claimedBy).toBe(winners[0]!.claimedBy);
  });

  it('answers an equality lookup on an indexed field from the index, not a scan', async () => {
    await seedItems(300);
    const plan = (await Item().find({ sku: 'SKU-0123' }).explain('executionStats')) as unknown as {
      executionStats: { totalDocsExamined: number; nReturned: number };
    };
    expect(plan.executionStats.nReturned).toBe(1);
    expect(plan.executionStats.totalDocsExamined).toBe(1);
  });

  it('reports unknown commands in MongoDB error shape', async () => {
    const err = await conn.db!.command({ noSuchCommandHere: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });
});
