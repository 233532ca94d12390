import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/**
 * One per running console process: its screens' connections are counted under its id on each agent
 * (`Agent.sessions`). A process renews its lease while it runs; a lease that expires belongs to a
 * process that died without saying goodbye (kill -9, a lost machine), and its connections are dropped.
 */
const ProcessLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: String,
    pid: Number,
    startedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
// The sweep looks for expired leases.
ProcessLeaseSchema.index({ expiresAt: 1 });

export type ProcessLeaseDoc = InferSchemaType<typeof ProcessLeaseSchema>;
const register = (conn: Connection) => conn.model('ProcessLease', ProcessLeaseSchema, 'processleases');
export const processLeaseModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.ProcessLease as ReturnType<typeof register> | undefined) ?? register(conn);
