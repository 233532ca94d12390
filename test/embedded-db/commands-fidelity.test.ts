import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
