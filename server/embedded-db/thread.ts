import v8 from 'node:v8';
import { workerEntry } from '../ops/worker-entry.js';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type EmbeddedDbOptions, type Logger, startEmbeddedDb } from './server.js';

/** The embedded database running on a thread of its own: what the console process keeps of it. */
export interface EmbeddedDbThread {
  uri: string;
  port: number;
  close(): Promise<void>;
}

type FromThread =
  | { type: 'ready'; uri: string; port: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; obj: object | string; msg?: string }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

/**
 * Starts the embedded database on a worker thread of this process. The database answers every
 * command synchronously against memory (matching, sorting, BSON); on its own thread that work runs
 * on another core and never stalls the console's event loop, which keeps serving sockets and HTTP
 * meanwhile. The console talks to it over the wire protocol, exactly as to an in-thread database.
 */
export function startEmbeddedDbThread(opts: Omit<EmbeddedDbOptions, 'logger'> & { logger?: Logger } = {}): Promise<EmbeddedDbThread> {
  const { logger, ...rest } = opts;
  // The whole data set lives in the database's heap: give it the limit this process was given. A
  // large young generation lets the garbage of each command (parsed BSON, replies) die young instead
  // of being promoted into the multi-gigabyte old generation, whose collections stall every command:
  // under load its share of the thread's time fell from about a tenth to a thirtieth.
  const heapMb = Math.ceil(v8.getHeapStatistics().heap_size_limit / 1024 / 1024);
  const worker = new Worker(workerEntry(import.meta.url), {
    eval: true,
    workerData: { embeddedDb: rest },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 192 },
  });
  let onClosed: (() => void) | undefined;
  let closing = false;
  return new Promise((resolve, reject) => {
    worker.once('error', (err) => {
      reject(err);
      logger?.warn({ err: err.message }, 'embedded database thread failed');
    });
    worker.once('exit', (code) => {
      reject(new Error(`embedded database thread exited with ${code}`));
      if (!closing) logger?.warn({ code }, 'embedded database thread exited');
    });
    worker.on('message', (m: FromThread) => {
      if (m.type === 'log') (m.level === 'error' ? (logger?.error ?? logger?.warn) : logger?.[m.level])?.call(logger, m.obj, m.msg);
      else if (m.type === 'failed') reject(new Error(m.message));
      else if (m.type === 'closed') onClosed?.();
      else if (m.type === 'ready')
        resolve({
          uri: m.uri,
          port: m.port,
          async close() {
            closing = true;
            const closed = new Promise<void>((r) => (onClosed = r));
            worker.postMessage('close');
            await closed;
            await worker.terminate();
          },
        });
    });
  });
}

if (!isMainThread && (workerData as { embeddedDb?: EmbeddedDbOptions } | null)?.embeddedDb) {
  const port = parentPort!;
  const send = (m: FromThread) => port.postMessage(m);
  const logger: Logger = {
    info: (obj, msg) => send({ type: 'log', level: 'info', obj, msg }),
    warn: (obj, msg) => send({ type: 'log', level: 'warn', obj, msg }),
    error: (obj, msg) => send({ type: 'log', level: 'error', obj, msg }),
  };
  try {
    const db = await startEmbeddedDb({ ...(workerData as { embeddedDb: EmbeddedDbOptions }).embeddedDb, logger });
    port.on('message', (m) => {
      if (m === 'close') void db.close().finally(() => send({ type: 'closed' }));
    });
    send({ type: 'ready', uri: db.uri, port: db.port });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
  }
}
