import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { OutsideHours } from '../../shared/schemas/queue-settings.js';

/**
 * One queue's settings (shared/schemas/queue-settings.ts), checked by the shared schema before they are
 * stored; a queue without a document has the defaults. Written by queues/queue-settings.service.ts only.
 */
const QueueSettingsSchema = new Schema(
  {
    queue: { type: String, required: true },
    skills: { type: [String], default: [] },
    serviceLevelSec: { type: Number, required: true },
    serviceLevelTarget: { type: Number, required: true },
    maxWaitSec: { type: Number, default: null },
    acwLimitSec: { type: Number, required: true },
    outsideHours: { type: String, enum: OutsideHours.options, default: 'callback' },
    /** Dialled numbers (DIDs) whose calls the switch gives to this queue. */
    numbers: { type: [String], default: [] },
    updatedBy: String,
  },
  { strict: true, timestamps: true, versionKey: false },
);
// One document per queue: the upsert of a save, and the read of one queue's settings.
QueueSettingsSchema.index({ queue: 1 }, { unique: true });
// Which queue a dialled number reaches (the service refuses a number already another queue's).
QueueSettingsSchema.index({ numbers: 1 });

export type QueueSettingsDoc = InferSchemaType<typeof QueueSettingsSchema> & { _id: Types.ObjectId; updatedAt: Date };
const register = (conn: Connection) => conn.model('QueueSettings', QueueSettingsSchema, 'queuesettings');
export const queueSettingsModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.QueueSettings as ReturnType<typeof register> | undefined) ?? register(conn);
