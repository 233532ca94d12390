import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Collection } from './collection.js';
import { CommandError, namespaceNotFound } from './errors.js';
import type { Index, IndexSpec } from './indexes.js';
import { Journal, type JournalStats, type SlowBatch, readJournalFile } from './journal.js';
import { type ModCollOp, applyModColl } from './coll-admin.js';
import { type Doc, valueKey } from './keys.js';
import { DirectoryLock } from './lock.js';
import { encodePutRecord, encodeRecord } from './records.js';
import { loadSnapshot } from './snapshot-load.js';
import { BSON } from 'bson';
import { docStore } from './doc-store.js';
import { DocCompactor } from './compact-docs.js';

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

export interface StorageLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error?(obj: object | string, msg?: string): void;
}

export interface StorageOptions {
  /** Directory for the snapshot and journal; omit for a purely in-memory store. */
  dir?: string;
  /** Journal size that triggers a background compaction into a new snapshot. */
  compactBytes?: number;
  /** Journal batches taking at least this long to become durable are logged (the server's slowMs; default 100). */
  slowMs?: number;
  /** Recover what can be read from damaged files (kept aside in `quarantine/`), as `mongod --repair`. */
  repair?: boolean;
  /**
   * Collections (by name, in any database) whose documents are kept in memory as BSON, decoded at each
   * read (doc-store.ts): large ones read by id or an index, never scanned whole on a busy path. A
   * setting of this engine only, like a storage engine's per-collection options; nothing on disk changes.
   */
  packed?: readonly string[];
  logger?: StorageLogger;
}

/** What the database says of itself: `degraded` while changes cannot be made durable. */
export interface StorageHealth {
  state: 'ok' | 'degraded';
  reason?: string;
  since?: Date;
  lastCompactionError?: string;
}

const SNAPSHOT = 'snapshot.bson';
const QUARANTINE = 'quarantine';
const journalName = (gen: number) => `journal-${String(gen).padStart(8, '0')}.log`;
const JOURNAL_RE = /^journal-(\d{8})\.log$/;

/** Damaged files found at start-up without `repair`: the database refuses to open. */
export class CorruptDataError extends Error {}

/**
 * The changes one command made: their journal records, how to undo each in memory, and the
 * documents they touched (for the readers' view).
 */
export class WriteLog {
  readonly records: Buffer[] = [];
  readonly undo: Array<() => void> = [];
  readonly touched: Array<{ coll: Collection; id: string; after: Doc | undefined }> = [];
}

/** A journal failure in MongoDB's shape: the driver hands it to the caller; the console answers 503. */
function storageFault(err: NodeJS.ErrnoException): CommandError {
  const label = { errorLabels: ['StorageFault'] };
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') return new CommandError(14031, 'OutOfDiskSpace', `the change was not stored: the disk is full (${err.message})`, label);
  return new CommandError(1, 'InternalError', `the change was not stored: a write to disk failed (${err.message})`, label);
}

/**
 * All databases and collections, plus durability. A command changes memory synchronously (so each
 * single-document write is atomic with respect to every other command, and a later write sees an
 * earlier one), records how to undo each change, and awaits `persist` before acknowledging.
 * Readers see a change only once it is durable (Collection.shadow). If the journal cannot store a
 * change, it and every change applied after it are undone before anything else runs: memory never
 * holds what the disk does not.
 */
export class Storage {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private journal?: Journal;
  private gen = 0;
  private compacting?: Promise<void>;
  private compactRetryAt = 0;
  private compactFailures = 0;
  /** Size of the last snapshot: compaction waits for the journal to outgrow it, so its cost stays amortised. */
  private snapshotBytes = 0;
  ttlTimer?: NodeJS.Timeout;
  private lock?: DirectoryLock;
  /** Commands applied in memory whose records are not durable yet, in journal order. */
  private inflight: WriteLog[] = [];
  private idleWaiters: Array<() => void> = [];
  private status: StorageHealth = { state: 'ok' };
  /** Set while compaction switches journals: commands wait for it before they start. */
  gate?: Promise<void>;

  private constructor(private readonly opts: StorageOptions) {}

  static async open(opts: StorageOptions = {}): Promise<Storage> {
    const s = new Storage(opts);
    if (opts.dir) {
      try {
        await s.recover(opts.dir);
      } catch (err) {
        s.lock?.release();
        throw err;
      }
    }
    s.ttlTimer = setInterval(() => void s.expireTtl().catch(() => {}), 30_000);
    s.ttlTimer.unref();
    return s;
  }

  get durable() {
    return !!this.journal;
  }

  health(): StorageHealth {
    return { ...this.status };
  }

  /** The journal's batches since start (none in memory mode). */
  journalStats(): JournalStats | undefined {
    return this.journal ? { ...this.journal.stats } : undefined;
  }

  private get log() {
    const l = this.opts.logger;
    return {
      info: (o: object | string, m?: string) => l?.info(o, m),
      warn: (o: object | string, m?: string) => l?.warn(o, m),
      error: (o: object | string, m?: string) => (l?.error ? l.error(o, m) : l?.warn(o, m)),
    };
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

  /** Applies an op to memory, recording in `log` its journal record and how to undo it. */
  apply(op: Op, log: WriteLog): void {
    if (!this.journal) return this.applyInMemory(op);
    log.undo.push(this.undoFor(op, log));
    // A packed collection's document is encoded once, for memory and for the journal.
    const bytes = op.o === 'put' && this.collection(op.d, op.c)?.docs.packed ? BSON.serialize(op.doc) : undefined;
    this.applyInMemory(op, bytes);
    log.records.push(bytes && op.o === 'put' ? encodePutRecord(op.d, op.c, bytes) : encodeRecord(op as unknown as Doc));
  }

  /** Captures, before `op` runs, what puts memory back as it was. */
  private undoFor(op: Op, log: WriteLog): () => void {
    switch (op.o) {
      case 'put':
      case 'del': {
        const coll = this.mustColl(op.d, op.c);
        const id = valueKey(op.o === 'put' ? op.doc._id : op.id);
        const before = coll.docs.get(id);
        coll.shadowWrite(id, before);
        log.touched.push({ coll, id, after: op.o === 'put' ? op.doc : undefined });
        return () => (before ? coll.put(before) : coll.remove(id));
      }
      case 'createColl': {
        const hadDb = this.dbs.has(op.d);
        if (this.collection(op.d, op.c)) return () => {};
        return () => {
          this.dbs.get(op.d)?.delete(op.c);
          if (!hadDb) this.dbs.delete(op.d);
        };
      }
      case 'dropColl': {
        const coll = this.collection(op.d, op.c);
        return () => {
          if (coll) this.dbs.get(op.d)?.set(op.c, coll);
        };
      }
      case 'dropDb': {
        const db = this.dbs.get(op.d);
        return () => {
          if (db) this.dbs.set(op.d, db);
        };
      }
      case 'createIdx': {
        const existing = this.collection(op.d, op.c)?.indexes.get(op.spec.name);
        return () => {
          const coll = this.collection(op.d, op.c);
          if (!coll) return;
          if (existing) coll.restoreIndex(existing.spec);
          else coll.indexes.delete(op.spec.name);
        };
      }
      case 'dropIdx': {
        const coll = this.collection(op.d, op.c);
        const index: Index | undefined = coll?.indexes.get(op.name);
        return () => {
          if (coll && index) coll.restoreIndex(index.spec);
        };
      }
      case 'modColl': {
        const coll = this.collection(op.d, op.c);
        if (!coll) return () => {};
        const options = { ...coll.options };
        const index = op.index ? coll.indexes.get(op.index.name) : undefined;
        const spec = index ? { ...index.spec } : undefined;
        const targetDb = op.to ? this.dbs.get(op.to.d) : undefined;
        return () => {
          if (op.to) {
            this.dbs.get(op.to.d)?.delete(op.to.c);
            if (!targetDb) this.dbs.delete(op.to.d);
            this.dbs.get(op.d)?.set(op.c, coll);
          }
          for (const k of Object.keys(coll.options)) delete coll.options[k];
          Object.assign(coll.options, options);
          if (index && spec) {
            for (const k of Object.keys(index.spec)) delete (index.spec as Doc)[k];
            Object.assign(index.spec, spec);
          }
        };
      }
    }
  }

  /** Creates the collection if needed (MongoDB creates collections implicitly on first write). */
  ensureCollection(db: string, name: string, log: WriteLog, opts: Doc = {}): { coll: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { coll: existing, created: false };
    this.apply({ o: 'createColl', d: db, c: name, opts }, log);
    return { coll: this.collection(db, name)!, created: true };
  }

  /**
   * Resolves once every record in `log` is on disk (at once in memory mode). A command that changed
   * nothing still waits for the changes before it, since what it read may have depended on them.
   * Rejects with a StorageFault error, after the changes were undone, if the journal failed.
   */
  persist(log: WriteLog): Promise<void> {
    if (!this.journal || (log.records.length === 0 && this.inflight.length === 0)) return Promise.resolve();
    this.inflight.push(log);
    return new Promise<void>((resolve, reject) => {
      this.journal!.append(log.records, {
        durable: () => {
          this.commit(log);
          resolve();
        },
        failed: (err) => reject(storageFault(err)),
      });
    }).then(() => this.maybeCompact());
  }

  private commit(log: WriteLog) {
    const i = this.inflight.indexOf(log);
    if (i >= 0) this.inflight.splice(i, 1);
    for (const t of log.touched) t.coll.commitWrite(t.id, t.after);
    if (log.records.length && this.status.state !== 'ok') {
      this.log.warn({ after: this.status.reason }, 'embedded db: changes are stored again; no longer degraded');
      this.status = { state: 'ok', lastCompactionError: this.status.lastCompactionError };
    }
    if (this.inflight.length === 0) this.wakeIdle();
  }

  /** The journal failed: undo every change not yet durable, newest first. */
  private rollBack(err: NodeJS.ErrnoException) {
    const logs = this.inflight;
    this.inflight = [];
    for (let i = logs.length - 1; i >= 0; i--) {
      const undo = logs[i].undo;
      for (let j = undo.length - 1; j >= 0; j--) undo[j]();
    }
    // Every shadowed document belonged to an undone change: memory is back at what readers saw.
    for (const log of logs) for (const t of log.touched) t.coll.shadow.clear();
    const changes = logs.reduce((n, l) => n + l.records.length, 0);
    this.log.error({ err: err.message, code: err.code, commands: logs.length, changes }, 'embedded db: journal write failed; the changes were undone and refused');
    if (this.status.state === 'ok')
      this.status = { state: 'degraded', reason: `journal write failed: ${err.message}`, since: new Date(), lastCompactionError: this.status.lastCompactionError };
    this.wakeIdle();
  }

  private wakeIdle() {
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  private idle(): Promise<void> {
    if (this.inflight.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private useJournal(j: Journal) {
    // The figures run on across compactions (serverStatus reads them as counters since start).
    if (this.journal) j.stats = this.journal.stats;
    j.onFailure = (err) => this.rollBack(err as NodeJS.ErrnoException);
    j.slowMs = this.opts.slowMs ?? 100;
    j.onSlow = (b) => this.noteSlowBatch(b);
    this.journal = j;
  }

  /**
   * Slow journal batches, logged at most once a second (each with how many were slow since the last
   * line): a busy floor's acknowledged writes wait for them, and the parts say whether the disk, the
   * queue of batches or this thread's other work held them up.
   */
  private slowBatches = { since: 0, count: 0 };
  private noteSlowBatch(b: SlowBatch) {
    this.slowBatches.count++;
    const now = Date.now();
    if (now - this.slowBatches.since < 1000) return;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    this.log.warn(
      {
        commands: b.commands,
        bytes: b.bytes,
        ms: round(b.totalMs),
        waited: round(b.waitedMs),
        queued: round(b.queuedMs),
        written: round(b.writtenMs),
        synced: round(b.syncedMs),
        ordered: round(b.orderedMs),
        slowBatches: this.slowBatches.count,
      },
      'embedded db: slow journal batch',
    );
    this.slowBatches = { since: now, count: 0 };
  }

  private maybeCompact() {
    if (!this.journal || this.compacting || Date.now() < this.compactRetryAt) return;
    const threshold = Math.max(this.opts.compactBytes ?? 64 * 1024 * 1024, this.snapshotBytes);
    if (this.journal.bytes <= threshold) return;
    this.compacting = this.compactSafely()
      .then(() => {})
      .finally(() => (this.compacting = undefined));
  }

  /** The `compact` command: folds the journals into a new snapshot now; rejects with why it could not. */
  async compactNow(): Promise<void> {
    if (!this.journal) return;
    while (this.compacting) await this.compacting;
    let run!: Promise<Error | undefined>;
    this.compacting = (run = this.compactSafely()).then(() => {}).finally(() => (this.compacting = undefined));
    const err = await run;
    if (err) throw storageFault(err as NodeJS.ErrnoException);
  }

  /** A compaction that fails leaves the old snapshot and journals as they were; it is retried later. */
  private async compactSafely(): Promise<Error | undefined> {
    try {
      await this.compact();
      this.compactFailures = 0;
      if (this.status.lastCompactionError) this.status = { ...this.status, lastCompactionError: undefined };
      return undefined;
    } catch (err) {
      this.compactFailures++;
      const delay = Math.min(60_000, 1000 * 2 ** this.compactFailures);
      this.compactRetryAt = Date.now() + delay;
      this.status = { ...this.status, lastCompactionError: (err as Error).message };
      this.log.error({ err: (err as Error).message, retryInMs: delay }, 'embedded db: compaction failed; the previous snapshot and journals are kept and serving goes on');
      return err as Error;
    }
  }

  /** `bytes`: a put's document in BSON, when the caller has it. */
  private applyInMemory(op: Op, bytes?: Uint8Array): void {
    switch (op.o) {
      case 'put':
        this.mustColl(op.d, op.c).put(op.doc, bytes);
        return;
      case 'del':
        this.collection(op.d, op.c)?.remove(valueKey(op.id));
        return;
      case 'createColl': {
        let db = this.dbs.get(op.d);
        if (!db) this.dbs.set(op.d, (db = new Map()));
        if (!db.has(op.c)) db.set(op.c, new Collection(op.d, op.c, op.opts ?? {}, docStore(!!this.opts.packed?.includes(op.c))));
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
    await fsp.mkdir(dir, { recursive: true });
    this.lock = await DirectoryLock.acquire(dir, this.log);
    const repair = !!this.opts.repair;
    const compactor = new DocCompactor();
    const apply = (rec: Doc) => {
      if (rec.o === 'put') rec.doc = compactor.compact(rec.doc as Doc);
      this.applyInMemory(rec as unknown as Op);
    };
    const snapPath = path.join(dir, SNAPSHOT);
    let snapGen = 0;
    if (fs.existsSync(snapPath)) {
      const loaded = loadSnapshot(
        snapPath,
        {
          packed: !!this.opts.packed?.length,
          collection: (db, name) => this.collection(db, name),
          mustColl: (db, name) => this.mustColl(db, name),
          compact: (doc) => compactor.compact(doc),
          apply,
        },
        repair,
      );
      snapGen = loaded.gen;
      const r = loaded.read;
      this.snapshotBytes = r.size;
      if (r.badOffset !== undefined) {
        if (!repair) throw this.corruption(snapPath, r.badOffset, r.size, r.laterRecords, 'snapshot');
        this.quarantine(dir, snapPath);
        this.log.error(
          { file: snapPath, offset: r.badOffset, recovered: r.good + r.laterRecords, unreadableBytes: r.size - r.badOffset },
          'embedded db: repair: damaged snapshot; kept what could be read',
        );
      }
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
      const later: Doc[] = [];
      const r = readJournalFile(p, apply, repair ? (rec) => later.push(rec) : undefined);
      replayed += r.records;
      if (r.tornTail) this.log.warn({ file: p, records: r.records }, 'embedded db: cut an incomplete last journal record (a write interrupted by a crash, never acknowledged)');
      if (r.corrupt) {
        if (!repair) throw this.corruption(p, r.corrupt.offset, r.corrupt.size, r.corrupt.laterRecords, 'journal');
        this.quarantine(dir, p);
        for (const rec of later) apply(rec);
        replayed += later.length;
        // Rewritten with only the readable records, so the damage is not met again.
        const tmp = `${p}.repair`;
        const good: Buffer[] = [];
        readJournalFile(p, (rec) => good.push(encodeRecord(rec)));
        fs.writeFileSync(tmp, Buffer.concat([...good, ...later.map(encodeRecord)]));
        fs.renameSync(tmp, p);
        this.log.error(
          { file: p, offset: r.corrupt.offset, before: r.records, after: later.length, unreadableBytes: r.corrupt.size - r.corrupt.offset },
          'embedded db: repair: damaged journal; kept the records before and after the damage (a copy of the file is in quarantine/)',
        );
      }
    }
    this.gen = Math.max(snapGen, journals.at(-1) ?? 0);
    this.useJournal(await Journal.open(path.join(dir, journalName(this.gen))));
    if (replayed > 0 || !fs.existsSync(snapPath)) await this.compactSafely();
    this.log.info(`embedded database recovered from ${dir}: ${this.countDocs()} documents, ${replayed} journal records replayed`);
  }

  private corruption(file: string, offset: number, size: number, later: number, kind: string) {
    return new CorruptDataError(
      `${kind} ${file} is damaged at byte ${offset} of ${size}: ${later} complete records after the damage would be lost by cutting it there. ` +
        'Nothing was changed. Restore the directory from a backup, or start with DB_REPAIR=1 to keep a copy of the file in quarantine/ and recover every record that can be read.',
    );
  }

  private quarantine(dir: string, file: string) {
    const q = path.join(dir, QUARANTINE);
    fs.mkdirSync(q, { recursive: true });
    const copy = path.join(q, `${path.basename(file)}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.copyFileSync(file, copy);
    this.log.error({ file, copy }, 'embedded db: repair: kept a copy of the damaged file');
  }

  private countDocs(): number {
    let n = 0;
    for (const db of this.dbs.values()) for (const c of db.values()) n += c.docs.size;
    return n;
  }

  /**
   * Starts a new journal generation, then writes the state as of that instant into a new snapshot
   * while writes go on into the new journal. Until the snapshot is renamed into place, recovery
   * uses the old snapshot plus both journals, so a crash (or a failure) at any point loses nothing.
   * The switch waits for a moment with no change in flight, holding new commands back for it (a few
   * milliseconds): then memory holds exactly what the earlier journals hold.
   */
  private async compact(): Promise<void> {
    const dir = this.opts.dir!;
    const gen = this.gen + 1;
    const next = await Journal.open(path.join(dir, journalName(gen)));
    const old = this.journal;
    let state: Array<{ coll: Collection; docs: Iterable<Doc | Uint8Array>; specs: IndexSpec[] }>;
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    try {
      await this.idle();
      this.useJournal(next);
      this.gen = gen;
      state = [];
      for (const db of this.dbs.values()) for (const coll of db.values()) state.push({ coll, docs: coll.docs.stored(), specs: [...coll.indexes.values()].map((i) => i.spec) });
    } finally {
      this.gate = undefined;
      release();
    }
    await old?.close().catch((err: Error) => this.log.warn({ err: err.message }, 'embedded db: closing the previous journal failed'));

    const tmp = path.join(dir, SNAPSHOT + '.tmp');
    try {
      const fh = await fsp.open(tmp, 'w');
      try {
        let chunk: Buffer[] = [encodeRecord({ o: 'meta', gen })];
        let size = 0;
        const flush = async () => {
          const buf = Buffer.concat(chunk);
          let done = 0;
          while (done < buf.length) done += (await fh.write(buf, done)).bytesWritten;
          chunk = [];
          size = 0;
        };
        const push = async (rec: Doc | Buffer) => {
          const b = Buffer.isBuffer(rec) ? rec : encodeRecord(rec);
          chunk.push(b);
          size += b.length;
          if (size > 1 << 20) await flush();
        };
        for (const { coll, docs, specs } of state) {
          await push({ o: 'createColl', d: coll.db, c: coll.name, opts: coll.options });
          for (const spec of specs) await push({ o: 'createIdx', d: coll.db, c: coll.name, spec });
          for (const doc of docs) await push(doc instanceof Uint8Array ? encodePutRecord(coll.db, coll.name, doc) : { o: 'put', d: coll.db, c: coll.name, doc });
        }
        await flush();
        await fh.sync();
        this.snapshotBytes = (await fh.stat()).size;
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, path.join(dir, SNAPSHOT));
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
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
    while (this.gate) await this.gate;
    const log = new WriteLog();
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
    this.lock?.release();
  }
}
