import { BSON, ObjectId } from 'bson';
import { expect, it } from 'vitest';
import { putRecord } from '../../server/embedded-db/bson-walk.js';
import { encodePutRecord, encodeRecord } from '../../server/embedded-db/records.js';
import type { Doc } from '../../server/embedded-db/keys.js';

/** A record's body as recovery reads it: the bytes after its length and checksum. */
const body = (payload: Doc) => encodeRecord(payload).subarray(8);
const doc = (n: number) => ({ _id: new ObjectId(), n, note: 'x'.repeat(n % 7) });

it('reads each put record as decoding it whole would, whatever changes from one to the next', () => {
  const records: Doc[] = [
    { o: 'put', d: 'console', c: 'transactions', doc: doc(1) },
    { o: 'put', d: 'console', c: 'transactions', doc: doc(2) },
    { o: 'put', d: 'console', c: 'transactions', doc: doc(3) },
    // Another collection of the same length, then one whose name is a prefix of the last.
    { o: 'put', d: 'console', c: 'transaction2', doc: doc(4) },
    { o: 'put', d: 'console', c: 'transaction', doc: doc(5) },
    // Another database; names in UTF-8.
    { o: 'put', d: 'ţară', c: '中国', doc: doc(6) },
    { o: 'put', d: 'ţară', c: '中国', doc: doc(7) },
    // A record with a field after its document, then the run again.
    { o: 'put', d: 'console', c: 'transactions', doc: doc(8), extra: 1 },
    { o: 'put', d: 'console', c: 'transactions', doc: doc(9) },
    { o: 'put', d: 'console', c: 'transactions', doc: doc(10) },
  ];
  for (const rec of records) {
    const put = putRecord(body(rec))!;
    expect({ d: put.d, c: put.c }).toEqual({ d: rec.d, c: rec.c });
    expect(BSON.deserialize(put.doc)).toEqual(rec.doc);
  }
});

it('gives the same as a record encoded from the document (encodePutRecord) and one encoded whole', () => {
  for (let i = 0; i < 4; i++) {
    const d = doc(i);
    const bytes = BSON.serialize(d);
    for (const rec of [encodePutRecord('console', 'customers', bytes), encodeRecord({ o: 'put', d: 'console', c: 'customers', doc: d })]) {
      const put = putRecord(rec.subarray(8))!;
      expect(put.c).toBe('customers');
      expect(Buffer.from(put.doc).equals(bytes)).toBe(true);
    }
  }
});

it('is not a put for any other record, nor for one whose document is missing or not a document', () => {
  const before = body({ o: 'put', d: 'console', c: 'transactions', doc: doc(1) });
  expect(putRecord(before)).toBeDefined();
  for (const rec of [
    { o: 'del', d: 'console', c: 'transactions', id: 'x' },
    { o: 'meta', gen: 3 },
    { o: 'put', d: 'console', c: 'transactions' },
    { o: 'put', d: 'console', c: 'transactions', doc: 'not a document' },
    { o: 'put', d: 'console', doc: doc(2) },
    { o: 'put', d: 'console', c: 'transactions', doc: [1, 2] },
  ])
    expect(putRecord(body(rec))).toBeUndefined();
  // The same record with its document under another name.
  const renamed = Buffer.from(before);
  renamed.set(Buffer.from('dod'), renamed.indexOf(Buffer.from([0x03, 0x64, 0x6f, 0x63, 0x00])) + 1);
  expect(putRecord(renamed)).toBeUndefined();
});
