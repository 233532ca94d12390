import type { ChatAttachment } from '@shared/schemas/interaction';
import type { VisitorMessage } from '@shared/schemas/widget';

/*
 * The visitor's chat as the widget shows it, kept free of I/O so its rules are table-tested
 * (test/widget-client/conversation.test.ts): no message lost or shown twice across reconnects.
 * - Every message the visitor writes gets a clientId and stays "sending" until the server's ack; the
 *   unacked ones are sent again, with the same clientId, once a new connection is up.
 * - Whatever arrives (ack, echo, history after a reload) is matched by seq, else by clientId: it
 *   replaces what is there, never adds a second copy.
 */

/** Where a message of the visitor's stands: sending → sent (acked) → read (the agent read up to it); failed when refused. */
export type Mark = 'sending' | 'sent' | 'read' | 'failed';

export type DeliveryEvent = { type: 'acked' } | { type: 'read'; upTo: number; seq?: number } | { type: 'refused' } | { type: 'retry' };

/** The delivery marks' state machine: marks only move forward, except a refused message the visitor retries. */
export function nextMark(mark: Mark, event: DeliveryEvent): Mark {
  switch (event.type) {
    case 'acked':
      return mark === 'sending' || mark === 'failed' ? 'sent' : mark;
    case 'read':
      return mark === 'sent' && event.seq !== undefined && event.upTo >= event.seq ? 'read' : mark;
    case 'refused':
      return mark === 'sending' ? 'failed' : mark;
    case 'retry':
      return mark === 'failed' ? 'sending' : mark;
  }
}

export interface Line {
  clientId?: string;
  seq?: number;
  from: VisitorMessage['from'];
  text: string;
  at: string;
  agentName?: string;
  attachment?: ChatAttachment;
  /** The visitor's own messages only. */
  mark?: Mark;
  /** Why a failed message was refused: an ack's error code. */
  error?: string;
}

/** A line's stable identity in the list (the DOM keeps one element per key). */
export const lineKey = (l: Line) => (l.clientId ? `c:${l.clientId}` : `s:${l.seq}`);

/** Stored messages by seq, then the ones still waiting for their ack, in the order written. */
function ordered(lines: Line[]): Line[] {
  const stored = lines.filter((l) => l.seq !== undefined).sort((a, b) => a.seq! - b.seq!);
  return [...stored, ...lines.filter((l) => l.seq === undefined)];
}

function fromServer(m: VisitorMessage, readUpTo: number): Line {
  const line: Line = { clientId: m.clientId, seq: m.seq, from: m.from, text: m.text, at: m.at, agentName: m.agentName, attachment: m.attachment };
  if (m.from === 'visitor') line.mark = nextMark('sent', { type: 'read', upTo: readUpTo, seq: m.seq });
  return line;
}

/**
 * The chat after `visitor:session` (a reload, a new tab, a reconnect): the server's history, plus the
 * messages written here that the server has not stored yet (to be sent again).
 */
export function fromHistory(history: VisitorMessage[], readUpTo: number, current: Line[] = []): Line[] {
  const stored = new Set(history.map((m) => m.clientId).filter(Boolean));
  const unsent = current.filter((l) => l.seq === undefined && l.clientId && !stored.has(l.clientId));
  const bySeq = new Map(history.map((m) => [m.seq, fromServer(m, readUpTo)]));
  return ordered([...bySeq.values(), ...unsent]);
}

export function addOutgoing(lines: Line[], m: { clientId: string; text: string; at: string; attachment?: ChatAttachment }): Line[] {
  return [...lines, { ...m, from: 'visitor', mark: 'sending' }];
}

/** A message from the server: an agent's, a system note, or the echo of the visitor's own (as its ack). */
export function applyIncoming(lines: Line[], m: VisitorMessage, readUpTo = 0): Line[] {
  if (lines.some((l) => l.seq === m.seq)) return lines;
  const mine = m.clientId ? lines.findIndex((l) => l.clientId === m.clientId) : -1;
  if (mine >= 0) return applyAck(lines, m.clientId!, m, readUpTo);
  return ordered([...lines, fromServer(m, readUpTo)]);
}

/** The server stored the visitor's message (the ack of a first send or of a resend). */
export function applyAck(lines: Line[], clientId: string, m: VisitorMessage, readUpTo = 0): Line[] {
  // The same seq already shown under another key (it came first as history): keep one.
  const rest = lines.filter((l) => !(l.seq === m.seq && l.clientId !== clientId));
  return ordered(
    rest.map((l) => {
      if (l.clientId !== clientId) return l;
      const mark = nextMark(nextMark(l.mark ?? 'sending', { type: 'acked' }), { type: 'read', upTo: readUpTo, seq: m.seq });
      return { ...l, seq: m.seq, at: m.at, text: m.text, attachment: m.attachment ?? l.attachment, mark, error: undefined };
    }),
  );
}

export function applyRefusal(lines: Line[], clientId: string, code: string): Line[] {
  return lines.map((l) => (l.clientId === clientId ? { ...l, mark: nextMark(l.mark ?? 'sending', { type: 'refused' }), error: code } : l));
}

export function applyRetry(lines: Line[], clientId: string): Line[] {
  return lines.map((l) => (l.clientId === clientId ? { ...l, mark: nextMark(l.mark ?? 'failed', { type: 'retry' }), error: undefined } : l));
}

export function applyRead(lines: Line[], upTo: number): Line[] {
  return lines.map((l) => (l.from === 'visitor' && l.mark ? { ...l, mark: nextMark(l.mark, { type: 'read', upTo, seq: l.seq }) } : l));
}

/** What to send again on a new connection: every message still waiting for its ack, in order. */
export const unacked = (lines: Line[]) => lines.filter((l) => l.from === 'visitor' && l.mark === 'sending' && l.clientId);

/** The last agent message's seq: what the visitor has read once the panel shows it. */
export function lastAgentSeq(lines: Line[]): number {
  return lines.reduce((max, l) => (l.from !== 'visitor' && l.seq !== undefined && l.seq > max ? l.seq : max), 0);
}
