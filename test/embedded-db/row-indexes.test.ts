import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../server/embedded-db/collection.js';
import { docStore } from '../../server/embedded-db/doc-store.js';
import type { IndexSpec } from '../../server/embedded-db/indexes.js';
import { type Doc, valueKey } from '../../server/embedded-db/keys.js';
import { Storage, WriteLog } from '../../server/embedded-db/storage.js';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { random } from '../support/random.js';
import { type SmallDisk, mountSmallDisk } from '../support/small-disk.js';

// A packed collection's indexes list rows, not id strings: these follow the rows through renumbering
// and through a failed write's undo, against the same writes on a collection of objects.

const { defer } = cleanupsAfterEach('db-row-indexes-');

const SPECS: IndexSpec[] = [
  { key: { seq: 1 }, name: 'seq', unique: true },
  { key: { customerId: 1, channel: 1 }, name: 'customer_channel' },
  { key: { total: 1 }, name: 'total' },
  { key: { channel: 1 }, name: 'channel' },
];

type Purchase = Doc & { _id: string; seq: number; customerId: string; channel: string; total: number };

function purchases(n: number, seed: number): Purchase[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, seq) => ({
    _id: `p${seq}`,
    seq,
    customerId: `c${Math.floor(next() * 40)}`,
    channel: ['store', 'web', 'phone', 'app'][Math.floor(next() * 4)],
    total: Math.round(next() * 100000) / 100,
  }));
}

/** Reads that go through each index (equality, a compound's second level, a range, `$ne`, `$or`), with their plans. */
function reads(coll: Collection): unknown[] {
  const q = (filter: Doc) => {
    const { docs, plan } = coll.find(filter, { sort: { seq: 1 } });
    return { filter, stage: plan.stage, seqs: docs.map((d) => d.seq) };
  };
  return [
    q({ seq: 1234 }),
    q({ seq: { $in: [1, 2, 2999, 3001] } }),
    q({ customerId: 'c3' }),
    q({ customerId: 'c3', channel: { $ne: 'web' } }),
    q({ customerId: { $in: ['c7', 'c8'] }, channel: 'store' }),
    q({ total: { $gt: 990 } }),
    q({ total: { $gte: 10, $lt: 12 } }),
    q({ channel: { $ne: 'web' }, customerId: 'c9' }),
    q({ $or: [{ customerId: 'c11' }, { seq: { $lt: 5 } }] }),
    { count: coll.find({ customerId: 'c5' }, { counting: true }) },
  ];
}

function bothKinds(): Collection[] {
  return [true, false].map((packed) => {
    const coll = new Collection('shop', 'purchases', {}, docStore(packed));
    for (const spec of SPECS) coll.addIndex(spec);
    return coll;
  });
}

describe("a packed collection's indexes of rows", () => {
  it('answers through every index as a collection of objects does after mass deletions number its rows again', () => {
    const [packed, plain] = bothKinds();
    const docs = purchases(3000, 5);
    for (const coll of [packed, plain]) for (const d of docs) coll.put(d);
    // Second levels and ordered keys built before the renumbering: they must follow it too.
    expect(reads(packed)).toEqual(reads(plain));

    for (const coll of [packed, plain]) {
      for (const d of docs) if (d.seq % 3 !== 0) coll.remove(valueKey(d._id));
      // Rewrites after the renumbering: one moves to another customer, one changes what no index reads.
      coll.put({ ...docs[3], customerId: 'c3', channel: 'app' });
      coll.put({ ...docs[6], note: 'called back' });
      coll.put({ _id: 'p-new', seq: 3001, customerId: 'c3', channel: 'store', total: 991 });
    }
    // The rows were numbered again: a new document's row is not the 3,001st.
    expect(packed.docs.handle(valueKey('p-new'))).toBeLessThan(3000);
    expect(packed.docs.size).toBe(1001);
    const after = reads(packed);
    expect(after).toEqual(reads(plain));
    expect(after.slice(0, 9).map((r) => (r as { stage: string }).stage)).toEqual(['IXSCAN', 'IXSCAN', 'IXSCAN', 'IXSCAN', 'IXSCAN', 'IXSCAN', 'IXSCAN', 'IXSCAN', 'OR']);
    // And against the documents themselves, not only the other kind of collection.
    const live = [...packed.docs.values()];
    expect((after[2] as { seqs: number[] }).seqs).toEqual(live.filter((d) => d.customerId === 'c3').map((d) => d.seq));
    expect(live.filter((d) => (d.total as number) > 990).map((d) => d.seq)).toEqual((after[5] as { seqs: number[] }).seqs);

    // The unique index knows each document by its row: its own key is no duplicate, another's is.
    expect(() => packed.checkUnique(valueKey('p3'), { ...docs[3], total: 1 })).not.toThrow();
    expect(() => packed.checkUnique(valueKey('p-other'), { _id: 'p-other', seq: 3001 })).toThrow(
      /E11000 duplicate key error collection: shop.purchases index: seq dup key: \{ seq: 3001 \}/,
    );
    expect(() => packed.checkUnique(valueKey('p1'), { _id: 'p1', seq: 1 })).not.toThrow(); // p1 was deleted: its seq is free
  });

  it('hands the indexes both renumberings in one when the store numbers its rows twice before they take it', () => {
    const store = docStore(true);
    const docs = purchases(5000, 9);
    const first = new Map(docs.map((d) => [valueKey(d._id), store.set(valueKey(d._id), d)]));
    for (const d of docs) if (d.seq % 10 !== 0) store.delete(valueKey(d._id));
    const to = store.takeRenumbering()!;
    expect(store.takeRenumbering()).toBeUndefined();
    const live = [...first].filter(([id]) => store.has(id));
    expect(live).toHaveLength(500);
    for (const [id, row] of live) expect(to[row as number]).toBe(store.handle(id));
    // Rows keep their order, so a scan's order is kept.
    const rows = live.map(([id]) => store.handle(id) as number);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows[rows.length - 1]).toBeLessThan(1000);
  });
});

const probe = mountSmallDisk(64);
probe?.unmount();
function smallDisk(kb: number): SmallDisk {
  const d = mountSmallDisk(kb)!;
  defer(() => d.unmount());
  return d;
}

describe.runIf(!!probe)('a packed collection on a full disk', () => {
  it('puts back an index a failed write dropped, listing the rows its documents have after the undo', async () => {
    const disk = smallDisk(2048);
    const storage = await Storage.open({ dir: path.join(disk.dir, 'data'), packed: ['purchases'] });
    defer(() => storage.close());
    const docs = purchases(2400, 13);
    const write = (apply: (log: WriteLog) => void) => {
      const log = new WriteLog();
      apply(log);
      return storage.persist(log);
    };
    await write((log) => {
      storage.ensureCollection('shop', 'purchases', log);
      storage.apply({ o: 'createIdx', d: 'shop', c: 'purchases', spec: { key: { customerId: 1 }, name: 'customer' } }, log);
      for (const d of docs) storage.apply({ o: 'put', d: 'shop', c: 'purchases', doc: d }, log);
    });
    const coll = storage.collection('shop', 'purchases')!;
    const byCustomer = () => coll.find({ customerId: 'c4' }, { sort: { seq: 1 } });
    const before = byCustomer();
    expect(before.plan.stage).toBe('IXSCAN');

    // The index dropped, then most documents deleted (their rows numbered again), in one write that fails.
    disk.fill();
    const failed = write((log) => {
      storage.apply({ o: 'dropIdx', d: 'shop', c: 'purchases', name: 'customer' }, log);
      for (const d of docs) if (d.seq % 4 !== 0) storage.apply({ o: 'del', d: 'shop', c: 'purchases', id: d._id }, log);
    });
    await expect(failed).rejects.toThrow();
    disk.free();

    const after = byCustomer();
    expect(after.plan.stage).toBe('IXSCAN');
    expect(after.docs).toEqual(before.docs);
    expect(coll.find({}, { counting: true }).docs).toHaveLength(2400);
  }, 30_000);
});
