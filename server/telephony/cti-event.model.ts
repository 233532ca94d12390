import { type Connection, Schema } from 'mongoose';

const CtiEventSchema = new Schema(
  {
    eventId: { type: String, required: true },
    callId: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
  },
  { strict: true },
);

// Idempotency: a repeated eventId hits this unique index and has no second effect.
CtiEventSchema.index({ eventId: 1 }, { unique: true });

const registerCtiEvent = (conn: Connection) => conn.model('CtiEvent', CtiEventSchema);
export const ctiEventModel = (conn: Connection): ReturnType<typeof registerCtiEvent> =>
  (conn.models.CtiEvent as ReturnType<typeof registerCtiEvent> | undefined) ?? registerCtiEvent(conn);
