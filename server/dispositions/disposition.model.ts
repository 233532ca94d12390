import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * A disposition code (shared/schemas/dispositions.ts), checked by the shared schema before it is stored.
 * Written by dispositions/dispositions.repository.ts only; never deleted (interactions keep their code).
 */
const DispositionCodeSchema = new Schema(
  {
    code: { type: String, required: true },
    label: { type: String, required: true },
    /** Translations by locale. */
    labels: { type: Schema.Types.Mixed, default: {} },
    scope: { type: String, required: true, default: 'all' },
    direction: { type: String, enum: ['inbound', 'outbound'], required: true },
    endsContact: { type: Boolean, required: true },
    action: { type: String, enum: ['none', 'retry', 'callback'], default: 'none' },
    active: { type: Boolean, default: true },
    builtIn: { type: Boolean, default: false },
    /** The order of the built-ins (seeded), then by code. */
    position: { type: Number, default: 1000 },
    updatedBy: String,
  },
  { strict: true, timestamps: true, versionKey: false, minimize: false },
);
// One code per direction and scope: the seeding upsert, and a create's clash check.
DispositionCodeSchema.index({ direction: 1, code: 1, scope: 1 }, { unique: true });

export type DispositionCodeDoc = InferSchemaType<typeof DispositionCodeSchema> & { _id: Types.ObjectId; updatedAt: Date };
const register = (conn: Connection) => conn.model('DispositionCode', DispositionCodeSchema, 'dispositioncodes');
export const dispositionCodeModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.DispositionCode as ReturnType<typeof register> | undefined) ?? register(conn);
