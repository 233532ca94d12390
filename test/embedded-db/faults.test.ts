import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb } from '../../server/embedded-db/server.js';
import { Storage, WriteLog } from '../../server/embedded-db/storage.js';
import { startDbProcess } from '../support/db-process.js';
import { type SmallDisk, mountSmallDisk } from '../support/small-disk.js';
import { cleanupsAfterEach } from '../support/cleanups.js';

const { MongoClient } = mongoose.mongo;
type Client = InstanceType<typeof MongoClient>;

const { defer, tmpDir } = cleanupsAfterEach('db-faults-');
async function client(uri: string): Promise<Client> {
  const c = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 4 }).connect();
  defer(() => c.close());
  return c;
}
const storageState = async (c: Client) =>
  ((await c.db('admin').command({ serverStatus: 1 })) as { embeddedStorage: { state: string; reason?: string; lastCompactionError?: string } }).embeddedStorage;

// A real small file system that fills up. Mounting needs root with CAP_SYS_ADMIN (our machines and CI have it).
const probe = mountSmallDisk(64);
probe?.unmount();
const canMount = !!probe;
function smallDisk(kb: number): SmallDisk {
  const d = mountSmallDisk(kb)!;
  defer(() => d.unmount());
  return d;
}

describe.runIf(canMount)('embedded database on a full disk', () => {
  it('refuses writes it cannot store, shows none of them, cuts the journal back, and loses no acknowledged write', async () => {
    const disk = smallDisk(8 * 1024);
    const dir = path.join(disk.dir, 'data');
    let db = await startDbProcess(dir);
    defer(() => db.stop('SIGKILL'));
    let c = await client(db.uri);
    let entries = c.db('faults').collection<{ _id: number; payload: string; v?: number }>('entries');
    const acked = new Set<number>();
    for (let i = 0; i < 200; i++) {
      await entries.insertOne({ _id: i, payload: 'x'.repeat(300) });
      acked.add(i);
    }

    disk.fill();
    const refused: number[] = [];
    for (let i = 200; i < 240; i++) {
      // Each write is raced by a read on another connection: it must never see a refused write.
      const other = c.db('faults').collection<{ _id: number }>('entries');
      const [write, read] = await Promise.allSettled([entries.insertOne({ _id: i, payload: 'y'.repeat(300) }), other.findOne({ _id: i })]);
      if (write.status === 'fulfilled') acked.add(i);
      else {
        expect(write.reason).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' });
        expect(read).toEqual({ status: 'fulfilled', value: null });
        expect(await entries.findOne({ _id: i })).toBeNull();
        refused.push(i);
      }
    }
    expect(refused.length).toBeGreaterThan(30);
    expect(await entries.countDocuments()).toBe(acked.size);
    expect(await storageState(c)).toMatchObject({ state: 'degraded', reason: expect.stringMatching(/ENOSPC/) });
    // An update refused leaves the document as it was, for every reader.
    await expect(entries.updateOne({ _id: 5 }, { $set: { v: 1 } })).rejects.toMatchObject({ code: 14031 });
    expect((await entries.findOne({ _id: 5 }))!.v).toBeUndefined();

    disk.free();
    // A retry of a refused insert is a new write, not a duplicate of something half-stored.
    for (const i of refused) {
      await entries.insertOne({ _id: i, payload: 'y'.repeat(300) });
      acked.add(i);
    }
    for (let i = 1000; i < 1150; i++) {
      await entries.updateOne({ _id: i }, { $set: { payload: 'z', v: i } }, { upsert: true });
      acked.add(i);
    }
    expect((await storageState(c)).state).toBe('ok');

    await db.stop('SIGKILL');
    db = await startDbProcess(dir);
    c = await client(db.uri);
    entries = c.db('faults').collection('entries');
    const ids = (await entries.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort((a, b) => a - b);
    expect(ids).toEqual([...acked].sort((a, b) => a - b));
    expect(db.output()).not.toMatch(/damaged/);
  }, 60_000);

  it('refuses a large insert that fills the disk between its statements, and keeps serving', async () => {
    const disk = smallDisk(8 * 1024);
    const dir = path.join(disk.dir, 'data');
    const db = await startDbProcess(dir);
    defer(() => db.stop('SIGKILL'));
    const c = await client(db.uri);
    const entries = c.db('faults').collection<{ _id: number; payload: string }>('large');
    await entries.insertOne({ _id: -1, payload: 'first' });
    // Room for a few of its slices, not for all 6 MB of it.
    disk.fill(1536);
    disk.freeReserve();
    const big = await entries
      .insertMany(Array.from({ length: 20_000 }, (_, i) => ({ _id: i, payload: 'x'.repeat(300) })), { ordered: false })
      .then(() => null, (err: { code?: number }) => err);
    expect(big).toMatchObject({ code: 14031 });
    // The database process is still there, says it is degraded, and stores writes again once there is room.
    expect((await c.db('admin').command({ ping: 1 })).ok).toBe(1);
    expect((await storageState(c)).state).toBe('degraded');
    disk.free();
    await entries.insertOne({ _id: -2, payload: 'after' });
    expect((await storageState(c)).state).toBe('ok');
    expect(await entries.findOne({ _id: -1 })).toMatchObject({ payload: 'first' });
  });

  it('keeps serving when a compaction fails for lack of space, keeps the old files, and folds them once there is room', async () => {
    const disk = smallDisk(4 * 1024);
    const dir = path.join(disk.dir, 'data');
    let db = await startEmbeddedDb({ dir });
    defer(() => db.close());
    let c = await client(db.uri);
    let entries = c.db('faults').collection<{ _id: number; payload: string }>('entries');
    await entries.insertMany(Array.from({ length: 1500 }, (_, i) => ({ _id: i, payload: 'p'.repeat(600) })));

    // Room for the journal's next few records, not for a whole new snapshot (about 1 MB).
    disk.fill(256);
    disk.freeReserve();
    await expect(c.db('admin').command({ compact: 'entries' })).rejects.toMatchObject({ code: 14031 });
    expect(fs.readdirSync(dir)).not.toContain('snapshot.bson.tmp');
    expect((await storageState(c)).lastCompactionError).toMatch(/ENOSPC/);
    // Still serving reads and (small) writes.
    expect(await entries.countDocuments()).toBe(1500);
    await entries.insertOne({ _id: 5000, payload: 'after the failed compaction' });

    await c.close();
    await db.close();
    db = await startEmbeddedDb({ dir });
    c = await client(db.uri);
    entries = c.db('faults').collection('entries');
    expect(await entries.countDocuments()).toBe(1501);

    disk.free();
    await c.db('admin').command({ compact: 'entries' });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('journal-'))).toHaveLength(1);
    await c.close();
    await db.close();
    db = await startEmbeddedDb({ dir });
    c = await client(db.uri);
    expect(await c.db('faults').collection('entries').countDocuments()).toBe(1501);
  }, 60_000);

  it('undoes in memory every change queued behind a failed one, and shows readers only durable changes', async () => {
    const disk = smallDisk(1024);
    const storage = await Storage.open({ dir: path.join(disk.dir, 'data') });
    defer(() => storage.close());
    const put = (id: number, v: string) => {
      const log = new WriteLog();
      const { coll } = storage.ensureCollection('t', 'c', log);
      storage.apply({ o: 'put', d: 't', c: 'c', doc: { _id: id, v } }, log);
      return { coll, done: storage.persist(log) };
    };
    const first = put(1, 'a');
    // Applied (a writer sees it) but not durable yet: readers do not.
    expect(first.coll.find({ _id: 1 }, { latest: true }).docs).toHaveLength(1);
    expect(first.coll.find({ _id: 1 }).docs).toHaveLength(0);
    expect(first.coll.find({ v: 'a' }).docs).toHaveLength(0);
    await first.done;
    expect(first.coll.find({ v: 'a' }).docs).toEqual([{ _id: 1, v: 'a' }]);

    disk.fill();
    const big = 'b'.repeat(64 * 1024);
    const failed = [put(1, big), put(2, big), put(3, 'c')];
    expect(first.coll.find({}).docs).toEqual([{ _id: 1, v: 'a' }]);
    const outcomes = await Promise.allSettled(failed.map((f) => f.done));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(first.coll.find({}, { latest: true }).docs).toEqual([{ _id: 1, v: 'a' }]);
    expect(first.coll.shadow.size).toBe(0);
    expect(storage.health().state).toBe('degraded');

    disk.free();
    await put(4, 'd').done;
    expect(storage.health().state).toBe('ok');
    expect(first.coll.find({}).docs.map((d) => d._id)).toEqual([1, 4]);
  }, 30_000);
});

/** Flips one byte in the middle of the newest journal. */
function flipMiddleByte(dir: string): string {
  const name = fs.readdirSync(dir).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
  const file = path.join(dir, name);
  const buf = fs.readFileSync(file);
  buf[Math.floor(buf.length / 2)] ^= 0xff;
  fs.writeFileSync(file, buf);
  return name;
}

async function startExpectingFailure(dir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/embedded-db/cli.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DB_DIR: dir, DB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b));
  child.stderr.on('data', (b: Buffer) => (output += b));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('embedded database with a damaged journal', () => {
  it('refuses to start on a flipped byte mid-journal, naming the file and what would be lost; DB_REPAIR keeps a copy and recovers the rest', async () => {
    const dir = tmpDir();
    let db = await startDbProcess(dir);
    let c = await client(db.uri);
    const entries = c.db('faults').collection<{ _id: number }>('entries');
    for (let i = 0; i < 60; i++) await entries.insertOne({ _id: i });
    await c.close();
    await db.stop('SIGKILL');
    const journal = flipMiddleByte(dir);

    const refused = await startExpectingFailure(dir);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(new RegExp(`journal .*${journal} is damaged at byte \\d+ of \\d+: (2[0-9]|3[0-9]) complete records after the damage`));
    expect(refused.output).toMatch(/DB_REPAIR=1/);
    expect(fs.existsSync(path.join(dir, 'quarantine'))).toBe(false);

    db = await startDbProcess(dir, 0, { DB_REPAIR: '1' });
    c = await client(db.uri);
    const ids = (await c.db('faults').collection<{ _id: number }>('entries').find().toArray()).map((d) => d._id);
    // One record is damaged: every other acknowledged insert is back.
    expect(ids).toHaveLength(59);
    expect(fs.readdirSync(path.join(dir, 'quarantine'))[0]).toMatch(new RegExp(`^${journal}\\.`));
    expect(db.output()).toMatch(/"level":50.*repair: damaged journal/);
    await c.close();
    await db.stop('SIGKILL');

    // Repaired for good: the next start needs no repair.
    db = await startDbProcess(dir);
    c = await client(db.uri);
    expect(await c.db('faults').collection('entries').countDocuments()).toBe(59);
    await c.close();
    await db.stop();
  }, 60_000);
});

describe('embedded database directory lock', () => {
  it('takes over a LOCK naming a live process that is not its owner (a reused PID), with a warning', async () => {
    const dir = tmpDir();
    // The PID of a live process (this test's), but not the process that wrote the LOCK: its start time differs.
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: process.pid, start: '1', boot: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), host: os.hostname() }));
    const db = await startDbProcess(dir);
    expect(db.output()).toMatch(/took over a stale LOCK/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).pid).toBe(db.child.pid);
    await db.stop();
  }, 30_000);

  it('takes over an earlier version\'s LOCK holding the PID of a live program that is not the database', async () => {
    const dir = tmpDir();
    const sleeper = spawn('sleep', ['60']);
    defer(() => sleeper.kill('SIGKILL'));
    fs.writeFileSync(path.join(dir, 'LOCK'), String(sleeper.pid));
    const db = await startDbProcess(dir);
    expect(db.output()).toMatch(/took over a stale LOCK/);
    await db.stop();
  }, 30_000);

  it('lets exactly one of two processes starting together on one directory open it', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = tmpDir();
      const results = await Promise.allSettled([startDbProcess(dir), startDbProcess(dir)]);
      const opened = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(opened).toHaveLength(1);
      expect(String(refused[0].reason)).toMatch(/in use/);
      await opened[0].value.stop();
    }
  }, 60_000);

  it('refuses a directory in use by a running database', async () => {
    const dir = tmpDir();
    const db = await startDbProcess(dir);
    const second = await startExpectingFailure(dir);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(/is in use/);
    await db.stop();
  }, 30_000);
});

afterAll(() => {
  if (!canMount) console.warn('full-disk tests skipped: this machine may not mount a tmpfs');
});
