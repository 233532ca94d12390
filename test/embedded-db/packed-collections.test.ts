import { Binary, BSON, BSONRegExp, Code, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { docStore } from '../../server/embedded-db/doc-store.js';
import { valueKey } from '../../server/embedded-db/keys.js';
import { FieldNames, decodeFields, nameOf, walkElements } from '../../server/embedded-db/bson-walk.js';
import { encodePutRecord, encodeRecord } from '../../server/embedded-db/records.js';
import { type EmbeddedDb, startEmbeddedDb } from '../../server/embedded-db/server.js';
import { random } from '../support/random.js';
import { cleanupsAfterEach } from '../support/cleanups.js';

const { MongoClient } = mongoose.mongo;
type Client = InstanceType<typeof MongoClient>;

const { tmpDir } = cleanupsAfterEach('db-packed-');
async function start(dir: string): Promise<{ db: EmbeddedDb; c: Client }> {
  const db = await startEmbeddedDb({ dir, packed: ['packed'] });
  const c = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 4 }).connect();
  return {
    db,
    c,
  };
}
const stop = async ({ db, c }: { db: EmbeddedDb; c: Client }) => {
  await c.close();
  await db.close();
};

describe('a packed document store', () => {
  const doc = { _id: new ObjectId(), at: new Date('2026-01-02T03:04:05Z'), items: [{ sku: 'TV-100', qty: 2, price: 19.99 }], note: 'ţară 中国' };

  it('keeps BSON and reads back a fresh copy equal to what was stored', () => {
    const store = docStore(true);
    const id = valueKey(doc._id);
    store.set(id, doc);
    expect([...store.stored()][0]).toBeInstanceOf(Uint8Array);
    const one = store.get(id);
    expect(one).toEqual(doc);
    expect(store.get(id)).not.toBe(one);
    expect([...store.values()]).toEqual([doc]);
    expect([...store]).toEqual([[id, doc]]);
  });

  it('keeps objects when not packed', () => {
    const store = docStore();
    store.set('a', doc);
    expect(store.get('a')).toBe(doc);
    expect([...store.stored()][0]).toBe(doc);
  });

  it('gives a reader the documents as they were when it started, whatever is written after', () => {
    for (const packed of [true, false]) {
      const store = docStore(packed);
      store.set('n1', { _id: 1, v: 'old' });
      const frozen = store.frozen();
      store.set('n1', { _id: 1, v: 'new' });
      store.set('n2', { _id: 2, v: 'added' });
      expect([...frozen]).toEqual([{ _id: 1, v: 'old' }]);
    }
  });
});

describe('a put record of a document already in BSON', () => {
  it('is byte for byte the record encoded from the document', () => {
    const doc = { _id: new ObjectId(), name: 'Anca Ene', tags: ['a', 'b'], at: new Date(0), blob: new Binary(Buffer.from([1, 2, 3])) };
    for (const [d, c] of [
      ['console', 'transactions'],
      ['bază', 'clienți'],
    ])
      expect(encodePutRecord(d, c, BSON.serialize(doc)).equals(encodeRecord({ o: 'put', d, c, doc }))).toBe(true);
  });
});

describe('reading a BSON document without decoding all of it', () => {
  const inner = { _id: 7, x: 'y' };
  const every = {
    n: 1.5,
    s: 'str',
    o: { a: 1 },
    arr: [1, 2],
    b: new Binary(Buffer.from([9])),
    id: new ObjectId(),
    t: true,
    at: new Date(0),
    nil: null,
    re: new BSONRegExp('a.*b', 'i'),
    code: new Code('x => x'),
    scoped: new Code('y', { y: 1 }),
    i: 3,
    ts: new Timestamp({ t: 1, i: 2 }),
    big: Long.fromNumber(2 ** 40),
    dec: Decimal128.fromString('1.1'),
    min: new MinKey(),
    max: new MaxKey(),
    'ţară 中国': 'ok',
    doc: inner,
  };
  const body = BSON.serialize(every);

  it('walks past values of every type to the element it wants', () => {
    const names: string[] = [];
    expect(walkElements(body, (e) => void names.push(nameOf(body, e)))).toBe(true);
    expect(names).toEqual(Object.keys(every));
  });

  it('decodes the fields asked for exactly as decoding the whole document gives them', () => {
    const whole = BSON.deserialize(body, { promoteLongs: true, promoteValues: true });
    for (const fields of [['_id'], ['at', 'arr', 'big'], ['o', 'id', 'ţară 中国', 'dec', 'b'], Object.keys(every)]) {
      const wanted = Object.fromEntries(fields.filter((f) => f in whole).map((f) => [f, whole[f]]));
      expect(decodeFields(body, new FieldNames(new Set(fields)))).toEqual(wanted);
    }
  });
});

/** A purchase-like document with the value types the console stores. */
function purchase(i: number, next: () => number) {
  const n = 1 + Math.floor(next() * 4);
  return {
    _id: new ObjectId(),
    seq: i,
    customerId: `c${Math.floor(next() * 20)}`,
    at: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 1e10)),
    items: Array.from({ length: n }, (_, k) => ({ sku: `SKU-${(i * 7 + k) % 13}`, qty: 1 + k, price: Math.round(next() * 10000) / 100 })),
    total: Math.round(next() * 100000) / 100,
    channel: ['store', 'web', 'phone'][i % 3],
    ...(i % 5 === 0 ? { note: `ţară 中国 ${i}`, refund: new Decimal128('12.50'), receipt: new Binary(Buffer.from([i % 256, 1, 2])) } : {}),
  };
}

/** The same reads and writes on a collection; what each answered, with the collection's name left out. */
type Purchase = ReturnType<typeof purchase> & { flagged?: boolean };
async function exercise(c: Client, name: string, docs: Purchase[]) {
  const coll = c.db('shop').collection<Purchase>(name);
  await coll.createIndex({ customerId: 1, at: -1 });
  await coll.insertMany(docs.map((d) => ({ ...d })));
  await coll.updateMany({ channel: 'web' }, { $set: { flagged: true }, $inc: { total: 1 } });
  await coll.updateOne({ seq: 3 }, { $push: { items: { sku: 'EXTRA', qty: 1, price: 1 } } });
  await coll.deleteMany({ seq: { $mod: [11, 0] } });
  const changed = await coll.findOneAndUpdate({ customerId: 'c3' }, { $set: { channel: 'phone' } }, { sort: { at: 1 }, returnDocument: 'after' });
  return {
    changed,
    byCustomer: await coll.find({ customerId: 'c7' }).sort({ at: -1 }).limit(5).toArray(),
    byRange: await coll
      .find({ total: { $gt: 500 }, 'items.sku': 'SKU-3' }, { projection: { items: 0 } })
      .sort({ seq: 1 })
      .toArray(),
    count: await coll.countDocuments({ flagged: true }),
    counted: await coll.countDocuments({ total: { $lt: 300 }, channel: { $in: ['web', 'store'] } }, { limit: 50 }),
    countCommand: (await c.db('shop').command({ count: name, query: { 'items.qty': { $gte: 3 } } })).n,
    included: await coll
      .find({ customerId: 'c2' }, { projection: { at: 1, 'items.sku': 1 } })
      .sort({ seq: -1 })
      .toArray(),
    excluded: await coll
      .find({ channel: 'store' }, { projection: { items: 0, note: 0 } })
      .sort({ seq: 1 })
      .limit(30)
      .toArray(),
    excludedButFiltered: await coll
      .find({ 'items.sku': 'SKU-5' }, { projection: { items: 0 } })
      .sort({ seq: 1 })
      .toArray(),
    elemMatch: await coll
      .find({ seq: { $lt: 60 } }, { projection: { items: { $elemMatch: { qty: { $gte: 2 } } }, _id: 0 } })
      .sort({ seq: 1 })
      .toArray(),
    positional: await coll
      .find({ 'items.qty': 3 }, { projection: { 'items.$': 1, seq: 1 } })
      .sort({ seq: 1 })
      .toArray(),
    sliced: await coll
      .find({ seq: { $lt: 20 } }, { projection: { items: { $slice: 1 } } })
      .sort({ seq: 1 })
      .toArray(),
    computed: await coll
      .find({ $expr: { $gt: ['$total', 900] } }, { projection: { big: { $gt: ['$total', 950] } } })
      .sort({ seq: 1 })
      .toArray(),
    // A page of a sorted read: its candidates decoded for choosing only, the page's documents further.
    pagedByPrefix: await coll
      .find({ customerId: /^c1/ }, { projection: { total: 1, channel: 1 } })
      .sort({ total: -1, seq: 1 })
      .limit(7)
      .toArray(),
    pagedNotExact: await coll
      .find({ customerId: { $in: ['c1', 'c4'] }, total: { $gt: 200 } }, { projection: { items: 0 } })
      .sort({ seq: -1 })
      .skip(2)
      .limit(6)
      .toArray(),
    pagedWhole: await coll.find({ customerId: 'c6' }).sort({ total: 1 }).limit(4).toArray(),
    pagedByArray: await coll
      .find({ customerId: 'c5' }, { projection: { seq: 1, items: 1 } })
      .sort({ 'items.sku': 1, seq: 1 })
      .limit(3)
      .toArray(),
    pagedById: await coll
      .find({ _id: docs[5]._id }, { projection: { seq: 1 } })
      .sort({ seq: 1 })
      .limit(1)
      .toArray(),
    distinct: (await coll.distinct('channel')).sort(),
    grouped: await coll.aggregate([{ $unwind: '$items' }, { $group: { _id: '$items.sku', n: { $sum: '$items.qty' } } }, { $sort: { _id: 1 } }]).toArray(),
    all: await coll.find({}).sort({ seq: 1 }).toArray(),
  };
}

describe('a packed collection of the embedded database', () => {
  it('answers every read and write as an unpacked one does, before and after a restart and a compaction', async () => {
    const dir = tmpDir();
    const next = random(21);
    const docs = Array.from({ length: 400 }, (_, i) => purchase(i, next));
    let s = await start(dir);
    const packed = await exercise(s.c, 'packed', docs);
    const plain = await exercise(s.c, 'plain', docs);
    expect(packed).toEqual(plain);
    // The documents really are held as BSON in the packed one, as objects in the other.
    const stored = (name: string) => [...s.db.storage.collection('shop', name)!.docs.stored()];
    expect(stored('packed').every((d) => d instanceof Uint8Array)).toBe(true);
    expect(stored('plain').some((d) => d instanceof Uint8Array)).toBe(false);

    const read = async (name: string) => s.c.db('shop').collection(name).find({}).sort({ seq: 1 }).toArray();
    // Recovered from the journal...
    await stop(s);
    s = await start(dir);
    expect(await read('packed')).toEqual(plain.all);
    // ...and from a snapshot that compaction wrote with the packed documents' bytes as they were.
    await s.c.db('admin').command({ compact: 'packed' });
    await stop(s);
    s = await start(dir);
    expect(await read('packed')).toEqual(plain.all);
    expect(await read('plain')).toEqual(plain.all);
    expect(stored('packed').every((d) => d instanceof Uint8Array)).toBe(true);
    expect(await s.c.db('shop').collection('packed').find({ customerId: 'c7' }).sort({ at: -1 }).limit(5).toArray()).toEqual(plain.byCustomer);
    await stop(s);
  }, 60_000);
});
