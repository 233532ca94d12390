import { describe, expect, it } from 'vitest';
import { decidesAlone, liveState, refusal, takesWork, type AgentFacts } from '../../shared/realtime/agent-state-machine.js';

const base: AgentFacts = { connections: 1, presence: 'available', open: [], owed: 0, acwExpired: false };
const call = (answered: boolean) => ({ channel: 'voice', answered });
const chat = (answered: boolean) => ({ channel: 'chat', answered });

describe('the agent state machine', () => {
  it.each([
    ['no screen open is offline whatever was chosen', { connections: 0, open: [call(true)] }, 'offline'],
    ['an idle agent is what they chose', {}, 'available'],
    ['an idle agent who chose not ready is not ready', { presence: 'not-ready' }, 'not-ready'],
    ['a call ringing at the screen is offered', { open: [call(false)] }, 'offered'],
    ['an answered call is on-call', { open: [call(true)] }, 'on-call'],
    ['an answered call rules over chats', { open: [chat(true), call(true)] }, 'on-call'],
    ['a chat not yet accepted is offered', { open: [chat(false)] }, 'offered'],
    ['an accepted chat is on-chat, another offered beside it too', { open: [chat(true), chat(false)] }, 'on-chat'],
    ['work rules over the choice of not ready (it applies after)', { presence: 'not-ready', open: [call(true)] }, 'on-call'],
    ['an owed disposition after the work is after-call work', { owed: 1 }, 'after-call-work'],
    ['after-call work holds a not-ready agent too', { owed: 2, presence: 'not-ready' }, 'after-call-work'],
    ['after-call work past its limit gives way to the choice', { owed: 1, acwExpired: true, presence: 'not-ready' }, 'not-ready'],
    ['a disposition recorded during the call: free when it ends', { owed: 0 }, 'available'],
    ['owed wrap-up does not hide a new call', { owed: 1, open: [call(true)] }, 'on-call'],
  ] as const)('%s', (_name, facts, expected) => {
    expect(liveState({ ...base, ...facts } as AgentFacts)).toBe(expected);
  });

  it.each([
    ['available', 'available', 'voice', true],
    ['available', 'available', 'chat', true],
    ['on-chat', 'available', 'chat', true],
    ['on-chat', 'not-ready', 'chat', false],
    ['on-chat', 'available', 'voice', false],
    ['on-call', 'available', 'chat', false],
    ['offered', 'available', 'voice', false],
    ['after-call-work', 'available', 'voice', false],
    ['not-ready', 'not-ready', 'chat', false],
    ['offline', 'available', 'chat', false],
  ] as const)('%s (chose %s) takes %s work: %s', (state, presence, channel, yes) => {
    expect(takesWork(state, presence, channel)).toBe(yes);
  });

  it.each([
    ['available with a disposition owed in after-call work', 'after-call-work', 1, { state: 'available' }, 'Record the disposition of your last call first.'],
    ['available with two owed', 'after-call-work', 2, { state: 'available' }, 'Record the dispositions of your last 2 calls first.'],
    ['not ready during after-call work (applies after it)', 'after-call-work', 1, { state: 'not-ready', reason: 'break' }, null],
    ['available from not ready', 'not-ready', 0, { state: 'available' }, null],
    ['not ready during a call (applies after it)', 'on-call', 0, { state: 'not-ready', reason: 'lunch' }, null],
    ['available during a call', 'on-call', 0, { state: 'available' }, null],
    ['available once the limit waived the owed wrap-up', 'not-ready', 1, { state: 'available' }, null],
  ] as const)('refuses or allows: %s', (_name, state, owed, req, expected) => {
    expect(refusal(state, owed, req)).toBe(expected);
  });
});

describe('an open interaction that decides the state alone', () => {
  const others: Array<Partial<AgentFacts>> = [
    {},
    { presence: 'not-ready' },
    { open: [chat(true), chat(false)] },
    { open: [call(false)] },
    { owed: 2 },
    { owed: 1, acwExpired: true, presence: 'not-ready' },
    { connections: 0 },
  ];
  it.each([
    ['an answered call', call(true), true],
    ['a call ringing', call(false), false],
    ['an answered chat', chat(true), false],
  ] as const)('%s: %s', (_what, item, decides) => {
    expect(decidesAlone(item)).toBe(decides);
    // What it claims is what the machine does: the state from it alone is the state from it among anything else.
    if (decides)
      for (const o of others) expect(liveState({ ...base, ...o, open: [item] })).toBe(liveState({ ...base, ...o, open: [...(o.open ?? []), item] }));
  });
  it('does not hold for a chat: another answered call outranks it', () => {
    expect(liveState({ ...base, open: [chat(true)] })).not.toBe(liveState({ ...base, open: [chat(true), call(true)] }));
  });
});
