import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One per scheduled job that must run in one console process at a time (the nightly recompute): who
 * holds it, until when (renewed while the job runs, so a dead holder's claim lapses), and when it last
 * started (so N processes on the same schedule run it once per period, not N times).
 */
const JobLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: String,
    until: Date,
    lastRunAt: Date,
  },
  { strict: true, versionKey: false },
);

export type JobLockDoc = InferSchemaType<typeof JobLockSchema>;
const register = (conn: Connection) => conn.model('JobLock', JobLockSchema, 'joblocks');
export const jobLockModel = (conn: Connection): ReturnType<typeof register> => (conn.models.JobLock as ReturnType<typeof register> | undefined) ?? register(conn);
