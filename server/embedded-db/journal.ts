import { BSON } from 'bson';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Doc } from './keys.js';

/**
 * Record framing shared by the journal and the snapshot: [u32 length][u32 crc32][BSON payload].
 * The checksum lets recovery tell a torn tail (crash mid-write) from a complete record.
 */
export function encodeRecord(payload: Doc): Buffer {
  const body = BSON.serialize(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

/**
 * Reads records until the end of the buffer or the first incomplete/corrupt one.
 * Returns the byte offset of the end of the last good record, so a torn tail can be cut off.
 */
export function decodeRecords(buf: Buffer, onRecord: (rec: Doc) => void): { goodBytes: number; torn: boolean } {
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const len = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + 8 + len;
    if (len < 5 || end > buf.length) return { goodBytes: offset, torn: true };
    const body = buf.subarray(offset + 8, end);
    if (crc32(body) !== sum) return { goodBytes: offset, torn: true };
    onRecord(BSON.deserialize(body, { promoteLongs: true, promoteValues: true }));
    offset = end;
  }
  return { goodBytes: offset, torn: offset !== buf.length };
}

/**
 * Append-only journal with group commit: records appended in the same turn of the event loop are
 * written with one write and one fdatasync, and each append's promise resolves only once its
 * bytes are durable. That is what lets us acknowledge a write only after it is on disk.
 *
 * Batches are written in order, one at a time, but a batch's fdatasync does not wait for the one
 * before it: a device flush that takes 20 ms (it happens, on virtual disks) holds up only the writes
 * in its own batch, not every batch queued behind it. A later batch's sync covers the earlier bytes
 * too, since they were written to the file before it.
 */
const MAX_SYNCS_IN_FLIGHT = 2;

export class Journal {
  private pending: Buffer[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private scheduled = false;
  /** The last batch's write: the next one starts after it. */
  private writing: Promise<unknown> = Promise.resolve();
  /** Batches written or syncing, not yet durable. */
  private inFlight = 0;
  bytes = 0;

  private constructor(
    private handle: fsp.FileHandle,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<Journal> {
    const handle = await fsp.open(path, 'a');
    const j = new Journal(handle, path);
    j.bytes = (await handle.stat()).size;
    return j;
  }

  append(records: Buffer[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) {
      this.pending.push(r);
      this.bytes += r.length;
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
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
    if (this.pending.length === 0 || this.inFlight >= MAX_SYNCS_IN_FLIGHT) return;
    const buf = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    this.inFlight++;
    const written = this.writing.then(async () => {
      let done = 0;
      while (done < buf.length) done += (await this.handle.write(buf, done)).bytesWritten;
    });
    this.writing = written.catch(() => {});
    written
      .then(() => this.handle.datasync())
      .then(
        () => waiters.forEach((w) => w.resolve()),
        (err: Error) => waiters.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.pending.length) this.schedule();
      });
  }

  /** Waits for everything appended so far to be durable. */
  async drain(): Promise<void> {
    while (this.pending.length || this.inFlight || this.scheduled) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }
}

/** Reads a journal file, cutting off a torn last record so later appends follow good data. */
export function readJournalFile(path: string, onRecord: (rec: Doc) => void): { torn: boolean } {
  if (!fs.existsSync(path)) return { torn: false };
  const buf = fs.readFileSync(path);
  const { goodBytes, torn } = decodeRecords(buf, onRecord);
  if (torn) fs.truncateSync(path, goodBytes);
  return { torn };
}
