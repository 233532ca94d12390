import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { AgentLiveState, AgentPresence } from '../../shared/realtime/agent-state.js';

/**
 * Live routing state of each agent, in the database so that claims are atomic across server
 * processes: routing claims an agent with one findOneAndUpdate on these counters. Written by
 * routing/routing.service.ts only.
 */
const AgentSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    username: { type: String, required: true },
    /** The true state (shared/realtime/agent-state-machine.ts decides it from the facts). */
    state: { type: String, enum: AgentLiveState.options, default: 'offline' },
    stateSince: { type: Date, required: true },
    /** What the agent chose (or the system for them), underneath the work. */
    presence: { type: String, enum: AgentPresence.options, default: 'not-ready' },
    /** Why not ready: a configured reason code or a system one (login, missed, acw-timeout). */
    reason: { type: String, default: 'login' },
    /** When the current after-call work runs out (null: not in after-call work). */
    acwUntil: { type: Date, default: null },
    /** Dispositions owed for interactions stored before this are waived (after-call work ran out). */
    waivedBefore: { type: Date, default: () => new Date(0) },
    /** When the agent last became free: the longest-idle available agent gets the next call. */
    idleSince: { type: Date, required: true },
    skills: { type: [String], default: [] },
    voice: { type: Number, default: 0 },
    chats: { type: Number, default: 0 },
    chatCapacity: { type: Number, default: 3 },
    /** When routing last claimed the agent's capacity: a younger claim may not have reached its interaction yet. */
    claimedAt: { type: Date, default: null },
    /** Open sockets of this agent (across processes); zero means offline. */
    connections: { type: Number, default: 0 },
    /** The same, per console process (by its lease id): a dead process's share is taken back. */
    sessions: { type: Map, of: Number, default: {} },
  },
  { strict: true },
);

// One routing record per user.
AgentSchema.index({ userId: 1 }, { unique: true });
// Routing: available agents, longest idle first.
AgentSchema.index({ state: 1, idleSince: 1 });

export type AgentDoc = InferSchemaType<typeof AgentSchema> & { _id: Types.ObjectId };
const registerAgent = (conn: Connection) => conn.model('Agent', AgentSchema);
export const agentModel = (conn: Connection): ReturnType<typeof registerAgent> =>
  (conn.models.Agent as ReturnType<typeof registerAgent> | undefined) ?? registerAgent(conn);
