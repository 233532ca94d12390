import { MongoServerError, type Collection, type Document } from 'mongodb';
import { oneBatchInFlight } from './one-batch-in-flight.js';

interface Waiting {
  doc: Document;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface WriteError {
  index: number;
  errmsg?: string;
  err?: Document;
}

/**
 * A refused document's own error (its code and message, which names the index for a duplicate; the
 * driver's report of a batch keeps no key pattern): the batch's error names its first refusal only.
 */
const ownError = (e: WriteError) => new MongoServerError({ ...(e.err ?? {}), message: e.errmsg ?? 'write refused' });

/**
 * Inserts into one collection gathered per turn of the event loop: every insert asked for in the same
 * turn goes in one `insertMany` (one command, one journal sync), or, while one is in flight, every
 * insert asked for until it answers (one-batch-in-flight.ts); each caller's promise settles when
 * its own document is stored (durable) or refused. On a busy floor an agent's state changes ~170 times a
 * second and each logged its change with a command of its own; each command costs the console's thread
 * the driver's work and a socket write whatever its size. Unordered: a document refused (its own
 * error) fails only its caller, with that error; an error of the whole command (a full disk, the database
 * unreachable) fails all.
 */
export function insertsPerTurn(collection: Pick<Collection, 'insertMany'>) {
  let pending: Waiting[] = [];
  const writing = new Set<Promise<void>>();
  // While an insert is in flight, the next waits for it, gathering what is added meanwhile.
  const gate = oneBatchInFlight();
  const flush = () => {
    const batch = pending;
    pending = [];
    if (!batch.length) return;
    const done = gate.run(() =>
      collection.insertMany(
        batch.map((w) => w.doc),
        { ordered: false, ignoreUndefined: true },
      ),
    ).then(
      () => batch.forEach((w) => w.resolve()),
      (err: { writeErrors?: WriteError[] | WriteError; result?: { getWriteConcernError?: () => unknown }; errorResponse?: unknown }) => {
        // The driver reports a refused command (a full disk, the database unreachable) as a batch error
        // with no write errors, and a durability it could not confirm as a write concern error: then no
        // document may be taken for stored. Each caller gets the error the command failed with (the
        // batch error wraps it), so a request answers 503 for a database away or full, as one insert would.
        const writeErrors = [err?.writeErrors ?? []].flat();
        const cause = !writeErrors.length && err?.errorResponse instanceof Error ? err.errorResponse : err;
        if (!writeErrors.length || err?.result?.getWriteConcernError?.()) return batch.forEach((w) => w.reject(cause));
        const refused = new Map(writeErrors.map((e) => [e.index, e]));
        batch.forEach((w, i) => {
          const own = refused.get(i);
          if (own) w.reject(ownError(own));
          else w.resolve();
        });
      },
    );
    writing.add(done);
    void done.finally(() => writing.delete(done));
  };
  return {
    /** Stores `doc` with the others of this turn; resolves once it is stored. */
    add(doc: Document): Promise<void> {
      if (!pending.length) gate.schedule(flush);
      return new Promise<void>((resolve, reject) => pending.push({ doc, resolve, reject }));
    },
    /** Writes what is gathered now and waits for every write under way (closing). */
    async settle(): Promise<void> {
      flush();
      await Promise.all(writing);
    },
  };
}
