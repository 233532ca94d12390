/**
 * The distinct values of an index's first field in order, so a range (`{ createdAt: { $gte } }`) or
 * a prefix (`{ searchTokens: /^ann/ }`) is answered by two binary searches instead of a scan. Only
 * strings, numbers and dates are ordered (each kind on its own, as a MongoDB range never crosses
 * types); keys are the index's value keys (keys.ts), whose first letter says the kind.
 *
 * Kept in blocks of sorted arrays (a B-tree of one level): an insert is two binary searches and a
 * `splice` within one block of at most 2 × BLOCK entries. One sorted array of the whole index made
 * each insert a move of half the index: at 300k search tokens about 1 ms, and an import of 10k
 * customers (20k new tokens) held the database thread for 20 s. Reads walk the blocks in order.
 */
export type RangeKind = 's' | 'n' | 'd';

export interface KeyRange {
  kind: RangeKind;
  lo?: string | number;
  loInclusive?: boolean;
  hi?: string | number;
  hiInclusive?: boolean;
  /** Both bounds come from one test of one value (a prefix), so they hold together even over arrays. */
  oneTest?: boolean;
  /** Exactly the strings in the range meet the condition (a pattern that is its prefix alone): the index decides it. */
  exact?: boolean;
}

/** The comparable value of a value key, or undefined for kinds we do not order (and NaN). */
function comparable(key: string): { kind: RangeKind; v: string | number } | undefined {
  const kind = key[0];
  if (kind === 's') return { kind, v: key.slice(1) };
  if (kind === 'n' || kind === 'd') {
    const v = Number(key.slice(1));
    return Number.isNaN(v) ? undefined : { kind, v };
  }
  return undefined;
}

/** Entries per block, halved when a block doubles (a split costs a copy of one block). */
const BLOCK = 512;

interface Block {
  vals: Array<string | number>;
  keys: string[];
}

/** A position: the block and the offset within it (offset = length at the very end). */
interface At {
  b: number;
  i: number;
}

/** First offset in `vals` whose value is > v (after = true) or >= v. */
function boundIn(vals: Array<string | number>, v: string | number, after: boolean): number {
  let lo = 0;
  let hi = vals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = vals[mid];
    if (x < v || (after && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Sorted {
  readonly blocks: Block[] = [];

  static of(entries: Array<{ v: string | number; key: string }>): Sorted {
    const s = new Sorted();
    for (let i = 0; i < entries.length; i += BLOCK) {
      const part = entries.slice(i, i + BLOCK);
      s.blocks.push({ vals: part.map((e) => e.v), keys: part.map((e) => e.key) });
    }
    return s;
  }

  /** The first position whose value is > v (after = true) or >= v. */
  bound(v: string | number, after: boolean): At {
    const { blocks } = this;
    // The first block whose last value passes the test holds the position.
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const last = blocks[mid].vals[blocks[mid].vals.length - 1];
      if (last < v || (after && last === v)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return blocks.length ? { b: lo - 1, i: blocks[lo - 1].vals.length } : { b: 0, i: 0 };
    return { b: lo, i: boundIn(blocks[lo].vals, v, after) };
  }

  insert(v: string | number, key: string): void {
    if (this.blocks.length === 0) {
      this.blocks.push({ vals: [v], keys: [key] });
      return;
    }
    const at = this.bound(v, false);
    const block = this.blocks[at.b];
    for (let i = at.i; i < block.vals.length && block.vals[i] === v; i++) if (block.keys[i] === key) return;
    block.vals.splice(at.i, 0, v);
    block.keys.splice(at.i, 0, key);
    if (block.vals.length >= 2 * BLOCK) {
      this.blocks.splice(at.b + 1, 0, { vals: block.vals.splice(BLOCK), keys: block.keys.splice(BLOCK) });
    }
  }

  delete(v: string | number, key: string): void {
    if (this.blocks.length === 0) return;
    const at = this.bound(v, false);
    for (let b = at.b, i = at.i; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b];
      for (; i < block.vals.length; i++) {
        if (block.vals[i] !== v) return;
        if (block.keys[i] !== key) continue;
        block.vals.splice(i, 1);
        block.keys.splice(i, 1);
        if (block.vals.length === 0) this.blocks.splice(b, 1);
        return;
      }
    }
  }

  /** The keys from position `from` up to (not including) `to`, in order. */
  *keysBetween(from: At, to: At): Generator<string> {
    for (let b = from.b, i = from.i; b < to.b || (b === to.b && i < to.i); ) {
      const block = this.blocks[b];
      if (i >= block.keys.length) {
        b++;
        i = 0;
        continue;
      }
      yield block.keys[i++];
    }
  }
}

export class OrderedKeys {
  private readonly kinds = new Map<RangeKind, Sorted>();

  static of(keys: Iterable<string>): OrderedKeys {
    const o = new OrderedKeys();
    const pending = new Map<RangeKind, Array<{ v: string | number; key: string }>>();
    for (const key of keys) {
      const c = comparable(key);
      if (!c) continue;
      let list = pending.get(c.kind);
      if (!list) pending.set(c.kind, (list = []));
      list.push({ v: c.v, key });
    }
    for (const [kind, list] of pending) {
      list.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
      o.kinds.set(kind, Sorted.of(list));
    }
    return o;
  }

  insert(key: string): void {
    const c = comparable(key);
    if (!c) return;
    let sorted = this.kinds.get(c.kind);
    if (!sorted) this.kinds.set(c.kind, (sorted = new Sorted()));
    sorted.insert(c.v, key);
  }

  delete(key: string): void {
    const c = comparable(key);
    const sorted = c && this.kinds.get(c.kind);
    if (!c || !sorted) return;
    sorted.delete(c.v, key);
  }

  /** Entries in the largest block (each insert moves at most that many). */
  largestBlock(): number {
    let n = 0;
    for (const sorted of this.kinds.values()) for (const b of sorted.blocks) n = Math.max(n, b.vals.length);
    return n;
  }

  /** The keys within `range`, in order. */
  *between(range: KeyRange): Generator<string> {
    const sorted = this.kinds.get(range.kind);
    if (!sorted) return;
    const start: At = { b: 0, i: 0 };
    const end: At = { b: sorted.blocks.length, i: 0 };
    yield* sorted.keysBetween(range.lo === undefined ? start : sorted.bound(range.lo, !range.loInclusive), range.hi === undefined ? end : sorted.bound(range.hi, !!range.hiInclusive));
  }
}
