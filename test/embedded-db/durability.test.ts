import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/app.js';
import { startDbProcess } from '../support/db-process.js';

const EntrySchema = new Schema({ seq: { type: Number, unique: true }, payload: String });
const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function connect(uri: string) {
  const conn = await mongoose.createConnection(uri, { dbName: 'durable', serverSelectionTimeoutMS: 5000 }).asPromise();
  return { conn, Entry: conn.model('Entry', EntrySchema) };
}

/** These start their own database processes: they test the embedded engine itself. */
describe('embedded database durability', () => {
  it('keeps data and indexes across a clean restart', async () => {
    const dir = tmpDir();
    let db = await startDbProcess(dir);
    let { conn, Entry } = await connect(db.uri);
    await Entry.init();
    await Entry.insertMany(Array.from({ length: 100 }, (_, i) => ({ seq: i, payload: `p${i}` })));
    await Entry.updateOne({ seq: 5 }, { $set: { payload: 'changed' } });
    await Entry.deleteOne({ seq: 6 });
    await conn.close();
    await db.stop();

    db = await startDbProcess(dir);
    ({ conn, Entry } = await connect(db.uri));
    expect(await Entry.countDocuments()).toBe(99);
    expect((await Entry.findOne({ seq: 5 }).lean())!.payload).toBe('changed');
    const dup = await Entry.create({ seq: 7 }).catch((e: unknown) => e);
    expect(dup).toMatchObject({ code: 11000 });
    await conn.close();
    await db.stop();
  });

  it('has every acknowledged write after kill -9 in the middle of a write burst', async () => {
    const dir = tmpDir();
    let db = await startDbProcess(dir);
    let { conn, Entry } = await connect(db.uri);
    const acknowledged: number[] = [];
    let seq = 0;
    let stop = false;
    // Eight concurrent writers, each awaiting its acknowledgement before recording it.
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const n = seq++;
        try {
          await Entry.collection.insertOne({ seq: n, payload: 'x'.repeat(200) });
          acknowledged.push(n);
        } catch {
          return;
        }
      }
    });
    // Killed mid-burst once enough writes are acknowledged (however slow the machine is today).
    await eventually(() => acknowledged.length >= 50, 30_000, '50 acknowledged writes');
    await db.stop('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await conn.close().catch(() => {});
    expect(acknowledged.length).toBeGreaterThan(20);

    db = await startDbProcess(dir);
    ({ conn, Entry } = await connect(db.uri));
    const stored = new Set((await Entry.find({}, { seq: 1 }).lean()).map((d) => d.seq));
    const lost = acknowledged.filter((n) => !stored.has(n));
    expect(lost).toEqual([]);
    await conn.close();
    await db.stop();
  });

  it('drops a torn last journal record and keeps everything before it', async () => {
    const dir = tmpDir();
    let db = await startDbProcess(dir);
    let { conn, Entry } = await connect(db.uri);
    await Entry.insertMany(Array.from({ length: 10 }, (_, i) => ({ seq: i })));
    await conn.close();
    await db.stop('SIGKILL');

    // Simulate a crash half-way through writing a record: a length promising more than is there.
    const journal = fs.readdirSync(dir).find((f) => f.startsWith('journal-'))!;
    const torn = Buffer.alloc(12);
    torn.writeUInt32LE(5000, 0);
    fs.appendFileSync(path.join(dir, journal), torn);

    db = await startDbProcess(dir);
    ({ conn, Entry } = await connect(db.uri));
    expect(await Entry.countDocuments()).toBe(10);
    await Entry.create({ seq: 10 });
    await conn.close();
    await db.stop('SIGKILL');

    db = await startDbProcess(dir);
    ({ conn, Entry } = await connect(db.uri));
    expect(await Entry.countDocuments()).toBe(11);
    await conn.close();
    await db.stop();
  });
});

describe('embedded database compaction', () => {
  it('folds a growing journal into a snapshot without losing writes made meanwhile', async () => {
    const { startEmbeddedDb } = await import('../../server/embedded-db/server.js');
    const dir = tmpDir();
    let db = await startEmbeddedDb({ dir, compactBytes: 32 * 1024 });
    let { conn, Entry } = await connect(db.uri);
    for (let batch = 0; batch < 20; batch++) {
      await Entry.insertMany(Array.from({ length: 50 }, (_, i) => ({ seq: batch * 50 + i, payload: 'y'.repeat(100) })));
    }
    await Entry.updateMany({ seq: { $lt: 100 } }, { $set: { payload: 'updated' } });
    await conn.close();
    await db.close();
    // The first journal generation was folded into a snapshot and removed.
    const journals = fs.readdirSync(dir).filter((f) => f.startsWith('journal-'));
    expect(journals).not.toContain('journal-00000001.log');
    expect(journals.length).toBe(1);

    db = await startEmbeddedDb({ dir });
    ({ conn, Entry } = await connect(db.uri));
    expect(await Entry.countDocuments()).toBe(1000);
    expect(await Entry.countDocuments({ payload: 'updated' })).toBe(100);
    await conn.close();
    await db.close();
  });
});

describe('embedded database large writes', () => {
  it('lets other writes in between the documents of a large insert, and replays both in the order they were made', async () => {
    const dir = tmpDir();
    let db = await startDbProcess(dir);
    let { conn, Entry } = await connect(db.uri);
    await Entry.init();
    const big = Entry.collection.insertMany(Array.from({ length: 40_000 }, (_, i) => ({ seq: i, payload: `p${i}` })), { ordered: false });
    let bigDone = false;
    void big.then(() => (bigDone = true));
    // While it runs, another writer changes a document the insert has already stored, and adds its own.
    // Readers see its documents as they become durable, part by part (before, all at once at the end).
    const partsSeen = new Set<number>();
    for (let n = 0; !bigDone; n++) {
      await Entry.collection.updateOne({ seq: 0 }, { $set: { payload: 'changed' } });
      await Entry.collection.insertOne({ seq: 100_000 + n, payload: 'between' });
      const stored = await Entry.collection.countDocuments({ seq: { $lt: 40_000 } });
      if (!bigDone && stored > 0 && stored < 40_000) partsSeen.add(stored);
    }
    expect((await big).insertedCount).toBe(40_000);
    expect(partsSeen.size).toBeGreaterThan(0);
    const between = await Entry.countDocuments({ payload: 'between' });
    await conn.close();
    await db.stop();

    db = await startDbProcess(dir);
    ({ conn, Entry } = await connect(db.uri));
    expect(await Entry.countDocuments({ seq: { $lt: 40_000 } })).toBe(40_000);
    expect(await Entry.countDocuments({ payload: 'between' })).toBe(between);
    expect((await Entry.findOne({ seq: 0 }).lean())!.payload).toBe('changed');
    await conn.close();
    await db.stop();
  });
});
