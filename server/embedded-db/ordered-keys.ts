/**
 * The distinct values of an index's first field in order, so a range (`{ createdAt: { $gte } }`) or
 * a prefix (`{ searchTokens: /^ann/ }`) is answered by two binary searches instead of a scan. Only
 * strings, numbers and dates are ordered (each kind on its own, as a MongoDB range never crosses
 * types); keys are the index's value keys (keys.ts), whose first letter says the kind.
 *
 * Sorted arrays rather than a tree: an insert is a binary search and one `splice` (a memmove, tens
 * of microseconds at a million keys), and reads, far more frequent here, touch contiguous memory.
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

class Sorted {
  readonly vals: Array<string | number> = [];
  readonly keys: string[] = [];

  /** First position whose value is > v (after = true) or >= v. */
  bound(v: string | number, after: boolean): number {
    let lo = 0;
    let hi = this.vals.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.vals[mid];
      if (x < v || (after && x === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
      const sorted = new Sorted();
      for (const e of list) {
        sorted.vals.push(e.v);
        sorted.keys.push(e.key);
      }
      o.kinds.set(kind, sorted);
    }
    return o;
  }

  insert(key: string): void {
    const c = comparable(key);
    if (!c) return;
    let sorted = this.kinds.get(c.kind);
    if (!sorted) this.kinds.set(c.kind, (sorted = new Sorted()));
    const at = sorted.bound(c.v, false);
    if (sorted.keys[at] === key) return;
    sorted.vals.splice(at, 0, c.v);
    sorted.keys.splice(at, 0, key);
  }

  delete(key: string): void {
    const c = comparable(key);
    const sorted = c && this.kinds.get(c.kind);
    if (!c || !sorted) return;
    const at = sorted.bound(c.v, false);
    if (sorted.keys[at] !== key) return;
    sorted.vals.splice(at, 1);
    sorted.keys.splice(at, 1);
  }

  /** The keys within `range`, in order. */
  *between(range: KeyRange): Generator<string> {
    const sorted = this.kinds.get(range.kind);
    if (!sorted) return;
    const from = range.lo === undefined ? 0 : sorted.bound(range.lo, !range.loInclusive);
    const to = range.hi === undefined ? sorted.vals.length : sorted.bound(range.hi, !!range.hiInclusive);
    for (let i = from; i < to; i++) yield sorted.keys[i];
  }
}
