import { type Model, Schema, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditModel } from '../../server/audit/audit.model.js';
import { createModels, type Models } from '../../server/db/models.js';
import { newDocuments } from '../../server/db/new-document.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let models: Models;
beforeAll(async () => {
  db = await freshDatabase('newdoc');
  models = createModels(db.conn);
});
afterAll(async () => db.drop());

type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- three collections' models in one table

/** The stored document without what differs by nature between two inserts (its id and time stamps). */
const stored = async (model: AnyModel, id: unknown) => {
  const { _id, createdAt, updatedAt, ...rest } = (await model.collection.findOne({ _id: id as Types.ObjectId }))!;
  return rest;
};

describe('a new document built for the driver is stored as mongoose stores it', () => {
  const customerId = new Types.ObjectId();
  const at = new Date('2026-12-04T10:00:00Z');
  const cases = [
    ['an interaction (defaults of counters, lists and nulls; a field left undefined)', 'Interaction', { callId: 'c-1', channel: 'voice', from: '+447700900001', to: '+442079460000', state: 'ringing', ringingAt: at, customerId, queue: undefined, events: [{ eventId: 'e1', type: 'call.ringing', at, receivedAt: at }] }],
    ['a customer (a sub-object given in part keeps its other defaults)', 'Customer', { kind: 'person', firstName: 'Ada', displayName: 'Ada', phones: [{ label: 'main', number: '+447700900001' }], preferences: { language: 'en' } }],
    ['an audit entry (no version key; empty objects kept)', 'Audit', { at, actor: { userId: 'u1', username: 'ann', role: 'agent' }, action: 'picture.popped', entity: { type: 'customer', id: String(customerId) }, customerId, detail: { interactionId: 'i1', nothing: {} } }],
  ] as const;
  it.each(cases)('%s', async (_what, name, fields) => {
    const model: AnyModel = name === 'Audit' ? auditModel(db.conn) : models[name];
    const built = newDocuments(model)({ ...fields });
    await model.collection.insertOne(built, { ignoreUndefined: true });
    // (The same call twice would break the interactions' unique call id: the copy is another call.)
    const made = await model.create({ ...fields, ...('callId' in fields ? { callId: 'c-2' } : {}) });
    expect(await stored(model, built._id)).toEqual({ ...(await stored(model, made._id)), ...('callId' in fields ? { callId: 'c-1' } : {}) });
    const timestamps = !!model.schema.get('timestamps');
    const raw = (await model.collection.findOne({ _id: built._id }))!;
    expect('createdAt' in raw && 'updatedAt' in raw).toBe(timestamps);
  });
});

it('gives each document lists and sub-objects of its own', () => {
  const build = newDocuments(models.Interaction);
  type Built = ReturnType<typeof build> & { candidateIds: unknown[]; events: unknown[] };
  const a = build({ callId: 'a' }) as Built;
  const b = build({ callId: 'b' }) as Built;
  a.candidateIds.push(new Types.ObjectId());
  a.events.push({});
  expect(b).toMatchObject({ candidateIds: [], events: [] });
  expect(a._id).not.toEqual(b._id);
});

it('refuses a schema with a default computed per document (it would be shared)', () => {
  const m = db.conn.model('WithClock', new Schema({ at: { type: Date, default: Date.now } }));
  expect(() => newDocuments(m)).toThrow(/WithClock.at has a default computed per document/);
});
