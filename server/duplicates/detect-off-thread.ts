import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type DuplicatePair, type DuplicateProbe, findDuplicates } from './detect.js';

/**
 * `findDuplicates` on a worker thread: over 100k customers it computes for a second or more, which on
 * the console's own thread would hold every pop and acknowledgement for that long. The probes are
 * copied to the thread (tens of milliseconds) and the pairs copied back.
 */
export function findDuplicatesOffThread(probes: DuplicateProbe[], dismissed: string[] = []): Promise<DuplicatePair[]> {
  // Run from TypeScript sources (tsx), the thread registers the same loader before importing this file.
  const self = JSON.stringify(import.meta.url);
  const entry = import.meta.url.endsWith('.ts')
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${self}); })`
    : `import(${self})`;
  const worker = new Worker(entry, { eval: true, workerData: { findDuplicates: probes, dismissed } });
  return new Promise((resolve, reject) => {
    worker.once('message', (pairs: DuplicatePair[]) => {
      resolve(pairs);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`duplicate detection thread exited with ${code}`)));
  });
}

if (!isMainThread && (workerData as { findDuplicates?: DuplicateProbe[] } | null)?.findDuplicates) {
  const job = workerData as { findDuplicates: DuplicateProbe[]; dismissed: string[] };
  parentPort!.postMessage(findDuplicates(job.findDuplicates, job.dismissed));
}
