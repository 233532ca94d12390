import mongoose from 'mongoose';
import { expect, it } from 'vitest';
import { startEmbeddedDb } from '../../server/embedded-db/server.js';
import { Storage, WriteLog } from '../../server/embedded-db/storage.js';
import { cleanupsAfterEach } from '../support/cleanups.js';

const { defer, tmpDir } = cleanupsAfterEach('shared-dates-');

const given = new Date('2026-10-31T22:46:02.000Z');
const later = new Date('2026-11-02T09:00:00.000Z');
const consents = () => ['phone', 'email', 'sms'].map((channel) => ({ purpose: 'marketing', channel, granted: true, at: new Date(given) }));

it('shares one date object among a recovered document’s repeats of it, and no further', async () => {
  const dir = tmpDir();
  const s = await Storage.open({ dir });
  const log = new WriteLog();
  s.apply({ o: 'createColl', d: 't', c: 'customers', opts: {} }, log);
  s.apply(
    { o: 'put', d: 't', c: 'customers', doc: { _id: 1, createdAt: new Date(given), consents: consents(), seen: [new Date(given), new Date(later)], updatedAt: new Date(later) } },
    log,
  );
  s.apply({ o: 'put', d: 't', c: 'customers', doc: { _id: 2, createdAt: new Date(given) } }, log);
  await s.persist(log);
  await s.close();

  const again = await Storage.open({ dir });
  defer(() => again.close());
  const docs = again.requireCollection('t', 'customers').docs;
  const one = docs.get('n1')!;
  const first = one.createdAt as Date;
  expect(first.getTime()).toBe(given.getTime());
  // Nested objects and arrays share it too...
  for (const c of one.consents as Array<{ at: Date }>) expect(c.at).toBe(first);
  expect((one.seen as Date[])[0]).toBe(first);
  // ...a different time keeps its own (shared with its own repeat)...
  expect((one.seen as Date[])[1]).not.toBe(first);
  expect((one.seen as Date[])[1]).toBe(one.updatedAt);
  expect((one.updatedAt as Date).getTime()).toBe(later.getTime());
  // ...and another document does not share it.
  expect(docs.get('n2')!.createdAt).not.toBe(first);
  expect((docs.get('n2')!.createdAt as Date).getTime()).toBe(given.getTime());
});

it('changes only the date an update names, though a recovered document shared it among several fields', async () => {
  const dir = tmpDir();
  const quiet = { info() {}, warn() {} };
  let db = await startEmbeddedDb({ dir, logger: quiet });
  let conn = await mongoose.createConnection(db.uri, { dbName: 'shared' }).asPromise();
  const { insertedId } = await conn.collection('customers').insertOne({ createdAt: new Date(given), consents: consents() });
  await conn.close();
  await db.close();

  // A restart recovers the document with one date object for the four fields.
  db = await startEmbeddedDb({ dir, logger: quiet });
  defer(() => db.close());
  conn = await mongoose.createConnection(db.uri, { dbName: 'shared' }).asPromise();
  defer(() => conn.close());
  const customers = conn.collection('customers');
  await customers.updateOne({ _id: insertedId }, { $set: { 'consents.1.at': later, 'consents.1.granted': false } });
  await customers.updateOne({ _id: insertedId }, { $currentDate: { 'consents.2.at': true } });

  const read = await customers.findOne({ _id: insertedId });
  expect(read!.createdAt).toEqual(given);
  expect(read!.consents[0].at).toEqual(given);
  expect(read!.consents[1]).toMatchObject({ channel: 'email', granted: false, at: later });
  expect(read!.consents[2].at.getTime()).toBeGreaterThan(later.getTime());
  // The dates left alone are found by their time, as before the restart.
  expect(await customers.countDocuments({ createdAt: given, 'consents.0.at': given })).toBe(1);
});

it('reads back a recovered document of many fields (copied out of dictionary mode) field for field, in order', async () => {
  const dir = tmpDir();
  const wide = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i % 3 === 0 ? `v${i}` : i]));
  const doc = { _id: 7, ...wide('a', 30), nested: { ...wide('b', 25), deeper: wide('c', 21) }, list: [wide('d', 22), 'x'], at: new Date(given) };
  // A field named __proto__ stays a field, never the copy's prototype.
  Object.defineProperty(doc, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
  const s = await Storage.open({ dir });
  const log = new WriteLog();
  s.apply({ o: 'createColl', d: 't', c: 'wide', opts: {} }, log);
  s.apply({ o: 'put', d: 't', c: 'wide', doc }, log);
  await s.persist(log);
  await s.close();

  const quiet = { info() {}, warn() {} };
  const db = await startEmbeddedDb({ dir, logger: quiet });
  defer(() => db.close());
  const client = await mongoose.createConnection(db.uri, { dbName: 't' }).asPromise();
  defer(() => client.close());
  const read = await client.collection('wide').findOne({ _id: 7 as never });
  expect(Object.keys(read!)).toEqual(Object.keys(doc));
  expect(JSON.stringify(read)).toBe(JSON.stringify(doc));
  expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  expect(await client.collection('wide').countDocuments({ a29: 29, 'nested.deeper.c20': 20, 'list.d20': 20 })).toBe(1);
});
