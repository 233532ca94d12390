import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { StoredAgentState } from '../../shared/realtime/agent-state.js';

/**
 * Live routing state of each agent, in the database so that claims are atomic across server
 * processes: routing claims an agent with one findOneAndUpdate on these counters.
 */
const AgentSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    username: { type: String, required: true },
    state: { type: String, enum: StoredAgentState.options, default: 'offline' },
    stateSince: { type: Date, required: true },
    /** When the agent last became free: the longest-idle available agent gets the next call. */
    idleSince: { type: Date, required: true },
    skills: { type: [String], default: [] },
    voice: { type: Number, default: 0 },
    chats: { type: Number, default: 0 },
    chatCapacity: { type: Number, default: 3 },
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
