import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Doc } from './keys.js';
import { decodeFile } from './records.js';

/** What the journal tells the writer of each batch of records, in the order they were appended. */
export interface JournalWaiter {
  /** Its records are on disk: called synchronously, in append order. */
  durable(): void;
  /** Its records are not (and never will be) part of the journal. */
  failed(err: Error): void;
}

const MAX_SYNCS_IN_FLIGHT = 2;

/**
 * Where a slow batch's time went, from its first append to its waiters hearing it is durable (ms):
 * `waited` for its turn to be flushed (the next turn of the loop, or a sync slot: at most two in flight),
 * `queued` behind the write before it, `written` by its own write, `synced` by its fdatasync (as this
 * thread saw it: the sync, libuv's pool, and the thread coming back to it), `ordered` until the batches
 * before it were decided and this thread ran its outcome.
 */
export interface SlowBatch {
  commands: number;
  bytes: number;
  totalMs: number;
  waitedMs: number;
  queuedMs: number;
  writtenMs: number;
  syncedMs: number;
  orderedMs: number;
}

/**
 * Every durable batch since the journal opened, summed (serverStatus's `embeddedJournal`): where an
 * acknowledged write's wait goes on a busy floor, batch by batch rather than one slow batch a second.
 */
export interface JournalStats extends SlowBatch {
  batches: number;
  maxMs: number;
  /** Batches that took at least 5, 20 and 100 ms from first append to durable. */
  over5ms: number;
  over20ms: number;
  over100ms: number;
}

/** A batch's figures that are summed over batches: all of them. */
const SUMMED = ['commands', 'bytes', 'totalMs', 'waitedMs', 'queuedMs', 'writtenMs', 'syncedMs', 'orderedMs'] as const satisfies ReadonlyArray<keyof SlowBatch>;

export const emptyJournalStats = (): JournalStats => ({ batches: 0, commands: 0, bytes: 0, totalMs: 0, waitedMs: 0, queuedMs: 0, writtenMs: 0, syncedMs: 0, orderedMs: 0, maxMs: 0, over5ms: 0, over20ms: 0, over100ms: 0 });

/**
 * Append-only journal with group commit: records appended in the same turn of the event loop are
 * written with one write and one fdatasync, and each append's waiter learns only once its bytes are
 * durable. That is what lets us acknowledge a write only after it is on disk.
 *
 * Batches are written in order, one at a time, but a batch's fdatasync does not wait for the one
 * before it (a device flush that takes 20 ms holds up only its own batch). Outcomes are reported in
 * order all the same: a batch is durable only once every batch before it is.
 *
 * A failed write or sync (disk full, I/O error) fails its batch and every batch after it (they were
 * applied after it, and may depend on it), calls `onFailure` synchronously so the writer can undo
 * them, and cuts the file back to the end of the last durable batch before anything else is written:
 * the journal never holds a rejected record, nor valid records after garbage.
 */
export class Journal {
  private pending: Buffer[] = [];
  private pendingWaiters: JournalWaiter[] = [];
  private scheduled = false;
  /** The last batch's write (or cut): the next one starts after it. */
  private writing: Promise<unknown> = Promise.resolve();
  /** The last batch's outcome: the next outcome is decided after it. */
  private settled: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** Where the next batch is written. */
  private writePos: number;
  /** End of the last durable batch. */
  private goodBytes: number;
  /** Bumped by every failure: batches flushed before it are void. */
  private epoch = 0;
  private needsCut = false;
  /** Called once per failure, before any waiter hears of it. */
  onFailure?: (err: Error) => void;
  /** Told of each batch that took at least `slowMs` from its first append to durable. */
  onSlow?: (batch: SlowBatch) => void;
  slowMs = 100;
  /** When the first record of the batch being gathered was appended. */
  private pendingSince = 0;
  /** Summed over every durable batch (a new journal after compaction starts from the old one's). */
  stats: JournalStats = emptyJournalStats();

  private constructor(
    private handle: fsp.FileHandle,
    readonly path: string,
    size: number,
  ) {
    this.writePos = size;
    this.goodBytes = size;
  }

  static async open(path: string): Promise<Journal> {
    // Positional writes (not O_APPEND): after a failure the next batch overwrites the cut tail.
    const handle = await fsp.open(path, fs.constants.O_RDWR | fs.constants.O_CREAT);
    try {
      return new Journal(handle, path, (await handle.stat()).size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Bytes written so far (the compaction threshold). */
  get bytes() {
    return this.writePos;
  }

  get idle() {
    return !this.pending.length && !this.pendingWaiters.length && !this.scheduled && this.inFlight === 0;
  }

  /** Queues records; `waiter` hears when they are durable or failed. No records: waits for those before. */
  append(records: Buffer[], waiter: JournalWaiter): void {
    if (!this.pendingWaiters.length) this.pendingSince = performance.now();
    for (const r of records) this.pending.push(r);
    this.pendingWaiters.push(waiter);
    this.schedule();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush() {
    // A few syncs at once at most: they occupy libuv's small thread pool, which the writes need too.
    if (this.pendingWaiters.length === 0 || this.inFlight >= MAX_SYNCS_IN_FLIGHT) return;
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const waiters = this.pendingWaiters;
    this.pending = [];
    this.pendingWaiters = [];
    this.inFlight++;
    const epoch = this.epoch;
    const start = this.writePos;
    this.writePos += buf.length;
    const t = { since: this.pendingSince, flushed: performance.now(), writeStart: 0, writeEnd: 0, syncEnd: 0 };

    const written = this.writing.then(async () => {
      if (epoch !== this.epoch) throw this.voided();
      t.writeStart = performance.now();
      if (this.needsCut) await this.cut();
      let done = 0;
      while (done < buf.length) done += (await this.handle.write(buf, done, buf.length - done, start + done)).bytesWritten;
      t.writeEnd = performance.now();
    });
    this.writing = written.catch(() => {});
    const synced = written.then(async () => {
      if (buf.length) await this.handle.datasync();
      t.syncEnd = performance.now();
    });

    this.settled = this.settled
      .then(() => synced)
      .then(
        () => {
          if (epoch !== this.epoch) throw this.voided();
          this.goodBytes = Math.max(this.goodBytes, start + buf.length);
          for (const w of waiters) w.durable();
          const now = performance.now();
          const batch: SlowBatch = {
            commands: waiters.length,
            bytes: buf.length,
            totalMs: now - t.since,
            waitedMs: t.flushed - t.since,
            queuedMs: t.writeStart - t.flushed,
            writtenMs: t.writeEnd - t.writeStart,
            syncedMs: t.syncEnd - t.writeEnd,
            orderedMs: now - t.syncEnd,
          };
          this.count(batch);
          if (this.onSlow && batch.totalMs >= this.slowMs) this.onSlow(batch);
        },
      )
      .catch((err: Error) => {
        if (epoch === this.epoch) this.fail(err);
        const reason = this.lastError ?? err;
        for (const w of waiters) w.failed(reason);
      })
      .finally(() => {
        this.inFlight--;
        if (this.pendingWaiters.length) this.schedule();
      });
  }

  private count(b: SlowBatch) {
    const s = this.stats;
    s.batches++;
    for (const k of SUMMED) s[k] += b[k];
    s.maxMs = Math.max(s.maxMs, b.totalMs);
    if (b.totalMs >= 5) s.over5ms++;
    if (b.totalMs >= 20) s.over20ms++;
    if (b.totalMs >= 100) s.over100ms++;
  }

  private lastError?: Error;
  private voided = () => this.lastError ?? new Error('journal batch voided by an earlier failure');

  /** Makes everything not yet durable void, and cuts the file back to its last durable byte. */
  private fail(err: Error) {
    this.epoch++;
    this.lastError = err;
    this.writePos = this.goodBytes;
    this.needsCut = true;
    // Appended after the failed batch, so applied after it: they fail with it.
    const stranded = this.pendingWaiters;
    this.pending = [];
    this.pendingWaiters = [];
    this.onFailure?.(err);
    for (const w of stranded) w.failed(err);
    // Cut at once (not at the next write): a complete record whose sync failed must not be replayed.
    this.writing = this.writing.then(() => this.cut()).catch(() => {});
  }

  private async cut() {
    if (!this.needsCut) return;
    await this.handle.truncate(this.goodBytes);
    await this.handle.datasync();
    this.needsCut = false;
  }

  /** Waits for everything appended so far to be durable or failed. */
  async drain(): Promise<void> {
    while (!this.idle) {
      await new Promise((r) => setImmediate(r));
      await this.settled;
    }
  }

  async close(): Promise<void> {
    await this.drain();
    await this.writing;
    await this.cut().catch(() => {});
    await this.handle.close();
  }
}

export interface JournalFileState {
  records: number;
  /** A torn last record was cut off. */
  tornTail: boolean;
  /** Corruption: a bad record with valid records after it (left in place, nothing cut). */
  corrupt?: { offset: number; laterRecords: number; size: number };
}

/**
 * Reads a journal file. A torn tail is cut so later appends follow good data; corruption is
 * reported and the file left untouched, for the caller to refuse or repair.
 */
export function readJournalFile(path: string, onRecord: (rec: Doc) => void, onLater?: (rec: Doc) => void): JournalFileState {
  if (!fs.existsSync(path)) return { records: 0, tornTail: false };
  const r = decodeFile(path, onRecord, onLater);
  if (r.badOffset === undefined) return { records: r.good, tornTail: false };
  if (r.laterRecords > 0) return { records: r.good, tornTail: false, corrupt: { offset: r.badOffset, laterRecords: r.laterRecords, size: r.size } };
  fs.truncateSync(path, r.goodBytes);
  return { records: r.good, tornTail: true };
}
