/**
 * Packed documents' bytes (doc-store.ts), appended to slabs of 1 MB and found by a number: a document
 * kept as a byte array of its own cost a typed array object on the heap (with its map entry, 187 bytes
 * a purchase at 100k customers' 1.36M purchases) and one more object for every collection of the whole
 * heap to mark; a number below 2^31 is no object at all. We write this rather than take a library: it is
 * a bump allocator over Buffers, and its one subtlety (below) is ours.
 *
 * Bytes once written are never overwritten: a reader's view of a document (a sliced scan's, a snapshot
 * being written) stays valid whatever is written, moved or freed after it. A slab whose documents were
 * mostly replaced or deleted has the rest moved to the newest slab and is dropped (garbage once no view
 * holds it): the store stays within about 4/3 of its live bytes, plus one slab.
 */
const SLAB = 1 << 20;
/**
 * Positions count 8-byte units, so slab and offset fit one small integer up to 16 GB of slabs held at once;
 * a dropped slab's number is given to a later one, so a store rewritten for weeks keeps small numbers.
 */
const UNITS = SLAB / 8;
/** Larger documents are kept as byte arrays of their own (a few per slab would waste most of it). */
export const MAX_SLABBED = SLAB >> 4;

interface Slab {
  /** Its number: where it is in the slabs' list. */
  index: number;
  bytes: Buffer;
  used: number;
  /** Bytes of documents still stored here. */
  live: number;
  /** The rows (packed-store.ts) of the documents written here: a move asks the store which are still here. */
  rows: number[];
}

/** The slabs as they are at one moment: positions taken then stay readable through it. */
export type SlabsView = ReadonlyArray<Slab | undefined>;

/** The document at `position` of `slab`, as a view of it. */
function bytesAt(slab: Slab, position: number): Uint8Array {
  const offset = (position % UNITS) * 8;
  return slab.bytes.subarray(offset, offset + slab.bytes.readInt32LE(offset));
}

export class Slabs {
  private readonly slabs: Array<Slab | undefined> = [];
  /** Numbers of dropped slabs, for the next new ones. */
  private readonly unused: number[] = [];
  private current?: Slab;

  /** Copies `bytes` (one BSON document, the store's row `row`) into the newest slab; returns its position. */
  append(row: number, bytes: Uint8Array): number {
    let slab = this.current;
    if (!slab || slab.used + bytes.length > SLAB) {
      const index = this.unused.pop() ?? this.slabs.length;
      slab = this.current = { index, bytes: Buffer.allocUnsafeSlow(SLAB), used: 0, live: 0, rows: [] };
      this.slabs[index] = slab;
    }
    const offset = slab.used;
    slab.bytes.set(bytes, offset);
    slab.used = (offset + bytes.length + 7) & ~7;
    slab.live += bytes.length;
    const position = slab.index * UNITS + offset / 8;
    // A row rewritten again and again into the newest slab (a hot document) is listed there once.
    if (slab.rows[slab.rows.length - 1] !== row) slab.rows.push(row);
    return position;
  }

  /** The document at `position`, as a view of its slab (of `view`'s slabs when given). */
  read(position: number, view: SlabsView = this.slabs): Uint8Array {
    return bytesAt(view[this.slabOf(position)]!, position);
  }

  /** Bytes of the slabs held (the dropped ones are garbage once no view holds them). */
  get allocated(): number {
    return this.slabs.reduce((n, slab) => n + (slab ? slab.bytes.length : 0), 0);
  }

  /** The slabs as they are now, for reading positions later (`read`). */
  view(): SlabsView {
    return this.slabs.slice();
  }

  /** The number of the slab holding `position`. */
  slabOf(position: number): number {
    return Math.floor(position / UNITS);
  }

  /** Gives every row its new number, `to[row]` (-1 for a row gone): see packed-store.ts. */
  renumber(to: Int32Array): void {
    for (const slab of this.slabs) if (slab) slab.rows = slab.rows.map((row) => to[row]).filter((row) => row >= 0);
  }

  /**
   * The document at `position` is no longer stored there. A slab left mostly free is dropped, and
   * `relocate(row, slab, copy)` is called for each row written there: when the row's document is still in
   * slab number `slab`, the caller moves it with `copy(itsPosition)` (a copy in the newest slab, at the
   * position it returns).
   */
  free(position: number, relocate: (row: number, slab: number, copy: (from: number) => number) => void): void {
    const index = this.slabOf(position);
    const slab = this.slabs[index]!;
    slab.live -= bytesAt(slab, position).length;
    if (slab === this.current || slab.live * 4 > SLAB) return;
    this.slabs[index] = undefined;
    if (slab.live > 0) for (const row of slab.rows) relocate(row, index, (from) => this.append(row, bytesAt(slab, from)));
    // Only now: a document moved above never lands in a slab of the number the loop is checking.
    this.unused.push(index);
  }
}
