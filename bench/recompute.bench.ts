import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import pino from 'pino';
import { createAnalyticsService } from '../server/analytics/analytics.service.js';
import { createModels, ensureIndexes } from '../server/db/models.js';
import { PACKED_COLLECTIONS } from '../server/db/open-database.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { progress, summarize, timed } from './stats.js';

const DAY_MS = 86_400_000;
/** Twenty products in eight categories; pairs of them go together so the miner has rules to find. */
const PRODUCTS = Array.from({ length: 20 }, (_, i) => ({ sku: `P${i}`, name: `Product ${i}`, category: `cat${i % 8}`, price: 10 + i * 15 }));

/**
 * Full recompute (value, cut points, basket rules) over `customers` customers and `transactions`
 * transactions of synthetic data on the embedded database, then `updates` incremental updates (one
 * transaction recorded and its customer rescored) timed one by one.
 */
export async function benchRecompute({ customers = 100_000, transactions = 1_000_000, updates = 200 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recompute-'));
  // Packed as the console's database packs them (purchases, pictures): the recompute reads every purchase.
  const db = await startEmbeddedDb({ dir, packed: PACKED_COLLECTIONS });
  const conn = await mongoose.createConnection(db.uri, { dbName: 'bench' }).asPromise();
  const models = createModels(conn);
  await ensureIndexes(models);
  const now = new Date();

  // Synthetic data, written through the driver in big batches: a cheap deterministic generator, no mongoose documents.
  const ids = Array.from({ length: customers }, () => new Types.ObjectId());
  const batch = 10_000;
  const loadStart = performance.now();
  for (let i = 0; i < customers; i += batch) {
    await models.Customer.collection.insertMany(
      ids.slice(i, i + batch).map((_id, k) => ({ _id, kind: 'person', displayName: `Customer ${i + k}`, phones: [], emails: [], addresses: [], relations: [], consents: [], owned: [] })),
      { ordered: false },
    );
    progress('  loading customers', Math.min(i + batch, customers), customers);
  }
  // mulberry32: a small, well-mixed deterministic generator (32-bit integer arithmetic throughout).
  let seed = 42;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < transactions; i += batch) {
    const docs = Array.from({ length: Math.min(batch, transactions - i) }, () => {
      // Skewed: a fifth of the customers make most of the purchases.
      const c = rand() < 0.6 ? Math.floor(rand() * customers * 0.2) : Math.floor(rand() * customers);
      const p = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
      const items = [{ sku: p.sku, name: p.name, category: p.category, qty: 1, price: p.price }];
      if (rand() < 0.4) {
        const q = PRODUCTS[(PRODUCTS.indexOf(p) + 1) % PRODUCTS.length];
        items.push({ sku: q.sku, name: q.name, category: q.category, qty: 1, price: q.price });
      }
      return { customerId: ids[c], at: new Date(now.getTime() - Math.floor(rand() * 730) * DAY_MS), items, total: items.reduce((s, x) => s + x.price, 0), channel: 'store' };
    });
    await models.Transaction.collection.insertMany(docs, { ordered: false });
    progress('  loading transactions', Math.min(i + batch, transactions), transactions);
  }
  const loadSecs = (performance.now() - loadStart) / 1000;

  const analytics = createAnalyticsService(models, pino({ level: 'silent' }));
  const report = await analytics.recomputeAll(now, (phase, done, total) => progress(`  recompute: ${phase === 'read' ? 'reading transactions' : 'writing customers'}`, done, total));

  const incremental: number[] = [];
  for (let i = 0; i < updates; i++) {
    const id = String(ids[Math.floor(rand() * customers)]);
    const p = PRODUCTS[i % PRODUCTS.length];
    incremental.push(
      await timed(() => analytics.recordTransaction(id, { at: now, total: p.price, channel: 'web', items: [{ sku: p.sku, name: p.name, category: p.category, qty: 1, price: p.price }] }, now)),
    );
  }
  await conn.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const result = {
    customers,
    transactions,
    loadSeconds: Math.round(loadSecs * 10) / 10,
    fullRecompute: { seconds: Math.round(report.ms.total / 100) / 10, phasesMs: report.ms, rules: report.rules, cuts: report.cuts },
    incrementalUpdateMs: summarize(incremental),
  };
  console.log(`\nrecompute: ${customers} customers, ${transactions} transactions: full ${result.fullRecompute.seconds} s (${JSON.stringify(report.ms)}), ${report.rules} rules`);
  console.log(`incremental update (record one transaction + rescore), ms: ${JSON.stringify(result.incrementalUpdateMs)}`);
  return result;
}
