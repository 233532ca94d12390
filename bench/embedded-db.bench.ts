import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { progress, row, summarize, timed } from './stats.js';

/**
 * Embedded database through mongoose, on a durable data directory: point reads by an indexed
 * field, single inserts and single updates, each against a bare `ping` round trip as baseline.
 */
export async function benchEmbeddedDb(sizes: number[], ops = 2000) {
  const results: Record<string, unknown> = {};
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
    const db = await startEmbeddedDb({ dir });
    const conn = await mongoose.createConnection(db.uri, { dbName: 'bench' }).asPromise();
    const Customer = conn.model(
      'Customer',
      new Schema({ email: { type: String, index: { unique: true } }, name: String, city: String, spend: Number }),
    );
    await Customer.init();

    const batch = 10_000;
    const loadStart = performance.now();
    for (let i = 0; i < size; i += batch) {
      const docs = Array.from({ length: Math.min(batch, size - i) }, (_, k) => ({
        email: `c${i + k}@example.com`,
        name: `Customer ${i + k}`,
        city: ['Oslo', 'Lyon', 'Graz', 'Porto'][(i + k) % 4],
        spend: (i + k) % 997,
      }));
      await Customer.collection.insertMany(docs, { ordered: false });
      progress(`  loading ${size.toLocaleString()} customers`, Math.min(i + batch, size), size);
    }
    const loadSecs = (performance.now() - loadStart) / 1000;

    const ping: number[] = [];
    const reads: number[] = [];
    const inserts: number[] = [];
    const updates: number[] = [];
    for (let i = 0; i < ops; i++) ping.push(await timed(() => conn.db!.admin().ping()));
    for (let i = 0; i < ops; i++) {
      const n = Math.floor(Math.random() * size);
      reads.push(await timed(() => Customer.findOne({ email: `c${n}@example.com` }).lean().exec()));
    }
    for (let i = 0; i < ops; i++) inserts.push(await timed(() => Customer.create({ email: `new${i}@example.com`, spend: i })));
    for (let i = 0; i < ops; i++) {
      const n = Math.floor(Math.random() * size);
      updates.push(await timed(() => Customer.updateOne({ email: `c${n}@example.com` }, { $inc: { spend: 1 } }).exec()));
    }
    const plan = (await Customer.find({ email: `c${size - 1}@example.com` }).explain('executionStats')) as unknown as {
      executionStats: { totalDocsExamined: number };
    };

    const base = summarize(ping);
    const thr = (s: number[]) => `  ${Math.round(s.length / (s.reduce((a, b) => a + b, 0) / 1000))} ops/s`;
    console.log(`\nEmbedded database, ${size.toLocaleString()} documents (loaded in ${loadSecs.toFixed(1)} s, ${Math.round(size / loadSecs)} docs/s)`);
    console.log(row('ping round trip (baseline)', base));
    console.log(row('point read by indexed email', summarize(reads), base, thr(reads)));
    console.log(row('insert (fsync before ack)', summarize(inserts), base, thr(inserts)));
    console.log(row('update by indexed email', summarize(updates), base, thr(updates)));
    console.log(`  point read examined ${plan.executionStats.totalDocsExamined} of ${size.toLocaleString()} documents`);
    results[size] = {
      loadSecs,
      baseline: base,
      read: summarize(reads),
      insert: summarize(inserts),
      update: summarize(updates),
      docsExaminedByPointRead: plan.executionStats.totalDocsExamined,
    };

    await conn.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
