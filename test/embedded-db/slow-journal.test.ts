import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmbeddedDb, startEmbeddedDb } from '../../server/embedded-db/server.js';

let dir: string;
let db: EmbeddedDb;
const warnings: Array<Record<string, unknown> & { msg?: string }> = [];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-journal-'));
  // Every batch counts as slow here, so each one's parts can be read.
  db = await startEmbeddedDb({ dir, slowMs: 0, logger: { info() {}, warn: (o, msg) => warnings.push({ ...(o as object), msg }) } });
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('logs a slow journal batch with where its time went, once a second at most however many are slow', async () => {
  const conn = await mongoose.createConnection(db.uri, { dbName: 'slow' }).asPromise();
  // Ten durable writes one after another: ten batches, each acknowledged once synced.
  const started = performance.now();
  for (let n = 0; n < 10; n++) await conn.collection('things').insertOne({ n });
  const seconds = (performance.now() - started) / 1000;
  await conn.close();
  const lines = warnings.filter((w) => w.msg === 'embedded db: slow journal batch');
  // Ten slow batches: a line for the first, then at most one a second.
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.length).toBeLessThanOrEqual(1 + Math.floor(seconds));
  const [line] = lines as Array<Record<string, number>>;
  expect(line).toMatchObject({ commands: 1, slowBatches: 1 });
  expect(line.bytes).toBeGreaterThan(0);
  const parts = [line.waited, line.queued, line.written, line.synced, line.ordered];
  for (const p of parts) expect(p).toBeGreaterThanOrEqual(0);
  // The parts are the whole (each rounded to a tenth of a millisecond).
  expect(Math.abs(parts.reduce((a, b) => a + b, 0) - line.ms)).toBeLessThanOrEqual(0.3);
});

it('sums every durable batch in serverStatus, where each acknowledged write waited', async () => {
  const conn = await mongoose.createConnection(db.uri, { dbName: 'slow' }).asPromise();
  const status = async () => (await conn.db!.admin().command({ serverStatus: 1 })).embeddedJournal as Record<string, number>;
  const before = await status();
  // Ten writes one after another (a batch each), then twenty at once.
  for (let n = 0; n < 10; n++) await conn.collection('counted').insertOne({ n });
  await Promise.all(Array.from({ length: 20 }, (_, n) => conn.collection('counted').insertOne({ n })));
  const after = await status();
  await conn.close();
  const batches = after.batches - before.batches;
  expect(after.commands - before.commands).toBeGreaterThanOrEqual(30);
  expect(batches).toBeGreaterThanOrEqual(11);
  expect(batches).toBeLessThanOrEqual(after.commands - before.commands);
  expect(after.bytes).toBeGreaterThan(before.bytes);
  const parts = ['waitedMs', 'queuedMs', 'writtenMs', 'syncedMs', 'orderedMs'].map((k) => after[k] - before[k]);
  for (const p of parts) expect(p).toBeGreaterThanOrEqual(0);
  expect(Math.abs(parts.reduce((a, b) => a + b, 0) - (after.totalMs - before.totalMs))).toBeLessThan(0.01);
  expect(after.maxMs).toBeGreaterThan(0);
  expect(after.over5ms).toBeGreaterThanOrEqual(after.over20ms);
});
