import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertsPerTurn } from '../../server/db/inserts-per-turn.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  db = await freshDatabase('turns');
});
afterAll(() => db.drop());

const inserts = (commands: Awaited<ReturnType<typeof commandsDuring>>) => commands.filter((c) => c.name === 'insert').map((c) => (c.command.documents as unknown[]).length);

describe('inserts gathered per turn of the event loop', () => {
  it('stores the inserts asked for in one turn with one command, each caller answered once its document is stored', async () => {
    const coll = db.conn.collection('log_a');
    const log = insertsPerTurn(coll);
    const commands = await commandsDuring(db.conn, async () => {
      await Promise.all([log.add({ n: 1 }), log.add({ n: 2 }), log.add({ n: 3 })]);
      expect(await coll.countDocuments()).toBe(3);
    });
    expect(inserts(commands)).toEqual([3]);
  });

  it('stores inserts of different turns with a command each', async () => {
    const coll = db.conn.collection('log_b');
    const log = insertsPerTurn(coll);
    const commands = await commandsDuring(db.conn, async () => {
      const first = log.add({ n: 1 });
      await new Promise((r) => setImmediate(r));
      await Promise.all([first, log.add({ n: 2 })]);
    });
    expect(inserts(commands)).toEqual([1, 1]);
    expect(await coll.countDocuments()).toBe(2);
  });

  it('fails only the caller whose document is refused; the others of its turn are stored', async () => {
    const coll = db.conn.collection('log_c');
    const taken = new Types.ObjectId();
    await coll.insertOne({ _id: taken, n: 0 });
    const log = insertsPerTurn(coll);
    const [before, refused, after] = await Promise.allSettled([log.add({ n: 1 }), log.add({ _id: taken, n: 2 }), log.add({ n: 3 })]);
    expect(before.status).toBe('fulfilled');
    expect(after.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 11000 } });
    expect((await coll.find({}, { projection: { _id: 0 } }).sort({ n: 1 }).toArray()).map((d) => d.n)).toEqual([0, 1, 3]);
  });

  it('fails each refused caller with its own error, as an insert of its document alone would', async () => {
    const coll = db.conn.collection('log_e');
    await coll.createIndex({ callId: 1 }, { unique: true });
    const taken = new Types.ObjectId();
    await coll.insertOne({ _id: taken, callId: 'c-0' });
    const log = insertsPerTurn(coll);
    const [byId, stored, byCall] = await Promise.allSettled([log.add({ _id: taken, callId: 'c-1' }), log.add({ callId: 'c-2' }), log.add({ callId: 'c-0' })]);
    expect(stored.status).toBe('fulfilled');
    // The driver's report of a batch keeps each refusal's code and message (not its key pattern).
    expect(byId).toMatchObject({ status: 'rejected', reason: { code: 11000, message: expect.stringContaining('index: _id_') } });
    expect(byCall).toMatchObject({ status: 'rejected', reason: { code: 11000, message: expect.stringContaining('index: callId_1 dup key: { callId: "c-0" }') } });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('fails every caller when the database refuses the whole command, none taken for stored', async () => {
    // A command the server refuses as a whole (as on a full disk: test/reliability/disk-full.test.ts)
    // reaches the driver's batch error with no write errors.
    const log = insertsPerTurn(db.conn.collection(''));
    const results = await Promise.allSettled([log.add({ n: 1 }), log.add({ n: 2 })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // Each with the server's code and message, as an insert of its document alone is refused.
    const alone = await db.conn.collection('').insertOne({ n: 3 }).catch((err: { code?: number; message: string }) => err);
    expect(alone).toMatchObject({ code: expect.any(Number) });
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: (alone as { code: number }).code, message: (alone as { message: string }).message });
  });

  it('fails every caller of a turn whose command fails, and waits for writes under way when settled', async () => {
    const other = await freshDatabase('turns');
    const log = insertsPerTurn(other.conn.collection('log_d'));
    await log.add({ n: 1 });
    const written = log.add({ n: 2 });
    await log.settle();
    await expect(written).resolves.toBeUndefined();
    expect(await other.conn.collection('log_d').countDocuments()).toBe(2);
    await other.drop();
    // The connection is closed: the command cannot be sent, and each caller is told why (as the
    // driver told a single insert: the console answers 503 for a database away).
    const results = await Promise.allSettled([log.add({ n: 3 }), log.add({ n: 4 })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.name)).not.toContain('MongoBulkWriteError');
  });
});
