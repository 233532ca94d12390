import { BSON } from 'bson';
import { expect, it } from 'vitest';
import { DocStore } from '../../server/embedded-db/doc-store.js';
import { Slabs } from '../../server/embedded-db/slabs.js';

const SLAB = 1 << 20;
const doc = (id: number, version: number, pad = 900) => ({ _id: id, version, note: `${id}:${version}:`.padEnd(pad, 'x') });

it('stays within about 4/3 of its documents’ bytes however often they are rewritten, each reading back its latest version', () => {
  const store = new DocStore(true);
  const n = 3000;
  for (let version = 0; version < 25; version++) for (let id = 0; id < n; id++) store.set(`n${id}`, doc(id, version));
  const live = n * BSON.calculateObjectSize(doc(0, 24));
  expect(store.size).toBe(n);
  // 25 versions written, 75 MB: the slabs hold about the last one's.
  expect(store.slabBytes).toBeLessThanOrEqual((live * 4) / 3 + 2 * SLAB);
  for (let id = 0; id < n; id += 7) expect(store.get(`n${id}`)).toEqual(doc(id, 24));
  expect([...store.values()].every((d) => d.version === 24)).toBe(true);
});

it('frees the slabs of deleted documents, and moves the few left in a mostly free one', () => {
  const store = new DocStore(true);
  for (let id = 0; id < 4000; id++) store.set(`n${id}`, doc(id, 0));
  const full = store.slabBytes;
  // Every document but one in twenty deleted.
  for (let id = 0; id < 4000; id++) if (id % 20) store.delete(`n${id}`);
  expect(store.size).toBe(200);
  expect(store.slabBytes).toBeLessThan(full / 2);
  for (let id = 0; id < 4000; id += 20) expect(store.get(`n${id}`)).toEqual(doc(id, 0));
  expect(store.get('n1')).toBeUndefined();
});

it('reads a scan begun before a rewrite as the documents were then, though the slabs it read from were dropped', () => {
  const store = new DocStore(true);
  for (let id = 0; id < 2000; id++) store.set(`n${id}`, doc(id, 0));
  const scan = store.frozen()[Symbol.iterator]();
  const first = scan.next().value;
  const snapshot = store.stored();
  for (let version = 1; version < 6; version++) for (let id = 0; id < 2000; id++) store.set(`n${id}`, doc(id, version));
  const rest = [first, ...{ [Symbol.iterator]: () => scan }];
  expect(rest.map((d) => d.version)).toEqual(new Array(2000).fill(0));
  expect([...snapshot].map((b) => BSON.deserialize(b as Uint8Array).version)).toEqual(new Array(2000).fill(0));
  expect(store.get('n1999')).toEqual(doc(1999, 5));
});

it('keeps a document too large for a slab as bytes of its own, read and replaced like the others', () => {
  const store = new DocStore(true);
  const big = doc(1, 0, SLAB / 8);
  store.set('big', big);
  store.set('small', doc(2, 0));
  expect(store.get('big')).toEqual(big);
  store.set('big', doc(1, 1));
  expect(store.get('big')).toEqual(doc(1, 1));
  store.delete('small');
  expect([...store.values()]).toEqual([doc(1, 1)]);
});

it('gives a dropped slab’s number to a new one, so positions stay small however much is rewritten', () => {
  const slabs = new Slabs();
  const bytes = BSON.serialize(doc(0, 0, 4000));
  const at = new Map<string, number>();
  let largest = 0;
  // 100 MB written through 200 kB of live documents.
  for (let round = 0; round < 2000; round++)
    for (let id = 0; id < 50; id++) {
      const key = `n${id}`;
      const old = at.get(key);
      const position = slabs.append(key, bytes);
      at.set(key, position);
      if (old !== undefined)
        slabs.free(old, (moved, from, to) => {
          if (at.get(moved) === from) at.set(moved, to());
        });
      largest = Math.max(largest, position);
    }
  // Within the first three slabs' numbers (a slab is 2^17 positions).
  expect(largest).toBeLessThan(3 * 2 ** 17);
  for (const position of at.values()) expect(BSON.deserialize(slabs.read(position))).toEqual(doc(0, 0, 4000));
});
