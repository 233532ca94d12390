import { BSON, Decimal128, Double, Int32, Long, ObjectId, Binary } from 'bson';
import { expect, it } from 'vitest';
import type { Doc } from '../../server/embedded-db/keys.js';
import { sameBson } from '../../server/embedded-db/same-bson.js';

const bytesEqual = (a: Doc, b: Doc) => Buffer.compare(BSON.serialize(a), BSON.serialize(b)) === 0;
const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
const when = new Date('2026-12-05T10:00:00Z');
const holey = [1, , 3]; // eslint-disable-line no-sparse-arrays
const nullProto = Object.assign(Object.create(null) as Doc, { x: 1 });
const fn = () => 1;

// [what, a, b]: each answer must be what the serialized bytes say.
const cases: Array<[string, Doc, Doc]> = [
  ['equal plain documents', { _id: id, n: 1, s: 'x', at: when, tags: ['a', 'b'], nested: { ok: true, none: null } }, { _id: new ObjectId(id.toHexString()), n: 1, s: 'x', at: new Date(when), tags: ['a', 'b'], nested: { ok: true, none: null } }],
  ['a changed number', { n: 1 }, { n: 2 }],
  ['an int and a double of other values', { n: 1 }, { n: 1.5 }],
  ['0 and -0 (an int32 and a double)', { n: 0 }, { n: -0 }],
  ['NaN and NaN', { n: NaN }, { n: NaN }],
  ['the same fields in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ['a field added', { a: 1 }, { a: 1, b: 2 }],
  ['an undefined field (left out) and no field', { a: 1, b: undefined }, { a: 1 }],
  ['an undefined field and a null one', { a: undefined }, { a: null }],
  ['a function field (left out) and no field', { a: 1, f: fn }, { a: 1 }],
  ['a number and a string', { a: 1 }, { a: '1' }],
  ['null and false', { a: null }, { a: false }],
  ['dates a millisecond apart', { at: when }, { at: new Date(when.getTime() + 1) }],
  ['an invalid date and the epoch', { at: new Date(NaN) }, { at: new Date(0) }],
  ['other ObjectIds', { _id: id }, { _id: new ObjectId('65a1b2c3d4e5f60718293a4c') }],
  ['an ObjectId and its hex string', { _id: id }, { _id: id.toHexString() }],
  ['arrays of other lengths', { a: [1, 2] }, { a: [1, 2, 3] }],
  ['an array with a hole and one with null', { a: holey }, { a: [1, null, 3] }],
  ['an array with a function (left out) and a shorter one', { a: [1, fn] }, { a: [1] }],
  ['an array with undefined and one with null', { a: [1, undefined] }, { a: [1, null] }],
  ['an array and a document with its indexes', { a: ['x'] }, { a: { 0: 'x' } }],
  ['a number and an Int32 of its value', { n: 1 }, { n: new Int32(1) }],
  ['a number and a Double of its value', { n: 1 }, { n: new Double(1) }],
  ['a Long and a number', { n: Long.fromNumber(5) }, { n: 5 }],
  ['equal Decimal128s', { d: Decimal128.fromString('1.10') }, { d: Decimal128.fromString('1.10') }],
  ['equal binaries', { b: new Binary(Buffer.from('ab')) }, { b: new Binary(Buffer.from('ab')) }],
  ['regular expressions', { r: /a/i }, { r: /a/i }],
  ['a null-prototype document and a plain one', { o: nullProto }, { o: { x: 1 } }],
  ['deep arrays of documents, one value apart', { e: [{ k: 1, at: when }, { k: 2, at: when }] }, { e: [{ k: 1, at: when }, { k: 3, at: when }] }],
];

it.each(cases)('says as the bytes do: %s', (_what, a, b) => {
  expect(sameBson(a, b)).toBe(bytesEqual(a, b));
  expect(sameBson(b, a)).toBe(bytesEqual(b, a));
});

it('finds a document the same as itself and as its deserialized copy', () => {
  const doc = cases[0][1];
  expect(sameBson(doc, doc)).toBe(true);
  expect(sameBson(doc, BSON.deserialize(BSON.serialize(doc)))).toBe(true);
});
