import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../server/embedded-db/collection.js';
import { Index } from '../../server/embedded-db/indexes.js';

const agent = new ObjectId();
const at = new Date('2026-12-05T10:00:00Z');

describe('an update that touches none of an index’s fields', () => {
  // Each row: the index, a document before and after an update, and whether its entries are the same.
  const table: Array<[string, ConstructorParameters<typeof Index>[0], Record<string, unknown>, Record<string, unknown>, boolean]> = [
    [
      'a call’s state under an index of its agent',
      { key: { agentId: 1 }, name: 'a' },
      { agentId: agent, state: 'offered' },
      { agentId: new ObjectId(agent.toHexString()), state: 'active', version: 2 },
      true,
    ],
    ['a call’s state under an index of its state', { key: { state: 1, ringingAt: 1 }, name: 's' }, { state: 'offered', ringingAt: at }, { state: 'active', ringingAt: at }, false],
    ['the same date as another Date object', { key: { ringingAt: 1 }, name: 'r' }, { ringingAt: at }, { ringingAt: new Date(at.getTime()) }, true],
    ['the second field of a compound index', { key: { agentId: 1, wrappedUpAt: 1 }, name: 'w' }, { agentId: agent }, { agentId: agent, wrappedUpAt: at }, false],
    ['a field set where it was missing', { key: { 'sipCall.callId': 1 }, name: 'sip', sparse: true }, { state: 'ringing' }, { state: 'ringing', sipCall: { callId: 'x' } }, false],
    ['a value added to an array', { key: { tags: 1 }, name: 't' }, { tags: ['vip'] }, { tags: ['vip', 'new'] }, false],
    ['an array in another order (re-indexed, harmless)', { key: { tags: 1 }, name: 't' }, { tags: ['a', 'b'] }, { tags: ['b', 'a'] }, false],
    ['a partial index the document leaves', { key: { n: 1 }, name: 'p', partialFilterExpression: { open: true } }, { n: 1, open: true }, { n: 1, open: false }, false],
    [
      'a partial index the document stays out of',
      { key: { n: 1 }, name: 'p', partialFilterExpression: { open: true } },
      { n: 1, open: false, x: 1 },
      { n: 1, open: false, x: 2 },
      true,
    ],
  ];
  it.each(table)('%s', (_name, spec, before, after, same) => {
    expect(new Index(spec).sameEntries(before, after)).toBe(same);
  });

  it('keeps every index answering as the document changes, whether or not its fields moved', () => {
    const coll = new Collection('db', 'interactions');
    coll.addIndex({ key: { agentId: 1 }, name: 'agent' });
    coll.addIndex({ key: { state: 1 }, name: 'state' });
    const _id = new ObjectId();
    coll.put({ _id, agentId: agent, state: 'offered', version: 1 });
    coll.put({ _id, agentId: agent, state: 'offered', version: 2 });
    coll.put({ _id, agentId: agent, state: 'active', version: 3 });
    expect(coll.find({ agentId: agent }).docs.map((d) => d.version)).toEqual([3]);
    expect(coll.find({ state: 'offered' }).docs).toEqual([]);
    expect(coll.find({ state: 'active' }).docs.map((d) => d.version)).toEqual([3]);
    const other = new ObjectId();
    coll.put({ _id, agentId: other, state: 'active', version: 4 });
    expect(coll.find({ agentId: agent }).docs).toEqual([]);
    expect(coll.find({ agentId: other }).docs.map((d) => d.version)).toEqual([4]);
  });
});
