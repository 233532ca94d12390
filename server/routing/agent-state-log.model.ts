import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { AgentLiveState } from '../../shared/realtime/agent-state.js';

/**
 * Every change of every agent's state: who, from, to, why, when, and who made it. Reports read it for
 * worked hours, time in each state and occupancy. Written by routing/routing.service.ts only.
 */
const AgentStateLogSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    username: { type: String, required: true },
    from: { type: String, enum: AgentLiveState.options, required: true },
    to: { type: String, enum: AgentLiveState.options, required: true },
    /** The not-ready reason, when the change is to not ready. */
    reason: { type: String },
    at: { type: Date, required: true },
    /** `agent`, `system`, or the username of whoever else made it. */
    by: { type: String, required: true },
  },
  { strict: true, versionKey: false },
);

// One agent's day, in order; and everyone's changes over a period.
AgentStateLogSchema.index({ userId: 1, at: 1 });
AgentStateLogSchema.index({ at: 1 });

export type AgentStateLogDoc = InferSchemaType<typeof AgentStateLogSchema> & { _id: Types.ObjectId };
const register = (conn: Connection) => conn.model('AgentStateLog', AgentStateLogSchema, 'agentstatelog');
export const agentStateLogModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.AgentStateLog as ReturnType<typeof register> | undefined) ?? register(conn);
