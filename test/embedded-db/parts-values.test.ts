import { ObjectId } from 'bson';
import { expect, it } from 'vitest';
import { pathValues } from '../../server/embedded-db/keys.js';

const id = new ObjectId();
const at = new Date(0);
const doc = {
  n: 1,
  nil: null,
  id,
  at,
  a: { b: { c: 'deep' }, s: 'x' },
  tags: ['t1', 't2'],
  empty: [],
  owned: [{ category: 'tv' }, { category: 'phone' }, { other: 1 }],
  grid: [
    [1, 2],
    [3, 4],
  ],
  nested: { list: [{ v: 1 }, { v: 2 }], scalars: [1, 2] },
};

it.each([
  ['n', [1]],
  ['nil', [null]],
  ['missing', [undefined]],
  ['id', [id]],
  ['at', [at]],
  ['a.b.c', ['deep']],
  ['a.b', [{ c: 'deep' }]],
  ['a.s.length', [undefined]],
  ['a.missing.c', [undefined]],
  ['n.x', [undefined]],
  ['tags', ['t1', 't2']],
  ['tags.0', ['t1']],
  ['tags.5', [undefined]],
  ['empty', [undefined]],
  ['owned.category', ['tv', 'phone', undefined]],
  ['owned.1.category', ['phone']],
  [
    'grid',
    [
      [1, 2],
      [3, 4],
    ],
  ],
  ['grid.0', [1, 2]],
  ['nested.list.v', [1, 2]],
  ['nested.scalars.v', [undefined]],
])('the values at %s are %j (one value found without lists, arrays through them)', (path, want) => {
  expect(pathValues(doc, path)).toEqual(want);
});
