import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Collection } from './collection.js';
import { namespaceNotFound } from './errors.js';
import type { IndexSpec } from './indexes.js';
import { Journal, decodeRecords, encodeRecord, readJournalFile } from './journal.js';
import { type ModCollOp, applyModColl } from './coll-admin.js';
import { type Doc, valueKey } from './keys.js';

/** One logged change. The same ops are applied live and replayed from the journal on start. */
export type Op =
  | { o: 'put'; d: string; c: string; doc: Doc }
  | { o: 'del'; d: string; c: string; id: unknown }
  | { o: 'createColl'; d: string; c: string; opts: Doc }
  | { o: 'dropColl'; d: string; c: string }
  | { o: 'dropDb'; d: string }
  | { o: 'createIdx'; d: string; c: string; spec: IndexSpec }
  | { o: 'dropIdx'; d: string; c: string; name: string }
  | ModCollOp;

export interface StorageOptions {
  /** Directory for the snapshot and journal; omit for a purely in-memory store. */
  dir?: string;
  /** Journal size that triggers a background compaction into a new snapshot. */
  compactBytes?: number;
  log?: (msg: string) => void;
}

const SNAPSHOT = 'snapshot.bson';
const journalName = (gen: number) => `journal-${String(gen).padStart(8, '0')}.log`;
const JOURNAL_RE = /^journal-(\d{8})\.log$/;

/**
 * All databases and collections, plus durability. Writers change memory synchronously (so each
 * single-document write is atomic with respect to every other command), collect the ops they did,
 * and await `persist` before acknowledging.
 */
export class Storage {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private journal?: Journal;
  private gen = 0;
  private compacting?: Promise<void>;
  /** Size of the last snapshot: compaction waits for the journal to outgrow it, so its cost stays amortised. */
  private snapshotBytes = 0;
  private ttlTimer?: NodeJS.Timeout;
  private lockPath?: string;

  private constructor(private readonly opts: StorageOptions) {}

  static async open(opts: StorageOptions = {}): Promise<Storage> {
    const s = new Storage(opts);
    if (opts.dir) await s.recover(opts.dir);
    s.ttlTimer = setInterval(() => void s.expireTtl().catch(() => {}), 30_000);
    s.ttlTimer.unref();
    return s;
  }

  get durable() {
    return !!this.journal;
  }

  // ---- reading -------------------------------------------------------------------------------

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  requireCollection(db: string, name: string): Collection {
    const c = this.collection(db, name);
    if (!c) throw namespaceNotFound(`${db}.${name}`);
    return c;
  }

  // ---- changing ------------------------------------------------------------------------------

  /** Applies an op to memory and queues its journal record in `log`. */
  apply(op: Op, log?: Buffer[]): void {
    this.applyInMemory(op);
    if (log && this.journal) log.push(encodeRecord(op as unknown as Doc));
  }

  /** Creates the collection if needed (MongoDB creates collections implicitly on first write). */
  ensureCollection(db: string, name: string, log: Buffer[], opts: Doc = {}): { coll: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { coll: existing, created: false };
    this.apply({ o: 'createColl', d: db, c: name, opts }, log);
    return { coll: this.collection(db, name)!, created: true };
  }

  /** Resolves once every record in `log` is on disk (at once in memory mode). */
  async persist(log: Buffer[]): Promise<void> {
    if (!this.journal || log.length === 0) return;
    await this.journal.append(log);
    const threshold = Math.max(this.opts.compactBytes ?? 64 * 1024 * 1024, this.snapshotBytes);
    if (this.journal.bytes > threshold && !this.compacting) {
      this.compacting = this.compact().finally(() => (this.compacting = undefined));
    }
  }

  private applyInMemory(op: Op): void {
    switch (op.o) {
      case 'put':
        this.mustColl(op.d, op.c).put(op.doc);
        return;
      case 'del':
        this.collection(op.d, op.c)?.remove(valueKey(op.id));
        return;
      case 'createColl': {
        let db = this.dbs.get(op.d);
        if (!db) this.dbs.set(op.d, (db = new Map()));
        if (!db.has(op.c)) db.set(op.c, new Collection(op.d, op.c, op.opts ?? {}));
        return;
      }
      case 'dropColl':
        this.dbs.get(op.d)?.delete(op.c);
        return;
      case 'dropDb':
        this.dbs.delete(op.d);
        return;
      case 'createIdx':
        this.mustColl(op.d, op.c).addIndex(op.spec);
        return;
      case 'dropIdx':
        this.collection(op.d, op.c)?.indexes.delete(op.name);
        return;
      case 'modColl':
        applyModColl(this.dbs, op);
        return;
    }
  }

  private mustColl(db: string, name: string): Collection {
    let c = this.collection(db, name);
    if (!c) {
      this.applyInMemory({ o: 'createColl', d: db, c: name, opts: {} });
      c = this.collection(db, name)!;
    }
    return c;
  }

  // ---- durability ----------------------------------------------------------------------------

  private async recover(dir: string) {
    const log = this.opts.log ?? (() => {});
    await fsp.mkdir(dir, { recursive: true });
    this.takeLock(dir);
    const snapPath = path.join(dir, SNAPSHOT);
    let snapGen = 0;
    if (fs.existsSync(snapPath)) {
      const buf = await fsp.readFile(snapPath);
      this.snapshotBytes = buf.length;
      const { torn } = decodeRecords(buf, (rec) => {
        if (rec.o === 'meta') snapGen = rec.gen as number;
        else this.applyInMemory(rec as unknown as Op);
      });
      // The snapshot is written to a temporary file and renamed only once complete and synced.
      if (torn) throw new Error(`snapshot ${snapPath} is corrupt`);
    }
    const journals = fs
      .readdirSync(dir)
      .map((f) => JOURNAL_RE.exec(f))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let replayed = 0;
    for (const g of journals) {
      const p = path.join(dir, journalName(g));
      if (g < snapGen) {
        fs.rmSync(p, { force: true });
        continue;
      }
      const { torn } = readJournalFile(p, (rec) => {
        this.applyInMemory(rec as unknown as Op);
        replayed++;
      });
      if (torn) log(`journal ${p}: dropped a torn last record`);
    }
    this.gen = Math.max(snapGen, journals.at(-1) ?? 0);
    if (replayed > 0 || !fs.existsSync(snapPath)) {
      await this.compact();
    } else {
      this.journal = await Journal.open(path.join(dir, journalName(this.gen)));
    }
    log(`embedded database recovered from ${dir}: ${this.countDocs()} documents, ${replayed} journal records replayed`);
  }

  private countDocs(): number {
    let n = 0;
    for (const db of this.dbs.values()) for (const c of db.values()) n += c.docs.size;
    return n;
  }

  private takeLock(dir: string) {
    const lock = path.join(dir, 'LOCK');
    if (fs.existsSync(lock)) {
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        if (pid && pid !== process.pid) alive = process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`data directory ${dir} is in use by process ${pid}`);
    }
    fs.writeFileSync(lock, String(process.pid));
    this.lockPath = lock;
  }

  /**
   * Starts a new journal generation, then writes the state as of that instant into a new snapshot
   * while writes go on into the new journal. Until the snapshot is renamed into place, recovery
   * uses the old snapshot plus both journals, so a crash at any point loses nothing.
   */
  private async compact(): Promise<void> {
    const dir = this.opts.dir!;
    const gen = this.gen + 1;
    const old = this.journal;
    this.journal = await Journal.open(path.join(dir, journalName(gen)));
    this.gen = gen;
    await old?.close();

    const state: Array<{ coll: Collection; docs: Doc[]; specs: IndexSpec[] }> = [];
    for (const db of this.dbs.values())
      for (const coll of db.values())
        state.push({ coll, docs: [...coll.docs.values()], specs: [...coll.indexes.values()].map((i) => i.spec) });

    const tmp = path.join(dir, SNAPSHOT + '.tmp');
    const fh = await fsp.open(tmp, 'w');
    try {
      let chunk: Buffer[] = [encodeRecord({ o: 'meta', gen })];
      let size = 0;
      const flush = async () => {
        await fh.write(Buffer.concat(chunk));
        chunk = [];
        size = 0;
      };
      const push = async (rec: Doc) => {
        const b = encodeRecord(rec);
        chunk.push(b);
        size += b.length;
        if (size > 1 << 20) await flush();
      };
      for (const { coll, docs, specs } of state) {
        await push({ o: 'createColl', d: coll.db, c: coll.name, opts: coll.options });
        for (const spec of specs) await push({ o: 'createIdx', d: coll.db, c: coll.name, spec });
        for (const doc of docs) await push({ o: 'put', d: coll.db, c: coll.name, doc });
      }
      await flush();
      await fh.sync();
      this.snapshotBytes = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path.join(dir, SNAPSHOT));
    const dh = await fsp.open(dir, 'r');
    await dh.sync().catch(() => {});
    await dh.close();
    for (const f of fs.readdirSync(dir)) {
      const m = JOURNAL_RE.exec(f);
      if (m && Number(m[1]) < gen) fs.rmSync(path.join(dir, f), { force: true });
    }
  }

  /** Deletes documents whose TTL index date has passed, like mongod's TTL monitor. */
  async expireTtl(now = Date.now()): Promise<number> {
    const log: Buffer[] = [];
    let n = 0;
    for (const db of this.dbs.values())
      for (const coll of db.values())
        for (const index of coll.indexes.values()) {
          const secs = index.spec.expireAfterSeconds;
          if (typeof secs !== 'number') continue;
          for (const doc of [...coll.docs.values()]) {
            const v = doc[index.firstField];
            const dates = (Array.isArray(v) ? v : [v]).filter((x): x is Date => x instanceof Date);
            if (dates.length && Math.min(...dates.map((d) => d.getTime())) + secs * 1000 <= now) {
              this.apply({ o: 'del', d: coll.db, c: coll.name, id: doc._id }, log);
              n++;
            }
          }
        }
    await this.persist(log);
    return n;
  }

  async close(): Promise<void> {
    if (this.ttlTimer) clearInterval(this.ttlTimer);
    await this.compacting;
    await this.journal?.close();
    this.journal = undefined;
    if (this.lockPath) fs.rmSync(this.lockPath, { force: true });
  }
}
