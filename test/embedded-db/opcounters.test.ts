import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCommand, newOpCounters, type OpCounters } from '../../server/embedded-db/opcounters.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';

describe('operation counts (serverStatus opcounters)', () => {
  const cases: Array<[string, Record<string, unknown>, Partial<OpCounters>]> = [
    ['insert', { insert: 'c', documents: [{}, {}, {}] }, { insert: 3 }],
    [
      'update',
      {
        update: 'c',
        updates: [
          { q: {}, u: {} },
          { q: {}, u: {} },
        ],
      },
      { update: 2 },
    ],
    ['delete', { delete: 'c', deletes: [{ q: {}, limit: 1 }] }, { delete: 1 }],
    ['find', { find: 'c', filter: {} }, { query: 1 }],
    ['aggregate', { aggregate: 'c', pipeline: [] }, { query: 1 }],
    ['getMore', { getMore: 1, collection: 'c' }, { getmore: 1 }],
    ['findAndModify', { findAndModify: 'c', query: {}, update: {} }, { command: 1 }],
    ['hello', { hello: 1 }, { command: 1 }],
    // A malformed write counts nothing: it stores nothing either.
    ['insert', { insert: 'c' }, {}],
  ];
  it.each(cases)('counts %s as mongod does: %j', (name, command, expected) => {
    const c = newOpCounters();
    countCommand(c, name, command);
    expect(c).toEqual({ ...newOpCounters(), ...expected });
  });
});

describe('serverStatus over the wire', () => {
  let db: EmbeddedDb;
  beforeAll(async () => {
    db = await startEmbeddedDb();
  });
  afterAll(() => db.close());

  it("reports what a driver's commands did since start, as differences between two readings", async () => {
    const conn = await mongoose.createConnection(db.uri, { dbName: 'ops' }).asPromise();
    try {
      const status = async () => (await conn.db!.admin().command({ serverStatus: 1 })).opcounters as OpCounters;
      const before = await status();
      const coll = conn.db!.collection('things');
      await coll.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
      await coll.updateOne({ n: 1 }, { $set: { m: 1 } });
      await coll.deleteMany({ n: { $gt: 3 } });
      await coll.find({}).batchSize(1).toArray(); // three left: a find with the first, two getMores for the rest
      await coll.findOneAndUpdate({ n: 2 }, { $set: { m: 2 } });
      const after = await status();
      expect(after.insert - before.insert).toBe(4);
      expect(after.update - before.update).toBe(1);
      expect(after.delete - before.delete).toBe(1);
      expect(after.query - before.query).toBe(1);
      expect(after.getmore - before.getmore).toBe(2);
      // findAndModify and the first reading's serverStatus (and any heartbeat of the driver's monitor).
      expect(after.command - before.command).toBeGreaterThanOrEqual(2);
    } finally {
      await conn.close();
    }
  });
});
