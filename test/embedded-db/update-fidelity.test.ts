import { Decimal128, Long, type Db } from 'mongodb';
import { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

/**
 * Update semantics as MongoDB has them, where mongoose (and the apps on it) rely on them. Each case
 * was found wrong by running mongoose's own test suite against the embedded database
 * (bench/fidelity/mongoose-suite.ts).
 */
let db: Awaited<ReturnType<typeof freshDatabase>>;
let conn: Connection;
let raw: Db;

beforeAll(async () => {
  db = await freshDatabase('upd');
  conn = db.conn;
  raw = conn.db as unknown as Db;
});
afterAll(() => db.drop());

/**
 * Untyped: these tests send what the driver's types forbid on purpose (numeric _ids, updates MongoDB
 * refuses, `$`-prefixed and `__proto__` field names).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const coll = (): any => raw.collection('things');
beforeEach(async () => {
  await coll().deleteMany({});
});

/** The server's error for a rejected write, for asserting its code and message. */
async function rejection(p: Promise<unknown>): Promise<{ code?: number; codeName?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: number; codeName?: string; message: string };
  }
  throw new Error('expected the server to reject the write');
}

describe('serverStatus', () => {
  it('reports the version, uptime and storage engine clients read', async () => {
    const status = await raw.admin().serverStatus();
    expect(status).toMatchObject({ ok: 1, process: 'mongod', storageEngine: { name: 'embedded' } });
    expect(status.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(typeof status.uptime).toBe('number');
    expect(status.localTime).toBeInstanceOf(Date);
    expect(status.connections.totalCreated).toBeGreaterThan(0);
  });
});

describe('update operators', () => {
  it('updates the array element the query matched through the positional $', async () => {
    await coll().insertOne({ _id: 1, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 1 }, { sku: 'a', qty: 1 }] });
    const res = await coll().updateOne({ 'items.sku': 'b' }, { $set: { 'items.$.qty': 5 } });
    expect(res.modifiedCount).toBe(1);
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }, { sku: 'a', qty: 1 }] });

    // $elemMatch with two conditions on the same element; $inc and $push through $.
    await coll().updateOne({ items: { $elemMatch: { sku: 'a', qty: 1 } } }, { $inc: { 'items.$.qty': 2 } });
    await coll().updateOne({ 'items.sku': 'b' }, { $push: { 'items.$.tags': 'x' } });
    expect((await coll().findOne({ _id: 1 }))!.items).toEqual([{ sku: 'a', qty: 3 }, { sku: 'b', qty: 5, tags: ['x'] }, { sku: 'a', qty: 1 }]);

    // Two paths through $: both at the position matched before either changed the element.
    await coll().updateOne({ 'items.sku': 'b' }, { $set: { 'items.$.sku': 'B', 'items.$.at': 1 } });
    expect((await coll().findOne({ _id: 1 }))!.items[1]).toEqual({ sku: 'B', qty: 5, tags: ['x'], at: 1 });

    // Scalars: the matched value's position.
    await coll().insertOne({ _id: 2, grades: [80, 85, 90] });
    await coll().updateOne({ _id: 2, grades: 85 }, { $set: { 'grades.$': 86 } });
    expect((await coll().findOne({ _id: 2 }))!.grades).toEqual([80, 86, 90]);

    // A $setOnInsert through $ is not looked at when the update does not insert.
    await coll().updateOne({ 'items.sku': 'a' }, { $set: { 'items.$.qty': 4 }, $setOnInsert: { 'other.$.x': 1 } }, { upsert: true });
    expect((await coll().findOne({ _id: 1 }))!.items[0].qty).toBe(4);

    // Without a condition on the array MongoDB refuses.
    const err = await rejection(coll().updateOne({ _id: 2 }, { $set: { 'grades.$': 1 } }));
    expect(err).toMatchObject({ code: 2, message: expect.stringContaining('positional operator did not find the match') });
  });

  it('updates through the positional $ with mongoose (subdocument arrays)', async () => {
    const Order = conn.model('PosOrder', new Schema({ lines: [{ sku: String, qty: Number }] }));
    const order = await Order.create({ lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] });
    await Order.updateOne({ _id: order._id, 'lines.sku': 'b' }, { $set: { 'lines.$.qty': 7 } });
    const back = await Order.findById(order._id).lean();
    expect(back!.lines.map((l) => l.qty)).toEqual([1, 7]);
  });

  it('accepts $set of _id to its current value and refuses changing it with ImmutableField', async () => {
    await coll().insertOne({ _id: 1, a: 1 });
    const same = await coll().updateOne({ _id: 1 }, { $set: { _id: 1, a: 2 } });
    expect(same.modifiedCount).toBe(1);
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, a: 2 });
    const err = await rejection(coll().updateOne({ _id: 1 }, { $set: { _id: 2 } }));
    expect(err).toMatchObject({ code: 66, message: expect.stringContaining("immutable field '_id'") });
    // Replace-style updates as mongoose sends them (the whole document, _id included).
    const Thing = conn.model('IdThing', new Schema({ name: String }));
    const doc = await Thing.create({ name: 'x' });
    await Thing.updateOne({ _id: doc._id }, doc.toObject());
    await Thing.findOneAndUpdate({ _id: doc._id }, { ...doc.toObject(), name: 'y' });
    expect((await Thing.findById(doc._id).lean())!.name).toBe('y');
  });

  it('updates two fields under one $[] and under one $[id] with arrayFilters', async () => {
    await coll().insertOne({ _id: 1, items: [{ qty: 1 }, { qty: 5 }, { qty: 9 }] });
    await coll().updateOne({ _id: 1 }, { $set: { 'items.$[].seen': true, 'items.$[].note': 'n' } });
    await coll().updateOne(
      { _id: 1 },
      { $set: { 'items.$[big].flag': 'big', 'items.$[big].at': 2 }, $inc: { 'items.$[small].qty': 10 } },
      { arrayFilters: [{ 'big.qty': { $gt: 4 } }, { 'small.qty': { $lt: 2 } }] },
    );
    expect((await coll().findOne({ _id: 1 }))!.items).toEqual([
      { qty: 11, seen: true, note: 'n' },
      { qty: 5, seen: true, note: 'n', flag: 'big', at: 2 },
      { qty: 9, seen: true, note: 'n', flag: 'big', at: 2 },
    ]);
    // A filter whose identifier no path uses, and a path identifier without a filter, are errors.
    expect(await rejection(coll().updateOne({ _id: 1 }, { $set: { 'items.$[x].a': 1 } }, { arrayFilters: [{ 'y.qty': 1 }] }))).toMatchObject({ code: 2 });
    expect(await rejection(coll().updateOne({ _id: 1 }, { $set: { 'items.$[].a': 1 } }, { arrayFilters: [{ 'y.qty': 1 }] }))).toMatchObject({ code: 9 });
  });

  it('pulls with $or/$and conditions, subdocument fields and operator conditions', async () => {
    await coll().insertOne({
      _id: 1,
      lines: [{ kind: 'a', n: 1 }, { kind: 'b', n: 2 }, { kind: 'c', n: 3 }, { kind: 'd', n: 4 }],
      nums: [1, 5, 7, 9],
      tags: ['x', 'y', 'z'],
    });
    await coll().updateOne({ _id: 1 }, { $pull: { lines: { $or: [{ kind: 'a' }, { n: { $gte: 4 } }] } } });
    expect((await coll().findOne({ _id: 1 }))!.lines.map((l: { kind: string }) => l.kind)).toEqual(['b', 'c']);
    await coll().updateOne({ _id: 1 }, { $pull: { lines: { $and: [{ kind: 'b' }, { n: 2 }] }, nums: { $gte: 7 }, tags: { $in: ['x', 'z'] } } });
    await coll().updateOne({ _id: 1 }, { $pull: { lines: { n: { $lt: 10 }, kind: 'c' } } });
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, lines: [], nums: [1, 5], tags: ['y'] });

    // Through mongoose: pulling subdocuments by a field (mongoose casts it to a $pull condition).
    const List = conn.model('PullList', new Schema({ entries: [{ name: String, score: Number }] }));
    const list = await List.create({ entries: [{ name: 'a', score: 1 }, { name: 'b', score: 2 }] });
    await List.updateOne({ _id: list._id }, { $pull: { entries: { $or: [{ name: 'a' }, { score: 5 }] } } });
    expect((await List.findById(list._id).lean())!.entries.map((e) => e.name)).toEqual(['b']);
  });

  it('refuses what MongoDB refuses, with its codes, instead of a silent no-op', async () => {
    await coll().insertOne({ _id: 1, x: 'str', a: 5, n: 1 });
    const push = await rejection(coll().updateOne({ _id: 1 }, { $push: { x: 1 } }));
    expect(push).toMatchObject({ code: 2, message: expect.stringContaining("The field 'x' must be an array but is of type string") });
    const inc = await rejection(coll().updateOne({ _id: 1 }, { $inc: { x: 1 } }));
    expect(inc).toMatchObject({ code: 14, message: expect.stringContaining('Cannot apply $inc to a value of non-numeric type') });
    const incArg = await rejection(coll().updateOne({ _id: 1 }, { $inc: { n: 'one' } }));
    expect(incArg).toMatchObject({ code: 14, message: expect.stringContaining('Cannot increment with non-numeric argument') });
    const through = await rejection(coll().updateOne({ _id: 1 }, { $set: { 'a.b': 1 } }));
    expect(through).toMatchObject({ code: 28, message: expect.stringContaining("Cannot create field 'b' in element {a: 5}") });
    const conflict = await rejection(coll().updateOne({ _id: 1 }, { $set: { n: 2 }, $inc: { n: 1 } }));
    expect(conflict).toMatchObject({ code: 40, codeName: 'ConflictingUpdateOperators' });
    const parentConflict = await rejection(coll().updateOne({ _id: 1 }, { $set: { 'p.q': 2 }, $unset: { p: 1 } }));
    expect(parentConflict).toMatchObject({ code: 40 });
    // $pull/$pop through a scalar cannot traverse it (28); $unset through one is a no-op.
    const pull = await rejection(coll().updateOne({ _id: 1 }, { $pull: { 'a.b': 1 } }));
    expect(pull).toMatchObject({ code: 28, message: expect.stringContaining('Cannot use the part (b of a.b) to traverse the element') });
    expect((await coll().updateOne({ _id: 1 }, { $unset: { 'a.b': 1, 'gone.x': 1 } })).modifiedCount).toBe(0);
    // A field name sorting between a path and its extension ('a-c' between 'p' and 'p.q').
    expect(await rejection(coll().updateOne({ _id: 1 }, { $set: { p: 1, 'p-c': 1, 'p.q': 1 } }))).toMatchObject({ code: 40 });
    const unknown = await rejection(coll().updateOne({ _id: 1 }, { $frob: { n: 1 } } as never));
    expect(unknown).toMatchObject({ code: 9 });
    // None of them changed the document.
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, x: 'str', a: 5, n: 1 });
  });

  it('reports a refused update in a bulk write as that statement\'s write error', async () => {
    await coll().insertMany([{ _id: 1, x: 's' }, { _id: 2, x: [] }]);
    const res = await coll()
      .bulkWrite(
        [
          { updateOne: { filter: { _id: 1 }, update: { $push: { x: 1 } } } },
          { updateOne: { filter: { _id: 2 }, update: { $push: { x: 1 } } } },
        ],
        { ordered: false },
      )
      .catch((e: { writeErrors: Array<{ index: number; code: number }>; result: unknown }) => e);
    expect((res as { writeErrors: Array<{ index: number; code: number }> }).writeErrors.map((e) => [e.index, e.code])).toEqual([[0, 2]]);
    expect((await coll().findOne({ _id: 2 }))!.x).toEqual([1]);
  });
});

describe('upserts', () => {
  it('inserts an upserting replacement with the _id it names when the filter names none', async () => {
    await coll().insertOne({ _id: 1, x: 'pong' });
    const res = await coll().replaceOne({ x: 'ping' }, { _id: 6, x: 'ping' }, { upsert: true });
    expect(res).toMatchObject({ matchedCount: 0, upsertedCount: 1, upsertedId: 6 });
    // The filter's other fields are not copied into a replacement.
    const other = await coll().replaceOne({ x: 'zz', k: 2 }, { y: 1 }, { upsert: true });
    expect(await coll().findOne({ _id: other.upsertedId })).toEqual({ _id: other.upsertedId, y: 1 });
    // A replacement naming an _id other than the filter's is still refused.
    expect(await rejection(coll().replaceOne({ _id: 8 }, { _id: 9, x: 1 }, { upsert: true }))).toMatchObject({ code: 66 });
    // And so is changing the _id of a matched document.
    expect(await rejection(coll().replaceOne({ _id: 1 }, { _id: 2, x: 1 }, { upsert: true }))).toMatchObject({ code: 66 });
    const bulk = await coll().bulkWrite([{ replaceOne: { filter: { x: 'none' }, replacement: { _id: 10, x: 'none' }, upsert: true } }]);
    expect(bulk.upsertedIds).toEqual({ 0: 10 });
    expect(await coll().countDocuments({})).toBe(4);
  });
});

describe('let variables and pipeline updates', () => {
  it('binds let variables in $expr filters and pipeline updates of update, findAndModify and delete', async () => {
    await coll().insertMany([
      { _id: 1, qty: 5, limit: 10 },
      { _id: 2, qty: 20, limit: 10 },
      { _id: 3, qty: 1, limit: 2 },
    ]);
    const updated = await coll().updateMany(
      { $expr: { $gt: ['$qty', '$$floor'] } },
      [{ $set: { qty: { $add: ['$qty', '$$step'] }, tag: '$$label.name' } }],
      { let: { floor: 4, step: 100, label: { name: 'big' } } },
    );
    expect(updated.modifiedCount).toBe(2);
    expect(await coll().find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, qty: 105, limit: 10, tag: 'big' },
      { _id: 2, qty: 120, limit: 10, tag: 'big' },
      { _id: 3, qty: 1, limit: 2 },
    ]);
    // Outside $expr, '$$floor' is a plain string, as in MongoDB.
    expect(await coll().countDocuments({ tag: '$$floor' })).toBe(0);

    const found = await coll().findOneAndUpdate({ $expr: { $eq: ['$_id', '$$target'] } }, { $set: { hit: true } }, { let: { target: 3 }, returnDocument: 'after' });
    expect(found).toEqual({ _id: 3, qty: 1, limit: 2, hit: true });

    const deleted = await coll().deleteMany({ $expr: { $gte: ['$qty', '$$min'] } }, { let: { min: 110 } });
    expect(deleted.deletedCount).toBe(1);
    expect(await coll().countDocuments({})).toBe(2);
  });

  it('evaluates let values as expressions before a pipeline update uses them', async () => {
    await coll().insertMany([{ _id: 1 }, { _id: 2, name: 'n' }]);
    const res = await coll().updateMany(
      { $expr: { $eq: ['$name', '$$name'] } },
      [{ $set: { x: '$$x', y: '$$y', z: '$$z' } }],
      { let: { name: 'n', x: 'foo', y: { $literal: 'bar' }, z: { $add: [1, 2] } } },
    );
    expect(res.modifiedCount).toBe(1);
    expect(await coll().find({}, { sort: { _id: 1 } }).toArray()).toEqual([{ _id: 1 }, { _id: 2, name: 'n', x: 'foo', y: 'bar', z: 3 }]);
    const found = await coll().findOneAndUpdate({ _id: 2 }, [{ $set: { w: '$$w' } }], { let: { w: { $literal: '$notAPath' } }, returnDocument: 'after' });
    expect(found.w).toBe('$notAPath');
  });

  it('keeps _id through pipeline updates that replace or project the document', async () => {
    await coll().insertOne({ _id: 7, a: 1, b: 2 });
    await coll().updateOne({ _id: 7 }, [{ $replaceWith: { c: '$a' } }]);
    expect(await coll().findOne({ _id: 7 })).toEqual({ _id: 7, c: 1 });
    await coll().updateOne({ _id: 7 }, [{ $project: { _id: 0, c: 1, d: { $literal: 4 } } }]);
    expect(await coll().findOne({ _id: 7 })).toEqual({ _id: 7, c: 1, d: 4 });
    // Stages that could add or drop documents are refused.
    expect(await rejection(coll().updateOne({ _id: 7 }, [{ $match: { c: 1 } }]))).toMatchObject({ code: 72 });
  });
});

describe('field names', () => {
  it('stores $-prefixed field names where MongoDB 5+ does', async () => {
    await coll().insertOne({ _id: 1, $price: 50, location: { $db: 'novels', $ref: 'x', $inc: true } });
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, $price: 50, location: { $db: 'novels', $ref: 'x', $inc: true } });
    // Nested ones through an update of an existing document, top-level ones when an upsert inserts.
    await coll().updateOne({ _id: 1 }, { $set: { 'location.$inc': false, prefs: { $each: 3 } } });
    await coll().updateOne({ _id: 2 }, { $set: { $hotel: 320 } }, { upsert: true });
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, $price: 50, location: { $db: 'novels', $ref: 'x', $inc: false }, prefs: { $each: 3 } });
    expect(await coll().findOne({ _id: 2 })).toEqual({ _id: 2, $hotel: 320 });
    // A top-level one on an existing document, and one inside _id, are refused.
    expect(await rejection(coll().updateOne({ _id: 2 }, { $set: { $hotel: 1 } }))).toMatchObject({ code: 52 });
    expect(await rejection(coll().insertOne({ _id: { $a: 1 } }))).toMatchObject({ code: 52 });
  });

  it('updates a document with a field named constructor like any other', async () => {
    await coll().insertOne({ _id: 1, constructor: 'x', n: 1 });
    const res = await coll().updateOne({ _id: 1 }, { $inc: { n: 1 }, $set: { constructor: 'y' } });
    expect(res.modifiedCount).toBe(1);
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, constructor: 'y', n: 2 });
  });

  it('stores and reads back a field named __proto__ as a field (no prototype pollution)', async () => {
    // JSON.parse makes `__proto__` an own field, as BSON decoding does.
    await coll().insertOne(JSON.parse('{"_id": 1, "__proto__": {"polluted": true}, "a": {"__proto__": "x"}}'));
    await coll().updateOne({ _id: 1 }, { $set: JSON.parse('{"b": {"__proto__": {"p": 1}}, "__proto__.q": 2}') });
    const back = await coll().findOne({ _id: 1 });
    expect(Object.keys(back)).toEqual(['_id', '__proto__', 'a', 'b']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')!.value).toEqual({ polluted: true, q: 2 });
    expect(Object.getOwnPropertyDescriptor(back.a, '__proto__')!.value).toBe('x');
    expect(Object.getOwnPropertyDescriptor(back.b, '__proto__')!.value).toEqual({ p: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Returned by findAndModify too.
    const after = await coll().findOneAndUpdate({ _id: 1 }, { $set: { c: JSON.parse('{"__proto__": "abcd"}') } }, { returnDocument: 'after' });
    expect(Object.getOwnPropertyDescriptor(after.c, '__proto__')!.value).toBe('abcd');

  });
});

describe('numbers and the other operators', () => {
  it('keeps a Long a Long, exactly, through $inc and $mul, and refuses overflowing it', async () => {
    // Past 2^53: a double could not hold these.
    await coll().insertOne({ _id: 1, n: Long.fromString('9007199254740993'), m: 3 });
    await coll().updateOne({ _id: 1 }, { $inc: { n: 2, m: Long.fromString('9007199254740993') } });
    const back = await coll().findOne({ _id: 1 }, { promoteLongs: false });
    expect(back.n).toBeInstanceOf(Long);
    expect(back.n.toString()).toBe('9007199254740995');
    expect(back.m).toBeInstanceOf(Long);
    expect(back.m.toString()).toBe('9007199254740996');
    await coll().updateOne({ _id: 1 }, { $mul: { n: 2 } });
    expect((await coll().findOne({ _id: 1 }, { promoteLongs: false })).n.toString()).toBe('18014398509481990');
    // Back within a double's exact range it is a number, as the wire hands the database such Longs.
    await coll().updateOne({ _id: 1 }, { $inc: { m: Long.fromString('-9007199254740990') } });
    expect((await coll().findOne({ _id: 1 })).m).toBe(6);
    expect(await coll().countDocuments({ m: 6 })).toBe(1);
    const overflow = await rejection(coll().updateOne({ _id: 1 }, { $mul: { n: Long.fromString('9007199254740993') } }));
    expect(overflow).toMatchObject({ code: 2, message: expect.stringContaining('Failed to apply $mul') });
  });

  it('adds and multiplies Decimal128 exactly, in decimal', async () => {
    await coll().insertOne({ _id: 1, d: Decimal128.fromString('0.2'), price: Decimal128.fromString('19.99') });
    await coll().updateOne({ _id: 1 }, { $inc: { d: Decimal128.fromString('0.1') }, $mul: { price: 3 } });
    let back = await coll().findOne({ _id: 1 });
    expect(back.d).toBeInstanceOf(Decimal128);
    expect(back.d.toString()).toBe('0.3');
    expect(back.price.toString()).toBe('59.97');
    await coll().updateOne({ _id: 1 }, { $inc: { d: 1.5, n: Decimal128.fromString('2.50') } });
    back = await coll().findOne({ _id: 1 });
    expect([back.d.toString(), back.n.toString()]).toEqual(['1.8', '2.50']);
  });

  it('applies $min, $max, $mul, $rename, $pop, $addToSet, $push modifiers, $currentDate and $bit as MongoDB does', async () => {
    await coll().insertOne({ _id: 1, lo: 5, hi: 5, m: 4, old: 'x', list: [1, 2, 3], set: ['a'], scores: [{ s: 3 }, { s: 1 }], bits: 12 });
    await coll().updateOne(
      { _id: 1 },
      {
        $min: { lo: 2, fresh: 9 },
        $max: { hi: 3 },
        $mul: { m: 2.5, none: 3 },
        $rename: { old: 'renamed.inner' },
        $pop: { list: -1 },
        $addToSet: { set: { $each: ['a', 'b', 'b'] } },
        $push: { scores: { $each: [{ s: 2 }, { s: 5 }], $sort: { s: -1 }, $slice: 3 } },
        $currentDate: { at: true },
        $bit: { bits: { and: 10, or: 1 } },
      },
    );
    const back = await coll().findOne({ _id: 1 });
    expect(back).toMatchObject({
      lo: 2,
      fresh: 9,
      hi: 5,
      m: 10,
      none: 0,
      renamed: { inner: 'x' },
      list: [2, 3],
      set: ['a', 'b'],
      scores: [{ s: 5 }, { s: 3 }, { s: 2 }],
      bits: 9,
    });
    expect(back.old).toBeUndefined();
    expect(back.at).toBeInstanceOf(Date);
    await coll().updateOne({ _id: 1 }, { $push: { list: { $each: [0], $position: 0 } } });
    await coll().updateOne({ _id: 1 }, { $unset: { 'list.2': '' } });
    expect((await coll().findOne({ _id: 1 })).list).toEqual([0, 2, null]);
  });
});

describe('field order', () => {
  it('appends the fields an update creates in field-name order, as MongoDB does', async () => {
    await coll().insertOne({ _id: 1, m: 0 });
    await coll().updateOne({ _id: 1 }, { $set: { z: 1, 'y.b': 1, 'y.a': 1 }, $inc: { a: 1, m: 1 } });
    const back = await coll().findOne({ _id: 1 });
    expect(Object.keys(back)).toEqual(['_id', 'm', 'a', 'y', 'z']);
    expect(Object.keys(back.y)).toEqual(['a', 'b']);
  });
});
