import type { FieldNames } from './bson-walk.js';
import type { Doc } from './keys.js';
import { type Origins, PackedStore } from './packed-store.js';

/**
 * What an index lists a document by: its id key in a store of objects, its row in a packed store. A row
 * is a small integer V8 keeps in an array's or Set's own slots, where an id key is a string of its own:
 * at 10M purchases the customer index's keys alone were most of recovery's heap and garbage-collection
 * work.
 */
export type Handle = string | number;

/**
 * A collection's documents by their _id key, as a Map of them reads. A packed store (packed-store.ts)
 * keeps each document as its BSON bytes and decodes it on every read: a transaction of 347 bytes of BSON
 * takes about 1,000 bytes of heap as objects, a customer's picture 2,600 against 8,700, and at a million
 * customers the objects alone would outgrow this machine's memory. Reading costs a decode (10 µs for a
 * transaction, 50 µs for a picture), so packing suits collections read by id or through an index a few
 * documents at a time, not ones scanned whole. Every read returns a fresh object, which callers may
 * keep: documents are never changed in place in either kind of store. Both iterate in the order
 * documents were first stored.
 */
export interface DocStore extends Iterable<[string, Doc]> {
  readonly packed: boolean;
  readonly size: number;
  /** Bytes of the slabs holding packed documents (slabs.ts); 0 for objects. */
  readonly slabBytes: number;
  has(id: string): boolean;
  /**
   * The document `id`; with `fields`, a packed one decoded only as far as a reader needs it. `origins`
   * keeps, for such a partly decoded document, the bytes it came from (`widen`).
   */
  get(id: string, fields?: FieldNames, origins?: Origins): Doc | undefined;
  /** The handle of the document `id`, if stored. */
  handle(id: string): Handle | undefined;
  /** The document an index lists as `h` (`get`'s options). */
  byHandle(h: Handle, fields?: FieldNames, origins?: Origins): Doc | undefined;
  /**
   * Stores `doc` under its _id key `id`, returning its handle (a stored document's stays the same); `bytes`,
   * its BSON when the caller has it, spares a packed store encoding it.
   */
  set(id: string, doc: Doc, bytes?: Uint8Array): Handle;
  /** Stores `doc` as `set` does unless `id` is stored already: its handle, or undefined (one lookup, not `has` and `set`). */
  add(id: string, doc: Doc, bytes?: Uint8Array): Handle | undefined;
  delete(id: string): boolean;
  /**
   * The handles' new values after a `delete` numbered a packed store's rows again (old row → new, -1 for
   * a deleted one), once; undefined when none did. Whatever lists handles must follow it.
   */
  takeRenumbering(): Int32Array | undefined;
  /** Every document with its handle, in the store's order (an index built over what is stored). */
  handled(): IterableIterator<[Handle, Doc]>;
  values(fields?: FieldNames): IterableIterator<Doc>;
  entries(): IterableIterator<[string, Doc]>;
  /**
   * The documents as they are now, read later: what is written after is not seen, and a packed store
   * decodes each only as the reader reaches it, so a sliced scan never holds every document decoded at once.
   */
  frozen(fields?: FieldNames): Iterable<Doc>;
  /** What is stored, undecoded and read later: a snapshot writes packed documents' bytes as they are. */
  stored(): Iterable<Doc | Uint8Array>;
}

/** Documents kept as objects. */
export class ObjectStore implements DocStore {
  readonly packed = false;
  readonly slabBytes = 0;
  private readonly map = new Map<string, Doc>();

  get size(): number {
    return this.map.size;
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  get(id: string): Doc | undefined {
    return this.map.get(id);
  }

  handle(id: string): Handle | undefined {
    return this.map.has(id) ? id : undefined;
  }

  byHandle(h: Handle): Doc | undefined {
    return this.map.get(h as string);
  }

  set(id: string, doc: Doc): Handle {
    this.map.set(id, doc);
    return id;
  }

  add(id: string, doc: Doc): Handle | undefined {
    if (this.map.has(id)) return undefined;
    this.map.set(id, doc);
    return id;
  }

  delete(id: string): boolean {
    return this.map.delete(id);
  }

  takeRenumbering(): undefined {
    return undefined;
  }

  handled(): IterableIterator<[Handle, Doc]> {
    return this.map.entries();
  }

  values(): IterableIterator<Doc> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, Doc]> {
    return this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.map.entries();
  }

  frozen(): Iterable<Doc> {
    return [...this.map.values()];
  }

  stored(): Iterable<Doc> {
    return [...this.map.values()];
  }
}

/** A store of objects, or of BSON bytes when `packed`. */
export const docStore = (packed = false): DocStore => (packed ? new PackedStore() : new ObjectStore());
