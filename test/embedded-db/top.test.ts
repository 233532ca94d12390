import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaceOf, newTop, recordTop, type TopOfCollection } from '../../server/embedded-db/top.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';

describe('top: commands and their time per collection', () => {
  const cases: Array<[string, Record<string, unknown>, string | undefined, Array<keyof TopOfCollection>]> = [
    ['find', { find: 'c', filter: {} }, 'db.c', ['total', 'readLock', 'queries']],
    ['getMore', { getMore: 7, collection: 'c' }, 'db.c', ['total', 'readLock', 'getmore']],
    ['insert', { insert: 'c', documents: [{}] }, 'db.c', ['total', 'writeLock', 'insert']],
    ['update', { update: 'c', updates: [] }, 'db.c', ['total', 'writeLock', 'update']],
    ['delete', { delete: 'c', deletes: [] }, 'db.c', ['total', 'writeLock', 'remove']],
    ['findAndModify', { findAndModify: 'c', query: {} }, 'db.c', ['total', 'writeLock', 'commands']],
    ['count', { count: 'c' }, 'db.c', ['total', 'readLock', 'commands']],
    ['createIndexes', { createIndexes: 'c', indexes: [] }, 'db.c', ['total', 'writeLock', 'commands']],
    // A command about no collection is not counted (mongod's top lists collections only).
    ['aggregate', { aggregate: 1, pipeline: [] }, undefined, []],
    ['hello', { hello: 1 }, undefined, []],
  ];
  it.each(cases)('counts %s under its collection and kind: %j', (name, command, namespace, kinds) => {
    expect(namespaceOf(name, command, 'db')).toBe(namespace);
    const top = newTop();
    recordTop(top, namespaceOf(name, command, 'db'), name, 1.5);
    const t = top.get('db.c');
    if (!kinds.length) return expect(top.size).toBe(0);
    for (const [k, v] of Object.entries(t!)) expect(v, k).toEqual(kinds.includes(k as keyof TopOfCollection) ? { count: 1, time: 1500 } : { count: 0, time: 0 });
  });
});

describe('top over the wire', () => {
  let db: EmbeddedDb;
  beforeAll(async () => {
    db = await startEmbeddedDb();
  });
  afterAll(() => db.close());

  it("names the collections a driver's commands were about, with their counts and times, on the admin database only", async () => {
    const conn = await mongoose.createConnection(db.uri, { dbName: 'ops' }).asPromise();
    try {
      const coll = conn.db!.collection('things');
      await coll.insertMany([{ n: 1 }, { n: 2 }]);
      await coll.updateOne({ n: 1 }, { $set: { m: 1 } });
      await coll.findOneAndUpdate({ n: 2 }, { $set: { m: 2 } });
      await coll.find({}).toArray();
      await conn.db!.collection('other').deleteMany({});
      const { totals } = await conn.db!.admin().command({ top: 1 });
      expect(totals.note).toBe('all times in microseconds');
      const things = totals['ops.things'] as TopOfCollection;
      expect(things.insert.count).toBe(1); // one command, two documents
      expect(things.update.count).toBe(1);
      expect(things.commands.count).toBe(1); // the findAndModify
      expect(things.queries.count).toBe(1);
      expect(things.writeLock.count).toBe(3);
      expect(things.total.count).toBe(4);
      expect(things.total.time).toBeGreaterThan(0);
      expect(things.total.time).toBe(things.readLock.time + things.writeLock.time);
      expect((totals['ops.other'] as TopOfCollection).remove.count).toBe(1);
      await expect(conn.db!.command({ top: 1 })).rejects.toThrow('top may only be run against the admin database');
    } finally {
      await conn.close();
    }
  });
});
