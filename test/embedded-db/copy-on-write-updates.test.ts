import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../server/embedded-db/update.js';
import type { Doc } from '../../server/embedded-db/keys.js';

/** Frozen all the way down: an update that changed any part of the old version in place would throw (strict mode). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const interaction = () =>
  deepFreeze({
    _id: 'i1',
    state: 'offered',
    version: 3,
    customer: { name: 'Ada', phones: ['+40700000001'] },
    events: [
      { eventId: 'e1', type: 'ringing' },
      { eventId: 'e2', type: 'offered' },
    ],
    items: [
      { sku: 'a', qty: 1, tags: ['x'] },
      { sku: 'b', qty: 1, tags: ['y'] },
      { sku: 'c', qty: 2, tags: [] },
    ],
    scores: [5, 1, 4],
    a: { b: { c: 1, d: 2 }, x: { y: 1 } },
  } as Doc);

describe('an update makes a new version and leaves the old one as it was', () => {
  it.each<[string, Doc, Doc | undefined, (old: Doc, next: Doc) => void]>([
    [
      'a state change with its event',
      { $set: { state: 'active' }, $inc: { version: 1 }, $push: { events: { eventId: 'e3', type: 'answered' } } },
      undefined,
      (old, next) => {
        expect(next).toMatchObject({ state: 'active', version: 4 });
        expect((next.events as Doc[]).map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3']);
        expect((old.events as Doc[]).length).toBe(2);
      },
    ],
    ['a nested field beside others', { $set: { 'a.b.c': 9 } }, undefined, (_old, next) => expect(next.a).toEqual({ b: { c: 9, d: 2 }, x: { y: 1 } })],
    ['the element the query matched ($)', { $inc: { 'items.$.qty': 5 } }, { 'items.sku': 'b' }, (_old, next) => expect((next.items as Doc[]).map((i) => i.qty)).toEqual([1, 6, 2])],
    ['every element ($[])', { $set: { 'items.$[].qty': 0 } }, undefined, (_old, next) => expect((next.items as Doc[]).map((i) => i.qty)).toEqual([0, 0, 0])],
    [
      'an array inside an element',
      { $push: { 'items.0.tags': 'z' }, $pull: { 'items.1.tags': 'y' } },
      undefined,
      (_old, next) => expect((next.items as Doc[]).map((i) => i.tags)).toEqual([['x', 'z'], [], []]),
    ],
    [
      'a nested field removed, an element nulled',
      { $unset: { 'a.b.d': '', 'scores.1': '' } },
      undefined,
      (_old, next) => expect([next.a, next.scores]).toEqual([{ b: { c: 1 }, x: { y: 1 } }, [5, null, 4]]),
    ],
    ['the last element popped', { $pop: { scores: 1 } }, undefined, (_old, next) => expect(next.scores).toEqual([5, 1])],
    ['the first element popped', { $pop: { scores: -1 } }, undefined, (_old, next) => expect(next.scores).toEqual([1, 4])],
    ['values pulled', { $pullAll: { scores: [1, 4] } }, undefined, (_old, next) => expect(next.scores).toEqual([5])],
    [
      'a set added to',
      { $addToSet: { 'customer.phones': { $each: ['+40700000001', '+40700000002'] } } },
      undefined,
      (_old, next) => expect(next.customer).toEqual({ name: 'Ada', phones: ['+40700000001', '+40700000002'] }),
    ],
    ['a push with its modifiers', { $push: { scores: { $each: [3, 9], $position: 0, $sort: -1, $slice: 3 } } }, undefined, (_old, next) => expect(next.scores).toEqual([9, 5, 4])],
    [
      'smallest, largest, product',
      { $min: { 'a.b.c': 0 }, $max: { 'a.x.y': 7 }, $mul: { version: 2 } },
      undefined,
      (_old, next) => expect([next.a, next.version]).toEqual([{ b: { c: 0, d: 2 }, x: { y: 7 } }, 6]),
    ],
    ['a date set now', { $currentDate: { 'customer.seen': true } }, undefined, (_old, next) => expect((next.customer as Doc).seen).toBeInstanceOf(Date)],
    ['a path made where there was none', { $set: { 'made.deep.path': 1 } }, undefined, (_old, next) => expect(next.made).toEqual({ deep: { path: 1 } })],
    ['a field renamed (copied whole)', { $rename: { 'a.x': 'a.z' } }, undefined, (_old, next) => expect(next.a).toEqual({ b: { c: 1, d: 2 }, z: { y: 1 } })],
  ])('%s', (_name, update, query, check) => {
    const old = interaction();
    const before = JSON.stringify(old);
    const next = applyUpdate(old, update, undefined, false, query ? { query } : {});
    check(old, next);
    expect(JSON.stringify(old)).toBe(before);
  });

  it('selects the elements an array filter names, and copies only those', () => {
    const old = interaction();
    const next = applyUpdate(old, { $set: { 'items.$[big].qty': 10 } }, [{ 'big.qty': { $gte: 2 } }], false);
    expect((next.items as Doc[]).map((i) => i.qty)).toEqual([1, 1, 10]);
    expect((next.items as Doc[])[0]).toBe((old.items as Doc[])[0]);
    expect((next.items as Doc[])[2]).not.toBe((old.items as Doc[])[2]);
  });

  it('shares with the old version every part the update leaves alone', () => {
    const old = interaction();
    const next = applyUpdate(old, { $set: { state: 'active', 'a.b.c': 2 }, $push: { events: { eventId: 'e3' } } }, undefined, false);
    // Untouched: the same objects, not copies (an interaction's history is not allocated again at each write).
    expect(next.customer).toBe(old.customer);
    expect(next.items).toBe(old.items);
    expect((next.a as Doc).x).toBe((old.a as Doc).x);
    expect((next.events as Doc[])[0]).toBe((old.events as Doc[])[0]);
    // Changed: new containers on the paths written.
    expect(next.a).not.toBe(old.a);
    expect(next.events).not.toBe(old.events);
  });

  it('keeps a field named __proto__ a field', () => {
    const old = deepFreeze(JSON.parse('{"_id": 1, "__proto__": {"polluted": true}, "n": 1}') as Doc);
    const next = applyUpdate(old, { $inc: { n: 1 } }, undefined, false);
    expect(Object.hasOwn(next, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(next).toMatchObject({ n: 2 });
    expect(({} as Doc).polluted).toBeUndefined();
  });

  it('inserts an upsert from its filter and $setOnInsert', () => {
    const seed = deepFreeze({ _id: 7, owner: { id: 'u1' } } as Doc);
    const next = applyUpdate(seed, { $setOnInsert: { 'owner.name': 'Ada' }, $inc: { n: 1 } }, undefined, true);
    expect(next).toEqual({ _id: 7, owner: { id: 'u1', name: 'Ada' }, n: 1 });
  });
});
