import { describe, expect, it } from 'vitest';
import { agentClaimFilter, capacityField, claimsInFlight, endLeavesOnlyWrapUp, heldBy } from '../../server/routing/routing-choice.js';

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

describe('work claimed and not open yet', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const call = { channel: 'voice' as const, answered: false as const };
  const chat = { channel: 'chat' as const, answered: false as const };
  const cases: Array<[string, Parameters<typeof claimsInFlight>[0], Array<{ channel: string }>, 'voice' | 'chats' | undefined, ReturnType<typeof claimsInFlight>]> = [
    ['a call claimed a moment ago, not written to its interaction yet', { voice: 1, chats: 0, claimedAt: ago(5) }, [], undefined, [call]],
    ['a call claimed and open: nothing in flight', { voice: 1, chats: 0, claimedAt: ago(5) }, [{ channel: 'voice' }], undefined, []],
    ['a chat claimed beside two open ones', { voice: 0, chats: 3, claimedAt: ago(5) }, [{ channel: 'chat' }, { channel: 'chat' }], undefined, [chat]],
    ['a claim older than a minute: stranded, not work', { voice: 1, chats: 0, claimedAt: ago(60_000) }, [], undefined, []],
    ['never claimed', { voice: 1, chats: 0 }, [], undefined, []],
    ['the ended call being given back is not in flight', { voice: 1, chats: 0, claimedAt: ago(5) }, [], 'voice', []],
    ['a new call claimed while the last one is given back', { voice: 2, chats: 0, claimedAt: ago(5) }, [], 'voice', [call]],
    ['counts below the open work (another process behind) count nothing', { voice: 0, chats: 0, claimedAt: ago(5) }, [{ channel: 'voice' }], undefined, []],
  ];
  it.each(cases)('%s', (_what, agent, open, releasing, expected) => expect(claimsInFlight(agent, open, now, 60_000, releasing)).toEqual(expected));
});

describe('whether an end leaves its agent only a disposition to record (no read of their work)', () => {
  const after = new Date('2026-12-07T00:00:00Z');
  const at = new Date('2026-12-07T09:00:00Z');
  const call = { channel: 'voice', state: 'ended', connectedAt: at, wrappedUpAt: null, createdAt: at };
  const chat = { ...call, channel: 'chat' };
  const cases: Array<[string, Parameters<typeof endLeavesOnlyWrapUp>[0], Parameters<typeof endLeavesOnlyWrapUp>[1], boolean]> = [
    ['an answered call, all the agent held', { voice: 1, chats: 0 }, call, true],
    ['an accepted chat, all the agent held', { voice: 0, chats: 1 }, chat, true],
    ['a call ended beside a chat held', { voice: 1, chats: 1 }, call, false],
    ['a chat ended beside another', { voice: 0, chats: 2 }, chat, false],
    ['counts that hold no call (given back already)', { voice: 0, chats: 0 }, call, false],
    ['a call never answered: nothing owed', { voice: 1, chats: 0 }, { ...call, connectedAt: null }, false],
    ['a call wrapped up before its end: nothing owed', { voice: 1, chats: 0 }, { ...call, wrappedUpAt: at }, false],
    ['a call stored before what is owed counts from (a waiver)', { voice: 1, chats: 0 }, { ...call, createdAt: new Date(after.getTime() - 1) }, false],
    ['a call sent back to the queue, not ended', { voice: 1, chats: 0 }, { ...call, state: 'queued' }, false],
  ];
  it.each(cases)('%s', (_what, agent, ended, expected) => expect(endLeavesOnlyWrapUp(agent, ended, after)).toBe(expected));
});
