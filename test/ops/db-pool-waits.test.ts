import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPoolWaits } from '../../server/ops/db-pool-waits.js';
import { capturingLogger } from '../abuse/support.js';
import { eventually } from '../support/app.js';
import { freshDatabase, mongoUri } from '../support/mongo.js';

/** The driver's pool of one connection, so a burst of durable writes queues in front of it. */
let db: Awaited<ReturnType<typeof freshDatabase>>;
let narrow: Connection;
beforeAll(async () => {
  db = await freshDatabase('poolwaits');
  narrow = await mongoose.createConnection(mongoUri(), { dbName: db.name, maxPoolSize: 1 }).asPromise();
});
afterAll(async () => {
  await narrow.close();
  await db.drop();
});

const waitLines = (log: ReturnType<typeof capturingLogger>) => log.lines.filter((l) => /^database connection pool: requests waited/.test(l.msg));

describe('waits for a database connection', () => {
  it('logs requests that waited for a free connection, with how many, how long and the pool size', async () => {
    const log = capturingLogger();
    const watch = watchPoolWaits(narrow, log.logger, 1);
    try {
      const coll = narrow.db!.collection('waits');
      // Each insert is acknowledged once durable: the 79 behind the first wait their turn for the one connection.
      await Promise.all(Array.from({ length: 80 }, (_, n) => coll.insertOne({ n })));
      const [line] = await eventually(() => (waitLines(log).length ? waitLines(log) : undefined), 3000, 'the pool-wait line');
      const l = line as unknown as { waited: number; avgMs: number; maxMs: number; poolSize: number; level: number };
      expect(l.level).toBe(40);
      expect(l.waited).toBeGreaterThan(0);
      expect(l.maxMs).toBeGreaterThanOrEqual(l.avgMs);
      expect(l.avgMs).toBeGreaterThanOrEqual(1);
      expect(l.poolSize).toBe(1);
    } finally {
      watch.stop();
    }
  });
});
