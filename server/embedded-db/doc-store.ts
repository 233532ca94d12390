import { BSON } from 'bson';
import { type FieldNames, decodeFields } from './bson-walk.js';
import type { Doc } from './keys.js';

/** What a packed store holds for a document: its BSON bytes. A document itself is never a byte array. */
type Stored = Doc | Uint8Array;

const isPacked = (v: Stored): v is Uint8Array => v instanceof Uint8Array;

/** The decoding recovery uses (records.ts), so a packed document reads back as a recovered one would. */
export const unpack = (bytes: Uint8Array): Doc => BSON.deserialize(bytes, { promoteLongs: true, promoteValues: true });

/** A stored value as a reader sees it: with `fields`, a packed document holds only those (read-fields.ts). */
const read = (v: Stored, fields?: FieldNames): Doc => (!isPacked(v) ? v : ((fields && decodeFields(v, fields, true)) ?? unpack(v)));

/** Partly decoded documents of a packed store and the bytes each was decoded from. */
export type Origins = Map<Doc, Uint8Array>;

/**
 * `doc` decoded as far as `fields` (all of it without), from the same bytes it was partly decoded from
 * (the same version, whatever was written since); a document not in `origins` is returned as it is.
 */
export const widen = (doc: Doc, origins: Origins, fields?: FieldNames): Doc => {
  const bytes = origins.get(doc);
  return bytes ? read(bytes, fields) : doc;
};

/**
 * A collection's documents by their _id key, as a Map of them reads. A packed store keeps each document
 * as its BSON bytes and decodes it on every read: a transaction of 347 bytes of BSON takes about 1,000
 * bytes of heap as objects, a customer's picture 2,600 against 8,700, and at a million customers the
 * objects alone would outgrow this machine's memory. Reading costs a decode (10 µs for a transaction,
 * 50 µs for a picture), so packing suits collections read by id or through an index a few documents at a
 * time, not ones scanned whole. Every read returns a fresh object, which callers may keep: documents are
 * never changed in place in either kind of store.
 */
export class DocStore {
  private readonly map = new Map<string, Stored>();

  constructor(readonly packed = false) {}

  get size(): number {
    return this.map.size;
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  /**
   * The document `id`; with `fields`, a packed one decoded only as far as a reader needs it. `origins`
   * keeps, for such a partly decoded document, the bytes it came from (`widen`).
   */
  get(id: string, fields?: FieldNames, origins?: Origins): Doc | undefined {
    const v = this.map.get(id);
    if (v === undefined) return v;
    const d = read(v, fields);
    if (origins && fields && isPacked(v)) origins.set(d, v);
    return d;
  }

  /** Stores `doc`; a packed store keeps `bytes` when the caller has them already (the document's BSON). */
  set(id: string, doc: Doc, bytes?: Uint8Array): void {
    this.map.set(id, this.packed ? (bytes ?? BSON.serialize(doc)) : doc);
  }

  delete(id: string): boolean {
    return this.map.delete(id);
  }

  *values(fields?: FieldNames): IterableIterator<Doc> {
    for (const v of this.map.values()) yield read(v, fields);
  }

  *entries(): IterableIterator<[string, Doc]> {
    for (const [id, v] of this.map) yield [id, read(v)];
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.entries();
  }

  /**
   * The documents as they are now, read later: the stored values are copied (a reference each), and
   * packed ones decoded only as the reader reaches them, so a sliced scan of a packed collection never
   * holds every document decoded at once.
   */
  frozen(fields?: FieldNames): Iterable<Doc> {
    const held = [...this.map.values()];
    if (!this.packed) return held as Doc[];
    return (function* () {
      for (const v of held) yield read(v, fields);
    })();
  }

  /** What is stored, undecoded: a snapshot writes packed documents' bytes as they are. */
  stored(): Stored[] {
    return [...this.map.values()];
  }
}
