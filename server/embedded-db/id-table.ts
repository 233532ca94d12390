/**
 * Rows (small integers) found by their id key, in two typed arrays: an open-addressed hash table with
 * linear probing. It holds no key: a candidate row whose hash matches is confirmed by `same(row, key)`,
 * which asks the row's document itself (a packed store reads its `_id` from the BSON bytes). A Map of
 * id strings took 121–136 bytes of heap an entry here, 23 s to fill with 10M ids, and V8 refuses one of
 * about 16.7M entries; this takes 8 bytes a slot (11–21 an entry) and no object at all for the collector
 * to copy or mark. We write it rather than take a library: what it needs, keys kept outside the table,
 * is what general hash maps do not offer.
 */
export class IdTable {
  /**
   * Two numbers a slot, side by side so a probe reads one cache line: row + 1 (0 for an empty slot), and
   * the hash of its key, so growing never asks for a key and a probe rarely asks `same`.
   */
  private cells = new Int32Array(32);
  private count = 0;

  constructor(private readonly same: (row: number, key: string) => boolean) {}

  get size(): number {
    return this.count;
  }

  private get mask(): number {
    return (this.cells.length >> 1) - 1;
  }

  /** The slot holding `key` (hashed `h`), or the empty slot ending its probe. */
  private slotOf(key: string, h: number): number {
    const { cells, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = cells[2 * i];
      if (s === 0 || (cells[2 * i + 1] === h && this.same(s - 1, key))) return i;
    }
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    return this.cells[2 * this.slotOf(key, hashKey(key))] - 1;
  }

  /** Adds `key` at `row` unless it is there: returns its row, -1 when it was added. */
  findOrAdd(key: string, row: number): number {
    const h = hashKey(key);
    const i = this.slotOf(key, h);
    if (this.cells[2 * i] !== 0) return this.cells[2 * i] - 1;
    // At most three-quarters full: with the hashes compared first, a longer probe costs little.
    if ((this.count + 1) * 4 > (this.cells.length >> 1) * 3) {
      this.grow();
      this.place(h, row + 1);
    } else {
      this.cells[2 * i] = row + 1;
      this.cells[2 * i + 1] = h;
    }
    this.count++;
    return -1;
  }

  /**
   * Takes `key` out; returns its row, or -1. The entries after it in its run move back into the gap
   * (backward-shift deletion), so no slot is ever a tombstone and probes stay as short as at insertion.
   */
  remove(key: string): number {
    const { cells, mask } = this;
    let i = this.slotOf(key, hashKey(key));
    const row = cells[2 * i] - 1;
    if (row < 0) return -1;
    for (let j = (i + 1) & mask; cells[2 * j] !== 0; j = (j + 1) & mask) {
      // The entry at j may fill the gap at i only if its home slot is not in the cyclic range (i, j].
      const home = cells[2 * j + 1] & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        cells[2 * i] = cells[2 * j];
        cells[2 * i + 1] = cells[2 * j + 1];
        i = j;
      }
    }
    cells[2 * i] = 0;
    this.count--;
    return row;
  }

  /** Gives every row its new number, `to[row]` (rows numbered again after deletions left gaps). */
  renumber(to: Int32Array): void {
    const { cells } = this;
    for (let i = 0; i < cells.length; i += 2) if (cells[i] !== 0) cells[i] = to[cells[i] - 1] + 1;
  }

  private place(h: number, slot: number): void {
    const { cells, mask } = this;
    let i = h & mask;
    while (cells[2 * i] !== 0) i = (i + 1) & mask;
    cells[2 * i] = slot;
    cells[2 * i + 1] = h;
  }

  private grow(): void {
    const old = this.cells;
    this.cells = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.place(old[i + 1], old[i]);
  }
}

/** FNV-1a over the key's UTF-16 units, then murmur3's finaliser: ids differing in one hex digit spread. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
