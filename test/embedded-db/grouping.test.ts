import { type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregator } from 'mingo';
import { splitGroup } from '../../server/embedded-db/commands/pipeline-shortcuts.js';
import { groupInSlices } from '../../server/embedded-db/commands/read.js';
import { Long } from 'bson';
import { fastGroup } from '../../server/embedded-db/commands/fast-group.js';
import { AGGREGATE_OPTIONS, newAggregator, QUERY_OPTIONS } from '../../server/embedded-db/mingo-options.js';
import { freshDatabase } from '../support/mongo.js';

describe('which pipelines group part by part', () => {
  it.each([
    ['a group of sums after a match', [{ $match: { a: 1 } }, { $group: { _id: '$q', n: { $sum: 1 }, t: { $sum: '$t' } } }], true],
    ['per-document stages, then min, max and count', [{ $project: { q: 1, t: 1 } }, { $unwind: '$t' }, { $group: { _id: { q: '$q' }, lo: { $min: '$t' }, hi: { $max: '$t' }, c: { $count: {} } } }, { $sort: { _id: 1 } }], true],
    ['an average (not the average of averages)', [{ $group: { _id: '$q', a: { $avg: '$t' } } }], false],
    ['a push (order of the whole)', [{ $group: { _id: '$q', a: { $push: '$t' } } }], false],
    ['a sort before the group', [{ $sort: { t: 1 } }, { $group: { _id: '$q', a: { $sum: '$t' } } }], false],
    ['no group', [{ $match: { a: 1 } }, { $project: { a: 1 } }], false],
  ])('%s: %s', (_name, stages, split) => {
    expect(!!splitGroup(stages)).toBe(split);
  });

  it('merges each accumulator with the one that combines its parts', () => {
    const s = splitGroup([{ $group: { _id: '$q', n: { $sum: 1 }, lo: { $min: '$t' }, hi: { $max: '$t' }, c: { $count: {} } } }, { $sort: { _id: 1 } }]);
    expect(s?.merge).toEqual({ $group: { _id: '$_id', n: { $sum: '$n' }, lo: { $min: '$lo' }, hi: { $max: '$hi' }, c: { $sum: '$c' } } });
    expect(s?.tail).toEqual([{ $sort: { _id: 1 } }]);
  });
});

describe('a long $group', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  const COUNT = 60_000;
  beforeAll(async () => {
    fresh = await freshDatabase('grouping');
    db = fresh.conn.db as unknown as Db;
    const docs = Array.from({ length: COUNT }, (_, n) => ({ n, q: `q${n % 7}`, day: `d${n % 30}`, t: n % 11, sums: { a: n % 3, ...(n % 5 === 0 ? { b: 2 } : {}) } }));
    for (let i = 0; i < docs.length; i += 10_000) await db.collection('rollups').insertMany(docs.slice(i, i + 10_000));
  }, 120_000);
  afterAll(() => fresh.drop());

  it('answers what summing every document gives, across the parts it is grouped in', async () => {
    const got = await db
      .collection('rollups')
      .aggregate([{ $match: { n: { $gte: 0 } } }, { $group: { _id: { q: '$q', day: '$day' }, n: { $sum: 1 }, a: { $sum: '$sums.a' }, b: { $sum: '$sums.b' }, lo: { $min: '$t' }, hi: { $max: '$t' } } }, { $sort: { '_id.q': 1, '_id.day': 1 } }])
      .toArray();
    const want = new Map<string, { n: number; a: number; b: number; lo: number; hi: number }>();
    for (let n = 0; n < COUNT; n++) {
      const k = `q${n % 7}|d${n % 30}`;
      const w = want.get(k) ?? { n: 0, a: 0, b: 0, lo: Infinity, hi: -Infinity };
      w.n++;
      w.a += n % 3;
      w.b += n % 5 === 0 ? 2 : 0;
      w.lo = Math.min(w.lo, n % 11);
      w.hi = Math.max(w.hi, n % 11);
      want.set(k, w);
    }
    expect(got).toHaveLength(want.size);
    for (const g of got) expect({ n: g.n, a: g.a, b: g.b, lo: g.lo, hi: g.hi }).toEqual(want.get(`${g._id.q}|${g._id.day}`));
  });

  it('lets other work run between its parts, and answers as grouping all at once does', async () => {
    const input = Array.from({ length: COUNT }, (_, n) => ({ n, q: `q${n % 7}`, sums: { a: n % 3 } }));
    // A stage before the group: mingo groups it (the slow path, the one that needs slicing most).
    const stages = [{ $set: { a: '$sums.a' } }, { $group: { _id: '$q', a: { $sum: '$a' }, c: { $count: {} } } }, { $sort: { _id: 1 } }];
    let finished = false;
    const grouped = groupInSlices(splitGroup(stages)!, input, QUERY_OPTIONS).then((r) => {
      finished = true;
      return r;
    });
    let turnsMeanwhile = 0;
    while (!finished && turnsMeanwhile < 10_000) {
      await new Promise<void>((r) => setImmediate(r));
      if (!finished) turnsMeanwhile++;
    }
    expect(turnsMeanwhile).toBeGreaterThan(1);
    expect(await grouped).toEqual(new Aggregator(stages, QUERY_OPTIONS).run(input));
  });
});

describe('a $group of sums in plain JavaScript', () => {
  const docs = [
    { q: 'a', day: new Date('2026-03-10T23:30:00Z'), sums: { x: 1, y: 2 }, d: { agent: 'ann' } },
    { q: 'a', day: new Date('2026-03-11T00:30:00Z'), sums: { x: 3 }, d: { agent: 'ben' } },
    { q: 'b', day: new Date('2026-03-10T10:00:00Z'), sums: { x: 'not a number', y: null }, d: { agent: 'ann' } },
    { q: null, day: new Date('2026-03-10T10:00:00Z'), sums: { x: true, y: 5.5 }, d: { agent: 'ann' } },
    { day: new Date('2026-03-10T10:00:00Z'), sums: {}, d: { agent: 'cy' } },
  ];
  const sorted = (out: unknown[] | undefined) => out && [...out].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  it.each([
    ['by a path, missing and null alike', { _id: '$q', x: { $sum: '$sums.x' }, y: { $sum: '$sums.y' }, n: { $sum: 1 }, c: { $count: {} } }],
    ['by a document of paths', { _id: { q: '$q', agent: '$d.agent' }, x: { $sum: '$sums.x' } }],
    ['by a date in a zone', { _id: { day: { $dateToString: { date: '$day', format: '%Y-%m-%d', timezone: 'Asia/Tehran' } }, agent: '$d.agent' }, y: { $sum: '$sums.y' } }],
    ['by a constant', { _id: null, x: { $sum: '$sums.x' } }],
  ])('groups %s as mingo does', (_name, group) => {
    // A document key with a missing part is mingo's to group (see below).
    const rows = typeof group._id === 'object' && group._id && 'q' in group._id ? docs.filter((d) => 'q' in d) : docs;
    expect(sorted(fastGroup(group, rows, AGGREGATE_OPTIONS))).toEqual(sorted(newAggregator([{ $group: group }]).run(rows)));
  });

  it.each([
    ['an average', { _id: '$q', a: { $avg: '$sums.x' } }],
    ['a $$ variable', { _id: '$$ROOT.q', x: { $sum: '$sums.x' } }],
    ['two fields in one part of the key', { _id: { k: { $concat: ['$q', '$d.agent'] } }, x: { $sum: '$sums.x' } }],
  ])('leaves %s to mingo', (_name, group) => {
    expect(fastGroup(group, docs, AGGREGATE_OPTIONS)).toBeUndefined();
  });

  it('leaves to mingo a sum that needs BSON rules (a Long) or an array on the path', () => {
    expect(fastGroup({ _id: null, x: { $sum: '$x' } }, [{ x: Long.fromNumber(5) }], AGGREGATE_OPTIONS)).toBeUndefined();
    expect(fastGroup({ _id: null, x: { $sum: '$x.y' } }, [{ x: [{ y: 1 }] }], AGGREGATE_OPTIONS)).toBeUndefined();
    expect(fastGroup({ _id: { a: '$missing' }, x: { $sum: 1 } }, [{ x: 1 }], AGGREGATE_OPTIONS)).toBeUndefined();
  });
});
