import { Binary, DBRef, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;

beforeAll(async () => {
  fresh = await freshDatabase('qfid');
  db = fresh.conn.db as unknown as Db;
});
afterAll(() => fresh.drop());

/** A collection of its own, filled with `docs`. */
async function seeded(name: string, docs: object[]) {
  const c = db.collection(name);
  await c.deleteMany({});
  if (docs.length) await c.insertMany(docs as never[]);
  return c;
}

describe('projections as MongoDB applies them', () => {
  const post = { _id: 1, title: 't', tags: ['a', 'b', 'c', 'd'], body: 'x', scores: [3, 8, 12], lines: [{ k: 1, v: 'p' }, { k: 5, v: 'q' }, { k: 9, v: 'r' }] };

  it('keeps stored field order with _id first for inclusions', async () => {
    const c = await seeded('proj_order', [post]);
    const doc = await c.findOne({}, { projection: { body: 1, title: 1 } });
    expect(Object.keys(doc!)).toEqual(['_id', 'title', 'body']);
    const noId = await c.findOne({}, { projection: { body: 1, _id: 0, title: 1 } });
    expect(Object.keys(noId!)).toEqual(['title', 'body']);
    const idOnly = await c.findOne({}, { projection: { _id: 1 } });
    expect(idOnly).toEqual({ _id: 1 });
  });

  it('$slice alone keeps every other field; with inclusions it only slices', async () => {
    const c = await seeded('proj_slice', [post]);
    expect(await c.findOne({}, { projection: { tags: { $slice: 2 } } })).toEqual({ ...post, tags: ['a', 'b'] });
    expect(await c.findOne({}, { projection: { tags: { $slice: -1 } } })).toMatchObject({ tags: ['d'], body: 'x' });
    expect(await c.findOne({}, { projection: { tags: { $slice: [1, 2] } } })).toMatchObject({ tags: ['b', 'c'] });
    expect(await c.findOne({}, { projection: { title: 1, tags: { $slice: [-3, 1] } } })).toEqual({ _id: 1, title: 't', tags: ['b'] });
  });

  it("'field.$' returns the first element the query matched", async () => {
    const c = await seeded('proj_pos', [post]);
    expect(await c.findOne({ scores: { $gt: 5 } }, { projection: { 'scores.$': 1 } })).toEqual({ _id: 1, scores: [8] });
    expect(await c.findOne({ 'lines.k': { $gte: 5 } }, { projection: { title: 1, 'lines.$': 1 } })).toEqual({ _id: 1, title: 't', lines: [{ k: 5, v: 'q' }] });
  });

  it('$elemMatch with operators picks the first matching element, or omits the field', async () => {
    const c = await seeded('proj_elem', [post]);
    expect(await c.findOne({}, { projection: { lines: { $elemMatch: { k: { $gt: 4 }, v: { $ne: 'q' } } } } })).toEqual({ _id: 1, lines: [{ k: 9, v: 'r' }] });
    expect(await c.findOne({}, { projection: { scores: { $elemMatch: { $gte: 10 } } } })).toEqual({ _id: 1, scores: [12] });
    expect(await c.findOne({}, { projection: { lines: { $elemMatch: { k: 100 } } } })).toEqual({ _id: 1 });
  });

  it('refuses mixing inclusion and exclusion', async () => {
    const c = await seeded('proj_mixed', [post]);
    await expect(c.findOne({}, { projection: { title: 1, body: 0 } })).rejects.toMatchObject({ code: 2 });
    await expect(c.findOne({}, { projection: { lines: 1, 'lines.k': 1 } })).rejects.toMatchObject({ code: 31249 });
  });
});

describe('query operators as MongoDB evaluates them', () => {
  it('$type knows BSON types beyond JavaScript ones', async () => {
    const big = Long.fromString('9223372036854775000');
    const c = await seeded('types', [
      { _id: 'oid', v: new ObjectId() },
      { _id: 'ts', v: new Timestamp({ t: 5, i: 1 }) },
      { _id: 'dec', v: Decimal128.fromString('1.25') },
      { _id: 'dbl', v: 1.5 },
      { _id: 'int', v: 7 },
      { _id: 'long', v: big },
      { _id: 'bin', v: new Binary(Buffer.from('hi')) },
      { _id: 'str', v: 'hi' },
    ]);
    const ids = async (t: unknown) => (await c.find({ v: { $type: t as never } }).toArray()).map((d) => d._id).sort();
    expect(await ids('objectId')).toEqual(['oid']);
    expect(await ids('timestamp')).toEqual(['ts']);
    expect(await ids('decimal')).toEqual(['dec']);
    expect(await ids('double')).toEqual(['dbl']);
    expect(await ids('int')).toEqual(['int']);
    expect(await ids('long')).toEqual(['long']);
    expect(await ids('binData')).toEqual(['bin']);
    expect(await ids(7)).toEqual(['oid']);
    expect(await ids('number')).toEqual(['dbl', 'dec', 'int', 'long']);
    expect(await ids(['string', 'binData'])).toEqual(['bin', 'str']);
    // A later $match stage evaluates $type the same way.
    const later = await c.aggregate([{ $sort: { _id: 1 } }, { $match: { v: { $type: 'timestamp' } } }]).toArray();
    expect(later.map((d) => d._id)).toEqual(['ts']);
    await expect(c.find({ v: { $type: 'nonsense' as never } }).toArray()).rejects.toMatchObject({ code: 2 });
  });

  it('refuses unknown operators even on an empty or missing collection', async () => {
    const empty = await seeded('empty', []);
    await db.createCollection('really_empty').catch(() => {});
    for (const c of [empty, db.collection('really_empty'), db.collection('never_created')]) {
      await expect(c.find({ a: { $foo: 1 } }).toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('unknown operator: $foo') });
      await expect(c.find({ $foo: 1 }).toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('unknown top level operator: $foo') });
      await expect(c.countDocuments({ a: { $foo: 1 } })).rejects.toMatchObject({ code: 2 });
      await expect(c.deleteMany({ a: { $foo: 1 } })).rejects.toMatchObject({ code: 2 });
      await expect(c.aggregate([{ $match: { a: { $foo: 1 } } }]).toArray()).rejects.toMatchObject({ code: 2 });
      await expect(c.aggregate([{ $project: { a: 1 } }, { $match: { a: { $foo: 1 } } }]).toArray()).rejects.toMatchObject({ code: 2 });
    }
  });

  it('knows $comment, $alwaysTrue, $alwaysFalse and $sampleRate', async () => {
    const c = await seeded('toplevel', [{ _id: 1 }, { _id: 2 }]);
    expect(await c.countDocuments({ $comment: 'why this query runs' })).toBe(2);
    expect(await c.countDocuments({ $alwaysTrue: 1 })).toBe(2);
    expect(await c.countDocuments({ $alwaysFalse: 1, _id: 1 as never })).toBe(0);
    expect(await c.countDocuments({ $sampleRate: 1 })).toBe(2);
    expect(await c.countDocuments({ $sampleRate: 0 })).toBe(0);
    await expect(c.countDocuments({ $sampleRate: 2 })).rejects.toMatchObject({ code: 2 });
  });

  it('$all matches a scalar field equal to its value', async () => {
    const c = await seeded('all', [{ _id: 1, a: 5 }, { _id: 2, a: [5, 6] }, { _id: 3, a: 6 }]);
    expect((await c.find({ a: { $all: [5] } }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await c.find({ a: { $all: [5, 6] } }).toArray()).map((d) => d._id)).toEqual([2]);
    expect(await c.countDocuments({ a: { $all: [] } })).toBe(0);
  });

  it('$id inside $elemMatch names a DBRef field', async () => {
    const c = await seeded('refs', [
      { _id: 1, refs: [new DBRef('people', 10 as never), new DBRef('people', 11 as never)] },
      { _id: 2, refs: [new DBRef('people', 12 as never)] },
    ]);
    expect((await c.find({ refs: { $elemMatch: { $ref: 'people', $id: 11 } } }).toArray()).map((d) => d._id)).toEqual([1]);
    expect((await c.find({ 'refs.$id': 12 }).toArray()).map((d) => d._id)).toEqual([2]);
  });

  it('orders BinData by length, then subtype, then bytes', async () => {
    const b = (bytes: number[], sub = 0) => new Binary(Buffer.from(bytes), sub);
    const c = await seeded('bins', [
      { _id: 1, b: b([3]) },
      { _id: 2, b: b([1, 2]) },
      { _id: 3, b: b([2]) },
      { _id: 4, b: b([1], 5) },
    ]);
    expect((await c.find({}).sort({ b: 1 }).toArray()).map((d) => d._id)).toEqual([3, 1, 4, 2]);
    expect((await c.find({ b: { $gt: b([2]) } }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 4]);
  });

  it('refuses a hint naming no index, and an unknown aggregation stage', async () => {
    const c = await seeded('hints', [{ _id: 1, a: 1 }]);
    await c.createIndex({ a: 1 });
    expect(await c.find({}).hint({ a: 1 }).toArray()).toHaveLength(1);
    expect(await c.find({}).hint('a_1').toArray()).toHaveLength(1);
    await expect(c.find({}).hint('nope_1').toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('hint provided does not correspond to an existing index') });
    await expect(c.updateOne({ a: 1 }, { $set: { b: 1 } }, { hint: { b: 1 } })).rejects.toMatchObject({ code: 2 });
    await expect(c.aggregate([{ $frobnicate: {} }]).toArray()).rejects.toMatchObject({ code: 40324, message: expect.stringContaining('Unrecognized pipeline stage name') });
  });

  it('sorts by $natural: -1 in reverse insertion order', async () => {
    const c = await seeded('natural', [{ _id: 3, k: 1 }, { _id: 1, k: 1 }, { _id: 2, k: 2 }]);
    await c.updateOne({ _id: 3 as never }, { $set: { touched: true } });
    expect((await c.find({}).sort({ $natural: -1 }).toArray()).map((d) => d._id)).toEqual([2, 1, 3]);
    expect((await c.find({ k: 1 }, { projection: { _id: 1 } }).sort({ $natural: -1 }).limit(1).toArray())).toEqual([{ _id: 1 }]);
    expect((await c.find({}).sort({ $natural: 1 }).toArray()).map((d) => d._id)).toEqual([3, 1, 2]);
  });

  it('evaluates let variables in $expr', async () => {
    const c = await seeded('lets', [{ _id: 1 }, { _id: 2 }]);
    const docs = await c.find({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 2 } }).toArray();
    expect(docs).toEqual([{ _id: 2 }]);
  });
});

describe('collation', () => {
  const docs = [{ _id: 1, s: 'ping' }, { _id: 2, s: 'PING' }, { _id: 3, s: 'pîng' }, { _id: 4, s: 'pong' }];
  const en2 = { locale: 'en', strength: 2 };
  const en1 = { locale: 'en', strength: 1 };

  it('strength 2 ignores case, strength 1 also accents, in find, count and delete', async () => {
    const c = await seeded('coll_find', docs);
    expect((await c.find({ s: 'Ping' }, { collation: en2 }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await c.find({ s: 'Ping' }, { collation: en1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3]);
    expect(await c.find({ s: 'Ping' }).toArray()).toEqual([]);
    expect(await c.countDocuments({ s: { $in: ['PONG'] } }, { collation: en2 })).toBe(1);
    expect((await c.deleteMany({ s: 'PING' }, { collation: en2 })).deletedCount).toBe(2);
  });

  it('sorts and takes distinct values by the collation', async () => {
    const c = await seeded('coll_sort', [{ _id: 1, s: 'b' }, { _id: 2, s: 'B' }, { _id: 3, s: 'a' }, { _id: 4, s: 'C' }]);
    expect((await c.find({}).sort({ s: 1, _id: 1 }).toArray()).map((d) => d.s)).toEqual(['B', 'C', 'a', 'b']);
    expect((await c.find({}, { collation: en2 }).sort({ s: 1, _id: 1 }).toArray()).map((d) => d.s)).toEqual(['a', 'b', 'B', 'C']);
    expect(await c.distinct('s', {}, { collation: en2 })).toEqual(['b', 'a', 'C']);
  });

  it('refuses what it cannot honour rather than ignoring it', async () => {
    const c = await seeded('coll_bad', docs);
    await expect(c.find({}, { collation: { locale: 'en', backwards: true } }).toArray()).rejects.toMatchObject({ code: 238 });
    await expect(c.find({}, { collation: { strength: 2 } as never }).toArray()).rejects.toMatchObject({ code: 40414 });
  });
});

describe('$text', () => {
  it('searches a text index with terms, phrases and negations, scoring by weight', async () => {
    const c = await seeded('articles', [
      { _id: 1, title: 'Baking cakes', body: 'How to bake a chocolate cake at home' },
      { _id: 2, title: 'Coffee', body: 'Coffee and cake go well together' },
      { _id: 3, title: 'Gardening', body: 'Growing tomatoes in a small garden' },
      { _id: 4, title: 'Café culture', body: 'Chocolate cake in a café' },
    ]);
    await expect(c.find({ $text: { $search: 'cake' } }).toArray()).rejects.toMatchObject({ code: 27 });
    await c.createIndex({ title: 'text', body: 'text' }, { weights: { title: 10 } });
    const ids = async (search: string, extra: object = {}) =>
      (await c.find({ $text: { $search: search }, ...extra }).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids('cakes')).toEqual([1, 2, 4]); // stemmed: cakes ~ cake
    expect(await ids('tomato garden')).toEqual([3]);
    expect(await ids('cake -coffee')).toEqual([1, 4]);
    expect(await ids('"chocolate cake"')).toEqual([1, 4]);
    expect(await ids('cafe')).toEqual([4]); // diacritics folded
    expect(await ids('cafe', { $and: [{ _id: { $gt: 3 } }] })).toEqual([4]);
    expect(await ids('the')).toEqual([]); // stop words match nothing
    expect((await c.find({ $text: { $search: 'café', $diacriticSensitive: true } }).toArray()).map((d) => d._id)).toEqual([4]);

    // The title weighs ten times the body: "Baking cakes" outranks a body-only mention.
    const ranked = await c
      .find({ $text: { $search: 'cake' } }, { projection: { score: { $meta: 'textScore' }, title: 1 } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(ranked[0]).toMatchObject({ _id: 1, title: 'Baking cakes' });
    expect(ranked.map((d) => d.score)).toEqual([...ranked.map((d) => d.score)].sort((a, b) => b - a));
    expect(ranked.every((d) => typeof d.score === 'number' && d.score > 0)).toBe(true);
    await expect(c.find({ $or: [{ $text: { $search: 'cake' } }, { _id: 1 as never }] }).toArray()).rejects.toMatchObject({ code: 2 });
    await expect(c.createIndex({ body: 'text' })).rejects.toMatchObject({ code: 85 });
    await expect(db.collection('articles_es').createIndex({ body: 'text' }, { default_language: 'spanish' })).rejects.toMatchObject({ code: 238 });

    // In an aggregation, after a $text $match, { $meta: 'textScore' } projects and sorts too.
    const agg = await c
      .aggregate([
        { $match: { $text: { $search: 'cake' } } },
        { $addFields: { score: { $meta: 'textScore' } } },
        { $sort: { score: { $meta: 'textScore' } } },
        { $project: { body: 0 } },
      ])
      .toArray();
    expect(agg.map((d) => d._id)).toEqual(ranked.map((d) => d._id));
    expect(agg.map((d) => Object.keys(d).sort())).toEqual(agg.map(() => ['_id', 'score', 'title']));
    await expect(c.aggregate([{ $sort: { s: { $meta: 'textScore' } } }]).toArray()).rejects.toMatchObject({ code: 40218 });
  });
});

describe('collation defaults and indexes', () => {
  it("applies a collection's default collation unless the command names another", async () => {
    await db.createCollection('coll_default', { collation: { locale: 'en', strength: 2 } });
    const c = db.collection('coll_default');
    await c.insertMany([{ _id: 1 as never, s: 'Ann' }, { _id: 2 as never, s: 'ann' }, { _id: 3 as never, s: 'Bob' }]);
    expect(await c.countDocuments({ s: 'ANN' })).toBe(2);
    expect(await c.countDocuments({ s: 'ANN' }, { collation: { locale: 'simple' } })).toBe(0);
    expect(await c.distinct('s')).toEqual(['Ann', 'Bob']);
  });

  it('a unique index with a case-insensitive collation refuses values differing only in case', async () => {
    const c = db.collection('coll_unique');
    await c.createIndex({ email: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    await c.insertOne({ email: 'Ann@Example.com' });
    await expect(c.insertOne({ email: 'ann@example.com' })).rejects.toMatchObject({ code: 11000 });
    await c.insertOne({ email: 'bob@example.com' });
    await expect(c.createIndex({ x: 1 }, { collation: { locale: 'en', backwards: true } })).rejects.toMatchObject({ code: 238 });
  });
});

describe('numbers and BSON wrappers compare as in MongoDB', () => {
  it('ranges reach Decimal128 and Long values; Timestamps and Decimals compare by value; sorts follow the BSON order', async () => {
    const c = await seeded('numeric', [
      { _id: 1, v: 1 },
      { _id: 2, v: Decimal128.fromString('2.5') },
      { _id: 3, v: 4 },
      { _id: 4, v: new Timestamp({ t: 1, i: 1 }) },
      { _id: 5, v: new Timestamp({ t: 5, i: 1 }) },
      { _id: 7, v: 'str' },
      { _id: 8, v: Long.fromString('9007199254740993') },
    ]);
    const ids = async (f: object) => (await c.find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ v: { $lt: 3 } })).toEqual([1, 2]);
    expect(await ids({ v: { $gt: 5 } })).toEqual([8]);
    expect(await ids({ v: { $gt: Decimal128.fromString('2') } })).toEqual([2, 3, 8]);
    expect(await ids({ v: Decimal128.fromString('1') })).toEqual([1]);
    expect(await ids({ v: { $gt: new Timestamp({ t: 2, i: 0 }) } })).toEqual([5]);
    expect((await c.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3, 8, 7, 4, 5]);
  });
});

describe('$bits* operators', () => {
  it('test the bits of BinData (UUIDs) and of numbers, with positions, numeric and BinData masks', async () => {
    const uuid = new Binary(Buffer.from('ff' + '0'.repeat(30), 'hex'), Binary.SUBTYPE_UUID);
    const c = await seeded('bits', [{ _id: 1, u: uuid }, { _id: 2, n: 6 }, { _id: 3, n: -1 }, { _id: 4, n: Long.fromString('4294967296') }, { _id: 5, n: 2.5 }, { _id: 6, n: 'x' }]);
    const ids = async (filter: object) => (await c.find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids({ u: { $bitsAllSet: [0, 4] } })).toEqual([1]);
    expect(await ids({ u: { $bitsAllSet: 2 ** 15 } })).toEqual([]);
    expect(await ids({ u: { $bitsAnySet: 3 } })).toEqual([1]);
    expect(await ids({ u: { $bitsAnySet: [8] } })).toEqual([]);
    expect(await ids({ u: { $bitsAnyClear: [0, 32] } })).toEqual([1]);
    expect(await ids({ u: { $bitsAnyClear: 7 } })).toEqual([]);
    expect(await ids({ u: { $bitsAllClear: [16, 17, 18] } })).toEqual([1]);
    expect(await ids({ u: { $bitsAllSet: new Binary(Buffer.from([0x81])) } })).toEqual([1]);
    // Numbers: two's complement for negatives (sign bits past 63 set), Longs past 32 bits, fractions never match.
    expect(await ids({ n: { $bitsAllSet: [1, 2] } })).toEqual([2, 3]);
    expect(await ids({ n: { $bitsAllSet: [200] } })).toEqual([3]);
    expect(await ids({ n: { $bitsAnySet: [32] } })).toEqual([3, 4]);
    expect(await ids({ n: { $bitsAllClear: 1 } })).toEqual([2, 4]);
    await expect(c.findOne({ n: { $bitsAllSet: -1 } })).rejects.toMatchObject({ code: 2 });
    await expect(c.findOne({ n: { $bitsAllSet: [1.5] } })).rejects.toMatchObject({ code: 2 });
  });
});
