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

/** Value sizes of the fixed-size BSON types. */
const FIXED: Record<number, number> = { 0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7f: 0, 0xff: 0 };

/** The size of the value of type `type` at `at`, or undefined for a type this walk does not know. */
function valueSize(buf: Buffer, type: number, at: number): number | undefined {
  const fixed = FIXED[type];
  if (fixed !== undefined) return fixed;
  switch (type) {
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + buf.readInt32LE(at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return buf.readInt32LE(at);
    case 0x05: // binary: length, subtype, bytes
      return 5 + buf.readInt32LE(at);
    case 0x0b: {
      // regular expression: two C strings
      const pattern = buf.indexOf(0, at);
      return buf.indexOf(0, pattern + 1) + 1 - at;
    }
    case 0x0c: // DBPointer: string, then 12 bytes
      return 4 + buf.readInt32LE(at) + 12;
  }
  return undefined;
}

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * The top-level elements of the BSON document `bytes`, in order, without decoding their values; stops
 * (returning false) at a type it cannot size, so a caller can fall back to decoding the whole document.
 */
export function walkElements(bytes: Uint8Array, visit: (e: Element) => boolean | void): boolean {
  const buf = asBuffer(bytes);
  let p = 4;
  while (p < buf.length && buf[p] !== 0) {
    const type = buf[p];
    const nameEnd = buf.indexOf(0, p + 1);
    if (nameEnd < 0) return false;
    const at = nameEnd + 1;
    const size = valueSize(buf, type, at);
    if (size === undefined) return false;
    if (visit({ type, start: p, at, end: at + size }) === false) return true;
    p = at + size;
  }
  return true;
}

/** The bytes of the embedded document `field` at the top level of `body` (a view of them), if it is one. */
export function embeddedDocument(body: Uint8Array, field: string): Uint8Array | undefined {
  const name = Buffer.from(field, 'utf8');
  let found: Uint8Array | undefined;
  walkElements(body, (e) => {
    if (!named(body, e, name)) return;
    if (e.type === 0x03) found = new Uint8Array(body.buffer, body.byteOffset + e.at, e.end - e.at);
    return false;
  });
  return found;
}

/** The string value of each of `fields` at the top level of `body` (absent when it is not a string there). */
export function topStrings(body: Uint8Array, fields: readonly string[]): Record<string, string> | undefined {
  const buf = asBuffer(body);
  const names = utf8(fields);
  const out: Record<string, string> = {};
  const known = walkElements(body, (e) => {
    if (e.type !== 0x02) return;
    const i = names.findIndex((n) => named(body, e, n));
    if (i >= 0) out[fields[i]] = buf.toString('utf8', e.at + 4, e.end - 1);
  });
  return known ? out : undefined;
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
