import { describe, expect, it } from 'vitest';
import { type Seen, stepsOf } from '../../server/supervision/feed-steps.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const seen = (s: Partial<Seen>): Seen => ({ version: 0, state: 'ringing', startedAt: NOW - 1000, offers: 0, complaints: 0, ...s });

describe('feed steps: what one write of an interaction adds to the supervisors feed', () => {
  const table: Array<[string, Seen | undefined, Seen, string[]]> = [
    ['a new call starts', undefined, seen({}), ['started']],
    ['a new call first seen queued', undefined, seen({ state: 'queued' }), ['started', 'queued']],
    ['a call from another process, claimed before this one read it', undefined, seen({ version: 1, state: 'offered' }), ['started', 'offered']],
    ['a call forgotten long ago, changed again', undefined, seen({ version: 3, state: 'offered', startedAt: NOW - 3600_000 }), []],
    ['queued, then offered to an agent', seen({ state: 'queued' }), seen({ version: 1, state: 'offered' }), ['offered']],
    ['answered', seen({ state: 'offered' }), seen({ version: 2, state: 'active', answeredAt: NOW }), ['answered']],
    ['answered and ended in one write', seen({ state: 'offered' }), seen({ version: 2, state: 'ended', answeredAt: NOW, endedAt: NOW }), ['answered', 'ended']],
    ['wrapped up', seen({ state: 'ended', endedAt: NOW }), seen({ version: 3, state: 'ended', endedAt: NOW, wrappedUpAt: NOW }), ['wrapped-up']],
    ['a disposition changed again', seen({ state: 'ended', endedAt: NOW, wrappedUpAt: NOW }), seen({ version: 4, state: 'ended', endedAt: NOW, wrappedUpAt: NOW + 5 }), ['wrapped-up']],
    ['two offer outcomes at once', seen({ state: 'active', offers: 1 }), seen({ version: 5, state: 'active', offers: 3 }), ['offer', 'offer']],
    ['a complaint opened', seen({ state: 'active' }), seen({ version: 6, state: 'active', complaints: 1 }), ['complaint']],
    ['a chat transferred to a queue: it left its agent and waits', seen({ state: 'active', agentId: 'a1', answeredAt: NOW }), seen({ version: 8, state: 'active', answeredAt: NOW, transfers: 1 }), ['transferred']],
    ['a call not yet answered transferred: back in the queue', seen({ state: 'offered', agentId: 'a1' }), seen({ version: 2, state: 'queued', transfers: 1 }), ['transferred', 'queued']],
    ['the caller put on hold', seen({ state: 'active', answeredAt: NOW }), seen({ version: 9, state: 'active', answeredAt: NOW, held: true }), ['held']],
    ['the caller taken back from hold', seen({ state: 'active', answeredAt: NOW, held: true }), seen({ version: 10, state: 'active', answeredAt: NOW }), ['resumed']],
    ['a call that ends on hold ends (no resume)', seen({ state: 'active', answeredAt: NOW, held: true }), seen({ version: 10, state: 'ended', answeredAt: NOW, endedAt: NOW }), ['ended']],
    ['notes saved (nothing the feed shows)', seen({ state: 'active' }), seen({ version: 7, state: 'active' }), []],
  ];
  it.each(table)('%s', (_name, prev, now, kinds) => {
    expect(stepsOf(prev, now, NOW)).toEqual(kinds);
  });
});
