/**
 * One measurement of `npm run bench -- --only=memory` (db-memory.bench.ts), in a process of its own so the
 * heaps of two layouts never mix: opens a copy of the cached data set with the embedded database's storage,
 * packing the collections named in argv[3] (comma-separated; empty: none), and prints one JSON line: the
 * recovery's time, the heap in use after full garbage collections, memory outside the heap (packed documents'
 * bytes are there), the RSS, and each large collection's documents and BSON size.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BSON } from 'bson';
import { Storage } from '../server/embedded-db/storage.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const settled = () => {
  gc();
  gc();
  return process.memoryUsage();
};

const [dir, packedArg = ''] = process.argv.slice(2);
const packed = packedArg ? packedArg.split(',') : [];
const before = settled();
// The recovery's own collections: every document it makes survives, so young collections copy them all.
const gcDuring = { youngMs: 0, young: 0, fullMs: 0, full: 0 };
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const young = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
    if (young) {
      gcDuring.young++;
      gcDuring.youngMs += e.duration;
    } else {
      gcDuring.full++;
      gcDuring.fullMs += e.duration;
    }
  }
});
observer.observe({ entryTypes: ['gc'] });
const started = performance.now();
const cpuBefore = process.cpuUsage();
const storage = await Storage.open({ dir, packed, logger: { info() {}, warn() {} } });
const recoveredMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
// Entries are delivered after the task that made them: this turn ends the recovery's.
await new Promise((resolve) => setImmediate(resolve));
observer.disconnect();
const after = settled();
const collections: Array<{ name: string; docs: number; bsonBytes: number; packed: boolean }> = [];
for (const colls of storage.dbs.values())
  for (const [name, coll] of colls) {
    if (coll.docs.size < 10_000) continue;
    // The BSON size from a sample of 2,000 documents, scaled: measuring all would decode every packed one.
    let sampled = 0;
    let bytes = 0;
    for (const doc of coll.docs.values()) {
      bytes += BSON.calculateObjectSize(doc);
      if (++sampled === 2000) break;
    }
    collections.push({ name, docs: coll.docs.size, bsonBytes: Math.round((bytes / sampled) * coll.docs.size), packed: coll.docs.packed });
  }
await storage.close();
console.log(
  JSON.stringify({
    packed,
    recoveredMs,
    recoveryCpuMs: (cpu.user + cpu.system) / 1000,
    gcDuring,
    documents: collections.reduce((n, c) => n + c.docs, 0),
    heapUsed: after.heapUsed - before.heapUsed,
    // `external` counts array buffers too (the packed documents' bytes).
    external: after.external - before.external,
    rss: after.rss,
    collections,
  }),
);
