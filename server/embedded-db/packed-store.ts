import { BSON } from 'bson';
import { type FieldNames, decodeFields } from './bson-walk.js';
import type { DocStore, Handle } from './doc-store.js';
import { hasIdKey, idKeyOf } from './id-bytes.js';
import { IdTable } from './id-table.js';
import type { Doc } from './keys.js';
import { MAX_SLABBED, Slabs, type SlabsView } from './slabs.js';

/** The decoding recovery uses (records.ts), so a packed document reads back as a recovered one would. */
export const unpack = (bytes: Uint8Array): Doc => BSON.deserialize(bytes, { promoteLongs: true, promoteValues: true });

/** A packed document's bytes as a reader sees them: with `fields`, only those decoded (read-fields.ts). */
export const decode = (bytes: Uint8Array, fields?: FieldNames): Doc => (fields && decodeFields(bytes, fields, true)) ?? unpack(bytes);

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

/** `places` of a row deleted, and of a row whose document is too large for a slab (in `large`). */
const GONE = -1;
const LARGE = -2;

/** What a reader started now reads later: every row's place then, and the slabs and large documents of then. */
interface Held {
  places: Int32Array;
  view: SlabsView;
  large: ReadonlyMap<number, Uint8Array>;
}

/**
 * A collection's documents kept as their BSON bytes (doc-store.ts says when and why), with no JavaScript
 * object per document: each document has a row, numbered in the order documents were first stored (a
 * scan reads them in that order, as a Map would), a row's place is a number in `places` (its position in
 * the slabs, slabs.ts), and an id key finds its row through a hash table of typed arrays (id-table.ts)
 * that confirms a row by the `_id` in its bytes. So a key stored here must be the document's `_id` key
 * (keys.ts `valueKey`), as the collection's are. At 1.36M purchases the Map and slab lists this replaces
 * held 1.36M entries and id strings the collector copied and marked at every collection.
 */
export class PackedStore implements DocStore {
  readonly packed = true;
  private readonly slabs = new Slabs();
  private readonly table = new IdTable((row, key) => this.rowHasKey(row, key));
  private places = new Int32Array(1024);
  /** Rows used so far (live and deleted). */
  private rows = 0;
  private readonly large = new Map<number, Uint8Array>();
  /** The last renumbering's old row → new row, until the collection takes it to its indexes. */
  private renumbered?: Int32Array;

  private bytesAt(row: number, held?: Held): Uint8Array | undefined {
    const place = held ? held.places[row] : this.places[row];
    if (place >= 0) return this.slabs.read(place, held?.view);
    return place === LARGE ? (held ? held.large : this.large).get(row) : undefined;
  }

  private rowHasKey(row: number, key: string): boolean {
    const bytes = this.bytesAt(row);
    return bytes !== undefined && hasIdKey(bytes, key);
  }

  /** The row's document is stored elsewhere from now (or nowhere): its place is free. */
  private release(row: number): void {
    const place = this.places[row];
    this.places[row] = GONE;
    if (place === LARGE) this.large.delete(row);
    else if (place >= 0)
      this.slabs.free(place, (moved, slab, copy) => {
        const at = this.places[moved];
        if (at >= 0 && this.slabs.slabOf(at) === slab) this.places[moved] = copy(at);
      });
  }

  get slabBytes(): number {
    return this.slabs.allocated;
  }

  get size(): number {
    return this.table.size;
  }

  has(id: string): boolean {
    return this.table.find(id) >= 0;
  }

  get(id: string, fields?: FieldNames, origins?: Origins): Doc | undefined {
    const row = this.table.find(id);
    return row < 0 ? undefined : this.byHandle(row, fields, origins);
  }

  handle(id: string): Handle | undefined {
    const row = this.table.find(id);
    return row < 0 ? undefined : row;
  }

  /** The document at a row an index lists: no hashing of its id, no confirming from its bytes. */
  byHandle(row: Handle, fields?: FieldNames, origins?: Origins): Doc | undefined {
    const bytes = this.bytesAt(row as number);
    if (!bytes) return undefined;
    const d = decode(bytes, fields);
    if (origins && fields) origins.set(d, bytes);
    return d;
  }

  /** Stores a copy of `bytes` when the caller has them (recovery's are a view of the buffer it reads through). */
  set(id: string, doc: Doc, bytes?: Uint8Array): Handle {
    const b = bytes ?? BSON.serialize(doc);
    const found = this.table.findOrAdd(id, this.rows);
    const row = found >= 0 ? found : this.newRow();
    if (found >= 0) this.release(row);
    this.places[row] = this.place(row, b, !!bytes);
    return row;
  }

  add(id: string, doc: Doc, bytes?: Uint8Array): Handle | undefined {
    const b = bytes ?? BSON.serialize(doc);
    if (this.table.findOrAdd(id, this.rows) >= 0) return undefined;
    const row = this.newRow();
    this.places[row] = this.place(row, b, !!bytes);
    return row;
  }

  private place(row: number, b: Uint8Array, callers: boolean): number {
    if (b.length <= MAX_SLABBED) return this.slabs.append(row, b);
    this.large.set(row, callers ? new Uint8Array(b) : b);
    return LARGE;
  }

  private newRow(): number {
    if (this.rows === this.places.length) {
      const grown = new Int32Array(this.places.length * 2);
      grown.set(this.places);
      this.places = grown;
    }
    return this.rows++;
  }

  delete(id: string): boolean {
    const row = this.table.remove(id);
    if (row < 0) return false;
    this.release(row);
    if (this.rows > 1024 && this.table.size * 2 < this.rows) this.renumber();
    return true;
  }

  /** Numbers the live rows again, in their order, once deleted ones outnumber them. */
  private renumber(): void {
    const to = new Int32Array(this.rows);
    const places = new Int32Array(Math.max(1024, this.table.size * 2));
    let n = 0;
    for (let row = 0; row < this.rows; row++) {
      if (this.places[row] === GONE) {
        to[row] = -1;
        continue;
      }
      to[row] = n;
      places[n] = this.places[row];
      if (places[n] === LARGE) {
        const bytes = this.large.get(row)!;
        this.large.delete(row);
        this.large.set(n, bytes);
      }
      n++;
    }
    this.places = places;
    this.rows = n;
    this.table.renumber(to);
    this.slabs.renumber(to);
    // A second renumbering before the first was taken: the two in one.
    this.renumbered = this.renumbered ? this.renumbered.map((n) => (n < 0 ? n : to[n])) : to;
  }

  takeRenumbering(): Int32Array | undefined {
    const to = this.renumbered;
    this.renumbered = undefined;
    return to;
  }

  private hold(): Held {
    return { places: this.places.slice(0, this.rows), view: this.slabs.view(), large: new Map(this.large) };
  }

  /** Every live row's bytes in row order, as they were at `held`. */
  private *bytesOf(held: Held): IterableIterator<Uint8Array> {
    for (let row = 0; row < held.places.length; row++) {
      const bytes = this.bytesAt(row, held);
      if (bytes) yield bytes;
    }
  }

  *values(fields?: FieldNames): IterableIterator<Doc> {
    for (const bytes of this.bytesOf(this.hold())) yield decode(bytes, fields);
  }

  *handled(): IterableIterator<[Handle, Doc]> {
    const held = this.hold();
    for (let row = 0; row < held.places.length; row++) {
      const bytes = this.bytesAt(row, held);
      if (bytes) yield [row, decode(bytes)];
    }
  }

  *entries(): IterableIterator<[string, Doc]> {
    for (const bytes of this.bytesOf(this.hold())) yield [idKeyOf(bytes), decode(bytes)];
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.entries();
  }

  /** The documents as they are now, each decoded only as the reader reaches it (a sliced scan holds few at once). */
  frozen(fields?: FieldNames): Iterable<Doc> {
    const held = this.hold();
    return (function* (store: PackedStore) {
      for (const bytes of store.bytesOf(held)) yield decode(bytes, fields);
    })(this);
  }

  /** The documents' bytes as they are now, read later: a snapshot writes them as they are. */
  stored(): Iterable<Uint8Array> {
    const held = this.hold();
    return { [Symbol.iterator]: () => this.bytesOf(held) };
  }
}
