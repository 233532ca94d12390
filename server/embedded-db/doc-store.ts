import { BSON } from 'bson';
import { type FieldNames, decodeFields } from './bson-walk.js';
import type { Doc } from './keys.js';
import { MAX_SLABBED, Slabs, type SlabsView } from './slabs.js';

/**
 * What a store holds for a document: the document, or in a packed store its BSON bytes' position in the
 * store's slabs (slabs.ts), or the bytes themselves for a large one. A document is never a byte array.
 */
type Stored = Doc | Uint8Array | number;

/** The decoding recovery uses (records.ts), so a packed document reads back as a recovered one would. */
export const unpack = (bytes: Uint8Array): Doc => BSON.deserialize(bytes, { promoteLongs: true, promoteValues: true });

/** A packed document's bytes as a reader sees them: with `fields`, only those decoded (read-fields.ts). */
const decode = (bytes: Uint8Array, fields?: FieldNames): Doc => (fields && decodeFields(bytes, fields, true)) ?? unpack(bytes);

/** Partly decoded documents of a packed store and the bytes each was decoded from. */
export type Origins = Map<Doc, Uint8Array>;

/**
 * `doc` decoded as far as `fields` (all of it without), from the same bytes it was partly decoded from
 * (the same version, whatever was written since); a document not in `origins` is returned as it is.
 */
export const widen = (doc: Doc, origins: Origins, fields?: FieldNames): Doc => {
  const bytes = origins.get(doc);
  return bytes ? decode(bytes, fields) : doc;
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
  private readonly slabs = new Slabs();

  constructor(readonly packed = false) {}

  /** A stored value's bytes (packed) or document, its positions read through `view` when given. */
  private bytesOrDoc(v: Stored, view?: SlabsView): Doc | Uint8Array {
    return typeof v === 'number' ? this.slabs.read(v, view) : v;
  }

  private read(v: Stored, fields?: FieldNames, view?: SlabsView): Doc {
    const b = this.bytesOrDoc(v, view);
    return b instanceof Uint8Array ? decode(b, fields) : b;
  }

  /** `id` is stored elsewhere from now (or nowhere): its bytes' place in a slab is free. */
  private release(id: string): void {
    const old = this.map.get(id);
    if (typeof old !== 'number') return;
    this.slabs.free(old, (moved, from, to) => {
      if (this.map.get(moved) === from) this.map.set(moved, to());
    });
  }

  /** Bytes of the slabs holding the packed documents (slabs.ts). */
  get slabBytes(): number {
    return this.slabs.allocated;
  }

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
    const b = this.bytesOrDoc(v);
    if (!(b instanceof Uint8Array)) return b;
    const d = decode(b, fields);
    if (origins && fields) origins.set(d, b);
    return d;
  }

  /**
   * Stores `doc`; a packed store keeps a copy of `bytes` when the caller has them already (the document's
   * BSON), never the caller's bytes: recovery's are a view of the buffer it reads the file through.
   */
  set(id: string, doc: Doc, bytes?: Uint8Array): void {
    if (!this.packed) {
      this.map.set(id, doc);
      return;
    }
    const b = bytes ?? BSON.serialize(doc);
    this.release(id);
    this.map.set(id, b.length > MAX_SLABBED ? (bytes ? new Uint8Array(b) : b) : this.slabs.append(id, b));
  }

  delete(id: string): boolean {
    this.release(id);
    return this.map.delete(id);
  }

  *values(fields?: FieldNames): IterableIterator<Doc> {
    for (const v of this.map.values()) yield this.read(v, fields);
  }

  *entries(): IterableIterator<[string, Doc]> {
    for (const [id, v] of this.map) yield [id, this.read(v)];
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
    // Positions are read through the slabs of now: one dropped later still holds what they point at.
    const view = this.slabs.view();
    return (function* (store: DocStore) {
      for (const v of held) yield store.read(v, fields, view);
    })(this);
  }

  /** What is stored, undecoded and read later: a snapshot writes packed documents' bytes as they are. */
  stored(): Iterable<Doc | Uint8Array> {
    const held = [...this.map.values()];
    if (!this.packed) return held as Doc[];
    const view = this.slabs.view();
    return (function* (store: DocStore) {
      for (const v of held) yield store.bytesOrDoc(v, view);
    })(this);
  }
}
