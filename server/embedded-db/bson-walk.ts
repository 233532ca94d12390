import { BSON } from 'bson';
import type { Doc } from './keys.js';

/**
 * One top-level element of a BSON document: its type, where its name's bytes are, and where its value
 * starts and ends. The name is not made a string: a walk that compares names compares bytes (making a
 * string of every field name was a tenth of recovery's time).
 */
export interface Element {
  type: number;
  /** Offset of the element's type byte (its bytes run from here to `end`); its name follows, up to `at` - 1. */
  start: number;
  /** Offset of its value. */
  at: number;
  end: number;
}

/** The element's name. */
export const nameOf = (bytes: Uint8Array, e: Element): string => asBuffer(bytes).toString('utf8', e.start + 1, e.at - 1);

/** Whether the element's name is `name` (its UTF-8 bytes). */
export function named(bytes: Uint8Array, e: Element, name: Uint8Array): boolean {
  if (e.at - 1 - (e.start + 1) !== name.length) return false;
  for (let i = 0, p = e.start + 1; i < name.length; i++, p++) if (bytes[p] !== name[i]) return false;
  return true;
}

const utf8 = (names: Iterable<string>) => [...names].map((n) => Buffer.from(n, 'utf8'));

/** Value sizes of the fixed-size BSON types by type byte; -1 for the others. */
const FIXED = new Int8Array(256).fill(-1);
for (const [type, size] of [
  [0x01, 8],
  [0x06, 0],
  [0x07, 12],
  [0x08, 1],
  [0x09, 8],
  [0x0a, 0],
  [0x10, 4],
  [0x11, 8],
  [0x12, 8],
  [0x13, 16],
  [0x7f, 0],
  [0xff, 0],
])
  FIXED[type] = size;

/** The little-endian int32 at `at` (what `readInt32LE` reads, without its bounds checks per call). */
const int32At = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);

/** Offset of the first zero byte at or after `from`, or -1 (a field name's end: a few bytes away). */
function zeroAt(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === 0) return i;
  return -1;
}

/** The size of the value of type `type` at `at`, or -1 for a type this walk does not know. */
function valueSize(b: Uint8Array, type: number, at: number): number {
  const fixed = FIXED[type];
  if (fixed >= 0) return fixed;
  switch (type) {
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + int32At(b, at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return int32At(b, at);
    case 0x05: // binary: length, subtype, bytes
      return 5 + int32At(b, at);
    case 0x0b: {
      // regular expression: two C strings
      const pattern = zeroAt(b, at);
      return pattern < 0 ? -1 : zeroAt(b, pattern + 1) + 1 - at;
    }
    case 0x0c: // DBPointer: string, then 12 bytes
      return 4 + int32At(b, at) + 12;
  }
  return -1;
}

export const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * The top-level elements of the BSON document `bytes`, in order, without decoding their values; stops
 * (returning false) at a type it cannot size, so a caller can fall back to decoding the whole document.
 * The element handed to `visit` is one object reused for every element: valid only during the visit.
 * Names are found by a loop here rather than `Buffer.indexOf` (a call into C++ per element, for a name
 * a few bytes long: most of the walk's time when sorting a search's customers by name).
 */
export function walkElements(bytes: Uint8Array, visit: (e: Element) => boolean | void): boolean {
  const e: Element = { type: 0, start: 0, at: 0, end: 0 };
  let p = 4;
  while (p < bytes.length && bytes[p] !== 0) {
    const type = bytes[p];
    const nameEnd = zeroAt(bytes, p + 1);
    if (nameEnd < 0) return false;
    const at = nameEnd + 1;
    const size = valueSize(bytes, type, at);
    if (size < 0 || at + size > bytes.length) return false;
    e.type = type;
    e.start = p;
    e.at = at;
    e.end = at + size;
    if (visit(e) === false) return true;
    p = at + size;
  }
  return true;
}

/** A `put` record's collection, and its document as a view of the record's bytes. */
export interface PutRecord {
  d: string;
  c: string;
  doc: Uint8Array;
}

const PUT_NAMES = utf8(['o', 'd', 'c', 'doc']);

/**
 * A journal or snapshot record ({ o: 'put', d, c, doc }) as a `put`, or undefined when it is another kind
 * of record: one walk of its top level, the names compared as bytes encoded once.
 */
export function putRecord(body: Buffer): PutRecord | undefined {
  const strings: Array<string | undefined> = [];
  let doc: Uint8Array | undefined;
  const known = walkElements(body, (e) => {
    const i = PUT_NAMES.findIndex((n) => named(body, e, n));
    if (i === 3) doc = e.type === 0x03 ? body.subarray(e.at, e.end) : undefined;
    else if (i >= 0) strings[i] = e.type === 0x02 ? body.toString('utf8', e.at + 4, e.end - 1) : undefined;
  });
  const [o, d, c] = strings;
  return known && o === 'put' && d !== undefined && c !== undefined && doc ? { d, c, doc } : undefined;
}

/** Field names as a walk compares them: these names, or (`except`) every name but these. */
export class FieldNames {
  readonly bytes: Uint8Array[];
  constructor(
    readonly names: ReadonlySet<string>,
    readonly except = false,
  ) {
    this.bytes = utf8(names);
  }
  has(body: Uint8Array, e: Element): boolean {
    for (const n of this.bytes) if (named(body, e, n)) return !this.except;
    return this.except;
  }
}

/** Where `decodeFields` assembles the fields it decodes, reused (a buffer allocated per document was half its time). */
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * The fields `names` of the BSON document `bytes`, decoded as the whole document would decode them, and
 * nothing else: what an index or a query needs of a document, at a fraction of decoding all of it.
 * Undefined when the document holds a type the walk cannot size. Unless `kept`, the result must not
 * outlive the next call: a binary value in it is a view of a reused buffer (an index makes its keys of
 * the values at once).
 */
export function decodeFields(bytes: Uint8Array, names: FieldNames, kept = false): Doc | undefined {
  let p = 4;
  const known = walkElements(bytes, (e) => {
    if (!names.has(bytes, e)) return;
    const n = e.end - e.start;
    if (p + n + 1 > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * scratch.length, p + n + 1));
      scratch.copy(grown, 0, 0, p);
      scratch = grown;
    }
    scratch.set(bytes.subarray(e.start, e.end), p);
    p += n;
  });
  if (!known) return undefined;
  scratch[p++] = 0;
  scratch.writeInt32LE(p, 0);
  return BSON.deserialize(kept ? Buffer.from(scratch.subarray(0, p)) : scratch.subarray(0, p), { promoteLongs: true, promoteValues: true });
}
