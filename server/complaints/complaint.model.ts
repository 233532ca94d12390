import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { ComplaintSeverity, ComplaintStatus } from '../../shared/schemas/enums.js';
import { invalidatesPictures } from '../customers/picture-invalidation.js';

const ComplaintSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    subject: { type: String, required: true },
    category: { type: String, required: true },
    severity: { type: String, enum: ComplaintSeverity.options, required: true },
    status: { type: String, enum: ComplaintStatus.options, default: 'open' },
    owner: String,
    resolution: String,
    openedAt: { type: Date, required: true },
    resolvedAt: Date,
    interactionIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { strict: true, timestamps: true },
);

// Writes drop the snapshots of the pictures they change (the picture's read model).
invalidatesPictures(ComplaintSchema, 'part');
// The picture's complaints panel: a customer's cases.
ComplaintSchema.index({ customerId: 1 });

export type ComplaintDoc = InferSchemaType<typeof ComplaintSchema> & { _id: Types.ObjectId; updatedAt: Date };
const registerComplaint = (conn: Connection) => conn.model('Complaint', ComplaintSchema);
export const complaintModel = (conn: Connection): ReturnType<typeof registerComplaint> =>
  (conn.models.Complaint as ReturnType<typeof registerComplaint> | undefined) ?? registerComplaint(conn);
