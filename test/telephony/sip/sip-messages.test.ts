import { describe, expect, it } from 'vitest';
import { agentAor, callerOf, interactionCallId, parseSwitchEvent, stepEventId, switchTime } from '../../../server/telephony/sip/sip-messages.js';

describe("the switch's messages", () => {
  it.each([
    ['an invite', '{"event":"invite","callId":"a@b","from":"+4470","to":"5000","tindex":1,"tlabel":2}', { event: 'invite', callId: 'a@b', tindex: 1, tlabel: 2 }],
    ['a dialog end', '{"event":"ended","callId":"a@b"}', { event: 'ended', callId: 'a@b' }],
    ['an agent phone failing', '{"event":"agent-failed","callId":"a@b","aor":"sip:x@y","code":0,"tindex":3,"tlabel":4}', { event: 'agent-failed', tindex: 3 }],
    ['a hold accepted', '{"event":"held","callId":"a@b","cseq":2,"at":"1764756000.123456"}', { event: 'held', cseq: 2, at: '1764756000.123456' }],
    ['a resume accepted', '{"event":"resumed","callId":"a@b","cseq":3,"at":"1764756004"}', { event: 'resumed', cseq: 3 }],
  ])('reads %s', (_name, raw, expected) => {
    expect(parseSwitchEvent(raw)).toMatchObject(expected);
  });

  it.each([
    ['not JSON', 'hello'],
    ['an unknown event', '{"event":"reboot","callId":"a"}'],
    ['an invite without its transaction', '{"event":"invite","callId":"a@b"}'],
    ['a negative transaction index', '{"event":"invite","callId":"a@b","tindex":-1,"tlabel":2}'],
    ['an empty call id', '{"event":"ended","callId":""}'],
    ['an arrival time that is not seconds', '{"event":"invite","callId":"a@b","tindex":1,"tlabel":2,"receivedAt":"soon"}'],
    ['a hold without its re-offer', '{"event":"held","callId":"a@b","at":"1764756000"}'],
    ['a hold without its time', '{"event":"held","callId":"a@b","cseq":2}'],
  ])('ignores %s', (_name, raw) => {
    expect(parseSwitchEvent(raw)).toBeNull();
  });

  it.each([
    ['a telephone number as the From user', { from: '+447700900001', fromUri: 'sip:+447700900001@carrier' }, '+447700900001'],
    ['a number written with separators', { from: '020 7946-0001' }, '020 7946-0001'],
    ['a named SIP user: the whole address', { from: 'alice', fromUri: 'sip:alice@example.com' }, 'sip:alice@example.com'],
    ['no From user at all (Kamailio writes <null>)', { from: '<null>', fromUri: '<null>' }, 'anonymous'],
    ['nothing', {}, 'anonymous'],
  ])('takes the caller from %s', (_name, e, expected) => {
    expect(callerOf(e)).toBe(expected);
  });

  it('reads the switch time to the millisecond', () => {
    expect(switchTime('1764756000.123456').toISOString()).toBe('2025-12-03T10:00:00.123Z');
  });

  it('keeps call ids within the CTI contract and apart from webhook calls', () => {
    expect(interactionCallId('abc@host')).toBe('sip:abc@host');
    const long = interactionCallId('x'.repeat(300));
    expect(long).toMatch(/^sip:sha256:[0-9a-f]{64}$/);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(interactionCallId('x'.repeat(300))).toBe(long);
  });

  it('gives each step of a call one event id, distinct between steps and calls, within 128 characters', () => {
    const ids = [stepEventId('sip:a', 'ringing'), stepEventId('sip:a', 'answered'), stepEventId('sip:a', 'ended'), stepEventId('sip:b', 'ended')];
    expect(new Set(ids).size).toBe(4);
    expect(stepEventId('sip:a', 'ended')).toBe(ids[2]);
    expect(Math.max(...ids.map((i) => i.length))).toBeLessThanOrEqual(128);
  });

  it('addresses an agent as sip:<username>@<domain>', () => {
    expect(agentAor('agent2', 'console.test')).toBe('sip:agent2@console.test');
  });
});
