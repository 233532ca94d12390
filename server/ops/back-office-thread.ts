import fs from 'node:fs';
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { SegmentFilter, SegmentPreview } from '../../shared/schemas/campaign.js';
import { previewSegment, warmSegmentRows } from '../campaigns/segment-preview.js';
import { createModels, type Models } from '../db/models.js';
import type { DuplicatePair } from '../duplicates/detect.js';
import { duplicatePairs } from '../duplicates/duplicate-scan.js';
import { workerEntry } from './worker-entry.js';

/**
 * The heavy reads of the back office, each over a whole segment or the whole base: what the thread runs.
 * Each reads through a connection of its own and returns only its result.
 */
const JOBS = {
  // `askedAtMs`: when the request came (the machine's clock): a refresh of the customers begun since answers it.
  segmentPreview: (models: Models, segment: SegmentFilter, onePerHousehold: boolean, nowMs: number, askedAtMs: number): Promise<SegmentPreview> =>
    previewSegment(models, segment, onePerHousehold, new Date(nowMs), askedAtMs),
  duplicatePairs: (models: Models, dismissed: string[], askedAtMs: number): Promise<DuplicatePair[]> => duplicatePairs(models, dismissed, askedAtMs),
  /** The rows previews count and the pairs scans list, made once at a console's start (each takes seconds at 100k). */
  // One ask for both: the refresh the rows begin answers the pairs too (one read of the base, not two).
  warm: async (models: Models, askedAtMs = Date.now()): Promise<{ customers: number; pairs: number }> => ({
    customers: await warmSegmentRows(models, askedAtMs),
    pairs: (await duplicatePairs(models, [], askedAtMs)).length,
  }),
};
type Jobs = typeof JOBS;
export type BackOfficeJob = keyof Jobs;
type ArgsOf<K extends BackOfficeJob> = Parameters<Jobs[K]> extends [Models, ...infer A] ? A : never;
type ResultOf<K extends BackOfficeJob> = Awaited<ReturnType<Jobs[K]>>;

type ToThread = { id: number; job: BackOfficeJob; args: unknown[] };
type FromThread = { id: number; result?: unknown; error?: string };

/**
 * Back-office work (segment previews, the duplicates scan) on a thread of its own: decoding a segment's
 * 100k customers on the console's event loop held every pop and CTI acknowledgement behind it. The
 * thread reads the database through a connection of its own, runs its jobs one at a time (five
 * supervisors queue, not five scans at once), and runs at a lower CPU priority than the console
 * (nice 10), so on a busy machine the pop path gets the cores first. Started on the first job; a thread
 * that dies fails its jobs and the next job starts a new one.
 */
export function createBackOffice(conn: Connection, logger: Logger) {
  // mongoose keeps the address it connected with (not public API: read once, here).
  const uri = (conn as unknown as { _connectionString?: string })._connectionString;
  const models = createModels(conn);
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  function thread(): Worker {
    if (worker) return worker;
    const w = new Worker(workerEntry(import.meta.url), { eval: true, workerData: { backOffice: { uri, dbName: conn.name } } });
    w.unref();
    w.on('message', (m: FromThread) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    });
    const failAll = (err: Error) => {
      if (worker === w) worker = undefined;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on('error', (err) => {
      logger.error({ err: err.message }, 'back-office thread failed');
      failAll(err);
    });
    w.on('exit', (code) => failAll(new Error(`back-office thread exited with ${code}`)));
    worker = w;
    return w;
  }

  return {
    run<K extends BackOfficeJob>(job: K, ...args: ArgsOf<K>): Promise<ResultOf<K>> {
      // Without an address to connect to (a connection made some other way), the job runs here.
      if (!uri) return (JOBS[job] as (m: Models, ...a: unknown[]) => Promise<ResultOf<K>>)(models, ...args);
      const id = ++nextId;
      return new Promise<ResultOf<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        const w = thread();
        // Jobs in flight keep the process alive; an idle thread does not.
        w.ref();
        w.postMessage({ id, job, args } satisfies ToThread);
      }).finally(() => {
        if (pending.size === 0) worker?.unref();
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
export type BackOffice = ReturnType<typeof createBackOffice>;

/** Lowers this thread's CPU priority (Linux: a thread id is a process id to setpriority). */
function lowerPriority() {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the thread runs at the console's priority.
  }
}

if (!isMainThread && (workerData as { backOffice?: unknown } | null)?.backOffice) {
  const { uri, dbName } = (workerData as { backOffice: { uri: string; dbName: string } }).backOffice;
  lowerPriority();
  const conn = mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  const models = createModels(conn);
  // One job at a time, in the order asked.
  let queue = Promise.resolve();
  parentPort!.on('message', (m: ToThread) => {
    queue = queue.then(async () => {
      try {
        const result = await (JOBS[m.job] as (mo: Models, ...a: unknown[]) => Promise<unknown>)(models, ...m.args);
        parentPort!.postMessage({ id: m.id, result } satisfies FromThread);
      } catch (err) {
        parentPort!.postMessage({ id: m.id, error: (err as Error).message } satisfies FromThread);
      }
    });
  });
}
