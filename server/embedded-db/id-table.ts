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
  /** row + 1 of each slot; 0 for an empty one. */
  private slots = new Int32Array(16);
  /** The hash of the key in each slot, so growing never asks for a key and a probe rarely asks `same`. */
  private hashes = new Int32Array(16);
  private count = 0;

  constructor(private readonly same: (row: number, key: string) => boolean) {}

  get size(): number {
    return this.count;
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    const h = hashKey(key);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return -1;
      if (this.hashes[i] === h && this.same(s - 1, key)) return s - 1;
    }
  }

  /** Adds `key` at `row`; the caller knows `key` is not in the table. */
  add(key: string, row: number): void {
    // At most three-quarters full: with the hashes compared first, a longer probe costs little.
    if ((this.count + 1) * 4 > this.slots.length * 3) this.grow();
    this.place(hashKey(key), row + 1);
    this.count++;
  }

  /**
   * Takes `key` out; returns its row, or -1. The entries after it in its run move back into the gap
   * (backward-shift deletion), so no slot is ever a tombstone and probes stay as short as at insertion.
   */
  remove(key: string): number {
    const h = hashKey(key);
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return -1;
      if (this.hashes[i] === h && this.same(s - 1, key)) break;
    }
    const row = this.slots[i] - 1;
    for (let j = (i + 1) & mask; this.slots[j] !== 0; j = (j + 1) & mask) {
      // The entry at j may fill the gap at i only if its home slot is not in the cyclic range (i, j].
      const home = this.hashes[j] & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        this.slots[i] = this.slots[j];
        this.hashes[i] = this.hashes[j];
        i = j;
      }
    }
    this.slots[i] = 0;
    this.count--;
    return row;
  }

  /** Gives every row its new number, `to[row]` (rows numbered again after deletions left gaps). */
  renumber(to: Int32Array): void {
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] !== 0) this.slots[i] = to[this.slots[i] - 1] + 1;
  }

  private place(h: number, slot: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = slot;
    this.hashes[i] = h;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.place(hashes[i], slots[i]);
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
