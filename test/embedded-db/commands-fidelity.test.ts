import fs from 'node:fs';
import net from 'node:net';
import { BSON } from 'bson';
import os from 'node:os';
import path from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { startEmbeddedDb } from '../../server/embedded-db/server.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;

beforeAll(async () => {
  fresh = await freshDatabase('cmdfid');
  db = fresh.conn.db as unknown as Db;
});
afterAll(() => fresh.drop());

describe('messages', () => {
  it('receives a ~15 MB document arriving in many chunks intact', async () => {
    const big = 'x'.repeat(15 * 1024 * 1024 - 1024);
    const tail = 'end-' + Math.random();
    await db.collection('big').insertOne({ _id: 'big' as never, body: big, tail });
    const back = await db.collection('big').findOne({ _id: 'big' as never });
    expect(back?.body.length).toBe(big.length);
    expect(back?.tail).toBe(tail);
  });
});

describe('collection commands, logged durably', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** Runs `work` against a database in a fresh directory, then reopens it twice (journal replay, then snapshot). */
  async function acrossRestarts(work: (db: Db) => Promise<void>, check: (db: Db) => Promise<void>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-db-cmd-'));
    dirs.push(dir);
    for (let round = 0; round < 3; round++) {
      const server = await startEmbeddedDb({ dir });
      const client = await new MongoClient(server.uri).connect();
      try {
        if (round === 0) await work(client.db('app'));
        await check(client.db('app'));
      } finally {
        await client.close();
        await server.close();
      }
    }
  }

  it('renameCollection moves documents and indexes, refuses an existing target unless dropTarget', async () => {
    await acrossRestarts(
      async (app) => {
        await app.collection('a').insertMany([{ _id: 1 as never, k: 'x' }, { _id: 2 as never, k: 'y' }]);
        await app.collection('a').createIndex({ k: 1 }, { unique: true });
        await app.collection('b').insertOne({ _id: 9 as never });
        const admin = app.client.db('admin');
        await expect(admin.command({ renameCollection: 'app.a', to: 'app.b' })).rejects.toMatchObject({ code: 48 });
        await expect(admin.command({ renameCollection: 'app.nope', to: 'app.c' })).rejects.toMatchObject({ code: 26 });
        await expect(app.command({ renameCollection: 'app.a', to: 'app.c' })).rejects.toMatchObject({ code: 13 });
        await admin.command({ renameCollection: 'app.a', to: 'app.b', dropTarget: true });
      },
      async (app) => {
        const names = (await app.listCollections().toArray()).map((c) => c.name);
        expect(names).toEqual(['b']);
        expect(await app.collection('b').find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, k: 'x' }, { _id: 2, k: 'y' }]);
        expect((await app.collection('b').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1']);
        await expect(app.collection('b').insertOne({ k: 'x' })).rejects.toMatchObject({ code: 11000 });
      },
    );
  });

  it('collMod sets a validator that later writes must satisfy, and changes a TTL', async () => {
    await acrossRestarts(
      async (app) => {
        await app.createCollection('people');
        await app.collection('people').createIndex({ at: 1 }, { expireAfterSeconds: 60 });
        await app.collection('people').insertOne({ _id: 1 as never, name: 5 });
        const reply = await app.command({ collMod: 'people', validator: { name: { $type: 'string' } }, index: { keyPattern: { at: 1 }, expireAfterSeconds: 120 } });
        expect(reply).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 120 });
        await expect(app.command({ collMod: 'people', bogus: 1 })).rejects.toMatchObject({ code: 40415 });
        await expect(app.command({ collMod: 'missing', validator: {} })).rejects.toMatchObject({ code: 26 });
      },
      async (app) => {
        const info = (await app.listCollections({ name: 'people' }).toArray())[0] as { options: Record<string, unknown> };
        expect(info.options.validator).toEqual({ name: { $type: 'string' } });
        const ttl = (await app.collection('people').listIndexes().toArray()).find((i) => i.name === 'at_1');
        expect(ttl?.expireAfterSeconds).toBe(120);
        await expect(app.collection('people').insertOne({ name: 7 })).rejects.toMatchObject({ code: 121 });
        const v = await app.command({ validate: 'people' });
        expect(v).toMatchObject({ valid: true, nInvalidDocuments: 1, nrecords: 1 });
      },
    );
  });
});

describe('validators', () => {
  it('$jsonSchema validator refuses bad inserts and updates with 121 and errInfo', async () => {
    await db.createCollection('v_schema', {
      validator: { $jsonSchema: { bsonType: 'object', required: ['name'], properties: { name: { bsonType: 'string', minLength: 2 }, age: { bsonType: 'int', minimum: 0 } } } },
    });
    const c = db.collection('v_schema');
    await c.insertOne({ _id: 1 as never, name: 'Ann', age: 30 });
    const err = await c.insertOne({ _id: 2 as never, age: 3 }).catch((e) => e);
    expect(err).toMatchObject({ code: 121 });
    expect(err.errInfo).toMatchObject({ failingDocumentId: 2, details: { operatorName: '$jsonSchema' } });
    await expect(c.updateOne({ _id: 1 as never }, { $set: { age: -1 } })).rejects.toMatchObject({ code: 121 });
    await expect(c.findOneAndUpdate({ _id: 1 as never }, { $set: { name: 'A' } })).rejects.toMatchObject({ code: 121 });
    await c.insertOne({ _id: 3 as never }, { bypassDocumentValidation: true });
    expect(await c.countDocuments()).toBe(2);
    expect(await c.countDocuments({ $jsonSchema: { required: ['age'] } })).toBe(1);
    // A keyword we would not enforce is refused, however deep, rather than ignored.
    await expect(db.createCollection('v_schema_bad', { validator: { $jsonSchema: { properties: { a: { format: 'email' } } } } })).rejects.toMatchObject({ code: 9 });
    await expect(c.countDocuments({ $jsonSchema: { properties: { a: { frobnicate: 1 } } } })).rejects.toMatchObject({ code: 9 });
  });

  it('query validators follow validationLevel and validationAction', async () => {
    await db.createCollection('v_query', { validator: { qty: { $gte: 0 } }, validationLevel: 'moderate' });
    const c = db.collection('v_query');
    await c.insertOne({ _id: 1 as never, qty: 1 });
    await c.insertOne({ _id: 2 as never, qty: -5 }, { bypassDocumentValidation: true });
    await expect(c.insertOne({ qty: -1 })).rejects.toMatchObject({ code: 121 });
    await expect(c.updateOne({ _id: 1 as never }, { $set: { qty: -1 } })).rejects.toMatchObject({ code: 121 });
    // moderate: a document that was already invalid may be updated.
    await c.updateOne({ _id: 2 as never }, { $set: { qty: -6 } });
    await db.command({ collMod: 'v_query', validationAction: 'warn' });
    await c.insertOne({ qty: -100 });
    await db.command({ collMod: 'v_query', validationAction: 'error', validationLevel: 'off' });
    await c.insertOne({ qty: -200 });
    expect(await c.countDocuments()).toBe(4);
    await expect(db.createCollection('v_bad', { validator: { qty: { $nope: 1 } } })).rejects.toMatchObject({ code: 2 });
  });

  it('currentOp answers with an empty list', async () => {
    expect(await db.client.db('admin').command({ currentOp: 1 })).toMatchObject({ inprog: [], ok: 1 });
  });
});

describe('field names', () => {
  it('stores top-level $-prefixed and dotted field names, refuses $-prefixed ones inside _id', async () => {
    const c = db.collection('dollars');
    await c.insertOne({ _id: 1 as never, $a: 1, 'b.c': 2 });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, $a: 1, 'b.c': 2 });
    await expect(c.insertOne({ _id: { $x: 1 } as never })).rejects.toMatchObject({ code: 52 });
  });
});

describe('database-level aggregation', () => {
  it('runs $documents and $listLocalSessions pipelines, refuses other first stages', async () => {
    const docs = await db.aggregate([{ $documents: [{ a: 1 }, { a: 2 }] }, { $match: { a: { $gt: 1 } } }]).toArray();
    expect(docs).toEqual([{ a: 2 }]);
    const sessions = await db.client.db('admin').aggregate([{ $listLocalSessions: {} }, { $limit: 1 }, { $project: { _id: 0, seen: { $literal: true } } }]).toArray();
    expect(sessions).toEqual([{ seen: true }]);
    await expect(db.aggregate([{ $match: {} }]).toArray()).rejects.toMatchObject({ code: 73 });
  });
});

describe('aggregate options', () => {
  it('explains an aggregation: a lone $match like a find, longer pipelines as stages fed by a $cursor', async () => {
    const c = db.collection('explained');
    await c.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    await c.createIndex({ a: 1 });
    const lone = await c.aggregate([{ $match: { a: 2 } }]).explain();
    expect(lone.queryPlanner).toMatchObject({ namespace: `${db.databaseName}.explained`, winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'a_1' } } });
    const staged = await c.aggregate([{ $match: { a: { $gte: 1 } } }, { $group: { _id: null, n: { $sum: 1 } } }]).explain();
    expect(staged.stages[0].$cursor.queryPlanner.namespace).toBe(`${db.databaseName}.explained`);
    expect(staged.stages[1]).toEqual({ $group: { _id: null, n: { $sum: 1 } } });
    const scan = await c.aggregate([{ $project: { a: 1 } }]).explain();
    expect(scan.stages[0].$cursor.queryPlanner.winningPlan).toEqual({ stage: 'COLLSCAN' });
  });

  it('returns documents in the order of the index a hint names', async () => {
    const c = db.collection('hinted');
    await c.insertMany([{ name: 'Andrew', qty: 4 }, { name: 'Betty', qty: 5 }, { name: 'Charlie', qty: 4 }]);
    await c.createIndex({ qty: -1, name: -1 });
    const byPattern = await c.aggregate([{ $match: {} }], { hint: { qty: -1, name: -1 } }).toArray();
    expect(byPattern.map((d) => d.name)).toEqual(['Betty', 'Charlie', 'Andrew']);
    const byName = await c.aggregate([{ $project: { _id: 0, name: 1 } }], { hint: 'qty_-1_name_-1' }).toArray();
    expect(byName).toEqual([{ name: 'Betty' }, { name: 'Charlie' }, { name: 'Andrew' }]);
    expect((await c.aggregate([], { hint: { $natural: 1 } }).toArray()).map((d) => d.name)).toEqual(['Andrew', 'Betty', 'Charlie']);
    // find without a sort also follows the hinted index; an explicit sort wins over it.
    expect((await c.find({}).hint({ qty: -1, name: -1 }).toArray()).map((d) => d.name)).toEqual(['Betty', 'Charlie', 'Andrew']);
    expect((await c.find({}).hint('qty_-1_name_-1').sort({ name: 1 }).toArray()).map((d) => d.name)).toEqual(['Andrew', 'Betty', 'Charlie']);
  });

  it('accepts a collation locale written with an underscore (en_US) in pipeline stages', async () => {
    const c = db.collection('collated');
    await c.insertMany([{ name: 'Zeta' }, { name: 'alpha' }]);
    const docs = await c.aggregate([{ $sort: { name: 1 } }], { collation: { locale: 'en_US', strength: 1 } }).toArray();
    expect(docs.map((d) => d.name)).toEqual(['alpha', 'Zeta']);
  });
});

describe('collection statistics stages and explain of other commands', () => {
  it('answers $indexStats and $collStats as first stages, refuses them later and refuses stages we do not run', async () => {
    const c = db.collection('statted');
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.createIndex({ a: 1 });
    const indexes = await c.aggregate([{ $indexStats: {} }, { $sort: { name: 1 } }]).toArray();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'a_1']);
    expect(indexes[1]).toMatchObject({ key: { a: 1 }, accesses: { ops: 0 } });
    const [stats] = await c.aggregate([{ $collStats: { count: {}, storageStats: {} } }]).toArray();
    expect(stats).toMatchObject({ ns: `${db.databaseName}.statted`, count: 2, storageStats: { count: 2, nindexes: 2, capped: false } });
    expect(stats.storageStats.size).toBeGreaterThan(0);
    await expect(c.aggregate([{ $match: {} }, { $indexStats: {} }]).toArray()).rejects.toMatchObject({ code: 40602 });
    await expect(c.aggregate([{ $collStats: { nope: {} } }]).toArray()).rejects.toMatchObject({ code: 40415 });
    await expect(c.aggregate([{ $geoNear: { near: [0, 0], distanceField: 'd' } }]).toArray()).rejects.toMatchObject({ code: 238 });
    await expect(c.aggregate([{ $bogus: 1 }]).toArray()).rejects.toMatchObject({ code: 40324, message: "Unrecognized pipeline stage name: '$bogus'" });
  });

  it('explains count, distinct, update, delete and findAndModify without writing', async () => {
    const c = db.collection('explainedWrites');
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.createIndex({ a: 1 });
    const ixscan = { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'a_1' } };
    const count = await db.command({ explain: { count: 'explainedWrites', query: { a: 1 } } });
    expect(count.queryPlanner.winningPlan).toEqual({ stage: 'COUNT', inputStage: ixscan });
    const distinct = await db.command({ explain: { distinct: 'explainedWrites', key: 'a', query: { a: 2 } } });
    expect(distinct.queryPlanner.winningPlan).toEqual(ixscan);
    const update = await db.command({ explain: { update: 'explainedWrites', updates: [{ q: { a: 1 }, u: { $set: { b: 1 } } }] } });
    expect(update.queryPlanner.winningPlan).toEqual({ stage: 'UPDATE', inputStage: ixscan });
    const del = await db.command({ explain: { delete: 'explainedWrites', deletes: [{ q: {}, limit: 0 }] } });
    expect(del.queryPlanner.winningPlan).toEqual({ stage: 'DELETE', inputStage: { stage: 'COLLSCAN' } });
    const fam = await db.command({ explain: { findAndModify: 'explainedWrites', query: { a: 2 }, remove: true } });
    expect(fam.queryPlanner.winningPlan.stage).toBe('DELETE');
    expect(await c.find({}, { projection: { _id: 0 }, sort: { a: 1 } }).toArray()).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('capped collections', () => {
  it('refuses a capped collection without a size, as mongod does', async () => {
    await expect(db.createCollection('cappedNoSize', { capped: 1024 as never })).rejects.toMatchObject({ code: 72 });
    await expect(db.createCollection('cappedNoSize', { capped: true })).rejects.toMatchObject({ code: 72 });
    expect(await db.listCollections({ name: 'cappedNoSize' }).toArray()).toEqual([]);
  });

  it('keeps the newest documents within max and size, and refuses resizing a document', async () => {
    const byCount = await db.createCollection('cappedMax', { capped: true, size: 100_000, max: 3 });
    for (let i = 1; i <= 5; i++) await byCount.insertOne({ _id: i as never, i });
    expect((await byCount.find().toArray()).map((d) => d._id)).toEqual([3, 4, 5]);
    const [info] = await db.listCollections({ name: 'cappedMax' }).toArray();
    expect((info as { options?: unknown }).options).toMatchObject({ capped: true, size: 100_000, max: 3 });

    const bySize = await db.createCollection('cappedSize', { capped: true, size: 1000 });
    await bySize.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i as never, pad: 'x'.repeat(100) })));
    const left = await bySize.find().toArray();
    expect(left.length).toBeLessThan(20);
    expect(left.at(-1)?._id).toBe(19);
    expect(left.reduce((n, d) => n + BSON.calculateObjectSize(d), 0)).toBeLessThanOrEqual(1024);

    await bySize.updateOne({ _id: 19 as never }, { $set: { pad: 'y'.repeat(100) } });
    await expect(bySize.updateOne({ _id: 19 as never }, { $set: { pad: 'short' } })).rejects.toMatchObject({ code: 10003 });
  });
});

describe('setParameter', () => {
  it('sets how often the TTL monitor runs and whether it runs, answering what they were', async () => {
    const server = await startEmbeddedDb();
    const client = await new MongoClient(server.uri).connect();
    const expire = vi.spyOn(server.storage, 'expireTtl').mockResolvedValue(0);
    // Only intervals are faked: the driver's own timers keep running.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const admin = client.db('admin');
      expect(await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 })).toMatchObject({ was: 30, ok: 1 });
      vi.advanceTimersByTime(3000);
      expect(expire).toHaveBeenCalledTimes(3);
      expect(await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 })).toMatchObject({ ttlMonitorSleepSecs: 1 });
      expect(await admin.command({ setParameter: 1, ttlMonitorEnabled: false })).toMatchObject({ was: true });
      vi.advanceTimersByTime(60_000);
      expect(expire).toHaveBeenCalledTimes(3);
      await expect(admin.command({ setParameter: 1, noSuchKnob: 1 })).rejects.toMatchObject({ code: 72 });
      await expect(admin.command({ setParameter: 1, ttlMonitorSleepSecs: 0 })).rejects.toMatchObject({ code: 2 });
      await expect(client.db('app').command({ setParameter: 1, ttlMonitorSleepSecs: 5 })).rejects.toMatchObject({ code: 13 });
    } finally {
      vi.useRealTimers();
      expire.mockRestore();
      await client.close();
      await server.close();
    }
  });
});

describe('update statements', () => {
  it('refuses sort on update statements, as MongoDB 7.0 does (8.0 added it)', async () => {
    const c = db.collection('upd_sort');
    await c.insertMany([{ _id: 1 as never, n: 1 }, { _id: 2 as never, n: 2 }]);
    await expect(c.updateOne({}, { $set: { hit: true } }, { sort: { n: -1 } } as never)).rejects.toMatchObject({ code: 40415 });
    expect(await c.countDocuments({ hit: true })).toBe(0);
  });
});

describe('message framing', () => {
  /** An OP_MSG carrying `command`, as a driver frames it. */
  function opMsg(requestId: number, command: object): Buffer {
    const body = BSON.serialize(command);
    const head = Buffer.alloc(21);
    head.writeInt32LE(21 + body.length, 0);
    head.writeInt32LE(requestId, 4);
    head.writeInt32LE(0, 8);
    head.writeInt32LE(2013, 12);
    head.writeUInt32LE(0, 16); // flags
    head.writeUInt8(0, 20); // section kind 0: the body
    return Buffer.concat([head, body]);
  }

  it('answers messages whose bytes arrive one at a time, and two messages sharing a chunk', async () => {
    const server = await startEmbeddedDb();
    const socket = net.connect(server.port, '127.0.0.1');
    socket.setNoDelay(true);
    const replies: Buffer[] = [];
    let received = Buffer.alloc(0);
    const got = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        while (received.length >= 4 && received.length >= received.readInt32LE(0)) {
          const n = received.readInt32LE(0);
          replies.push(received.subarray(0, n));
          received = received.subarray(n);
        }
        if (replies.length === 3) resolve();
      });
    });
    try {
      await new Promise<void>((r) => socket.once('connect', () => r()));
      const first = opMsg(1, { ping: 1, $db: 'admin' });
      for (const byte of first) await new Promise<void>((r) => socket.write(Buffer.from([byte]), () => r()));
      socket.write(Buffer.concat([opMsg(2, { ping: 1, $db: 'admin' }), opMsg(3, { buildInfo: 1, $db: 'admin' })]));
      await got;
      const docs = replies.map((r) => ({ responseTo: r.readInt32LE(8), body: BSON.deserialize(r.subarray(21)) }));
      expect(docs.map((d) => d.responseTo)).toEqual([1, 2, 3]);
      expect(docs.map((d) => d.body.ok)).toEqual([1, 1, 1]);
      expect(docs[2].body.version).toBe('7.0.0');
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});
