import type { AgentBoardEntry, FeedEvent, QueueBoard, SupervisionSnapshot } from '@shared/schemas/supervision';
import { ids } from './fixtures';

const base = Date.parse('2026-11-23T09:00:00.000Z');
const at = (minutes: number) => new Date(base + minutes * 60_000);

/** One feed event; `n` orders them in time (higher is newer). */
export function feedEvent(n: number, over: Partial<FeedEvent> = {}): FeedEvent {
  const interactionId = over.interactionId ?? `66aa0000000000000000${String(100 + n).padStart(4, '0')}`;
  return {
    id: `${interactionId}:${n}`,
    interactionId,
    kind: 'started',
    at: at(n),
    channel: 'voice',
    queue: 'billing',
    team: 'north',
    from: '+40 721 555 014',
    ...over,
  };
}

export const agentsBoard: AgentBoardEntry[] = [
  { userId: 'u-agent', username: 'agent', displayName: 'Elena Marin', team: 'north', state: 'on-call', since: new Date(Date.now() - 125_000), voice: 1, chats: 0, interactionId: ids.call, customerId: ids.ioana, customerName: 'Ioana Popescu', csatCount: 3, csatAverage: 13 / 3 },
  { userId: 'u-agent2', username: 'agent2', displayName: 'Mihai Ionescu', team: 'south', state: 'not-ready', since: new Date(Date.now() - 600_000), voice: 0, chats: 0, csatCount: 0, csatAverage: null },
];

const figures = (queue: string, over: Partial<QueueBoard['day'][number]> = {}) => ({
  queue,
  waiting: 2,
  longestWaitSec: 34,
  offered: 40,
  answered: 36,
  answeredWithinThreshold: 31,
  abandoned: 4,
  serviceLevel: 0.775,
  abandonRate: 0.1,
  averageHandleSec: 245,
  csatCount: 6,
  csatAverage: 4.5,
  serviceLevelSec: 20,
  serviceLevelTarget: 0.8,
  ...over,
});

export const queueBoard: QueueBoard = {
  thresholdSec: 20,
  day: [figures('billing'), figures('sales', { waiting: 0, serviceLevel: 0.92, abandonRate: 0.02 })],
  lastHour: [figures('billing', { offered: 8, serviceLevel: 0.5 }), figures('sales', { offered: 5, serviceLevel: 1 })],
  series: Array.from({ length: 90 }, (_, i) => ({
    at: at(i - 90),
    offered: (i * 7) % 5,
    answered: (i * 7) % 5 - (i % 9 === 0 ? 1 : 0),
    answeredWithinThreshold: Math.max(0, ((i * 7) % 5) - (i % 4 === 0 ? 1 : 0)),
    abandoned: i % 9 === 0 ? 1 : 0,
  })).map((p) => ({ ...p, answered: Math.max(0, p.answered) })),
};

export const snapshot: SupervisionSnapshot = {
  feed: [
    feedEvent(3, { kind: 'answered', agentId: 'u-agent', agentName: 'Elena Marin', customerId: ids.ioana, customerName: 'Ioana Popescu' }),
    feedEvent(2, { kind: 'queued', channel: 'chat', queue: 'sales', team: 'south' }),
    feedEvent(1, { kind: 'ended', campaign: 'winback', queue: undefined, disposition: 'sale', offer: { offerId: 'o1', title: 'Descaler', outcome: 'accepted' }, complaintOpened: true }),
  ],
  agents: agentsBoard,
  queues: queueBoard,
};
