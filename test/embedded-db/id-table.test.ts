import { BSON, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { hasIdKey, idKeyOf } from '../../server/embedded-db/id-bytes.js';
import { IdTable } from '../../server/embedded-db/id-table.js';
import { valueKey } from '../../server/embedded-db/keys.js';
import { random } from '../support/random.js';

describe('a table of rows found by id key', () => {
  it('answers as a Map would through 60,000 random adds and removes, probes shortened as it goes', () => {
    const next = random(21);
    const keys: string[] = [];
    const table = new IdTable((row, key) => keys[row] === key);
    const expected = new Map<string, number>();
    for (let step = 0; step < 60_000; step++) {
      // Keys from a small range, so removes hit and a key comes back under a new row.
      const key = valueKey(Math.floor(next() * 5_000));
      if (expected.has(key) && next() < 0.45) {
        expect(table.remove(key)).toBe(expected.get(key));
        expected.delete(key);
      } else if (!expected.has(key)) {
        keys.push(key);
        expect(table.findOrAdd(key, keys.length - 1)).toBe(-1);
        expected.set(key, keys.length - 1);
      }
      if (step % 5_000 === 0) for (let k = 0; k < 5_000; k++) expect(table.find(valueKey(k))).toBe(expected.get(valueKey(k)) ?? -1);
    }
    expect(table.size).toBe(expected.size);
    for (let k = 0; k < 5_000; k++) expect(table.find(valueKey(k))).toBe(expected.get(valueKey(k)) ?? -1);
    expect(table.remove('n-1')).toBe(-1);
  });

  it('finds every row by its new number once rows are numbered again', () => {
    const keys = Array.from({ length: 3_000 }, (_, i) => valueKey(`id-${i}`));
    let rowKeys = keys.slice();
    const table = new IdTable((row, key) => rowKeys[row] === key);
    keys.forEach((k, row) => table.findOrAdd(k, row));
    // Already there: its row, nothing added.
    expect(table.findOrAdd(keys[5], 9_999)).toBe(5);
    expect(table.size).toBe(keys.length);
    for (let i = 0; i < keys.length; i += 3) table.remove(keys[i]);
    const kept = keys.filter((_, i) => i % 3 !== 0);
    const to = new Int32Array(keys.map((_, i) => (i % 3 === 0 ? -1 : i - Math.floor(i / 3) - 1)));
    table.renumber(to);
    rowKeys = kept;
    kept.forEach((k, row) => expect(table.find(k)).toBe(row));
    expect(table.find(keys[0])).toBe(-1);
  });

  it('asks for a row only when its hash matches: a row never confirmed is never found', () => {
    let asked = 0;
    const table = new IdTable(() => (asked++, false));
    for (let i = 0; i < 1_000; i++) expect(table.findOrAdd(valueKey(i), i)).toBe(-1);
    expect(table.size).toBe(1_000);
    for (let i = 0; i < 1_000; i++) expect(table.find(valueKey(i))).toBe(-1);
    // One confirmation per key and lookup, give or take a 32-bit hash shared by chance.
    expect(asked).toBeLessThan(1_010);
  });
});

describe('a document’s _id key read from its bytes', () => {
  const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');
  const cases: Array<[string, Record<string, unknown>]> = [
    ['an ObjectId first', { _id: oid, n: 1 }],
    ['an ObjectId after another field', { n: 1, _id: oid }],
    ['a number', { _id: 42, n: 1 }],
    ['a string', { _id: 'ţară-中国', n: 1 }],
    ['a date', { _id: new Date(0) }],
    ['a compound id', { _id: { a: 1, b: 'x' } }],
  ];
  for (const [what, doc] of cases)
    it(`matches valueKey for ${what}`, () => {
      const bytes = BSON.serialize(doc);
      const key = valueKey(doc._id);
      expect(idKeyOf(bytes)).toBe(key);
      expect(hasIdKey(bytes, key)).toBe(true);
      expect(hasIdKey(bytes, valueKey(new ObjectId('65a1b2c3d4e5f60718293a4c')))).toBe(false);
      expect(hasIdKey(bytes, 'n43')).toBe(false);
    });

  it('tells ObjectIds apart in any of their 24 hex digits', () => {
    const bytes = BSON.serialize({ _id: oid });
    const hex = oid.toHexString();
    for (let i = 0; i < 24; i++) {
      const other = hex.slice(0, i) + (hex[i] === 'f' ? '0' : 'f') + hex.slice(i + 1);
      expect(hasIdKey(bytes, 'o' + other)).toBe(false);
    }
    expect(hasIdKey(bytes, 's' + hex)).toBe(false);
  });
});
