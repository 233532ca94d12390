import { ObjectId } from 'bson';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Collection } from '../../server/embedded-db/collection.js';
import { Index, type IndexSpec } from '../../server/embedded-db/indexes.js';
import { readJournalFile } from '../../server/embedded-db/journal.js';
import type { Doc } from '../../server/embedded-db/keys.js';
import { rangeOf } from '../../server/embedded-db/ranges.js';
import { decodeFile, encodeRecord } from '../../server/embedded-db/records.js';
import { CorruptDataError, Storage, WriteLog } from '../../server/embedded-db/storage.js';
import { random } from '../support/random.js';
import { cleanupsAfterEach } from '../support/cleanups.js';

const { defer, tmpDir } = cleanupsAfterEach('db-recovery-');
async function open(dir: string, repair = false): Promise<Storage> {
  const s = await Storage.open({ dir, repair });
  defer(() => s.close());
  return s;
}

/** Writes `records` as one record file; returns where each starts, and the file's size. */
function writeRecords(file: string, records: Doc[]): { offsets: number[]; size: number } {
  const bufs = records.map((r) => encodeRecord(r));
  const offsets: number[] = [];
  let size = 0;
  for (const b of bufs) {
    offsets.push(size);
    size += b.length;
  }
  fs.writeFileSync(file, Buffer.concat(bufs));
  return { offsets, size };
}

/** A snapshot of generation 1, as compaction writes one: each collection, its indexes, then its documents. */
function snapshot(dir: string, colls: Array<{ name: string; specs?: IndexSpec[]; docs: Doc[] }>) {
  const recs: Doc[] = [{ o: 'meta', gen: 1 }];
  for (const { name, specs = [], docs } of colls) {
    recs.push({ o: 'createColl', d: 't', c: name, opts: {} });
    for (const spec of specs) recs.push({ o: 'createIdx', d: 't', c: name, spec });
    for (const doc of docs) recs.push({ o: 'put', d: 't', c: name, doc });
  }
  return { ...writeRecords(path.join(dir, 'snapshot.bson'), recs), records: recs };
}

/** Applies ops as one command and waits until they are durable. */
async function write(s: Storage, ...ops: Parameters<Storage['apply']>[0][]) {
  const log = new WriteLog();
  for (const op of ops) s.apply(op, log);
  await s.persist(log);
}

/** Records of sizes from a few bytes to several times `bufferBytes`, so records straddle the buffer's end at many offsets. */
function variedRecords(count: number, bufferBytes: number): Doc[] {
  const rnd = random(7);
  return Array.from({ length: count }, (_, n) => {
    const len = n % 7 === 3 ? bufferBytes * (1 + Math.floor(rnd() * 3)) + Math.floor(rnd() * 50) : Math.floor(rnd() * bufferBytes);
    return { n, s: 'x'.repeat(len), id: new ObjectId() };
  });
}

function decodeAll(file: string, bufferBytes: number, withLater = true) {
  const got: Doc[] = [];
  const later: Doc[] = [];
  const r = decodeFile(file, (rec) => got.push(rec), withLater ? (rec) => later.push(rec) : undefined, bufferBytes);
  return { ...r, got, later };
}

describe('reading record files through one buffer', () => {
  const BUFFER_SIZES = [13, 16, 37, 64, 100, 257, 4096];

  it('decodes every record whatever the buffer size: records larger than it, and records straddling its end', () => {
    const dir = tmpDir();
    for (const bufferBytes of BUFFER_SIZES) {
      const records = variedRecords(60, bufferBytes);
      const file = path.join(dir, `records-${bufferBytes}`);
      const { size } = writeRecords(file, records);
      const r = decodeAll(file, bufferBytes);
      expect(r.got, `buffer of ${bufferBytes} bytes`).toEqual(records);
      expect({ size: r.size, goodBytes: r.goodBytes, good: r.good, badOffset: r.badOffset, laterRecords: r.laterRecords }).toEqual({
        size,
        goodBytes: size,
        good: 60,
        badOffset: undefined,
        laterRecords: 0,
      });
    }
  });

  it('keeps binary values intact although the buffer they were read through is reused', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'binary');
    const records = Array.from({ length: 40 }, (_, n) => ({ n, bin: Buffer.alloc(50, n), pad: 'p'.repeat(n * 3) }));
    writeRecords(file, records);
    // Several records to a buffer, and records larger than the buffer.
    for (const bufferBytes of [64, 1024]) {
      const { got } = decodeAll(file, bufferBytes);
      expect(got.map((r) => Buffer.from((r.bin as { buffer: Uint8Array }).buffer))).toEqual(records.map((r) => r.bin));
    }
  });

  it('cuts at a torn tail, wherever the buffer ends: no later records, the good bytes end at the last whole record', () => {
    const dir = tmpDir();
    for (const bufferBytes of BUFFER_SIZES) {
      const records = variedRecords(30, bufferBytes);
      const file = path.join(dir, `torn-${bufferBytes}`);
      const { size } = writeRecords(file, records);
      // A crash half-way through the next record: its header and part of its body.
      const next = encodeRecord({ n: 'torn', s: 'y'.repeat(bufferBytes * 2) });
      fs.appendFileSync(file, next.subarray(0, next.length - 3));
      const r = decodeAll(file, bufferBytes);
      expect(r.got).toEqual(records);
      expect({ goodBytes: r.goodBytes, badOffset: r.badOffset, laterRecords: r.laterRecords, size: r.size }).toEqual({
        goodBytes: size,
        badOffset: size,
        laterRecords: 0,
        size: size + next.length - 3,
      });
    }
  });

  it('finds the records after a damaged one in the middle, wherever the buffer ends', () => {
    const dir = tmpDir();
    for (const bufferBytes of BUFFER_SIZES) {
      const records = variedRecords(30, bufferBytes);
      const file = path.join(dir, `corrupt-${bufferBytes}`);
      const { offsets } = writeRecords(file, records);
      const buf = fs.readFileSync(file);
      // A flipped byte in record 10's body, then a header of garbage claiming a huge length in record 20's place.
      buf[offsets[10] + 20] ^= 0xff;
      buf.writeUInt32LE(0x7fff_fff0, offsets[20]);
      fs.writeFileSync(file, buf);
      const r = decodeAll(file, bufferBytes);
      expect(r.got).toEqual(records.slice(0, 10));
      expect(r.badOffset).toBe(offsets[10]);
      expect(r.goodBytes).toBe(offsets[10]);
      // Resynchronised after 10 (records 11 to 19) and again after the garbage at 20 (21 to 29).
      expect(r.laterRecords).toBe(18);
      expect(r.later).toEqual([...records.slice(11, 20), ...records.slice(21)]);
      // Without a repair, the later records are counted, not decoded.
      expect(decodeAll(file, bufferBytes, false).laterRecords).toBe(18);
    }
  });

  it('reads an empty file as no records', () => {
    const file = path.join(tmpDir(), 'empty');
    fs.writeFileSync(file, '');
    expect(decodeAll(file, 16)).toMatchObject({ size: 0, goodBytes: 0, good: 0, laterRecords: 0, got: [] });
  });
});

describe('reading a journal file', () => {
  it('cuts a torn tail back to the last whole record, and leaves a damaged file as it is', () => {
    const dir = tmpDir();
    const records = variedRecords(20, 100);
    const torn = path.join(dir, 'torn.log');
    const { offsets, size } = writeRecords(torn, records);
    fs.appendFileSync(torn, encodeRecord({ n: 'torn' }).subarray(0, 9));
    expect(readJournalFile(torn, () => {})).toEqual({ records: 20, tornTail: true });
    expect(fs.statSync(torn).size).toBe(size);

    const damaged = path.join(dir, 'damaged.log');
    writeRecords(damaged, records);
    const buf = fs.readFileSync(damaged);
    buf[offsets[5] + 9] ^= 0xff;
    fs.writeFileSync(damaged, buf);
    const later: Doc[] = [];
    expect(
      readJournalFile(
        damaged,
        () => {},
        (rec) => later.push(rec),
      ),
    ).toEqual({
      records: 5,
      tornTail: false,
      corrupt: { offset: offsets[5], laterRecords: 14, size },
    });
    expect(later).toEqual(records.slice(6));
    expect(fs.readFileSync(damaged)).toEqual(buf);
  });
});

describe('recovery of a snapshot and journals', () => {
  it('recovers documents larger than the read buffer, in the snapshot and in the journal', async () => {
    const dir = tmpDir();
    const big = (n: number) => ({ _id: n, s: String(n).repeat(9 << 20) });
    let s = await open(dir);
    await write(s, { o: 'createColl', d: 't', c: 'c', opts: {} }, { o: 'put', d: 't', c: 'c', doc: big(1) }, { o: 'put', d: 't', c: 'c', doc: { _id: 2 } });
    await s.compactNow();
    await write(s, { o: 'put', d: 't', c: 'c', doc: big(3) }, { o: 'put', d: 't', c: 'c', doc: { _id: 4 } });
    await s.close();
    s = await open(dir);
    const docs = s.requireCollection('t', 'c').docs;
    expect([...docs.values()].map((d) => [d._id, typeof d.s === 'string' ? d.s.length : 0])).toEqual([
      [1, 9 << 20],
      [2, 0],
      [3, 9 << 20],
      [4, 0],
    ]);
    expect(docs.get('n3')!.s).toBe('3'.repeat(9 << 20));
  });

  it('refuses a snapshot damaged in the middle, naming the offset and what would be lost; a repair keeps a copy and every readable document', async () => {
    const dir = tmpDir();
    const docs = Array.from({ length: 50 }, (_, n) => ({ _id: n, v: `v${n}` }));
    const { offsets, size } = snapshot(dir, [{ name: 'c', specs: [{ name: 'v_1', key: { v: 1 } }], docs }]);
    // Record 3 + 20 is the document with _id 20 (after the meta, createColl and createIdx records).
    const file = path.join(dir, 'snapshot.bson');
    const buf = fs.readFileSync(file);
    buf[offsets[23] + 12] ^= 0xff;
    fs.writeFileSync(file, buf);

    const refused = await Storage.open({ dir }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CorruptDataError);
    expect((refused as Error).message).toContain(`snapshot ${file} is damaged at byte ${offsets[23]} of ${size}: 29 complete records after the damage`);
    expect(fs.existsSync(path.join(dir, 'quarantine'))).toBe(false);

    const s = await open(dir, true);
    const coll = s.requireCollection('t', 'c');
    expect([...coll.docs.values()].map((d) => d._id)).toEqual(docs.map((d) => d._id).filter((id) => id !== 20));
    // The documents after the damage are in the index too.
    expect(coll.find({ v: 'v40' })).toMatchObject({ docs: [{ _id: 40 }], plan: { stage: 'IXSCAN' } });
    expect(fs.readdirSync(path.join(dir, 'quarantine'))[0]).toMatch(/^snapshot\.bson\./);
  });

  it('cuts a torn journal tail, refuses a damaged journal, and a repair replays the records after the damage', async () => {
    const dir = tmpDir();
    let s = await open(dir);
    await write(s, { o: 'createColl', d: 't', c: 'c', opts: {} }, { o: 'createIdx', d: 't', c: 'c', spec: { name: 'v_1', key: { v: 1 } } });
    await s.compactNow();
    for (let n = 0; n < 30; n++) await write(s, { o: 'put', d: 't', c: 'c', doc: { _id: n, v: n % 3 } });
    await s.close();
    const journal = path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.startsWith('journal-'))!,
    );
    const tail = encodeRecord({ o: 'put', d: 't', c: 'c', doc: { _id: 99 } });
    fs.appendFileSync(journal, tail.subarray(0, 10));
    s = await open(dir);
    expect(s.requireCollection('t', 'c').docs.size).toBe(30);
    expect(s.requireCollection('t', 'c').docs.has('n99')).toBe(false);
    await s.close();

    // A damaged journal: records before and after the damage.
    s = await open(dir);
    for (let n = 30; n < 60; n++) await write(s, { o: 'put', d: 't', c: 'c', doc: { _id: n, v: n % 3 } });
    await s.close();
    const newest = path.join(
      dir,
      fs
        .readdirSync(dir)
        .filter((f) => f.startsWith('journal-'))
        .sort()
        .at(-1)!,
    );
    const buf = fs.readFileSync(newest);
    buf[Math.floor(buf.length / 2)] ^= 0xff;
    fs.writeFileSync(newest, buf);
    const refused = await Storage.open({ dir }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CorruptDataError);
    expect((refused as Error).message).toMatch(new RegExp(`journal .*${path.basename(newest)} is damaged at byte \\d+ of ${buf.length}: 1[0-9] complete records after the damage`));

    s = await open(dir, true);
    const coll = s.requireCollection('t', 'c');
    expect(coll.docs.size).toBe(59);
    expect(sorted(coll.find({ v: 1 }).docs)).toEqual(sorted([...coll.docs.values()].filter((d) => d.v === 1)));
  });
});

const sorted = (docs: Doc[]) => docs.map((d) => String(d._id)).sort();

describe('indexes built after the snapshot is loaded', () => {
  const SPECS: IndexSpec[] = [
    { name: 'state_1', key: { state: 1 } },
    { name: 'value.segment_1', key: { 'value.segment': 1 } },
    { name: 'phones.number_1', key: { 'phones.number': 1 } },
    { name: 'tags_1', key: { tags: 1 } },
    { name: 'owner_1_at_-1', key: { owner: 1, at: -1 } },
    { name: 'at_1', key: { at: 1 } },
    { name: 'email_1', key: { email: 1 }, unique: true, sparse: true },
    { name: 'n_1', key: { n: 1 }, partialFilterExpression: { n: { $gte: 100 } } },
  ];
  const STATES = ['open', 'ended', 'ended', 'held', null, undefined, ['open', 'held'], 3];

  function documents(count: number): Doc[] {
    const rnd = random(11);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const owners = Array.from({ length: 6 }, () => new ObjectId());
    return Array.from({ length: count }, (_, n) => {
      const d: Doc = { _id: n % 5 === 0 ? new ObjectId() : n, n, owner: pick(owners), at: new Date(Date.UTC(2026, 0, 1 + (n % 40))) };
      const state = pick(STATES);
      if (state !== undefined) d.state = state;
      d.value = rnd() < 0.1 ? [{ segment: 'a' }, { segment: 'b' }] : { segment: pick(['champion', 'loyal', 'at-risk']) };
      d.phones = Array.from({ length: Math.floor(rnd() * 3) }, (_, i) => ({ number: `+44${n}${i}` }));
      d.tags = rnd() < 0.3 ? [] : [pick(['x', 'y']), pick(['y', 'z'])];
      if (n % 4 === 0) d.email = `p${n}@example.com`;
      return d;
    });
  }

  /** Each query through an index must match what a scan of every document answers. */
  function expectIndexesAgreeWithScans(coll: Collection, docs: Doc[]) {
    const values = (f: string) => {
      const out = new Map<string, unknown>();
      for (const d of docs) for (const v of [d[f]].flat()) if (v !== undefined && v !== null && typeof v !== 'object') out.set(String(v), v);
      return [...out.values()];
    };
    const queries: Doc[] = [
      ...values('state').map((v) => ({ state: v })),
      ...['champion', 'loyal', 'at-risk', 'a', 'b'].map((v) => ({ 'value.segment': v })),
      ...docs.slice(0, 40).flatMap((d) => (d.phones as Doc[]).map((p) => ({ 'phones.number': p.number }))),
      ...['x', 'y', 'z'].map((v) => ({ tags: v })),
      ...[...new Set(docs.map((d) => String(d.owner)))].map((o) => ({ owner: new ObjectId(o) })),
      { at: { $gte: new Date(Date.UTC(2026, 0, 5)), $lt: new Date(Date.UTC(2026, 0, 7)) } },
      // Excludes most entries: the planner reads the others from the index.
      { state: { $nin: ['ended', 'open', 'held'] } },
      { state: { $in: ['open', 'held'] } },
      ...docs
        .filter((d) => d.email)
        .slice(0, 30)
        .map((d) => ({ email: d.email })),
    ];
    for (const q of queries) {
      const viaIndex = coll.find(q);
      expect(viaIndex.plan.stage, JSON.stringify(q)).toBe('IXSCAN');
      // A $or with a branch no index answers (and that matches nothing): every document is tested.
      const scan = coll.find({ $or: [q, { unindexed: 'never' }] });
      expect(scan.plan.stage).toBe('COLLSCAN');
      expect(sorted(viaIndex.docs), JSON.stringify(q)).toEqual(sorted(scan.docs));
    }
  }

  it('answers queries through every kind of index as a scan does, after a snapshot and journal changes', async () => {
    const dir = tmpDir();
    const docs = documents(600);
    snapshot(dir, [
      { name: 'other', specs: [{ name: 'state_1', key: { state: 1 } }], docs: documents(30) },
      { name: 'c', specs: SPECS, docs },
    ]);
    let s = await open(dir);
    // Changes in the journal, replayed over the indexes built from the snapshot.
    const changed = docs.slice(0, 100).map((d, i) => ({ ...d, state: i % 2 ? 'open' : 'moved', tags: ['z'], phones: [{ number: `+1${i}` }] }));
    for (const d of changed) await write(s, { o: 'put', d: 't', c: 'c', doc: d });
    for (const d of docs.slice(100, 150)) await write(s, { o: 'del', d: 't', c: 'c', id: d._id });
    await write(s, { o: 'createIdx', d: 't', c: 'c', spec: { name: 'n_-1', key: { n: -1 } } });
    await s.close();
    const expected = [...changed, ...docs.slice(150)];
    const check = (st: Storage) => {
      const coll = st.requireCollection('t', 'c');
      expect(coll.docs.size).toBe(expected.length);
      expectIndexesAgreeWithScans(coll, expected);
      expect(coll.find({ n: 500 })).toMatchObject({ docs: [{ n: 500 }], plan: { stage: 'IXSCAN' } });
      expect(st.requireCollection('t', 'other').find({ state: 'ended' }).plan.stage).toBe('IXSCAN');
    };
    // Recovered from the snapshot and the journal (then compacted), and again from the new snapshot alone.
    s = await open(dir);
    check(s);
    await s.close();
    s = await open(dir);
    check(s);
  });

  it('builds the indexes before a record that is not a document: a later index creation, a replaced document', async () => {
    const dir = tmpDir();
    const recs: Doc[] = [
      { o: 'meta', gen: 1 },
      { o: 'createColl', d: 't', c: 'c', opts: {} },
      { o: 'createIdx', d: 't', c: 'c', spec: { name: 'v_1', key: { v: 1 } } },
      ...Array.from({ length: 20 }, (_, n) => ({ o: 'put', d: 't', c: 'c', doc: { _id: n, v: n % 4, w: n } })),
      // An index created over loaded documents, then a document stored again with new values.
      { o: 'createIdx', d: 't', c: 'c', spec: { name: 'w_1', key: { w: 1 } } },
      { o: 'put', d: 't', c: 'c', doc: { _id: 20, v: 9, w: 99 } },
      { o: 'put', d: 't', c: 'c', doc: { _id: 3, v: 7, w: 77 } },
      { o: 'del', d: 't', c: 'c', id: 5 },
    ];
    writeRecords(path.join(dir, 'snapshot.bson'), recs);
    const coll = (await open(dir)).requireCollection('t', 'c');
    expect(coll.find({ v: 3 }).docs.map((d) => d._id)).toEqual([7, 11, 15, 19]);
    expect(coll.find({ v: 7 }).docs.map((d) => d._id)).toEqual([3]);
    expect(coll.find({ v: 1 }).docs.map((d) => d._id)).toEqual([1, 9, 13, 17]);
    expect(coll.find({ w: 5 }).docs).toEqual([]);
    expect(
      coll
        .find({ w: { $gte: 18 } })
        .docs.map((d) => d._id)
        .sort(),
    ).toEqual([18, 19, 20, 3]);
    expect(coll.find({ w: 99 }).plan.stage).toBe('IXSCAN');
  });
});

describe('unique indexes over a snapshot holding duplicates', () => {
  const spec: IndexSpec = { name: 'email_1', key: { email: 1 }, unique: true };
  const dupes = [
    { _id: 1, email: 'a@x' },
    { _id: 2, email: 'b@x' },
    { _id: 3, email: 'a@x' },
  ];

  it('loads them unchecked as a replay always has (the index was created before them), keeping the last holder of the key', async () => {
    const dir = tmpDir();
    snapshot(dir, [{ name: 'c', specs: [spec], docs: dupes }]);
    const coll = (await open(dir)).requireCollection('t', 'c');
    expect(coll.find({ email: 'a@x' }).docs.map((d) => d._id)).toEqual([1, 3]);
    // The key belongs to the last document loaded: a write of it by another document is refused.
    expect(() => coll.checkUnique('n1', { _id: 1, email: 'a@x' })).toThrow(/E11000 duplicate key error collection: t.c index: email_1 dup key: \{ email: "a@x" \}/);
    expect(() => coll.checkUnique('n3', { _id: 3, email: 'a@x' })).not.toThrow();
    expect(() => coll.checkUnique('n4', { _id: 4, email: 'b@x' })).toThrow(/E11000/);
  });

  it('refuses to open when the unique index is created over them, with the duplicate-key error', async () => {
    const dir = tmpDir();
    writeRecords(path.join(dir, 'snapshot.bson'), [
      { o: 'meta', gen: 1 },
      { o: 'createColl', d: 't', c: 'c', opts: {} },
      ...dupes.map((doc) => ({ o: 'put', d: 't', c: 'c', doc })),
      { o: 'createIdx', d: 't', c: 'c', spec },
    ]);
    await expect(Storage.open({ dir })).rejects.toMatchObject({
      code: 11000,
      message: expect.stringMatching(/E11000 duplicate key error collection: t.c index: email_1 dup key: \{ email: "a@x" \}/),
    });
  });
});

describe('index entries of one document', () => {
  /** How the index holds a value's documents: an id alone, or a Set once there are several. */
  const holders = (index: Index, value: string) => (index as unknown as { byFirst: Map<string, string | string[] | Set<string>> }).byFirst.get('s' + value);
  const ids = (index: Index, value: string) => index.lookup([value]).sort();

  it('holds a lone id, an array from the second document, a Set past 32, and a lone id again when one is left', () => {
    const index = new Index({ name: 'v_1', key: { v: 1 } });
    index.add('a', { v: 'x' });
    expect(holders(index, 'x')).toBe('a');
    index.add('a', { v: ['x', 'x'] });
    expect(holders(index, 'x')).toBe('a');
    expect(index.sizeExcept([])).toBe(1);
    index.add('b', { v: 'x' });
    expect(holders(index, 'x')).toEqual(['a', 'b']);
    index.add('b', { v: 'x' });
    expect(holders(index, 'x')).toEqual(['a', 'b']);
    index.add('c', { v: ['x', 'y'] });
    expect(ids(index, 'x')).toEqual(['a', 'b', 'c']);
    expect(index.sizeExcept([])).toBe(4);
    expect(index.sizeExcept(['x'])).toBe(1);
    expect(index.lookupExcept(['y']).sort()).toEqual(['a', 'b', 'c']);
    expect(index.lookupRange(rangeOf({ $gte: 'x', $lte: 'y' })!, 10)?.sort()).toEqual(['a', 'b', 'c']);

    index.remove('a', { v: 'x' });
    index.remove('c', { v: ['x', 'y'] });
    expect(holders(index, 'x')).toBe('b');
    expect(holders(index, 'y')).toBeUndefined();
    expect(index.sizeExcept([])).toBe(1);
    // Removing a document the value does not list changes nothing.
    index.remove('z', { v: 'x' });
    expect(holders(index, 'x')).toBe('b');
    index.remove('b', { v: 'x' });
    expect(holders(index, 'x')).toBeUndefined();
    expect(index.sizeExcept([])).toBe(0);
    expect(index.lookup(['x'])).toEqual([]);
    index.add('d', { v: 'x' });
    expect(holders(index, 'x')).toBe('d');

    // Past 32 documents a value's holders are a Set (no linear search), in the order they came.
    const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
    for (const id of many) index.add(id, { v: 'x' });
    expect(holders(index, 'x')).toEqual(new Set(['d', ...many]));
    expect(index.lookup(['x'])).toEqual(['d', ...many]);
    expect(index.sizeExcept([])).toBe(41);
    for (const id of many) index.remove(id, { v: 'x' });
    expect(holders(index, 'x')).toBe('d');
    expect(index.sizeExcept([])).toBe(1);
  });
});
