import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { inject } from 'vitest';

/** The MongoDB server under test: a real one when MONGODB_URI is set, else the embedded one. */
export const mongoUri = () => inject('mongoUri');

/** A mongoose connection to a fresh database of its own; `drop` removes it. */
export async function freshDatabase(prefix = 'test') {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  // Command monitoring counts the commands in flight, for `idle`.
  const conn = await mongoose.createConnection(mongoUri(), { dbName: name, monitorCommands: true }).asPromise();
  let inFlight = 0;
  const client = conn.getClient();
  client.on('commandStarted', () => inFlight++);
  client.on('commandSucceeded', () => inFlight--);
  client.on('commandFailed', () => inFlight--);
  return {
    conn,
    name,
    /**
     * Resolves once no command is in flight and none starts over a few turns of the event loop: the
     * background work of the last requests (pops, audit notes, supervision) has written what it writes.
     * A command that never answers (a database taken away by the test) is given up on after `ms`.
     */
    async idle(turns = 3, ms = 5000) {
      const until = Date.now() + ms;
      for (let quiet = 0; quiet < turns && Date.now() < until; ) {
        await new Promise((r) => setImmediate(r));
        quiet = inFlight === 0 ? quiet + 1 : 0;
      }
    },
    async drop() {
      await conn.dropDatabase();
      await conn.close();
    },
  };
}
