import fs from 'node:fs';
import net from 'node:net';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';
import mongoose from 'mongoose';
import { BSON, Long, ObjectId } from 'bson';
import { RawDocs, encodeReply } from '../../server/embedded-db/wire.js';

let db: EmbeddedDb;
const warnings: string[] = [];
beforeAll(async () => {
  db = await startEmbeddedDb({ logger: { info() {}, warn: (o) => warnings.push(JSON.stringify(o)) } });
});
afterAll(() => db.close());

/** Sends raw bytes and resolves when the server closes the socket (or rejects after a while). */
function sendRaw(bytes: Buffer): Promise<'closed'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(db.port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => reject(new Error('connection was left open')), 3000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('error', () => {});
  });
}

describe('embedded database wire protocol', () => {
  it('closes only the offending connection on garbage or an absurd message length', async () => {
    const conn = await mongoose.createConnection(db.uri, { dbName: 'wire' }).asPromise();
    const Thing = conn.model('Thing', new Schema({ n: Number }));
    await Thing.create({ n: 1 });

    const absurd = Buffer.alloc(16);
    absurd.writeInt32LE(0x7fffffff, 0);
    expect(await sendRaw(absurd)).toBe('closed');

    const garbage = Buffer.alloc(64, 0xab);
    garbage.writeInt32LE(64, 0);
    expect(await sendRaw(garbage)).toBe('closed');

    const badOpMsg = Buffer.alloc(30);
    badOpMsg.writeInt32LE(30, 0);
    badOpMsg.writeInt32LE(2013, 12);
    badOpMsg.writeUInt8(7, 20); // unknown section kind
    expect(await sendRaw(badOpMsg)).toBe('closed');

    expect(warnings.length).toBeGreaterThanOrEqual(3);
    // The well-behaved client never noticed.
    expect(await Thing.countDocuments()).toBe(1);
    await conn.dropDatabase();
    await conn.close();
  });

  it('refuses server-side JavaScript in queries with an error, not a crash', async () => {
    const conn = await mongoose.createConnection(db.uri, { dbName: 'wire2' }).asPromise();
    const coll = conn.db!.collection('things');
    await coll.insertOne({ n: 1 });
    const err = await coll.find({ $where: 'sleep(1000) || true' }).toArray().catch((e: unknown) => e);
    expect(err).toMatchObject({ ok: 0 });
    expect(await coll.countDocuments()).toBe(1);
    await conn.dropDatabase();
    await conn.close();
  });
});

describe('cursor replies', () => {
  it('splice documents serialized once into exactly the bytes the whole reply serialized at once would be', () => {
    const docs = [
      { _id: new ObjectId(), name: 'Ada', phones: [{ number: '+44' }], at: new Date(0), n: 1.5 },
      { _id: new ObjectId(), nested: { deep: { list: [1, 'two', null] } } },
      ...Array.from({ length: 11 }, (_, i) => ({ _id: i, s: 'x'.repeat(i * 100) })),
    ];
    const request = { header: { requestId: 7 }, legacy: false } as unknown as Parameters<typeof encodeReply>[0];
    for (const field of ['firstBatch', 'nextBatch'] as const) {
      const plain = encodeReply(request, { cursor: { [field]: docs, id: Long.fromNumber(12), ns: 'db.customers' }, ok: 1 });
      const raw = encodeReply(request, { cursor: { [field]: new RawDocs(docs.map((d) => BSON.serialize(d))), id: Long.fromNumber(12), ns: 'db.customers' }, ok: 1 });
      // The header's request ids differ (one per reply); the bodies are identical.
      expect(Buffer.from(raw.subarray(21)).equals(Buffer.from(plain.subarray(21)))).toBe(true);
      expect(raw.readInt32LE(0)).toBe(plain.readInt32LE(0));
    }
  });
});

describe('embedded database on a Unix socket', () => {
  it('serves the same database on its Unix socket as on TCP, and removes the socket when it closes', async () => {
    const local = await startEmbeddedDb({ unixSocket: true });
    const socketPath = decodeURIComponent(local.uri.slice('mongodb://'.length));
    expect(socketPath).toMatch(/\.sock$/);
    expect(fs.statSync(socketPath).isSocket()).toBe(true);
    const overSocket = await mongoose.createConnection(local.uri, { dbName: 'unix' }).asPromise();
    const overTcp = await mongoose.createConnection(`mongodb://127.0.0.1:${local.port}`, { dbName: 'unix' }).asPromise();
    await overSocket.collection('things').insertOne({ n: 1 });
    expect(await overTcp.collection('things').findOne({}, { projection: { _id: 0 } })).toEqual({ n: 1 });
    await overSocket.close();
    await overTcp.close();
    await local.close();
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('replaces a socket file a killed process left under its name', async () => {
    const first = await startEmbeddedDb({ unixSocket: true });
    const socketPath = decodeURIComponent(first.uri.slice('mongodb://'.length));
    const port = first.port;
    await first.close();
    // What a process killed with SIGKILL leaves: the file, with nobody listening.
    fs.writeFileSync(socketPath, '');
    const again = await startEmbeddedDb({ unixSocket: true, port });
    expect(again.uri).toBe(first.uri);
    const conn = await mongoose.createConnection(again.uri, { dbName: 'unix' }).asPromise();
    expect(await conn.db!.admin().ping()).toMatchObject({ ok: 1 });
    await conn.close();
    await again.close();
  });
});
