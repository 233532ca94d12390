import { BSON } from 'bson';
import { expect, it } from 'vitest';
import { docStore } from '../../server/embedded-db/doc-store.js';
import { Slabs } from '../../server/embedded-db/slabs.js';

const SLAB = 1 << 20;
const doc = (id: number, version: number, pad = 900) => ({ _id: id, version, note: `${id}:${version}:`.padEnd(pad, 'x') });

it('stays within about 4/3 of its documents’ bytes however often they are rewritten, each reading back its latest version', () => {
  const store = docStore(true);
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
  const store = docStore(true);
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
  const store = docStore(true);
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
  const store = docStore(true);
  const big = doc(1, 0, SLAB / 8);
  store.set('n1', big);
  store.set('n2', doc(2, 0));
  expect(store.get('n1')).toEqual(big);
  store.set('n1', doc(1, 1));
  expect(store.get('n1')).toEqual(doc(1, 1));
  store.delete('n2');
  expect([...store.values()]).toEqual([doc(1, 1)]);
});

it('gives a dropped slab’s number to a new one, so positions stay small however much is rewritten', () => {
  const slabs = new Slabs();
  const bytes = BSON.serialize(doc(0, 0, 4000));
  // Each row's position, as a store keeps them.
  const at: number[] = [];
  let largest = 0;
  // 100 MB written through 200 kB of live documents.
  for (let round = 0; round < 2000; round++)
    for (let row = 0; row < 50; row++) {
      const old = at[row];
      at[row] = slabs.append(row, bytes);
      if (old !== undefined)
        slabs.free(old, (moved, slab, copy) => {
          if (slabs.slabOf(at[moved]) === slab) at[moved] = copy(at[moved]);
        });
      largest = Math.max(largest, at[row]);
    }
  // Within the first three slabs' numbers (a slab is 2^17 positions).
  expect(largest).toBeLessThan(3 * 2 ** 17);
  for (const position of at) expect(BSON.deserialize(slabs.read(position))).toEqual(doc(0, 0, 4000));
});

it('keeps the order documents were first stored in, and finds each, after most were deleted and rows numbered again', () => {
  const store = docStore(true);
  for (let id = 0; id < 5000; id++) store.set(`n${id}`, doc(id, 0, 100));
  const big = doc(4999, 1, SLAB / 8);
  store.set('n4999', big);
  const scan = store.frozen();
  for (let id = 0; id < 5000; id++) if (id % 10) store.delete(`n${id}`);
  // Rewritten after the renumbering: each keeps its place in the order.
  for (let id = 0; id < 5000; id += 20) store.set(`n${id}`, doc(id, 2, 100));
  const left = Array.from({ length: 500 }, (_, i) => i * 10);
  expect(store.size).toBe(500);
  expect([...store.values()].map((d) => d._id)).toEqual(left);
  expect([...store].map(([key]) => key)).toEqual(left.map((id) => `n${id}`));
  for (const id of left) expect(store.get(`n${id}`)?.version).toBe(id % 20 ? 0 : 2);
  expect(store.get('n4999')).toBeUndefined();
  expect(store.has('n4990')).toBe(true);
  // The scan begun before any of it reads the 5,000 as they were.
  const before = [...scan];
  expect(before.length).toBe(5000);
  expect(before[4999]).toEqual(big);
  // A key back after its deletion is stored last.
  store.set('n1', doc(1, 3, 100));
  expect([...store.values()].at(-1)).toEqual(doc(1, 3, 100));
});

it('lists a row rewritten again and again into the newest slab once for the run, so dropping the slab asks about it twice, not 3,001 times', () => {
  const slabs = new Slabs();
  const bytes = BSON.serialize(doc(0, 0, 80));
  const at: number[] = [];
  for (let row = 0; row < 1000; row++) at[row] = slabs.append(row, bytes);
  // A hot document: row 0 rewritten 3,000 times into the same slab.
  for (let i = 0; i < 3000; i++) {
    const old = at[0];
    at[0] = slabs.append(0, bytes);
    slabs.free(old, () => {});
  }
  // The first slab full, a second one begun; then every other document of the first deleted.
  for (let row = 1000; slabs.slabOf(at[row - 1]) === 0; row++) at[row] = slabs.append(row, bytes);
  const asked = new Map<number, number>();
  for (let row = 1; slabs.slabOf(at[row]) === 0; row++)
    slabs.free(at[row], (moved, slab, copy) => {
      asked.set(moved, (asked.get(moved) ?? 0) + 1);
      if (slabs.slabOf(at[moved]) === slab) at[moved] = copy(at[moved]);
    });
  // Once for its first write (before the other rows), once for the run of rewrites.
  expect(asked.get(0)).toBe(2);
  expect(slabs.slabOf(at[0])).not.toBe(0);
  expect(BSON.deserialize(slabs.read(at[0]))).toEqual(doc(0, 0, 80));
});
