import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedFilter } from '../../shared/schemas/supervision.js';
import { matchesFilter } from '../../shared/supervision/feed-filter.js';

const event: FeedEvent = {
  id: 'i1:1:started',
  interactionId: 'i1',
  kind: 'started',
  at: new Date('2026-11-23T10:00:00Z'),
  channel: 'voice',
  queue: 'sales',
  campaign: 'spring',
  team: 'north',
  agentId: 'a1',
  from: '+441234',
};
const bare: FeedEvent = { id: 'i2:1:started', interactionId: 'i2', kind: 'started', at: event.at, channel: 'chat', from: 'x@y.z' };

describe('matchesFilter (the feed filter both the server and the screen apply)', () => {
  const cases: Array<[string, FeedEvent, FeedFilter, boolean]> = [
    ['an empty filter takes everything', event, {}, true],
    ['an empty filter takes an event with no team, queue or agent', bare, {}, true],
    ['the same team', event, { team: 'north' }, true],
    ['another team', event, { team: 'south' }, false],
    ['the same queue', event, { queue: 'sales' }, true],
    ['another queue', event, { queue: 'service' }, false],
    ['the same campaign', event, { campaign: 'spring' }, true],
    ['another campaign', event, { campaign: 'autumn' }, false],
    ['the same channel', event, { channel: 'voice' }, true],
    ['another channel', event, { channel: 'chat' }, false],
    ['the same agent', event, { agentId: 'a1' }, true],
    ['another agent', event, { agentId: 'a2' }, false],
    ['every field matching', event, { team: 'north', queue: 'sales', campaign: 'spring', channel: 'voice', agentId: 'a1' }, true],
    ['one field of several not matching', event, { team: 'north', queue: 'sales', agentId: 'a2' }, false],
    ['a filtered field the event lacks', bare, { team: 'north' }, false],
    ['an empty string filters nothing', event, { team: '' }, true],
  ];
  it.each(cases)('%s', (_name, e, f, expected) => {
    expect(matchesFilter(e, f)).toBe(expected);
  });
});
