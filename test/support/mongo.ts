import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { inject } from 'vitest';

/** The MongoDB server under test: a real one when MONGODB_URI is set, else the embedded one. */
export const mongoUri = () => inject('mongoUri');

/** A mongoose connection to a fresh database of its own; `drop` removes it. */
export async function freshDatabase(prefix = 'test') {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const conn = await mongoose.createConnection(mongoUri(), { dbName: name }).asPromise();
  return {
    conn,
    name,
    async drop() {
      await conn.dropDatabase();
      await conn.close();
    },
  };
}
