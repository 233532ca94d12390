import { describe, expect, it } from 'vitest';
import type { VisitorMessage } from '@shared/schemas/widget';
import { addOutgoing, applyAck, applyIncoming, applyRead, applyRefusal, applyRetry, fromHistory, lastAgentSeq, nextMark, unacked, type DeliveryEvent, type Line, type Mark } from '../../client/widget/conversation';

const at = '2026-12-02T10:00:00.000Z';
const agent = (seq: number, text = `agent ${seq}`): VisitorMessage => ({ seq, from: 'agent', text, at, agentName: 'Grace' });
const stored = (seq: number, clientId: string, text = clientId): VisitorMessage => ({ seq, clientId, from: 'visitor', text, at });
const out = (lines: Line[], clientId: string, text = clientId) => addOutgoing(lines, { clientId, text, at });
const view = (lines: Line[]) => lines.map((l) => `${l.from[0]}${l.seq ?? '-'}:${l.text}${l.mark ? `(${l.mark})` : ''}`);

describe('delivery marks', () => {
  const table: Array<[Mark, DeliveryEvent, Mark]> = [
    ['sending', { type: 'acked' }, 'sent'],
    ['sending', { type: 'refused' }, 'failed'],
    ['sending', { type: 'read', upTo: 10 }, 'sending'],
    ['sent', { type: 'read', upTo: 4, seq: 5 }, 'sent'],
    ['sent', { type: 'read', upTo: 5, seq: 5 }, 'read'],
    ['sent', { type: 'read', upTo: 9, seq: 5 }, 'read'],
    ['sent', { type: 'acked' }, 'sent'],
    ['sent', { type: 'refused' }, 'sent'],
    ['read', { type: 'read', upTo: 1, seq: 5 }, 'read'],
    ['read', { type: 'acked' }, 'read'],
    ['failed', { type: 'retry' }, 'sending'],
    ['failed', { type: 'read', upTo: 10, seq: 1 }, 'failed'],
    ['failed', { type: 'acked' }, 'sent'],
    ['sent', { type: 'retry' }, 'sent'],
  ];
  it.each(table)('%s + %j → %s', (mark, event, expected) => {
    expect(nextMark(mark, event)).toBe(expected);
  });
});

describe('the message list across acks, echoes and reconnects', () => {
  it('shows a written message as sending, then sent with its seq once acked, then read', () => {
    let lines = out([], 'c1', 'hello');
    expect(view(lines)).toEqual(['v-:hello(sending)']);
    lines = applyAck(lines, 'c1', stored(3, 'c1', 'hello'));
    expect(view(lines)).toEqual(['v3:hello(sent)']);
    lines = applyRead(lines, 2);
    expect(view(lines)).toEqual(['v3:hello(sent)']);
    lines = applyRead(lines, 3);
    expect(view(lines)).toEqual(['v3:hello(read)']);
  });

  it('acks a message the agent has already read up to as read at once', () => {
    expect(view(applyAck(out([], 'c1'), 'c1', stored(2, 'c1'), 5))).toEqual(['v2:c1(read)']);
  });

  it.each([
    ['the ack first, then the echo', (l: Line[]) => applyIncoming(applyAck(l, 'c1', stored(1, 'c1')), stored(1, 'c1'))],
    ['the echo first, then the ack', (l: Line[]) => applyAck(applyIncoming(l, stored(1, 'c1')), 'c1', stored(1, 'c1'))],
    ['the ack twice (a resend answered with the message first stored)', (l: Line[]) => applyAck(applyAck(l, 'c1', stored(1, 'c1')), 'c1', stored(1, 'c1'))],
  ])('shows a message once when the server gives %s', (_name, run) => {
    expect(view(run(out([], 'c1')))).toEqual(['v1:c1(sent)']);
  });

  it.each([
    ['twice', [agent(1), agent(1)], ['a1:agent 1']],
    ['out of order', [agent(2), agent(1)], ['a1:agent 1', 'a2:agent 2']],
    ['after a reload showed it as history', [agent(2), agent(1), agent(2)], ['a1:agent 1', 'a2:agent 2']],
  ])('de-duplicates incoming messages by seq: %s', (_name, incoming, expected) => {
    expect(view(incoming.reduce<Line[]>((l, m) => applyIncoming(l, m), []))).toEqual(expected);
  });

  it('keeps messages still waiting for their ack after the stored ones, in the order written', () => {
    let lines = out(out([], 'c1', 'first'), 'c2', 'second');
    lines = applyIncoming(lines, agent(1, 'hi'));
    expect(view(lines)).toEqual(['a1:hi', 'v-:first(sending)', 'v-:second(sending)']);
    lines = applyAck(lines, 'c2', stored(3, 'c2', 'second'));
    lines = applyAck(lines, 'c1', stored(2, 'c1', 'first'));
    expect(view(lines)).toEqual(['a1:hi', 'v2:first(sent)', 'v3:second(sent)']);
  });

  it('re-sends, after a reconnect, exactly the messages never acknowledged, with the same clientId', () => {
    let lines = out(out(out([], 'c1'), 'c2'), 'c3');
    lines = applyAck(lines, 'c1', stored(1, 'c1'));
    // The connection drops; the session after the reconnect says the server had stored c2 (its ack was lost).
    lines = fromHistory([stored(1, 'c1'), stored(2, 'c2'), agent(3)], 0, lines);
    expect(view(lines)).toEqual(['v1:c1(sent)', 'v2:c2(sent)', 'a3:agent 3', 'v-:c3(sending)']);
    expect(unacked(lines).map((l) => l.clientId)).toEqual(['c3']);
    // The resend's ack: stored once, no duplicate.
    lines = applyAck(lines, 'c3', stored(4, 'c3'));
    expect(view(lines)).toEqual(['v1:c1(sent)', 'v2:c2(sent)', 'a3:agent 3', 'v4:c3(sent)']);
    expect(unacked(lines)).toEqual([]);
  });

  it('rebuilds the chat from history after a reload (nothing written locally), with read marks', () => {
    const lines = fromHistory([stored(1, 'c1'), agent(2), stored(3, 'c3')], 1);
    expect(view(lines)).toEqual(['v1:c1(read)', 'a2:agent 2', 'v3:c3(sent)']);
    expect(lastAgentSeq(lines)).toBe(2);
  });

  it('marks a refused message as failed with its reason, not re-sent until the visitor retries', () => {
    let lines = applyRefusal(out([], 'c1'), 'c1', 'RATE_LIMITED');
    expect(lines[0]).toMatchObject({ mark: 'failed', error: 'RATE_LIMITED' });
    expect(unacked(lines)).toEqual([]);
    lines = applyRetry(lines, 'c1');
    expect(lines[0]).toMatchObject({ mark: 'sending', error: undefined });
    expect(unacked(lines).map((l) => l.clientId)).toEqual(['c1']);
  });

  it('reads up to the last agent or system message, never the visitor own', () => {
    const lines = [agent(1), { ...agent(2), from: 'system' as const }, stored(3, 'c3')].reduce<Line[]>((l, m) => applyIncoming(l, m), []);
    expect(lastAgentSeq(lines)).toBe(2);
    expect(lastAgentSeq([])).toBe(0);
  });
});
