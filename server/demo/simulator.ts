import { randomUUID } from 'node:crypto';
import type { CtiEvent } from '../../shared/schemas/cti.js';

export interface ScheduledEvent {
  /** Milliseconds after the scenario starts. */
  afterMs: number;
  event: CtiEvent;
}

const between = (rand: () => number, lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));

/**
 * The language queues of the demo, each with the country whose customers call it: the demo agent of a
 * language (`agent-fa`...) has the queue as their one skill, so routing gives them these calls.
 */
export const LANGUAGE_QUEUES = { en: 'GB', fa: 'IR', zh: 'CN', ro: 'RO', hu: 'HU' } as const;
export type LanguageQueue = keyof typeof LANGUAGE_QUEUES;
const LANGUAGE_QUEUE_NAMES = Object.keys(LANGUAGE_QUEUES) as LanguageQueue[];

/** The country whose customers call `queue`, for a language queue. */
export const countryOfQueue = (queue: string): string | undefined => LANGUAGE_QUEUES[queue as LanguageQueue];

/** Where a simulated call goes: half to the sales and service queues, half to one of the language queues. */
export function pickQueue(rand: () => number = Math.random): string {
  if (rand() < 0.5) return rand() < 0.5 ? 'sales' : 'service';
  return LANGUAGE_QUEUE_NAMES[Math.floor(rand() * LANGUAGE_QUEUE_NAMES.length)]!;
}

const CUSTOMER_LINES = [
  'Hi, I have a question about my last order.',
  'My dishwasher is making a strange noise.',
  'Can I change my delivery address?',
  'Is there a discount on coffee beans this month?',
  'Thanks, that helps.',
];

/**
 * The events a telephony platform would send for one inbound call: ringing, answered a few seconds
 * later, ended after a conversation. `speed` shrinks every delay (tests use a large one).
 */
export function callScenario(from: string, opts: { queue?: string; rand?: () => number; speed?: number; at?: Date } = {}): ScheduledEvent[] {
  const rand = opts.rand ?? Math.random;
  const speed = opts.speed ?? 1;
  const callId = `call-${randomUUID()}`;
  const t0 = (opts.at ?? new Date()).getTime();
  const answer = between(rand, 3000, 7000) / speed;
  const end = answer + between(rand, 20_000, 50_000) / speed;
  const base = { callId, channel: 'voice' as const, from, to: '+442079460000', queue: opts.queue ?? (rand() < 0.5 ? 'sales' : 'service') };
  const ev = (type: CtiEvent['type'], afterMs: number): ScheduledEvent => ({
    afterMs,
    event: { ...base, eventId: randomUUID(), type, at: new Date(t0 + afterMs).toISOString() },
  });
  return [ev('call.ringing', 0), ev('call.answered', answer), ev('call.ended', end)];
}

/** A chat: started, a few customer messages, ended. */
export function chatScenario(from: string, opts: { rand?: () => number; speed?: number; at?: Date } = {}): ScheduledEvent[] {
  const rand = opts.rand ?? Math.random;
  const speed = opts.speed ?? 1;
  const callId = `chat-${randomUUID()}`;
  const t0 = (opts.at ?? new Date()).getTime();
  const base = { callId, channel: 'chat' as const, from, to: 'web-chat', queue: 'service' };
  const out: ScheduledEvent[] = [{ afterMs: 0, event: { ...base, eventId: randomUUID(), type: 'chat.started', at: new Date(t0).toISOString() } }];
  let t = 0;
  for (let k = 0; k < between(rand, 2, 4); k++) {
    t += between(rand, 1500, 9000) / speed;
    const text = CUSTOMER_LINES[Math.floor(rand() * CUSTOMER_LINES.length)];
    out.push({ afterMs: t, event: { ...base, eventId: randomUUID(), type: 'chat.message', text, at: new Date(t0 + t).toISOString() } });
  }
  t += between(rand, 15_000, 40_000) / speed;
  out.push({ afterMs: t, event: { ...base, eventId: randomUUID(), type: 'chat.ended', at: new Date(t0 + t).toISOString() } });
  return out;
}

/** Plays scenarios in real time through `send`, each starting `staggerMs` after the previous. */
export function play(scenarios: ScheduledEvent[][], send: (e: CtiEvent) => Promise<unknown>, staggerMs = 1500, onError?: (err: unknown) => void) {
  const timers: NodeJS.Timeout[] = [];
  scenarios.forEach((events, k) => {
    for (const { afterMs, event } of events) {
      timers.push(setTimeout(() => void send(event).catch((err) => onError?.(err)), k * staggerMs + afterMs));
    }
  });
  return () => timers.forEach(clearTimeout);
}
