import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { JobState } from '../../shared/schemas/enums.js';

/**
 * Long-running work a person started and watches (an import): its progress lives here, so any console
 * process can answer "how far has it got", and it survives the process that runs it. A job whose
 * process died stays `running` with a `heartbeatAt` that stops moving; readers report it as stalled.
 */
const JobSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    /** What the job works on (an import's type). */
    type: { type: String, required: true },
    state: { type: String, enum: JobState.options, required: true },
    processed: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    startedBy: String,
    startedAt: { type: Date, required: true },
    heartbeatAt: { type: Date, required: true },
    finishedAt: Date,
    error: String,
  },
  { strict: true, versionKey: false },
);
JobSchema.index({ startedBy: 1, startedAt: -1 });

export type JobDoc = InferSchemaType<typeof JobSchema>;
const register = (conn: Connection) => conn.model('Job', JobSchema, 'jobs');
export const jobModel = (conn: Connection): ReturnType<typeof register> => (conn.models.Job as ReturnType<typeof register> | undefined) ?? register(conn);
