import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PACKED_COLLECTIONS } from '../server/db/open-database.js';
import { cachedDataDir, root, runCopyOf } from './harness.js';

const run = promisify(execFile);

interface Measured {
  packed: string[];
  recoveredMs: number;
  recoveryCpuMs: number;
  /** Garbage collections while recovering: young and whole-heap, how many and how long in all. */
  gcDuring: { young: number; youngMs: number; full: number; fullMs: number };
  documents: number;
  heapUsed: number;
  external: number;
  rss: number;
  collections: Array<{ name: string; docs: number; bsonBytes: number; packed: boolean }>;
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;

/**
 * What the embedded database's memory holds of the cached data set (`--customers`), and how long it takes to
 * recover it, with every collection's documents kept as objects and with the console's collections kept as
 * BSON (PACKED_COLLECTIONS): `--runs` of each, alternated, each in a fresh process on a fresh copy. Prints the
 * heap after full garbage collections (what the documents and indexes hold), memory outside the heap (the
 * packed bytes), the RSS, and the bytes per document, from which the 1M-customer set's needs follow.
 */
export async function benchDbMemory(opts: { customers: number; agents: number; runs: number }) {
  const cache = await cachedDataDir(opts.customers, opts.agents);
  const layouts: Array<{ label: string; packed: readonly string[] }> = [
    { label: 'objects', packed: [] },
    { label: `packed (${PACKED_COLLECTIONS.join(', ')})`, packed: PACKED_COLLECTIONS },
  ];
  const results = new Map<string, Measured[]>(layouts.map((l) => [l.label, []]));
  for (let i = 0; i < opts.runs; i++)
    for (const layout of layouts) {
      const dir = runCopyOf(cache, 'bench-memory-');
      try {
        process.stderr.write(`\r  memory: run ${i + 1} of ${opts.runs}, ${layout.label.split(' ')[0]}`.padEnd(60));
        const { stdout } = await run(
          process.execPath,
          ['--max-old-space-size=12288', '--max-semi-space-size=64', '--import', 'tsx', 'bench/db-memory-child.ts', dir, layout.packed.join(',')],
          { cwd: root, maxBuffer: 1 << 20 },
        );
        results.get(layout.label)!.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  process.stderr.write('\n');
  const first = results.get(layouts[0].label)![0];
  console.log(`\n== embedded database memory: ${first.documents.toLocaleString()} documents (${path.basename(cache)}), ${opts.runs} runs of each layout, alternated ==`);
  for (const c of first.collections) console.log(`  ${c.name.padEnd(20)} ${c.docs.toLocaleString().padStart(10)} documents, ${mb(c.bsonBytes)} of BSON`);
  const summary: Record<string, unknown> = {};
  for (const layout of layouts) {
    const runs = results.get(layout.label)!;
    const list = (f: (m: Measured) => string) => runs.map(f).join(' · ');
    console.log(`  ${layout.label}:`);
    console.log(`    recovered in ${list((m) => `${(m.recoveredMs / 1000).toFixed(1)} s`)} (CPU ${list((m) => `${(m.recoveryCpuMs / 1000).toFixed(1)} s`)})`);
    const gc = (m: Measured) =>
      `${((m.gcDuring.youngMs + m.gcDuring.fullMs) / 1000).toFixed(1)} s (${m.gcDuring.young} young, ${(m.gcDuring.youngMs / 1000).toFixed(1)} s; ${m.gcDuring.full} whole-heap pauses, ${(m.gcDuring.fullMs / 1000).toFixed(1)} s, their incremental marking not counted)`;
    console.log(`    of which garbage collection ${list(gc)}`);
    console.log(`    heap in use ${list((m) => mb(m.heapUsed))}; outside the heap ${list((m) => mb(m.external))}; RSS ${list((m) => mb(m.rss))}`);
    console.log(`    per document (heap + outside) ${list((m) => `${((m.heapUsed + m.external) / m.documents).toFixed(0)} B`)}`);
    summary[layout.label] = runs;
  }
  return summary;
}
