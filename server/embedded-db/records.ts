import { BSON } from 'bson';
import fs from 'node:fs';
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
 * A `put` record of a document already in BSON (a packed collection's, doc-store.ts): the bytes
 * `encodeRecord({ o: 'put', d, c, doc })` gives, without decoding the document to encode it again.
 */
export function encodePutRecord(d: string, c: string, doc: Uint8Array): Buffer {
  const str = (name: string, value: string) => {
    const v = Buffer.from(value, 'utf8');
    const e = Buffer.alloc(1 + name.length + 1 + 4 + v.length + 1);
    e[0] = 0x02;
    e.write(name, 1, 'latin1');
    e.writeInt32LE(v.length + 1, name.length + 2);
    v.copy(e, name.length + 6);
    return e;
  };
  const parts = [str('o', 'put'), str('d', d), str('c', c), Buffer.from([0x03, 0x64, 0x6f, 0x63, 0x00]), doc, Buffer.from([0])];
  const bodyLength = 4 + parts.reduce((n, p) => n + p.length, 0);
  const body = Buffer.concat([Buffer.alloc(4), ...parts], bodyLength);
  body.writeInt32LE(bodyLength, 0);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(bodyLength, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

const MIN_BODY = 5;
/** The buffer a file is read through: large enough that refills are rare, small next to the data. */
export const READ_BUFFER_BYTES = 8 << 20;

/**
 * A file read through one reused buffer, so a file of any size (readFile stops at 2 GB) costs the
 * buffer only. A record larger than the buffer is read into a buffer of its own.
 */
class FileWindow {
  private readonly buf: Buffer;
  /** File offset of `buf[0]`, and how many bytes from there `buf` holds. */
  private start = 0;
  private held = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    bufferBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(bufferBytes);
  }

  /** The `n` bytes at file offset `pos` (within the file); valid until the next call. */
  bytes(pos: number, n: number): Buffer {
    if (pos >= this.start && pos + n <= this.start + this.held) return this.buf.subarray(pos - this.start, pos - this.start + n);
    const target = n > this.buf.length ? Buffer.allocUnsafe(n) : this.buf;
    const want = Math.min(target.length, this.size - pos);
    for (let got = 0; got < want;) {
      const read = fs.readSync(this.fd, target, got, want - got, pos + got);
      if (read === 0) throw new Error(`the file shrank while it was read (${want - got} bytes missing at ${pos + got})`);
      got += read;
    }
    if (target === this.buf) {
      this.start = pos;
      this.held = want;
    }
    return target.subarray(0, n);
  }
}

/** The body of the record starting at `offset`, if a complete one with a matching checksum is there. */
function recordAt(file: FileWindow, offset: number): Buffer | undefined {
  if (offset + 8 > file.size) return undefined;
  const head = file.bytes(offset, 8);
  const len = head.readUInt32LE(0);
  const crc = head.readUInt32LE(4);
  if (len < MIN_BODY || offset + 8 + len > file.size) return undefined;
  // A BSON document's first four bytes repeat its length: a cheap check before reading the whole body
  // (when resynchronising, garbage often claims a length of hundreds of megabytes).
  if (file.bytes(offset + 8, 4).readInt32LE(0) !== len) return undefined;
  const body = file.bytes(offset + 8, len);
  return crc32(body) === crc ? body : undefined;
}

/**
 * A record's body decoded, from a copy (`RecordCopies`; `readRecords` gives views of a buffer it reuses):
 * bson's Binary values are views of the bytes they were decoded from.
 */
const decodeRecord = (copy: Buffer): Doc => BSON.deserialize(copy, { promoteLongs: true, promoteValues: true });

/**
 * Copies of records, carved from large buffers of their own, for records decoded whole (bson's Binary
 * values keep views of the bytes): Node's shared pool of 8 kB for small buffers cost recovery about 3 s
 * of 45 in allocating new pools.
 */
export class RecordCopies {
  private static readonly SLAB = 1 << 20;
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** `body` decoded from a copy of it. */
  decode(body: Buffer): Doc {
    return decodeRecord(this.of(body));
  }

  private of(body: Buffer): Buffer {
    if (body.length > RecordCopies.SLAB >> 4) return Buffer.from(body);
    if (this.used + body.length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(RecordCopies.SLAB);
      this.used = 0;
    }
    const copy = this.slab.subarray(this.used, this.used + body.length);
    copy.set(body);
    // Kept 8-byte aligned, as Node's pool keeps its buffers.
    this.used = (this.used + body.length + 7) & ~7;
    return copy;
  }
}

export interface DecodeResult {
  /** The file's size. */
  size: number;
  /** End of the last good record before the first bad one (or of the whole file). */
  goodBytes: number;
  /** Records decoded before the first bad one. */
  good: number;
  /** Where the first bad record starts, if there is one. */
  badOffset?: number;
  /** Complete, valid records found after the bad one: 0 means a torn tail, more means corruption. */
  laterRecords: number;
}

/**
 * Reads a file's records up to the first incomplete or corrupt one, then looks past it for valid
 * records: a crash mid-append leaves only garbage after the last good record (a torn tail, safe to
 * cut), while a damaged byte in the middle leaves valid records after it (corruption: cutting would
 * lose them). `onLater` receives those later records, for a repair.
 */
export function decodeFile(path: string, onRecord: (rec: Doc) => void, onLater?: (rec: Doc) => void, bufferBytes = READ_BUFFER_BYTES): DecodeResult {
  const copies = new RecordCopies();
  return readRecords(path, (body) => onRecord(copies.decode(body)), onLater && ((body) => onLater(copies.decode(body))), bufferBytes);
}

/**
 * `decodeFile` giving each record's body undecoded, for a reader that decodes only what it needs. The
 * body is a view of the file's read buffer, valid only until the callback returns: what the caller keeps,
 * it copies (a packed collection copies its document's bytes into its store once; a copy of the whole
 * record first was another 700 MB of copying at 100k customers, and garbage).
 */
export function readRecords(path: string, onRecord: (body: Buffer) => void, onLater?: (body: Buffer) => void, bufferBytes = READ_BUFFER_BYTES): DecodeResult {
  const fd = fs.openSync(path, 'r');
  try {
    const file = new FileWindow(fd, fs.fstatSync(fd).size, bufferBytes);
    const size = file.size;
    let offset = 0;
    let good = 0;
    for (;;) {
      if (offset === size) return { size, goodBytes: offset, good, laterRecords: 0 };
      const body = recordAt(file, offset);
      if (!body) break;
      const len = body.length;
      onRecord(body);
      offset += 8 + len;
      good++;
    }
    const badOffset = offset;
    let laterRecords = 0;
    // Resynchronise byte by byte; once a record is found, the ones after it follow back to back.
    for (let p = badOffset + 1; p + 8 + MIN_BODY <= size;) {
      const body = recordAt(file, p);
      if (!body) {
        p++;
        continue;
      }
      const len = body.length;
      if (onLater) onLater(body);
      laterRecords++;
      p += 8 + len;
    }
    return { size, goodBytes: badOffset, good, badOffset, laterRecords };
  } finally {
    fs.closeSync(fd);
  }
}
