import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

/**
 * Update semantics as MongoDB has them, where mongoose (and the apps on it) rely on them. Each case
 * was found wrong by running mongoose's own test suite against the embedded database
 * (bench/fidelity/mongoose-suite.ts).
 */
let db: Awaited<ReturnType<typeof freshDatabase>>;
let conn: Connection;
let raw: Db;

beforeAll(async () => {
  db = await freshDatabase('upd');
  conn = db.conn;
  raw = conn.db as unknown as Db;
});
afterAll(() => db.drop());

const coll = () => raw.collection('things');
beforeEach(async () => {
  await coll().deleteMany({});
});

/** The server's error for a rejected write, for asserting its code and message. */
async function rejection(p: Promise<unknown>): Promise<{ code?: number; codeName?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: number; codeName?: string; message: string };
  }
  throw new Error('expected the server to reject the write');
}

describe('serverStatus', () => {
  it('reports the version, uptime and storage engine clients read', async () => {
    const status = await raw.admin().serverStatus();
    expect(status).toMatchObject({ ok: 1, process: 'mongod', storageEngine: { name: 'embedded' } });
    expect(status.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(typeof status.uptime).toBe('number');
    expect(status.localTime).toBeInstanceOf(Date);
    expect(status.connections.totalCreated).toBeGreaterThan(0);
  });
});
