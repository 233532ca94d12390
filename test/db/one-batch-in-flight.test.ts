import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection, Document } from 'mongodb';
import { insertsPerTurn } from '../../server/db/inserts-per-turn.js';
import { batchedPerTurn } from '../../server/db/batched-per-turn.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  db = await freshDatabase('in-flight');
});
afterAll(() => db.drop());

const turn = () => new Promise((r) => setImmediate(r));
/** Turns of the event loop until `done` holds (at most twenty: a batch goes a turn or two after it may). */
async function turnsUntil(done: () => boolean) {
  for (let k = 0; k < 20 && !done(); k++) await turn();
  return done();
}

/** A batch read whose answers the test gives, one batch at a time. */
function heldReads() {
  const batches: number[][] = [];
  const answers: Array<{ answer: () => void; fail: (err: Error) => void }> = [];
  const read = batchedPerTurn<number, number>(
    (keys) =>
      new Promise((resolve, reject) => {
        batches.push([...keys]);
        answers.push({ answer: () => resolve(keys.map((k) => k * 10)), fail: reject });
      }),
  );
  return { read, batches, answers };
}

describe('one batch of a kind in flight at a time', () => {
  it('sends a batch on the next turn when none is in flight, and gathers the asks of later turns while one is', async () => {
    const { read, batches, answers } = heldReads();
    const first = read(1);
    expect(await turnsUntil(() => batches.length === 1)).toBe(true);
    const second = read(2);
    await turn();
    const third = read(3);
    await turn();
    await turn();
    // Both wait for the first batch's answer.
    expect(batches).toEqual([[1]]);
    answers[0]!.answer();
    expect(await first).toBe(10);
    expect(await turnsUntil(() => batches.length === 2)).toBe(true);
    expect(batches).toEqual([[1], [2, 3]]);
    answers[1]!.answer();
    expect(await Promise.all([second, third])).toEqual([20, 30]);
    // Quiet again: the next ask goes on the next turn.
    const fourth = read(4);
    expect(await turnsUntil(() => batches.length === 3)).toBe(true);
    answers[2]!.answer();
    expect(await fourth).toBe(40);
  });

  it('lets the next batch go when the one in flight fails, which fails only its own callers', async () => {
    const { read, batches, answers } = heldReads();
    const failing = read(5);
    expect(await turnsUntil(() => batches.length === 1)).toBe(true);
    const after = read(6);
    answers[0]!.fail(new Error('database unreachable'));
    await expect(failing).rejects.toThrow('database unreachable');
    expect(await turnsUntil(() => batches.length === 2)).toBe(true);
    answers[1]!.answer();
    expect(await after).toBe(60);
  });

  it('stores the inserts added while one is in flight together, once it is stored', async () => {
    const coll = db.conn.collection('held_log');
    // The first insert reaches the database only when the test lets it.
    let letGo!: () => void;
    const held = new Promise<void>((r) => (letGo = r));
    let sent = 0;
    const slowFirst = {
      insertMany: async (docs: Document[], opts: object) => {
        if (sent++ === 0) await held;
        return coll.insertMany(docs, opts);
      },
    } as unknown as Pick<Collection, 'insertMany'>;
    const log = insertsPerTurn(slowFirst);
    const commands = await commandsDuring(db.conn, async () => {
      const first = log.add({ n: 1 });
      expect(await turnsUntil(() => sent === 1)).toBe(true);
      const later = [log.add({ n: 2 })];
      await turn();
      later.push(log.add({ n: 3 }));
      await turn();
      expect(sent).toBe(1);
      letGo();
      await Promise.all([first, ...later]);
    });
    expect(commands.filter((c) => c.name === 'insert').map((c) => (c.command.documents as unknown[]).length)).toEqual([1, 2]);
    expect(await coll.countDocuments()).toBe(3);
  });
});
