import { BSON } from 'bson';
import { cursorNotFound } from './errors.js';
import type { Doc } from './keys.js';
import { MAX_BSON_BYTES, RawDocs, cursorId } from './wire.js';

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
  touched: number;
}

/** Idle cursors are dropped after this long, as mongod does (its default is 10 minutes). */
const IDLE_MS = 10 * 60 * 1000;
/** A batch stops growing past this many bytes, leaving room for the reply envelope. */
const BATCH_BYTES = MAX_BSON_BYTES - 64 * 1024;

/**
 * Server-side cursors over materialised results, served in batches by find/aggregate and getMore.
 */
export class Cursors {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1;
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /**
   * Takes up to `batchSize` docs (and at most ~16 MB) from `docs` starting at `pos`, each serialized
   * once: its bytes give its size and go into the reply as they are (sizing then serializing each
   * document walked it twice, a tenth of the database thread's time under load).
   */
  private static take(docs: Doc[], pos: number, batchSize: number | undefined): RawDocs {
    const limit = batchSize && batchSize > 0 ? batchSize : Infinity;
    const out: Uint8Array[] = [];
    let bytes = 0;
    for (let i = pos; i < docs.length && out.length < limit; i++) {
      const doc = BSON.serialize(docs[i], { ignoreUndefined: true });
      bytes += doc.length;
      if (out.length > 0 && bytes > BATCH_BYTES) break;
      out.push(doc);
    }
    return new RawDocs(out);
  }

  /** Reply for the first batch; registers a cursor when results remain. */
  first(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const batch = Cursors.take(docs, 0, batchSize ?? 101);
    let id = 0;
    if (!singleBatch && batch.docs.length < docs.length) {
      id = this.nextId++;
      this.open.set(id, { ns, docs, pos: batch.docs.length, touched: Date.now() });
    }
    return { cursor: { firstBatch: batch, id: cursorId(id), ns }, ok: 1 };
  }

  more(id: number, batchSize: number | undefined): Doc {
    const c = this.open.get(id);
    if (!c) throw cursorNotFound(id);
    const batch = Cursors.take(c.docs, c.pos, batchSize);
    c.pos += batch.docs.length;
    c.touched = Date.now();
    const done = c.pos >= c.docs.length;
    if (done) this.open.delete(id);
    return { cursor: { nextBatch: batch, id: cursorId(done ? 0 : id), ns: c.ns }, ok: 1 };
  }

  kill(ids: number[]): Doc {
    const killed: unknown[] = [];
    const notFound: unknown[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(cursorId(id));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private sweep() {
    const cutoff = Date.now() - IDLE_MS;
    for (const [id, c] of this.open) if (c.touched < cutoff) this.open.delete(id);
  }

  close() {
    clearInterval(this.sweeper);
    this.open.clear();
  }
}
