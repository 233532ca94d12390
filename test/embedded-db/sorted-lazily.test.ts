import { describe, expect, it } from 'vitest';
import { sortedLazily } from '../../server/embedded-db/sorted-lazily.js';
import { random } from '../support/random.js';

type Item = { key: number; at: number };
const byKey = (a: Item, b: Item) => a.key - b.key;
/** Items whose keys repeat (names shared by many customers), each with where it stood. */
const itemsOf = (n: number, keys: number, rnd: () => number) => Array.from({ length: n }, (_, at) => ({ key: Math.floor(rnd() * keys), at }));
const take = <T>(it: Iterable<T>, n: number) => {
  const out: T[] = [];
  for (const x of it) if (out.push(x) >= n) break;
  return out;
};

describe('sorted lazily', () => {
  it.each([
    // [items, distinct keys, wanted first, read]
    [0, 1, 20, 20],
    [5, 3, 20, 20],
    [1000, 10, 20, 20],
    [1000, 10, 20, 35],
    [1000, 1000, 20, 1000],
    [5000, 50, 1, 1],
    [5000, 50, 1, 3],
    [5000, 5000, 100, 250],
    [161, 2, 20, 161],
  ])("%i items with %i keys, %i wanted: the first %i read are a stable sort's", (n, keys, first, read) => {
    const rnd = random(n * 31 + keys);
    const items = itemsOf(n, keys, rnd);
    const stable = [...items].sort(byKey);
    expect(take(sortedLazily(items, byKey, first), read)).toEqual(stable.slice(0, read));
  });

  it("read to the end, gives every item once, in a stable sort's order", () => {
    const items = itemsOf(3000, 40, random(7));
    expect([...sortedLazily(items, byKey, 20)]).toEqual([...items].sort(byKey));
  });

  it('compares each item about once for a page of a long list, not log n times', () => {
    const items = itemsOf(20_000, 20_000, random(11));
    let compared = 0;
    const counting = (a: Item, b: Item) => (compared++, byKey(a, b));
    take(sortedLazily(items, counting, 20), 20);
    const lazily = compared;
    compared = 0;
    [...items].sort(counting);
    expect(lazily).toBeLessThan(items.length * 1.5);
    expect(compared).toBeGreaterThan(items.length * 10);
  });
});
