import { ObjectId } from 'bson';
import { Query } from 'mingo';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModels } from '../../server/db/models.js';
import { Collection } from '../../server/embedded-db/collection.js';
import { type Doc, valueKey as valueKeyOf } from '../../server/embedded-db/keys.js';
import { compileFilter } from '../../server/embedded-db/matcher.js';
import { type EmbeddedDb, startEmbeddedDb } from '../../server/embedded-db/server.js';
import { random } from '../support/random.js';


/** Most documents are 'ended', as most interactions are. */
const STATES = ['available', 'away', 'wrap-up', 'ended', 'ended', 'ended', 'ended', 'ended'];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

/** Documents with the awkward cases mixed in: missing fields, nulls, arrays, mixed types, embedded documents. */
function documents(count: number) {
  const rnd = random(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const owners = Array.from({ length: 5 }, () => new ObjectId());
  return Array.from({ length: count }, (_, n) => {
    const d: Doc = { _id: new ObjectId(), n, state: pick(STATES), voice: pick([0, 0, 1]), connections: pick([0, 1, 2]), idleSince: day(Math.floor(rnd() * 60)) };
    const r = rnd();
    if (r < 0.05) delete d.state;
    else if (r < 0.08) d.state = null;
    else if (r < 0.11) d.state = ['ended', 'away'];
    else if (r < 0.13) d.state = 7;
    if (rnd() < 0.1) d.voice = '0';
    if (rnd() < 0.05) delete d.idleSince;
    d.owner = pick(owners);
    d.value = rnd() < 0.1 ? [{ segment: 'a' }] : { segment: pick(['champion', 'loyal', 'at-risk']), score: Math.floor(rnd() * 5) };
    const r2 = rnd();
    d.skills = r2 < 0.4 ? [] : r2 < 0.5 ? ['sales', 'billing'] : [pick(['sales', 'billing'])];
    d.name = `${pick(['ann', 'anna', 'annette', 'an', 'bob', 'böb', 'Ann', 'zoë'])} ${n}`;
    if (rnd() < 0.03) d.name = pick([null, 12, ['ann 1', 'bob 2']]);
    // An array of sub-documents, empty, of scalars, or missing: a dotted path through it may reach nothing.
    const r3 = rnd();
    if (r3 < 0.2) d.owned = [];
    else if (r3 < 0.25) d.owned = ['tv'];
    else if (r3 < 0.3) d.owned = [{ sku: 'x' }];
    else if (r3 < 0.9) d.owned = [{ category: pick(['tv', 'washer', 'oven']) }, ...(rnd() < 0.3 ? [{ category: 'oven' }] : [])];
    return d;
  });
}

/** What mingo answers over the whole collection: the reference the planner must reproduce. */
function reference(docs: Doc[], filter: Doc, sort?: Doc, skip?: number, limit?: number) {
  let cursor = new Query(filter).find(docs);
  if (sort) cursor = cursor.sort(sort as Record<string, 1 | -1>);
  if (skip) cursor = cursor.skip(skip);
  if (limit) cursor = cursor.limit(limit);
  return (cursor.all() as Doc[]).map((d) => d.n);
}

describe('embedded database query planner', () => {
  const docs = documents(3000);
  const coll = new Collection('test', 'agents');
  coll.addIndex({ name: 'state_1_idleSince_1', key: { state: 1, idleSince: 1 } });
  coll.addIndex({ name: 'owner_1', key: { owner: 1 } });
  coll.addIndex({ name: 'idleSince_-1', key: { idleSince: -1 } });
  coll.addIndex({ name: 'name_1', key: { name: 1 } });
  coll.addIndex({ name: 'skills_1', key: { skills: 1 } });
  coll.addIndex({ name: 'n_1', key: { n: 1 } });
  coll.addIndex({ name: 'owner_1_state_1', key: { owner: 1, state: 1 } });
  coll.addIndex({ name: 'owned.category_1', key: { 'owned.category': 1 } });
  for (const d of docs) coll.put(d);

  const filters: Doc[] = [
    {},
    { state: 'available' },
    { state: 'available', connections: { $gt: 0 }, voice: 0 },
    { state: { $ne: 'ended' } },
    { state: { $nin: ['ended', 'away'] } },
    { state: { $in: ['away', 'wrap-up'] }, voice: { $ne: 0 } },
    { state: null },
    { state: null, voice: 0 },
    { state: { $exists: false } },
    { voice: 0 },
    { voice: { $gte: 1 } },
    { idleSince: { $gte: day(10), $lt: day(20) } },
    { 'value.segment': 'loyal', 'value.score': { $lte: 2 } },
    { skills: 'sales' },
    { skills: { $size: 0 } },
    { $and: [{ state: 'available' }, { connections: { $gt: 0 } }] },
    { $or: [{ state: 'away' }, { voice: 1 }] },
    { owner: docs[7].owner, state: { $ne: 'ended' } },
    { state: 'available', $expr: { $lt: ['$voice', '$connections'] } },
    { name: /^ann/ },
    { name: { $regex: '^ann', $ne: 'ann 1' } },
    { name: { $regex: '^anna' } },
    { name: 'anna 5' },
    { n: 5 },
    { name: /^an+e/ },
    { name: /^anne?t/ },
    { name: { $regex: '^ann', $options: 'i' } },
    { name: { $regex: '^b\\u00f6b' } },
    { name: /^a.n/ },
    { name: /^ann|bob/ },
    { skills: /^sa/ },
    { skills: { $regex: 'ing$' } },
    { $and: [{ skills: /^sa/ }, { skills: /^bi/ }] },
    { owned: /^t/ },
    { state: /^aw|^en/ },
    { name: /nn/ },
    { name: { $gte: 'anna', $lt: 'bob' } },
    { idleSince: { $gt: day(50) } },
    { idleSince: { $gte: day(10), $lt: day(12) }, state: 'ended' },
    { skills: { $gt: 'billing', $lt: 'sales' } },
    { skills: { $gte: 'b', $lt: 'c' } },
    { n: { $in: Array.from({ length: 40 }, (_, i) => i * 7) } },
    { n: { $nin: Array.from({ length: 40 }, (_, i) => i * 3) }, voice: 0 },
    { state: { $in: ['away', 'wrap-up', 7, 'a', 'b', 'c', 'd', 'e', 'f', 'g'] } },
    { state: { $ne: null } },
    { n: { $gte: 100, $lte: 120 } },
    { owner: docs[7].owner, state: 'away' },
    { owner: docs[7].owner, state: { $in: ['away', 'wrap-up'] }, voice: 0 },
    { owner: { $in: [docs[1].owner, docs[2].owner] }, state: { $nin: ['ended', 'away'] } },
    { owner: docs[3].owner, state: 7 },
    { owner: docs[3].owner, state: null },
    { owner: docs[3].owner, state: { $in: ['away', null] } },
    { owner: docs[3].owner, $and: [{ state: { $ne: 'ended' } }, { state: { $ne: 'away' } }] },
    { owner: null },
    { name: null },
    { 'owned.category': 'tv' },
    { 'owned.category': { $in: ['tv', 'oven'] } },
    { 'owned.category': { $ne: 'tv' } },
    { 'owned.category': { $nin: ['tv', 'washer'] } },
    { $and: [{ 'owned.category': { $nin: ['oven'] } }, { 'owned.sku': { $nin: ['oven'] } }] },
    // $or answered from the union of its branches' indexes (or scanned, where a branch has none).
    { $or: [{ owner: docs[7].owner }, { n: { $in: [1, 2, 3, 2999] } }] },
    { $or: [{ state: 'away' }, { owner: docs[3].owner, state: { $ne: 'ended' } }] },
    { $or: [{ _id: docs[5]._id }, { n: 9 }, { _id: { $in: [docs[6]._id, docs[5]._id] } }] },
    { $or: [{ n: 1 }, { n: 1 }, { n: { $gte: 1, $lte: 2 } }] },
    { voice: 0, $or: [{ owner: docs[1].owner }, { skills: 'sales' }] },
    { $and: [{ $or: [{ n: { $lt: 10 } }, { name: /^bob/ }] }, { state: { $ne: 'ended' } }] },
    { $or: [{ $or: [{ n: 3 }, { n: 4 }] }, { owner: null }, { $and: [{ n: 5 }, { voice: 1 }] }] },
    { $or: [{ 'owned.category': 'tv' }, { n: { $gte: 100, $lte: 120 } }] },
    { $or: [{ state: null }, { n: 5 }, { name: null }] },
    { $or: [{ state: 'away' }, { voice: 1 }, { n: 4 }] },
    { $or: [{ skills: { $size: 0 } }, { n: 4 }] },
    { n: { $lt: 50 }, $or: [{ state: 'ended' }, { owner: docs[2].owner }] },
    // The other conditions pushed into each branch: one owner's documents not ended, or away and idle.
    { owner: docs[7].owner, $or: [{ state: { $ne: 'ended' } }, { state: 'away', voice: 0 }] },
    { owner: { $in: [docs[1].owner, docs[2].owner] }, $or: [{ state: { $nin: ['ended', 'away'] } }, { state: null }] },
    { $and: [{ owner: docs[4].owner }, { $or: [{ state: 'away' }, { n: { $lt: 100 } }] }], voice: 0 },
    { owner: docs[7].owner, $or: [{ state: 'ended' }, { _id: docs[9]._id }], $and: [{ $or: [{ n: { $lt: 1500 } }, { voice: 1 }] }] },
  ];

  it('answers every filter exactly as a full mingo scan does', () => {
    for (const filter of filters) {
      const got = coll.find(filter).docs.map((d) => d.n).sort((a, b) => (a as number) - (b as number));
      expect(got, JSON.stringify(filter)).toEqual(reference(docs, filter).sort((a, b) => (a as number) - (b as number)));
    }
  });

  it("answers a $or from the union of its branches' indexes, each document once, and scans when a branch has none", () => {
    const owner = docs[7].owner;
    const filter = { $or: [{ owner, state: { $ne: 'ended' } }, { n: { $in: [1, 2, 3] } }, { _id: docs[3]._id }] };
    const { docs: got, plan } = coll.find(filter);
    expect(plan.stage).toBe('OR');
    expect(plan.inputs!.map((p) => p.indexName)).toEqual(['owner_1_state_1', 'n_1', '_id_']);
    // Document 3 is in two branches (and may be in the first): it is returned once.
    const ns = got.map((d) => d.n as number);
    expect(new Set(ns).size).toBe(ns.length);
    expect(ns.sort((a, b) => a - b)).toEqual(reference(docs, filter).sort((a, b) => (a as number) - (b as number)));
    // Only the branches' candidates are examined, not the collection.
    expect(plan.docsExamined).toBeGreaterThanOrEqual(ns.length);
    expect(plan.docsExamined).toBeLessThan(docs.length / 10);
    // `voice` has no index: every document is tested.
    expect(coll.find({ $or: [{ n: 1 }, { voice: 1 }] }).plan.stage).toBe('COLLSCAN');
    // A top-level condition that narrows more than the union wins.
    expect(coll.find({ n: 5, $or: [{ owner }, { state: 'away' }] }).plan).toMatchObject({ stage: 'IXSCAN', indexName: 'n_1' });
    // The owner pushed into each branch: their documents not ended, from the compound index (not every
    // document not ended), and their away ones.
    const pushed = coll.find({ owner, $or: [{ state: { $ne: 'ended' } }, { state: 'away' }] });
    expect(pushed.plan.stage).toBe('OR');
    expect(pushed.plan.inputs!.map((p) => p.indexName)).toEqual(['owner_1_state_1', 'owner_1_state_1']);
    expect(pushed.plan.docsExamined).toBeLessThan(coll.find({ owner }).plan.docsExamined);
    // A union of most of the collection is no better than a scan.
    expect(coll.find({ $or: [{ state: 'ended' }, { state: 'away' }] }).plan.stage).toBe('COLLSCAN');
  });

  it('sorts, skips and limits exactly as mingo does, natively or not', () => {
    const sorts: Doc[] = [{ owner: 1, n: 1 }, { idleSince: 1, n: 1 }, { idleSince: -1, n: -1 }, { voice: 1, n: -1 }, { state: 1, n: 1 }, { 'value.score': -1, n: 1 }];
    for (const filter of filters)
      for (const sort of sorts)
        for (const [skip, limit] of [
          [0, 1],
          [3, 5],
          [0, 0],
        ]) {
          const got = coll.find(filter, { sort, skip, limit: limit || undefined }).docs.map((d) => d.n);
          expect(got, `${JSON.stringify(filter)} ${JSON.stringify(sort)} ${skip}/${limit}`).toEqual(reference(docs, filter, sort, skip, limit || undefined));
        }
  });

  it('answers $ne on an indexed field from the index when the excluded value holds most documents', () => {
    const { plan, docs: found } = coll.find({ state: { $ne: 'ended' } });
    expect(found.length).toBe(reference(docs, { state: { $ne: 'ended' } }).length);
    const ended = docs.filter((d) => d.state === 'ended').length;
    expect(plan.stage).toBe('IXSCAN');
    expect(plan.docsExamined).toBeLessThanOrEqual(docs.length - ended + 100);
  });

  it('narrows a compound index by its second field: one owner\'s documents not ended, not all of theirs', () => {
    for (const filter of [
      { owner: docs[7].owner, state: { $ne: 'ended' } },
      { owner: docs[7].owner, state: { $in: ['away', 'wrap-up'] } },
    ]) {
      const { plan, docs: found } = coll.find(filter);
      expect(found.length, JSON.stringify(filter)).toBe(reference(docs, filter).length);
      expect(plan).toMatchObject({ stage: 'IXSCAN', indexName: 'owner_1_state_1' });
      const owned = docs.filter((d) => String(d.owner) === String(docs[7].owner)).length;
      // Only documents holding a wanted second value (arrays of several states may add a few).
      expect(plan.docsExamined, JSON.stringify(filter)).toBeLessThanOrEqual(found.length + owned / 10);
      expect(plan.docsExamined).toBeLessThan(owned / 2);
    }
  });

  it('keeps a compound index\'s second level right through inserts, updates and removals, and finds null first values', () => {
    const c = new Collection('test', 'interactions');
    c.addIndex({ name: 'agentId_1_state_1', key: { agentId: 1, state: 1 } });
    const agents = [new ObjectId(), new ObjectId()];
    const all: Doc[] = [];
    const put = (d: Doc) => {
      const at = all.findIndex((x) => String(x._id) === String(d._id));
      if (at >= 0) all[at] = d;
      else all.push(d);
      c.put(d);
    };
    for (let n = 0; n < 60; n++) put({ _id: new ObjectId(), n, agentId: n % 3 === 2 ? null : agents[n % 2], state: n % 4 ? 'ended' : 'active' });
    put({ _id: new ObjectId(), n: 100, state: 'queued' }); // no agent field at all
    put({ _id: new ObjectId(), n: 101, agentId: [null, agents[0]], state: 'queued' });
    put({ _id: new ObjectId(), n: 102, agentId: [], state: 'queued' });
    const filters: Doc[] = [
      { agentId: agents[0], state: { $ne: 'ended' } },
      { agentId: null, state: { $in: ['queued', 'active'] } },
      { agentId: null },
      { agentId: agents[1], state: 'ended' },
    ];
    const check = () => {
      for (const f of filters) expect(c.find(f).docs.map((d) => d.n).sort(), JSON.stringify(f)).toEqual(reference(all, f).sort());
    };
    check(); // builds the second levels the filters need
    // A call answered, one ended, one given to an agent, one removed, new ones: the second levels follow.
    put({ ...all[0], state: 'ended' });
    put({ ...all[1], state: 'active' });
    put({ ...all.find((d) => d.n === 100)!, agentId: agents[0], state: 'active' });
    c.remove(valueKeyOf(all[4]._id));
    all.splice(4, 1);
    put({ _id: new ObjectId(), n: 200, agentId: agents[0], state: 'active' });
    put({ _id: new ObjectId(), n: 201, agentId: null, state: 'queued' });
    check();
    expect(c.find({ agentId: null, state: { $in: ['queued', 'active'] } }).plan).toMatchObject({ indexName: 'agentId_1_state_1' });
  });

  it('claims the first match in sort order without testing every candidate', () => {
    const claim = { state: 'available', connections: { $gt: 0 }, voice: 0 };
    const { docs: first, plan } = coll.find(claim, { sort: { idleSince: 1 }, limit: 1 });
    const candidates = docs.filter((d) => d.state === 'available').length;
    expect(first.map((d) => d.n)).toEqual(reference(docs, claim, { idleSince: 1 }, 0, 1));
    expect(plan.stage).toBe('IXSCAN');
    expect(plan.docsExamined).toBeLessThan(candidates / 4);
  });

  it('answers ranges and anchored prefixes from an ordered index, examining only that part', () => {
    for (const [filter, index] of [
      [{ name: /^ann/ }, 'name_1'],
      [{ idleSince: { $gte: day(10), $lt: day(12) } }, 'idleSince_-1'],
      [{ n: { $gte: 100, $lte: 120 } }, 'n_1'],
    ] as const) {
      const { plan, docs: found } = coll.find(filter);
      expect(found.length, JSON.stringify(filter)).toBe(reference(docs, filter).length);
      expect(plan, JSON.stringify(filter)).toMatchObject({ stage: 'IXSCAN', indexName: index });
      expect(plan.docsExamined).toBeLessThanOrEqual(found.length + 20);
    }
    // Over an array field, `$gt` and `$lt` may be met by two elements: only one bound narrows the scan.
    const { docs: skilled } = coll.find({ skills: { $gt: 'billing', $lt: 'sales' } });
    expect(skilled.length).toBe(reference(docs, { skills: { $gt: 'billing', $lt: 'sales' } }).length);
    // Case-insensitive and unanchored patterns cannot use the order.
    expect(coll.find({ name: { $regex: '^ann', $options: 'i' } }).plan.stage).toBe('COLLSCAN');
    expect(coll.find({ name: /nn/ }).plan.stage).toBe('COLLSCAN');
  });

  it('counts every filter as a full mingo scan does, from the index alone where its bounds are the filter', () => {
    const exact: Doc[] = [{ name: /^ann/ }, { name: { $regex: '^anna' } }, { name: 'anna 5' }, { skills: 'sales' }, { skills: /^sa/ }, { owner: docs[7].owner }, { state: { $in: ['away', 'wrap-up'] } }];
    for (const filter of [...filters, ...exact]) {
      const found = coll.find(filter, { counting: true });
      expect(found.count ?? found.docs.length, JSON.stringify(filter)).toBe(reference(docs, filter).length);
      if (!exact.includes(filter)) continue;
      expect(found.plan.stage, JSON.stringify(filter)).toBe('COUNT_SCAN');
      // The same filter found (not counted): the exact index's candidates are not matched again.
      expect(coll.find(filter).docs.map((d) => d.n).sort((a, b) => Number(a) - Number(b))).toEqual(reference(docs, filter).sort((a, b) => (a as number) - (b as number)));
    }
    // A window counts its part; patterns with more than a prefix, numbers and two conditions are decided by the filter.
    expect(coll.find({ name: /^ann/ }, { counting: true, skip: 5, limit: 10 }).count).toBe(Math.min(10, reference(docs, { name: /^ann/ }).length - 5));
    for (const filter of [{ name: /^an+e/ }, { name: { $regex: '^ann', $ne: 'ann 1' } }, { n: 5 }, { name: /^ann/, voice: 0 }, { $and: [{ skills: /^sa/ }, { skills: /^bi/ }] }])
      expect(coll.find(filter, { counting: true }).plan.stage, JSON.stringify(filter)).not.toBe('COUNT_SCAN');
  });

  it('counts from the index what readers see while writes are not yet durable', () => {
    const c = new Collection('test', 'people');
    c.addIndex({ name: 'name_1', key: { name: 1 } });
    const people = ['anna', 'annette', 'ann', 'bob', 'bea'].map((name) => ({ _id: new ObjectId(), name }));
    for (const p of people) c.put(p);
    // Others, so the index is worth using (a range over half the collection is scanned instead).
    for (let i = 0; i < 20; i++) c.put({ _id: new ObjectId(), name: `zz${i}` });
    // Two writes under way: anna becomes zoe, bob becomes annabel. Readers see the durable versions.
    c.shadowWrite(valueKeyOf(people[0]._id), people[0]);
    c.put({ ...people[0], name: 'zoe' });
    c.shadowWrite(valueKeyOf(people[3]._id), people[3]);
    c.put({ ...people[3], name: 'annabel' });
    const counted = c.find({ name: /^ann/ }, { counting: true });
    expect(counted).toMatchObject({ count: 3, plan: { stage: 'COUNT_SCAN' } });
    expect(c.find({ name: /^ann/ }).docs.map((d) => d.name).sort()).toEqual(['ann', 'anna', 'annette']);
    expect(c.find({ name: /^ann/ }, { counting: true, latest: true }).count).toBe(3);
    expect(c.find({ name: /^ann/ }, { latest: true }).docs.map((d) => d.name).sort()).toEqual(['ann', 'annabel', 'annette']);
    c.commitWrite(valueKeyOf(people[0]._id), { ...people[0], name: 'zoe' });
    c.commitWrite(valueKeyOf(people[3]._id), { ...people[3], name: 'annabel' });
    expect(c.find({ name: /^ann/ }).docs.map((d) => d.name).sort()).toEqual(['ann', 'annabel', 'annette']);
    expect(c.find({ name: /^ann/ }, { counting: true }).count).toBe(3);
  });

  it('keeps the ordered index right through inserts, updates and removals', () => {
    const c = new Collection('test', 'people');
    c.addIndex({ name: 'name_1', key: { name: 1 } });
    const ids = Array.from({ length: 200 }, () => new ObjectId());
    ids.forEach((_id, i) => c.put({ _id, name: `p${String(i).padStart(3, '0')}` }));
    expect(c.find({ name: /^p01/ }).docs).toHaveLength(10);
    c.put({ _id: ids[15], name: 'q015' });
    c.remove(valueKeyOf(ids[16]));
    c.put({ _id: new ObjectId(), name: 'p01x' });
    expect(c.find({ name: /^p01/ }).docs.map((d) => d.name).sort()).toEqual(['p010', 'p011', 'p012', 'p013', 'p014', 'p017', 'p018', 'p019', 'p01x']);
    expect(c.find({ name: { $gt: 'p198' } }).docs.map((d) => d.name).sort()).toEqual(['p199', 'q015']);
  });

  it('leaves to mingo what the fast matcher cannot decide', () => {
    expect(compileFilter({ $nor: [{ a: 1 }] })).toBeNull();
    expect(compileFilter({ $or: [] })).toBeNull();
    expect(compileFilter({ $or: [{ a: 1 }, { b: { c: 1 } }] })).toBeNull();
    // A $or of fast branches: met when one certainly is, not when none can be, else mingo decides.
    const either = compileFilter({ k: 1, $or: [{ a: 1 }, { b: { $ne: null } }] })!;
    expect([either({ k: 1, a: 1 }), either({ k: 1, b: 2 }), either({ k: 1 }), either({ k: 2, a: 1 }), either({ k: 1, a: [1] }), either({ k: 1, a: [1], b: 3 })]).toEqual([
      true,
      true,
      false,
      false,
      undefined,
      true,
    ]);
    expect(compileFilter({ a: { $regex: 'x', $options: 'x' } })).toBeNull();
    const re = compileFilter({ a: { $regex: '^x' } })!;
    expect([re({ a: 'xy' }), re({ a: 'yx' }), re({}), re({ a: 5 }), re({ a: ['x'] })]).toEqual([true, false, false, false, true]);
    // A regex alone decides an array of plain scalars by its elements; nested arrays and documents go to mingo.
    expect([re({ a: ['y', 'xz'] }), re({ a: ['y', 5, null] }), re({ a: [] }), re({ a: [['x']] }), re({ a: [{ b: 'x' }] }), re({ a: ['x', { b: 1 }] })]).toEqual([
      true,
      false,
      false,
      undefined,
      undefined,
      true,
    ]);
    // Two regexes on one field may be met by two different elements: not decided element by element.
    const both = compileFilter({ a: { $regex: '^x', $ne: 'q' } })!;
    expect(both({ a: ['x'] })).toBeUndefined();
    const words = compileFilter({ $and: [{ a: /^an/ }, { a: /^da/ }] })!;
    expect([words({ a: ['anna', 'dalton'] }), words({ a: ['anna', 'smith'] })]).toEqual([true, false]);
    const many = compileFilter({ a: { $in: Array.from({ length: 20 }, (_, i) => i) } })!;
    expect([many({ a: 3 }), many({ a: 30 }), many({ a: '3' }), many({})]).toEqual([true, false, undefined, false]);
    expect(compileFilter({ a: { b: 1 } })).toBeNull();
    const test = compileFilter({ a: 1 })!;
    expect(test({ a: 1 })).toBe(true);
    expect(test({ a: 2 })).toBe(false);
    expect(test({})).toBe(false);
    expect(test({ a: [1, 2] })).toBeUndefined();
    expect(test({ a: '1' })).toBeUndefined();
    const isNull = compileFilter({ a: null })!;
    expect([isNull({}), isNull({ a: null }), isNull({ a: 'x' }), isNull({ a: [null] })]).toEqual([true, true, false, undefined]);
  });
});

describe('explain through the wire protocol', () => {
  let db: EmbeddedDb;
  let conn: mongoose.Connection;
  const AgentSchema = new Schema({ n: Number, state: String, idleSince: Date, voice: Number }).index({ state: 1, idleSince: 1 });
  const Agent = () => (conn.models.Agent as mongoose.Model<mongoose.InferSchemaType<typeof AgentSchema>>) ?? conn.model('Agent', AgentSchema);

  beforeAll(async () => {
    db = await startEmbeddedDb();
    conn = await mongoose.createConnection(db.uri, { dbName: 'planner' }).asPromise();
    await Agent().init();
    await Agent().insertMany(
      Array.from({ length: 2000 }, (_, n) => ({ n, state: n % 10 === 0 ? 'available' : 'ended', idleSince: day(n % 50), voice: n % 20 === 0 ? 1 : 0 })),
    );
  });
  afterAll(async () => {
    await conn.close();
    await db.close();
  });

  type Explained = { queryPlanner: { winningPlan: { inputStage?: { stage: string; indexName?: string } } }; executionStats: { nReturned: number; totalDocsExamined: number } };

  it('counts one state from the index alone, and says so', async () => {
    const counted = (await conn.db!.command({ explain: { count: 'agents', query: { state: 'available' } } })) as { queryPlanner: { winningPlan: unknown } };
    expect(counted.queryPlanner.winningPlan).toEqual({ stage: 'COUNT', inputStage: { stage: 'COUNT_SCAN', indexName: 'state_1_idleSince_1' } });
    expect(await Agent().countDocuments({ state: 'available' })).toBe(200);
    expect(await Agent().countDocuments({ state: 'available' }, { skip: 150, limit: 100 })).toBe(50);
    // A second condition is decided document by document.
    const decided = (await conn.db!.command({ explain: { count: 'agents', query: { state: 'available', voice: 1 } } })) as { queryPlanner: { winningPlan: unknown } };
    expect(decided.queryPlanner.winningPlan).toEqual({ stage: 'COUNT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'state_1_idleSince_1' } } });
    expect(await Agent().countDocuments({ state: 'available', voice: 1 })).toBe(100);
  });

  it('shows an index scan for $ne that examines only the other values', async () => {
    const plan = (await Agent().find({ state: { $ne: 'ended' } }).explain('executionStats')) as unknown as Explained;
    expect(plan.queryPlanner.winningPlan.inputStage?.stage).toBe('IXSCAN');
    expect(plan.executionStats.nReturned).toBe(200);
    expect(plan.executionStats.totalDocsExamined).toBe(200);
  });

  it('shows a sorted claim that stops at the first match', async () => {
    const plan = (await Agent().find({ state: 'available', voice: 0 }).sort({ idleSince: 1 }).limit(1).explain('executionStats')) as unknown as Explained;
    expect(plan.executionStats.nReturned).toBe(1);
    expect(plan.executionStats.totalDocsExamined).toBeLessThan(10);
    const first = await Agent().findOneAndUpdate({ state: 'available', voice: 0 }, { $inc: { voice: 1 } }, { sort: { idleSince: 1 } }).lean();
    const expected = await Agent().find({ state: 'available', voice: 0 }).lean();
    const idle = (a: { idleSince?: Date | null } | null) => a!.idleSince!.getTime();
    expect(idle(first)).toBe(Math.min(...expected.map(idle), idle(first)));
  });

  it("answers routing's reads from the interactions' compound indexes: one agent's open work and what they owe, the waiting calls", async () => {
    const { Interaction } = createModels(conn);
    await Interaction.init();
    const agent = new ObjectId();
    const call = (n: number, state: string, agentId: ObjectId | null) => ({ callId: `call-${n}`, channel: 'voice', from: '+447700900001', to: '+442079460000', state, agentId, ringingAt: day(n % 30) });
    await Interaction.insertMany([
      // A long day's history of this agent, everyone else's calls under way, and three waiting.
      ...Array.from({ length: 600 }, (_, n) => call(n, 'ended', agent)),
      ...Array.from({ length: 400 }, (_, n) => call(1000 + n, 'active', new ObjectId())),
      call(2000, 'active', agent),
      ...[0, 1, 2].map((n) => call(3000 + n, 'queued', null)),
      ...Array.from({ length: 200 }, (_, n) => call(4000 + n, 'ended', null)),
    ]);
    const open = (await Interaction.find({ agentId: agent, state: { $ne: 'ended' } }, { channel: 1, state: 1 }).explain('executionStats')) as unknown as Explained;
    // What the agent owes (routing.service.ts `owed`): their two ended calls not wrapped up, not their history.
    await Interaction.updateMany({ callId: { $in: ['call-0', 'call-1'] } }, { $set: { connectedAt: new Date(), wrappedUpAt: null } });
    await Interaction.updateMany({ agentId: agent, state: 'ended', callId: { $nin: ['call-0', 'call-1'] } }, { $set: { wrappedUpAt: new Date() } });
    const owed = (await Interaction.find({ agentId: agent, state: 'ended', connectedAt: { $ne: null }, wrappedUpAt: null, createdAt: { $gt: day(-1) } }, { queue: 1, endedAt: 1 })
      .sort({ endedAt: -1 })
      .limit(50)
      .explain('executionStats')) as unknown as Explained;
    const waiting = (await Interaction.find({ agentId: null, state: { $in: ['queued', 'active'] } }).sort({ ringingAt: 1 }).limit(100).explain('executionStats')) as unknown as Explained;
    // Both at once (interaction.repository.ts `workOf`): the agent pushed into each half of the $or, each
    // half from its own compound index; their open call and the two they owe, not their history.
    const work = (await Interaction.find({
      agentId: { $in: [agent] },
      $or: [{ state: { $ne: 'ended' } }, { state: 'ended', connectedAt: { $ne: null }, wrappedUpAt: null, createdAt: { $gt: day(-1) } }],
    }).explain('executionStats')) as unknown as Explained & { queryPlanner: { winningPlan: { inputStage?: { inputStages?: unknown[] } } } };
    expect(work.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'OR' });
    expect(work.queryPlanner.winningPlan.inputStage?.inputStages).toEqual([
      { stage: 'IXSCAN', indexName: 'agentId_1_state_1' },
      { stage: 'IXSCAN', indexName: 'agentId_1_wrappedUpAt_1' },
    ]);
    expect(work.executionStats).toMatchObject({ nReturned: 3 });
    expect(work.executionStats.totalDocsExamined).toBeLessThanOrEqual(4);
    for (const [plan, n, index] of [
      [open, 1, 'agentId_1_state_1'],
      [waiting, 3, 'agentId_1_state_1'],
      // The open call is not wrapped up either: examined, and left out by the filter.
      [owed, 2, 'agentId_1_wrappedUpAt_1'],
    ] as const) {
      expect(plan.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: index });
      expect(plan.executionStats).toMatchObject({ nReturned: n });
      expect(plan.executionStats.totalDocsExamined).toBeLessThanOrEqual(n + 1);
    }
  });

  it("reads a customer's interactions, theirs or where they were a candidate, as the union of two index scans", async () => {
    const { Interaction } = createModels(conn);
    await Interaction.init();
    const ada = new ObjectId();
    const call = (n: number, customerId: ObjectId | null, candidateIds: ObjectId[]) => ({ callId: `cust-${n}`, channel: 'voice', from: '+447700900009', to: '+442079460000', state: 'ended', customerId, candidateIds, ringingAt: day(n % 30) });
    await Interaction.insertMany([
      ...Array.from({ length: 500 }, (_, n) => call(n, new ObjectId(), [])),
      call(600, ada, []),
      call(601, ada, [ada]),
      call(602, null, [new ObjectId(), ada]),
    ]);
    const plan = (await Interaction.find({ $or: [{ customerId: ada }, { candidateIds: ada }] }).explain('executionStats')) as unknown as {
      queryPlanner: { winningPlan: { stage: string; inputStage: { stage: string; inputStages: Array<{ stage: string; indexName: string }> } } };
      executionStats: { nReturned: number; totalDocsExamined: number };
    };
    expect(plan.queryPlanner.winningPlan).toMatchObject({ stage: 'FETCH', inputStage: { stage: 'OR' } });
    expect(plan.queryPlanner.winningPlan.inputStage.inputStages).toEqual([
      { stage: 'IXSCAN', indexName: 'customerId_1_createdAt_-1' },
      { stage: 'IXSCAN', indexName: 'candidateIds_1' },
    ]);
    // The call in both branches is examined and returned once.
    expect(plan.executionStats).toMatchObject({ nReturned: 3, totalDocsExamined: 3 });
    expect((await Interaction.find({ $or: [{ customerId: ada }, { candidateIds: ada }] }).lean()).map((i) => i.callId).sort()).toEqual(['cust-600', 'cust-601', 'cust-602']);
  });
});

describe('embedded database updates without mingo', () => {
  const base = (): Doc => ({
    _id: new ObjectId('6b04295ffc1a102a5fe11e68'),
    state: 'available',
    voice: 1,
    tags: ['a'],
    nested: { count: 2, deep: { x: 1 } },
    business: null,
    lines: [{ kind: 'k', amount: 1 }],
    at: new Date(0),
  });
  const updates: Doc[] = [
    { $set: { state: 'away', stateSince: new Date(5) } },
    { $inc: { voice: -1, chats: 1 } },
    { $set: { 'nested.deep.y': 2, 'fresh.path': 'v' }, $inc: { 'nested.count': 3 } },
    { $unset: { state: '', 'nested.deep.x': 1, 'missing.path': 1 } },
    { $push: { tags: 'b', changes: { at: new Date(1), what: 'notes' } } },
    { $push: { tags: { $each: ['c', 'd'] } } },
    { $set: { 'business.industry': 'retail' } },
    { $set: { 'lines.0.amount': 5 } },
    { $set: { 'lines.amount': 5 } },
    { $inc: { state: 1 } },
    { $set: { nested: { count: 0 } }, $inc: { 'nested.count': 1 } },
    { $set: { voice: 0 }, $inc: { voice: 1 } },
    { $push: { state: 'x' } },
    { $min: { voice: 0 } },
  ];
  /** Where mingo answers with a silent no-op or a made-up document and MongoDB refuses: MongoDB's code. */
  const mongoRefuses = new Map<string, number>([
    [JSON.stringify({ $set: { 'business.industry': 'retail' } }), 28], // through null: PathNotViable
    [JSON.stringify({ $set: { 'lines.amount': 5 } }), 28], // a field of an array: PathNotViable
    [JSON.stringify({ $inc: { state: 1 } }), 14], // TypeMismatch
    [JSON.stringify({ $push: { state: 'x' } }), 2], // BadValue: must be an array
  ]);

  it('gives the document mingo gives, byte for byte, or mingo\'s error, except where mingo is not MongoDB', async () => {
    const { applyUpdate } = await import('../../server/embedded-db/update.js');
    const { update: mingoUpdate } = await import('mingo');
    const { BSON } = await import('bson');
    for (const u of updates) {
      const refused = mongoRefuses.get(JSON.stringify(u));
      if (refused !== undefined) {
        expect(() => applyUpdate(base(), u, undefined, false), JSON.stringify(u)).toThrow(expect.objectContaining({ code: refused }));
        continue;
      }
      let expected: Doc | Error;
      try {
        expected = base();
        mingoUpdate(expected, structuredClone(u), undefined, undefined, {});
      } catch (err) {
        expected = err as Error;
      }
      let got: Doc | Error;
      try {
        got = applyUpdate(base(), u, undefined, false);
      } catch (err) {
        got = err as Error;
      }
      if (expected instanceof Error) expect(got, JSON.stringify(u)).toBeInstanceOf(Error);
      else expect(got instanceof Error ? got : Buffer.from(BSON.serialize(got)).toString('hex'), JSON.stringify(u)).toBe(Buffer.from(BSON.serialize(expected)).toString('hex'));
    }
  });
});
