import type { Campaign } from '../schemas/campaign.js';
import { ObjectIdString, type Ack } from '../schemas/common.js';
import type { CallbackTask } from '../schemas/callbacks.js';
import type { ChatMessage, ChatRead, ChatTyping, Interaction, ScreenPop } from '../schemas/interaction.js';
import type { Role } from '../schemas/auth.js';
import type { JobProgress } from '../schemas/imports.js';
import type { AgentBoardEntry, FeedEvent, FeedFilter, QueueBoard, SupervisionSnapshot } from '../schemas/supervision.js';
import { z } from 'zod';

import { AgentStateRequest, type AgentLiveState, type AgentPresence } from './agent-state.js';

export { AgentStateRequest };

/** `customer:viewing` / `customer:left`: a picture opened or closed on this screen. */
export const CustomerViewing = z.object({ customerId: ObjectIdString }).strict();
export type CustomerViewing = z.infer<typeof CustomerViewing>;
export interface PresenceViewer {
  userId: string;
  username: string;
}
/** Everyone who has one customer's picture open (the receiver included). */
export interface PresenceChanged {
  customerId: string;
  viewers: PresenceViewer[];
}

export interface AgentStatus {
  /** The true state (shared/realtime/agent-state-machine.ts). */
  state: AgentLiveState;
  since: string;
  /** What the agent chose, underneath any work: it applies when the work is done. */
  presence: AgentPresence;
  /** Why not ready (a configured reason code or a system one), when `presence` is not-ready. */
  reason?: string;
  /** In after-call work: when it runs out. */
  acwUntil?: string;
  voice: number;
  chats: number;
}

/** Server → client. Requests are `entity:verb`; broadcasts are past tense. */
export interface ServerToClientEvents {
  'screen-pop': (pop: ScreenPop, ack: (received: boolean) => void) => void;
  'interaction:updated': (interaction: Interaction) => void;
  'chat:message': (msg: { interactionId: string; message: ChatMessage }) => void;
  /** The customer (a website visitor) is typing, or stopped. */
  'chat:typing': (t: ChatTyping) => void;
  /** The customer has read the agent's messages up to `upTo` (a seq). */
  'chat:read': (r: ChatRead) => void;
  /** Agents, telemarketers and supervisors: a callback task was left, claimed or closed. */
  'callback:changed': (task: CallbackTask) => void;
  'agent:state-changed': (status: AgentStatus) => void;
  /** A long job this user started (an import): how far it has got, at most twice a second, and its end. */
  'job:progress': (progress: JobProgress) => void;
  /** Supervisors only: feed events batched (at most every 100 ms), newest last. */
  'feed:batch': (events: FeedEvent[]) => void;
  /** Supervisors only: the agents whose board entry changed. */
  'agents:changed': (agents: AgentBoardEntry[]) => void;
  /** Supervisors only: queue figures, recomputed incrementally, at most once a second. */
  'queues:changed': (board: QueueBoard) => void;
  /** To the viewers of one customer's picture: who has it open now. */
  'presence:changed': (presence: PresenceChanged) => void;
  /** Supervisors and telemarketers: an outbound campaign's status or progress changed. */
  'campaign:changed': (campaign: Campaign) => void;
}

export interface ClientToServerEvents {
  'agent:state': (req: AgentStateRequest, ack: (res: Ack<AgentStatus>) => void) => void;
  /** Supervisors only: (re)subscribe with a filter; the ack carries the snapshot, then events stream. */
  'supervision:subscribe': (filter: FeedFilter, ack: (res: Ack<SupervisionSnapshot>) => void) => void;
  /** A picture is open on this screen; the ack carries who else has it open. */
  'customer:viewing': (req: CustomerViewing, ack?: (res: Ack<PresenceChanged>) => void) => void;
  'customer:left': (req: CustomerViewing) => void;
  /** The agent is typing in a chat they handle (relayed to the website visitor). */
  'chat:typing': (t: ChatTyping) => void;
  /** The agent has read the customer's messages up to `upTo` (relayed to the website visitor). */
  'chat:read': (r: ChatRead) => void;
}

/** Between server processes (through the Redis adapter when REDIS_URL is set). */
export interface InterServerEvents {
  ping: () => void;
  /** Something changed in another process: an interaction (reload it by id) or an agent. */
  activity: (change: { kind: 'interaction' | 'agent'; id: string }) => void;
  /** A customer rated a chat in another process: the floor's figures count it (dates arrive as text). */
  rated: (rating: { id: string; interactionId: string; queue?: string; agentId?: string; score: number; at: Date | string }) => void;
}

export interface SocketData {
  userId: string;
  username: string;
  role: Role;
}
