import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerBudget } from '../../server/embedded-db/reader-budget.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';
import { noteShortCommand, readerStats, setReaderBudget, slicer } from '../../server/embedded-db/slices.js';

const opts = { share: 0.25, burstMs: 20, busyMs: 20, graceMs: 100 };

describe("long readers' budget of the database thread", () => {
  // Each row: what happened, in order, and the wait the next slice is told. Times in ms.
  type Step = ['short', number] | ['charge', number, number, number] | ['wait', number, number];
  const table: Array<[string, Step[]]> = [
    [
      'a reader within its grace is never charged, however busy the database',
      [
        ['short', 0],
        ['charge', 5, 5, 95],
        ['charge', 10, 5, 100],
        ['wait', 10, 0],
      ],
    ],
    [
      'a quiet database holds no one back, even a reader deep in debt',
      [
        ['charge', 0, 50, 500],
        ['wait', 0, 0],
      ],
    ],
    [
      'a busy database makes a reader in debt wait until a quarter of the time since pays it',
      [
        ['short', 0],
        ['charge', 0, 40, 500],
        ['wait', 1, 79],
      ],
    ],
    [
      'the banked burst covers short slices first',
      [
        ['short', 0],
        ['charge', 0, 5, 500],
        ['charge', 0, 5, 505],
        ['wait', 0, 0],
      ],
    ],
    [
      'debt is paid off as time passes',
      [
        ['short', 0],
        ['charge', 0, 40, 500],
        ['short', 60],
        ['wait', 60, 20],
        ['short', 140],
        ['wait', 140, 0],
      ],
    ],
    [
      'only the work past the grace is charged',
      [
        ['short', 0],
        ['charge', 0, 30, 110],
        ['wait', 0, 0],
        ['charge', 0, 30, 140],
        ['wait', 0, 80],
      ],
    ],
    [
      'a long quiet spell banks no more than the burst',
      [
        ['short', 0],
        ['charge', 0, 0, 500],
        ['short', 10_000],
        ['charge', 10_000, 30, 530],
        ['wait', 10_000, 40],
      ],
    ],
  ];
  it.each(table)('%s', (_name, steps) => {
    const b = readerBudget(opts);
    for (const s of steps) {
      if (s[0] === 'short') b.shortCommand(s[1]);
      else if (s[0] === 'charge') b.charge(s[1], s[2], s[3]);
      else expect(b.waitMs(s[1]), JSON.stringify(s)).toBe(s[2]);
    }
  });

  it('tells which readers are still within their grace', () => {
    const b = readerBudget(opts);
    expect([0, 99.9, 100, 1000].map(b.inGrace)).toEqual([true, true, false, false]);
  });
});

describe('long scans over the wire', () => {
  let db: EmbeddedDb;
  let conn: mongoose.Connection;
  const status = async () => ((await conn.db!.admin().command({ serverStatus: 1 })) as { embeddedReaders: { waits: number; waitedMs: number; chargedMs: number } }).embeddedReaders;
  beforeAll(async () => {
    // No grace: every scan here is charged from its first slice, so the budget acts on scans of ~100 ms.
    db = await startEmbeddedDb({ readerBudget: { graceMs: 0 } });
    conn = await mongoose.createConnection(db.uri, { dbName: 'budget' }).asPromise();
    const docs = Array.from({ length: 150_000 }, (_, n) => ({ n, name: `customer ${n}`, tags: [n % 3, n % 5] }));
    for (let i = 0; i < docs.length; i += 10_000) await conn.db!.collection('customers').insertMany(docs.slice(i, i + 10_000));
  }, 60_000);
  afterAll(async () => {
    await conn.close();
    await db.close();
  });
  // An $or over unindexed fields: the general matcher, one slice after another.
  const filter = { $or: [{ tags: 4, name: /(\d)\1/ }, { name: 'nobody' }] };
  // Counted in the database (one command, all of it in slices): no batches to fetch.
  const scan = () => conn.db!.collection('customers').countDocuments(filter);
  const expected = Array.from({ length: 150_000 }, (_, n) => n).filter((n) => (n % 3 === 4 || n % 5 === 4) && /(\d)\1/.test(`customer ${n}`)).length;

  // First: the budget starts with its burst banked and no debt. Whether the first slice is charged at all
  // depends on how soon after the status command it ends (the database counts as busy for 20 ms), so only
  // what a quiet database promises is asserted: the scan is never held back.
  it('run at full speed on a quiet database', async () => {
    const before = await status();
    expect(await scan()).toBe(expected);
    const after = await status();
    expect(after.waits).toBe(before.waits);
    expect(after.waitedMs).toBe(before.waitedMs);
  }, 60_000);

  it('give way to short commands that keep arriving, and still answer in full', async () => {
    const before = await status();
    let scanning = true;
    const counted = scan().finally(() => (scanning = false));
    let shortReads = 0;
    while (scanning) {
      await conn.db!.collection('customers').findOne({ _id: { $exists: true } }, { projection: { n: 1 } });
      shortReads++;
    }
    const after = await status();
    expect(await counted).toBe(expected);
    expect(shortReads).toBeGreaterThan(1);
    // The scan was charged past its grace, and held back at least once while the reads went on.
    expect(after.chargedMs).toBeGreaterThan(before.chargedMs);
    expect(after.waits).toBeGreaterThan(before.waits);
  }, 60_000);
});

describe('the slices of readers in debt', () => {
  it('let a reader within its grace go ahead at once instead of waiting out the debt of long ones', async () => {
    setReaderBudget({ graceMs: 50 });
    const long = slicer(0);
    // Work, not a wait: 150 ms of the thread, 100 past the grace, charged while the database is busy.
    const until = performance.now() + 150;
    while (performance.now() < until);
    noteShortCommand();
    const order: string[] = [];
    const longResumed = long.pause().then(() => order.push('long'));
    // The pump has gone to sleep on the long reader's debt (about 300 ms) before the short one pauses.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const t = performance.now();
    await slicer(0).pause();
    order.push('short');
    expect(performance.now() - t).toBeLessThan(100);
    await longResumed;
    expect(order).toEqual(['short', 'long']);
    expect(readerStats().waits).toBeGreaterThan(0);
  });
});
