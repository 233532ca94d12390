import { EventEmitter } from 'node:events';
import type { AgentStatus } from '../shared/realtime/events.js';
import type { CallbackTask } from '../shared/schemas/callbacks.js';
import type { CannedReply } from '../shared/schemas/canned-replies.js';
import type { TeamView } from '../shared/schemas/teams.js';
import type { QueueSettings } from '../shared/schemas/queue-settings.js';
import type { DispositionCode } from '../shared/schemas/dispositions.js';
import type { JobProgress } from './ops/job-progress.js';
import type { ChatMessage } from '../shared/schemas/interaction.js';
import type { InteractionDoc } from './interactions/interaction.model.js';

/** A customer's rating of one chat, as the floor counts it. */
export interface ChatRated {
  id: string;
  interactionId: string;
  queue?: string;
  agentId?: string;
  score: number;
  at: Date;
}

/** Why an interaction was written: subscribers decide by it (the pop follows `assigned`, the feed follows all). */
export type InteractionCause =
  /** Created by the platform's first event of a call or chat. */
  | 'opened'
  /** A later platform event applied (answered, held, ended, a first message that filled in the start...). */
  | 'event'
  /**
   * A customer's chat message counted and stored, and nothing else about the interaction changed: the
   * most frequent write of a chat, which moves no report, feed entry or agent state.
   */
  | 'message'
  /** No agent could take it now: it waits in its queue. */
  | 'queued'
  /** Routing gave it to an agent. */
  | 'assigned'
  /** Its agent's screen never took the pop: back to the queue. */
  | 'requeued'
  /** The agent's screen took the pop (and the offers it showed were logged). */
  | 'pop-acknowledged'
  /** A pop's acknowledgement withdrawn: the agent's phone never rang (a SIP call), routing takes it back. */
  | 'pop-withdrawn'
  /** The agent's screen took a chat's pop: the chat is answered (its answer time is the acceptance). */
  | 'chat-accepted'
  /** The agent saved notes, a disposition, an offer outcome or the customer. */
  | 'recorded'
  /** A preference, consent or record change made during it was logged on it. */
  | 'change-logged'
  /** Its customer was set (a quick-create or a choice among candidates). */
  | 'customer-attached'
  | 'complaint-linked'
  /** An agent's chat reply was stored. */
  | 'agent-message'
  /** Its agent (or a supervisor) handed it to another agent or queue: it left its agent and is routed again. */
  | 'transferred'
  /** A telemarketer's call was placed, dropped with its lapsed lock, or recorded with its outcome. */
  | 'outbound-opened'
  | 'outbound-dropped'
  | 'outbound-recorded'
  /** The switch placed, connected or ended a telemarketer's click-to-call (its `sipCall`). */
  | 'outbound-call';

/**
 * Writes that only counted a chat message (a customer's or an agent's): no report, feed entry or agent
 * state depends on them, so the rollups, the supervisors' feed and the relay to other processes skip them.
 */
export const countsOnlyAMessage = (cause: InteractionCause) => cause === 'message' || cause === 'agent-message';

/** One write of one interaction. */
export interface InteractionChanged {
  id: string;
  cause: InteractionCause;
  /** The document as saved. */
  doc: InteractionDoc;
  /** The customer's name, when the writer knew it (spares the feed a read). */
  customerName?: string;
  /** The chat message this write stored, and who sent it (an agent's reply). */
  message?: ChatMessage;
  author?: string;
  /** Platform events only: the interaction now waits for an agent (routing takes it from here). */
  needsAgent?: boolean;
  /** A transfer: the agent it left (their screens drop it). */
  previousAgent?: string;
}

/** Why interactions were written in bulk (a customer erased, merged into another, or a merge undone). */
export type BulkCause = 'erased' | 'merged' | 'unmerged';

export interface BusEvents {
  'interaction:changed': [change: InteractionChanged];
  /** Several interactions written by one command; subscribers reload the ones they show. */
  'interactions:changed': [change: { ids: string[]; cause: BulkCause }];
  /** An interaction changed in another console process (relayed): reload it by id. */
  'interaction:changed-elsewhere': [change: { id: string }];
  /** An agent's routing state, capacity or connections changed (`status` when the writer has it). */
  'agent:changed': [change: { agentUserId: string; status?: AgentStatus }];
  /** A step of a long job someone started (an import): pushed to their screens. */
  'job:progress': [change: { userId: string; progress: JobProgress }];
  /** A callback task was left, claimed or closed (callbacks/callbacks.repository.ts). */
  'callback:changed': [change: { task: CallbackTask }];
  /** A customer rated a chat (widget/ratings.repository.ts): the floor's satisfaction figures follow. */
  'chat:rated': [change: { rating: ChatRated }];
  /** A canned reply was created, changed or archived (canned-replies/canned-replies.repository.ts). */
  'canned-reply:changed': [change: { reply: CannedReply; archived: boolean }];
  /** A team was created, renamed, archived or given other supervisors (teams/teams.repository.ts). */
  'team:changed': [change: { team: TeamView }];
  /** A queue's settings were saved or reset to the defaults (queues/queue-settings.service.ts). */
  'queue-settings:changed': [change: { settings: QueueSettings }];
  /** A disposition code was created, changed or archived (dispositions/dispositions.repository.ts). */
  'disposition:changed': [change: { code: DispositionCode }];
}

/**
 * The console's in-process event bus: each repository publishes one event per write, and the
 * screens, the supervisors' feed, routing, pops and the relay to other processes subscribe. A
 * subscriber runs synchronously after the write and must not throw (do async work on its own and
 * log its failure).
 */
export class EventBus extends EventEmitter<BusEvents> {
  constructor() {
    super({ captureRejections: false });
    // Every screen-facing feature subscribes once; more than the default 10 is expected, not a leak.
    this.setMaxListeners(50);
  }
}
