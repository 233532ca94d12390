import { describe, expect, it } from 'vitest';
import { agentClaimFilter, capacityField, heldBy } from '../../server/routing/routing-choice.js';

describe('the capacity open work holds', () => {
  const cases: Array<[string, Array<{ channel: string }>, { voice: number; chats: number }]> = [
    ['nothing open', [], { voice: 0, chats: 0 }],
    ['one call', [{ channel: 'voice' }], { voice: 1, chats: 0 }],
    ['two chats', [{ channel: 'chat' }, { channel: 'chat' }], { voice: 0, chats: 2 }],
    ['a call and a chat', [{ channel: 'chat' }, { channel: 'voice' }], { voice: 1, chats: 1 }],
    // Every channel that is not a call takes a chat's place (as capacityField counts it).
    ['an e-mail', [{ channel: 'email' }], { voice: 0, chats: 1 }],
  ];
  it.each(cases)('%s', (_what, open, held) => expect(heldBy(open)).toEqual(held));
  it('counts by the same field a claim takes', () => {
    expect([capacityField('voice'), capacityField('chat')]).toEqual(['voice', 'chats']);
  });
});

describe('which agents may take an interaction', () => {
  const cases: Array<[string, Parameters<typeof agentClaimFilter>[0], string[], Record<string, unknown>]> = [
    ['a call: an available agent with no call', { channel: 'voice' }, [], { connections: { $gt: 0 }, voice: 0, state: 'available' }],
    [
      'a chat: available or chatting, with room',
      { channel: 'chat' },
      [],
      { connections: { $gt: 0 }, voice: 0, state: { $in: ['available', 'on-chat'] }, presence: 'available', $expr: { $lt: ['$chats', '$chatCapacity'] } },
    ],
    ['a queue with settings: every skill it needs', { channel: 'voice', queue: 'sales' }, ['sales', 'fr'], { skills: { $all: ['sales', 'fr'] } }],
    ['a queue without settings: its name as a skill, or an agent without skills', { channel: 'voice', queue: 'sales' }, [], { $or: [{ skills: 'sales' }, { skills: { $size: 0 } }] }],
    ['an agent asked for by name', { channel: 'voice', requestedAgent: 'ann' }, [], { $or: [{ username: 'ann' }] }],
  ];
  it.each(cases)('%s', (_what, i, needs, expected) => expect(agentClaimFilter(i, needs)).toMatchObject(expected));
});
