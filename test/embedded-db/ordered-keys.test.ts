import { describe, expect, it } from 'vitest';
import { type KeyRange, OrderedKeys } from '../../server/embedded-db/ordered-keys.js';
import { valueKey } from '../../server/embedded-db/keys.js';
import { random } from '../support/random.js';


/** What the ordered keys must answer: every key of the range's kind within its bounds, in order. */
function naive(keys: Set<string>, range: KeyRange): string[] {
  const kindOf = (k: string) => k[0];
  const v = (k: string) => (kindOf(k) === 's' ? k.slice(1) : Number(k.slice(1)));
  return [...keys]
    .filter((k) => kindOf(k) === range.kind)
    .filter((k) => {
      const x = v(k);
      if (range.lo !== undefined && (range.loInclusive ? x < range.lo : x <= range.lo)) return false;
      if (range.hi !== undefined && (range.hiInclusive ? x > range.hi : x >= range.hi)) return false;
      return true;
    })
    .sort((a, b) => (v(a) < v(b) ? -1 : v(a) > v(b) ? 1 : 0));
}

describe('ordered keys of an index', () => {
  it('answer ranges and prefixes exactly as a sorted list would, through thousands of inserts and deletes', () => {
    const rand = random(11);
    const word = () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
    const start = new Set<string>();
    for (let i = 0; i < 3000; i++) start.add(valueKey(rand() < 0.5 ? word() : Math.floor(rand() * 5000)));
    const ordered = OrderedKeys.of(start);
    const live = new Set(start);
    for (let step = 0; step < 6000; step++) {
      const key = valueKey(rand() < 0.5 ? word() : Math.floor(rand() * 5000));
      if (live.has(key) && rand() < 0.6) {
        ordered.delete(key);
        live.delete(key);
      } else if (!live.has(key)) {
        ordered.insert(key);
        live.add(key);
      }
      if (step % 250 === 0) {
        const a = word();
        const lo = Math.floor(rand() * 5000);
        const ranges: KeyRange[] = [
          { kind: 's', lo: a, loInclusive: true, hi: `${a}\uffff`, oneTest: true },
          { kind: 's', lo: a, loInclusive: false },
          { kind: 's', hi: a, hiInclusive: true },
          { kind: 'n', lo, loInclusive: true, hi: lo + 700, hiInclusive: false },
          { kind: 'n', lo: lo, loInclusive: false },
          { kind: 'n' },
          { kind: 'd', lo: 0 },
        ];
        for (const r of ranges) expect([...ordered.between(r)]).toEqual(naive(live, r));
      }
    }
  });

  it('answer nothing once every key is gone, and take new ones after', () => {
    const ordered = OrderedKeys.of(['sann', 'sbob'].map((k) => k));
    ordered.delete('sann');
    ordered.delete('sbob');
    expect([...ordered.between({ kind: 's' })]).toEqual([]);
    ordered.insert('scy');
    expect([...ordered.between({ kind: 's', lo: 'c', loInclusive: true })]).toEqual(['scy']);
  });

  it('insert a key among a million in microseconds, not a move of half the index', () => {
    const key = (n: number) => `s${String(n).padStart(8, '0')}`;
    const ordered = OrderedKeys.of(Array.from({ length: 1_000_000 }, (_, i) => key(i * 2)));
    // Counted, not timed: the blocks an insert touches stay small whatever the index's size.
    const odd = Array.from({ length: 20_000 }, (_, i) => ((i * 7919) % 1_000_000) * 2 + 1);
    for (const n of odd) ordered.insert(key(n));
    expect(ordered.largestBlock()).toBeLessThanOrEqual(1024);
    const expected = [...Array.from({ length: 51 }, (_, i) => i * 2), ...odd.filter((n) => n <= 100)].sort((a, b) => a - b).map(key);
    expect([...ordered.between({ kind: 's', lo: key(0).slice(1), loInclusive: true, hi: key(100).slice(1), hiInclusive: true })]).toEqual(expected);
  });
});
