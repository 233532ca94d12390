import { ObjectId } from 'bson';

const DAY_MS = 86_400_000;

/** FNV-1a over a string: turns a seed and a label into an independent 32-bit stream seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded pseudo-random source (mulberry32): the demo data must come out byte-identical for one seed,
 * so nothing in the generator may touch Math.random() or the clock.
 */
export class Rng {
  private state: number;

  /**
   * `ids` counts the ids drawn by this generator and all its forks: it is part of every id, so no two
   * ids of one data set are equal (forks' 32-bit seeds can collide, giving two forks the same stream).
   */
  constructor(
    readonly seed: number,
    private readonly ids = { drawn: 0 },
  ) {
    this.state = seed >>> 0;
  }

  /**
   * An independent stream for one part of the generator, so that changing how (say) complaints are drawn
   * does not reshuffle every customer's transactions.
   */
  fork(label: string): Rng {
    return new Rng(hash32(`${this.seed}:${label}`), this.ids);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One value from `[value, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    return pairs[pairs.length - 1][0];
  }

  /** `count` distinct elements in random order (all of them when count exceeds the length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  /** A string of `length` random decimal digits (leading zeros allowed). */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }

  /** A date uniformly between two dates, to the second. */
  dateBetween(from: Date, to: Date): Date {
    const ms = from.getTime() + this.next() * Math.max(0, to.getTime() - from.getTime());
    return new Date(Math.floor(ms / 1000) * 1000);
  }

  /** A date up to `maxDays` after `from`, but never later than `limit`. */
  dateAfter(from: Date, maxDays: number, limit: Date): Date {
    return this.dateBetween(from, new Date(Math.min(from.getTime() + maxDays * DAY_MS, limit.getTime())));
  }

  /** A date between `minDays` and `maxDays` days before `now`. */
  daysBefore(now: Date, minDays: number, maxDays: number): Date {
    return this.dateBetween(new Date(now.getTime() - maxDays * DAY_MS), new Date(now.getTime() - minDays * DAY_MS));
  }

  /** A Poisson-distributed count with mean `mean` (Knuth's method, fine for the small means used here). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A deterministic ObjectId. With `at`, its timestamp part is that moment, so ids sort roughly in the order
   * the records were created, as real ones do. Then 8 hex characters from the stream and 8 of the
   * family-wide id counter: random digits alone collide at a million ids.
   */
  objectId(at?: Date): ObjectId {
    const head = at ? Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0') : this.hex(8);
    return new ObjectId(head + this.hex(8) + (this.ids.drawn++).toString(16).padStart(8, '0'));
  }

  private hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
}

export { DAY_MS };
