import { describe, expect, it } from 'vitest';
import { CtiEventType } from '../../shared/schemas/cti.js';
import { InteractionState } from '../../shared/schemas/interaction.js';
import { type CallSnapshot, type Transition, transition } from '../../server/telephony/call-state.js';

// The call's own timeline: it rang at 10:00, was answered at 10:01 and ended at 10:03. Events of
// the table are stamped 10:05 (AT) unless a row says otherwise.
const RANG = new Date('2026-03-02T10:00:00Z');
const ANSWERED = new Date('2026-03-02T10:01:00Z');
const ENDED = new Date('2026-03-02T10:03:00Z');
const AT = new Date('2026-03-02T10:05:00Z');
const AGENT = 'agent-user-1';

/** Each state as a call normally reaches it: who holds it and which timestamps it already has. */
const CALL: Record<InteractionState, CallSnapshot> = {
  ringing: { state: 'ringing', ringingAt: RANG, agentId: null },
  queued: { state: 'queued', ringingAt: RANG, agentId: null },
  offered: { state: 'offered', ringingAt: RANG, agentId: AGENT },
  active: { state: 'active', ringingAt: RANG, answeredAt: ANSWERED, connectedAt: ANSWERED, agentId: AGENT },
  ended: { state: 'ended', ringingAt: RANG, answeredAt: ANSWERED, connectedAt: ANSWERED, endedAt: ENDED, agentId: AGENT },
};

const none: Transition = { set: {}, route: false, release: false };
const starts: Transition = { set: { state: 'ringing', ringingAt: AT }, route: true, release: false };
const answeredNeedingAgent: Transition = { set: { state: 'active', answeredAt: AT }, route: true, release: false };
// Answered while an agent holds it: the customer is connected to that agent (the queue counts it answered).
const answeredHeld: Transition = { set: { state: 'active', answeredAt: AT, connectedAt: AT }, route: false, release: false };
const endsHolding = (release: boolean): Transition => ({ set: { state: 'ended', endedAt: AT }, route: false, release });

type Row = { from: InteractionState | 'none'; event: CtiEventType; expected: Transition; behaviour: string };

/** Every state (and no interaction yet) × every CTI event type. */
const table: Row[] = [
  { from: 'none', event: 'call.ringing', expected: starts, behaviour: 'a first ringing creates a ringing call that needs an agent' },
  { from: 'none', event: 'chat.started', expected: starts, behaviour: 'a first chat start creates a ringing chat that needs an agent' },
  { from: 'none', event: 'chat.message', expected: starts, behaviour: 'a message before its chat.started starts the chat, which needs an agent' },
  { from: 'none', event: 'call.answered', expected: answeredNeedingAgent, behaviour: 'an answer before its ringing creates an active call that needs an agent' },
  { from: 'none', event: 'call.ended', expected: { set: { state: 'ended', endedAt: AT }, route: false, release: false }, behaviour: 'an end before its ringing creates an ended call, never routed' },
  { from: 'none', event: 'chat.ended', expected: { set: { state: 'ended', endedAt: AT }, route: false, release: false }, behaviour: 'a chat end before its start creates an ended chat, never routed' },
  { from: 'none', event: 'call.held', expected: { set: { state: 'active', answeredAt: AT, heldAt: AT }, route: true, release: false }, behaviour: 'a hold heard of first says the call was answered, and it is on hold' },
  { from: 'none', event: 'call.resumed', expected: answeredNeedingAgent, behaviour: 'a resume heard of first says the call was answered' },

  { from: 'ringing', event: 'call.ringing', expected: none, behaviour: 'a repeated ringing changes nothing' },
  { from: 'ringing', event: 'chat.started', expected: none, behaviour: 'a repeated start changes nothing' },
  { from: 'ringing', event: 'chat.message', expected: none, behaviour: 'a message changes nothing of a ringing chat' },
  { from: 'ringing', event: 'call.answered', expected: answeredNeedingAgent, behaviour: 'a ringing call nobody holds, answered, is active and still needs an agent' },
  { from: 'ringing', event: 'call.held', expected: none, behaviour: 'a ringing call is not on hold' },
  { from: 'ringing', event: 'call.resumed', expected: none, behaviour: 'a resume of a ringing call changes nothing' },
  { from: 'ringing', event: 'call.ended', expected: endsHolding(false), behaviour: 'a ringing call nobody holds ends with nothing to release' },
  { from: 'ringing', event: 'chat.ended', expected: endsHolding(false), behaviour: 'a ringing chat nobody holds ends with nothing to release' },

  { from: 'queued', event: 'call.ringing', expected: none, behaviour: 'a queued call rung again stays queued (no second routing)' },
  { from: 'queued', event: 'chat.started', expected: none, behaviour: 'a queued chat started again stays queued' },
  { from: 'queued', event: 'chat.message', expected: none, behaviour: 'a message changes nothing of a queued chat' },
  { from: 'queued', event: 'call.answered', expected: answeredNeedingAgent, behaviour: 'a queued call answered (by an IVR) is active and still needs an agent' },
  { from: 'queued', event: 'call.held', expected: none, behaviour: "a queued call's music is waiting, not hold time" },
  { from: 'queued', event: 'call.resumed', expected: none, behaviour: 'a resume of a queued call changes nothing' },
  { from: 'queued', event: 'call.ended', expected: endsHolding(false), behaviour: 'a queued call abandoned ends with nothing to release' },
  { from: 'queued', event: 'chat.ended', expected: endsHolding(false), behaviour: 'a queued chat abandoned ends with nothing to release' },

  { from: 'offered', event: 'call.ringing', expected: none, behaviour: 'an offered call rung again stays with its agent' },
  { from: 'offered', event: 'chat.started', expected: none, behaviour: 'an offered chat started again stays with its agent' },
  { from: 'offered', event: 'chat.message', expected: none, behaviour: 'a message changes nothing of an offered chat' },
  { from: 'offered', event: 'call.answered', expected: answeredHeld, behaviour: 'an offered call answered is active with its agent, not routed again' },
  { from: 'offered', event: 'call.held', expected: none, behaviour: 'an offered call not yet answered is not on hold' },
  { from: 'offered', event: 'call.resumed', expected: none, behaviour: 'a resume of an offered call changes nothing' },
  { from: 'offered', event: 'call.ended', expected: endsHolding(true), behaviour: "an offered call that ends frees its agent's capacity" },
  { from: 'offered', event: 'chat.ended', expected: endsHolding(true), behaviour: "an offered chat that ends frees its agent's capacity" },

  { from: 'active', event: 'call.ringing', expected: none, behaviour: 'a late ringing never moves an active call back' },
  { from: 'active', event: 'chat.started', expected: none, behaviour: 'a late chat start never moves an active chat back' },
  { from: 'active', event: 'chat.message', expected: none, behaviour: 'a message changes nothing of an active chat' },
  { from: 'active', event: 'call.answered', expected: none, behaviour: 'a repeated answer keeps the first answer time' },
  { from: 'active', event: 'call.held', expected: { set: { heldAt: AT }, route: false, release: false }, behaviour: 'an active call put on hold starts its hold time' },
  { from: 'active', event: 'call.resumed', expected: none, behaviour: 'a resume of a call not on hold changes nothing' },
  { from: 'active', event: 'call.ended', expected: endsHolding(true), behaviour: "an active call that ends frees its agent's capacity" },
  { from: 'active', event: 'chat.ended', expected: endsHolding(true), behaviour: "an active chat that ends frees its agent's capacity" },

  { from: 'ended', event: 'call.ringing', expected: none, behaviour: 'a ringing after the end never reopens the call' },
  { from: 'ended', event: 'chat.started', expected: none, behaviour: 'a chat start after the end never reopens the chat' },
  { from: 'ended', event: 'chat.message', expected: none, behaviour: 'a message after the end never reopens the chat' },
  { from: 'ended', event: 'call.answered', expected: none, behaviour: 'an answer after the end never reopens the call' },
  { from: 'ended', event: 'call.held', expected: none, behaviour: 'a hold after the end changes nothing' },
  { from: 'ended', event: 'call.resumed', expected: none, behaviour: 'a resume after the end changes nothing' },
  { from: 'ended', event: 'call.ended', expected: none, behaviour: 'a repeated end keeps the first end time and releases nothing twice' },
  { from: 'ended', event: 'chat.ended', expected: none, behaviour: 'a repeated chat end keeps the first end time and releases nothing twice' },
];

describe('the call-state machine', () => {
  it('has a row for every state, and for no interaction yet, with every event type', () => {
    const cells = table.map((r) => `${r.from} ${r.event}`);
    const all = ['none' as const, ...InteractionState.options].flatMap((s) => CtiEventType.options.map((e) => `${s} ${e}`));
    expect(new Set(cells).size).toBe(cells.length);
    expect(cells.sort()).toEqual(all.sort());
  });

  it.each(table)('$from + $event: $behaviour', ({ from, event, expected }) => {
    expect(transition(from === 'none' ? null : CALL[from], event, AT)).toStrictEqual(expected);
  });

  // Events late or out of order fill in what the call is missing, and never move it backwards.
  const late: Array<{ behaviour: string; current: CallSnapshot; event: CtiEventType; at?: Date; expected: Transition }> = [
    {
      behaviour: 'a ringing that arrives after its end fills in when it rang, and the call stays ended',
      current: { state: 'ended', endedAt: ENDED, agentId: null },
      event: 'call.ringing',
      at: RANG,
      expected: { set: { ringingAt: RANG }, route: false, release: false },
    },
    {
      behaviour: 'a chat message that arrives after its end fills in when the chat started, and it stays ended',
      current: { state: 'ended', endedAt: ENDED, agentId: null },
      event: 'chat.message',
      at: RANG,
      expected: { set: { ringingAt: RANG }, route: false, release: false },
    },
    {
      behaviour: 'an answer stamped before the end, arriving after it, fills in when it was answered',
      current: { state: 'ended', ringingAt: RANG, endedAt: ENDED, agentId: AGENT },
      event: 'call.answered',
      at: ANSWERED,
      expected: { set: { answeredAt: ANSWERED, connectedAt: ANSWERED }, route: false, release: false },
    },
    {
      behaviour: 'an answer stamped at the very moment of the end still counts as answered',
      current: { state: 'ended', ringingAt: RANG, endedAt: ENDED, agentId: AGENT },
      event: 'call.answered',
      at: ENDED,
      expected: { set: { answeredAt: ENDED, connectedAt: ENDED }, route: false, release: false },
    },
    {
      behaviour: 'an answer stamped after the end is ignored: the call was never answered',
      current: { state: 'ended', ringingAt: RANG, endedAt: ENDED, agentId: AGENT },
      event: 'call.answered',
      at: AT,
      expected: none,
    },
    {
      behaviour: 'an answer of an ended call that has no end time is ignored',
      current: { state: 'ended', ringingAt: RANG, agentId: AGENT },
      event: 'call.answered',
      at: AT,
      expected: none,
    },
    {
      behaviour: 'a repeated end of a call ended without an end time fills it in, releasing nothing',
      current: { state: 'ended', ringingAt: RANG, agentId: AGENT },
      event: 'call.ended',
      expected: { set: { endedAt: AT }, route: false, release: false },
    },
    {
      behaviour: 'an active call without an answer time (answered before it rang) gets one from a repeated answer',
      current: { state: 'active', ringingAt: RANG, agentId: AGENT },
      event: 'call.answered',
      expected: { set: { answeredAt: AT, connectedAt: AT }, route: false, release: false },
    },
    {
      behaviour: 'an active call that was created by its answer gets its ringing time from the late ringing',
      current: { state: 'active', answeredAt: ANSWERED, agentId: AGENT },
      event: 'call.ringing',
      at: RANG,
      expected: { set: { ringingAt: RANG }, route: false, release: false },
    },
    {
      behaviour: 'an active call nobody holds yet that ends releases nothing',
      current: { state: 'active', ringingAt: RANG, answeredAt: ANSWERED, agentId: null },
      event: 'call.ended',
      expected: endsHolding(false),
    },
    {
      behaviour: 'a ringing call already claimed by an agent, answered, is not routed again',
      current: { state: 'ringing', ringingAt: RANG, agentId: AGENT },
      event: 'call.answered',
      expected: answeredHeld,
    },
    {
      behaviour: "a ringing call already claimed by an agent that ends frees the agent's capacity",
      current: { state: 'ringing', ringingAt: RANG, agentId: AGENT },
      event: 'call.ended',
      expected: endsHolding(true),
    },
    {
      behaviour: 'an offered call the platform had answered keeps that answer time, and is connected to the agent now',
      current: { state: 'offered', ringingAt: RANG, answeredAt: ANSWERED, agentId: AGENT },
      event: 'call.answered',
      expected: { set: { state: 'active', connectedAt: AT }, route: false, release: false },
    },
  ];

  it.each(late)('$behaviour', ({ current, event, at, expected }) => {
    expect(transition(current, event, at ?? AT)).toStrictEqual(expected);
  });
});

describe('hold time', () => {
  const HELD = new Date('2026-03-02T10:04:00Z');
  const onHold: CallSnapshot = { ...CALL.active, heldAt: HELD, holdMs: 30_000, holdCount: 1 };
  const holdRows: Array<{ behaviour: string; current: CallSnapshot; event: CtiEventType; expected: Transition }> = [
    { behaviour: 'a resume adds the hold to the hold time and counts it', current: onHold, event: 'call.resumed', expected: { set: { heldAt: null, holdMs: 90_000, holdCount: 2 }, route: false, release: false } },
    { behaviour: 'a second hold while on hold keeps the first one’s start', current: onHold, event: 'call.held', expected: none },
    { behaviour: 'a call that ends on hold counts the hold up to the end', current: onHold, event: 'call.ended', expected: { set: { state: 'ended', endedAt: AT, heldAt: null, holdMs: 90_000, holdCount: 2 }, route: false, release: true } },
    { behaviour: 'a first hold resumed starts the count', current: { ...CALL.active, heldAt: HELD }, event: 'call.resumed', expected: { set: { heldAt: null, holdMs: 60_000, holdCount: 1 }, route: false, release: false } },
    { behaviour: 'a resume stamped before its hold (clocks apart) adds no negative time', current: { ...CALL.active, heldAt: new Date(AT.getTime() + 5000) }, event: 'call.resumed', expected: { set: { heldAt: null, holdMs: 0, holdCount: 1 }, route: false, release: false } },
  ];
  it.each(holdRows)('$behaviour', ({ current, event, expected }) => {
    expect(transition(current, event, AT)).toStrictEqual(expected);
  });
});
