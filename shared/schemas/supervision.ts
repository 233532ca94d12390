import { z } from 'zod';
import { Channel } from './common.js';
import { OfferDecision } from './enums.js';
import { BoardAgentState } from '../realtime/agent-state.js';

/** One step in an interaction's life, as the supervisor's live feed shows it. */
export const FeedEvent = z.object({
  /** Unique per event: `${interactionId}:${version}:${kind}` (one write can make several steps). */
  id: z.string(),
  interactionId: z.string(),
  kind: z.enum(['started', 'queued', 'offered', 'answered', 'ended', 'wrapped-up', 'offer', 'complaint', 'transferred', 'held', 'resumed']),
  at: z.coerce.date(),
  channel: Channel,
  queue: z.string().optional(),
  campaign: z.string().optional(),
  team: z.string().optional(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  customerId: z.string().optional(),
  customerName: z.string().optional(),
  from: z.string(),
  disposition: z.string().optional(),
  offer: z.object({ offerId: z.string(), title: z.string().optional(), outcome: OfferDecision }).optional(),
  complaintOpened: z.boolean().optional(),
});
export type FeedEvent = z.infer<typeof FeedEvent>;

export const FeedFilter = z
  .object({
    team: z.string().max(64).optional(),
    queue: z.string().max(64).optional(),
    campaign: z.string().max(64).optional(),
    channel: Channel.optional(),
    agentId: z.string().max(64).optional(),
  })
  .strict();
export type FeedFilter = z.infer<typeof FeedFilter>;

export const AgentBoardEntry = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string().optional(),
  team: z.string().optional(),
  /** `outbound`: a telemarketer on a call from a campaign's list (telemarketers take no routed calls). */
  state: BoardAgentState,
  /** Why not ready (a reason code), when the state is not-ready. */
  reason: z.string().optional(),
  since: z.coerce.date(),
  voice: z.number(),
  chats: z.number(),
  /** The interaction the agent is on (the newest live one), and its customer. */
  interactionId: z.string().optional(),
  customerId: z.string().optional(),
  customerName: z.string().optional(),
  /** Today's customer ratings (CSAT 1–5) of the agent's chats: how many, and their average. */
  csatCount: z.number().optional(),
  csatAverage: z.number().nullable().optional(),
});
export type AgentBoardEntry = z.infer<typeof AgentBoardEntry>;

/** Figures for one queue over one window. Rates are 0..1; times in seconds. */
export const QueueFigures = z.object({
  queue: z.string(),
  waiting: z.number(),
  longestWaitSec: z.number(),
  offered: z.number(),
  answered: z.number(),
  answeredWithinThreshold: z.number(),
  abandoned: z.number(),
  serviceLevel: z.number().nullable(),
  abandonRate: z.number().nullable(),
  averageHandleSec: z.number().nullable(),
  /** Customers' ratings (CSAT 1–5) of chats of the queue in the period: how many, and their average. */
  csatCount: z.number(),
  csatAverage: z.number().nullable(),
  /** The queue's own service level: answered within this many seconds, and the share to reach (Queues settings). */
  serviceLevelSec: z.number(),
  serviceLevelTarget: z.number(),
});
export type QueueFigures = z.infer<typeof QueueFigures>;

/** Per-minute buckets for the small charts (volume and service level over the last hours). */
export const QueueSeriesPoint = z.object({ at: z.coerce.date(), offered: z.number(), answered: z.number(), answeredWithinThreshold: z.number(), abandoned: z.number() });
export type QueueSeriesPoint = z.infer<typeof QueueSeriesPoint>;

export const QueueBoard = z.object({
  /** The threshold of queues without settings (each queue's own is in its figures). */
  thresholdSec: z.number(),
  day: z.array(QueueFigures),
  lastHour: z.array(QueueFigures),
  series: z.array(QueueSeriesPoint),
});
export type QueueBoard = z.infer<typeof QueueBoard>;

/** What a supervisor's screen receives on (re)subscribing: then it streams. */
export const SupervisionSnapshot = z.object({
  feed: z.array(FeedEvent),
  agents: z.array(AgentBoardEntry),
  queues: QueueBoard,
});
export type SupervisionSnapshot = z.infer<typeof SupervisionSnapshot>;
