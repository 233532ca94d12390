import { describe, expect, it } from 'vitest';
import { fieldsRead } from '../../server/embedded-db/read-fields.js';

const only = (...f: string[]) => ({ only: new Set(['_id', ...f]) });

describe('the fields a read needs decoded of a packed document', () => {
  it.each([
    ['a count reads what its filter reads', { a: 1, 'b.c': { $gt: 2 } }, undefined, undefined, true, only('a', 'b')],
    ['branches of $and, $or and $nor are read', { $or: [{ a: 1 }, { $and: [{ b: 2 }, { $nor: [{ c: 3 }] }] }] }, undefined, undefined, true, only('a', 'b', 'c')],
    ['a sort is read', { a: 1 }, { 'd.e': -1 }, undefined, true, only('a', 'd')],
    ['an inclusion keeps its fields', { a: 1 }, undefined, { x: 1, 'y.z': true, _id: 0 }, false, only('a', 'x', 'y')],
    ['an $elemMatch projection is an inclusion', {}, undefined, { items: { $elemMatch: { q: 1 } } }, false, only('items')],
    ['a positional projection keeps its array', { 'items.q': 3 }, undefined, { 'items.$': 1 }, false, only('items')],
    ['an exclusion of top-level fields decodes the rest', { a: 1 }, undefined, { data: 0, note: false }, false, { except: new Set(['data', 'note']) }],
    ['a field the filter reads is decoded even when dropped', { data: { $exists: true } }, undefined, { data: 0 }, false, { except: new Set() }],
    ['no projection: the whole document', { a: 1 }, undefined, undefined, false, undefined],
    ['only _id dropped: the whole document', { a: 1 }, undefined, { _id: 0 }, false, undefined],
    ['a dotted exclusion: the whole document', {}, undefined, { 'a.b': 0 }, false, undefined],
    ['a $slice: the whole document', {}, undefined, { a: { $slice: 1 } }, false, undefined],
    ['a computed field: the whole document', {}, undefined, { x: { $add: ['$a', 1] } }, false, undefined],
    ['an $expr reads anything', { $expr: { $gt: ['$a', 1] } }, undefined, undefined, true, undefined],
    ['a $where reads anything', { $where: 'true' }, undefined, { a: 1 }, false, undefined],
    ['a comment reads nothing', { $comment: 'why', a: 1 }, undefined, undefined, true, only('a')],
  ])('%s', (_name, filter, sort, projection, counting, expected) => {
    expect(fieldsRead(filter, sort, projection, counting)).toEqual(expected);
  });
});
