import { ObjectId } from 'bson';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { LONG_LIST } from '../../server/embedded-db/list-ops.js';
import { newQuery } from '../../server/embedded-db/mingo-options.js';
import { prepareFilter, usesOwnOperators } from '../../server/embedded-db/filter.js';

const ids = Array.from({ length: 40 }, (_, i) => new ObjectId(i.toString(16).padStart(24, '0')));
/** A long list of everything a list may hold: ObjectIds, strings, numbers, null, a regex, a sub-document. */
const list = [...ids.slice(0, 20), 'loyal', 'champions', 3, 4.5, null, /^Lon/, { a: 1 }, ['x', 'y']];

const docs = [
  { _id: ids[0] },
  { _id: ids[30] },
  { _id: new ObjectId(ids[5].toHexString()) },
  { segment: 'loyal' },
  { segment: 'other' },
  { segment: ['other', 'champions'] },
  { segment: null },
  {},
  { n: 3 },
  { n: 3.0 },
  { n: 4.5 },
  { n: [1, 2] },
  { city: 'London' },
  { city: 'Paris' },
  { city: ['Paris', 'Longford'] },
  { sub: { a: 1 } },
  { sub: { a: 2 } },
  { pair: ['x', 'y'] },
  { pair: ['y', 'x'] },
  { owned: [{ category: 'loyal' }, { category: 'tv' }] },
  { owned: [{ category: 'tv' }] },
  { owned: [] },
];

const fields = ['_id', 'segment', 'n', 'city', 'sub', 'pair', 'owned.category', 'missing'];

describe('a long $in / $nin list, hashed once per query', () => {
  it('is longer than the length mingo is left with, and marks the query as ours', () => {
    expect(list.length).toBeGreaterThan(LONG_LIST);
    expect(usesOwnOperators(prepareFilter({ x: { $in: list } }))).toBe(true);
    expect(usesOwnOperators(prepareFilter({ x: { $in: list.slice(0, LONG_LIST) } }))).toBe(false);
  });

  // Every field against every document, through the database's matching and through mingo's own
  // operators (which hash the list for each document): the answers must be the same.
  for (const op of ['$in', '$nin'] as const)
    for (const field of fields)
      it(`answers ${field}: { ${op}: [${list.length} values] } as mingo does, document by document`, () => {
        const filter = { [field]: { [op]: list } };
        const ours = newQuery(prepareFilter(filter));
        const mingo = new Query(filter);
        for (const d of docs) expect(ours.test(d), JSON.stringify(d)).toBe(mingo.test(d));
      });

  it('matches the same inside $and, $or, $not and $elemMatch as mingo does', () => {
    const filters = [
      { $and: [{ _id: { $nin: ids } }, { segment: { $in: list } }] },
      { $or: [{ 'owned.category': { $in: list } }, { n: { $in: list } }] },
      { city: { $not: { $in: list } } },
      { owned: { $elemMatch: { category: { $in: list } } } },
    ];
    for (const filter of filters) {
      const ours = newQuery(prepareFilter(filter));
      const mingo = new Query(filter);
      for (const d of docs) expect(ours.test(d), `${JSON.stringify(filter)} on ${JSON.stringify(d)}`).toBe(mingo.test(d));
    }
  });
});
