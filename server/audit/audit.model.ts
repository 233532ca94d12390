import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

const AuditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { _id: false, userId: String, username: { type: String, required: true }, role: { type: String, required: true } },
    action: { type: String, required: true },
    entity: { _id: false, type: { type: String, required: true }, id: { type: String, required: true } },
    customerId: { type: Schema.Types.ObjectId, default: null },
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    detail: Schema.Types.Mixed,
  },
  { strict: true, versionKey: false, minimize: false, collection: 'auditlog' },
);

// The admin's log screen: newest first, filtered by time range.
AuditSchema.index({ at: -1 });
// Access requests: everything about one customer.
AuditSchema.index({ customerId: 1, at: -1 });
// Filter by who did it.
AuditSchema.index({ 'actor.username': 1, at: -1 });

// Append-only: the model refuses every update and delete, so no route or service can rewrite history.
// (Erasure anonymises customers elsewhere; audit entries hold ids and changes, kept as the legal trail.)
const refuse = function (this: unknown) {
  throw new Error('the audit log is append-only');
};
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'replaceOne', 'deleteOne', 'deleteMany'] as const) {
  AuditSchema.pre(op, refuse);
}
AuditSchema.pre('save', function () {
  if (!this.isNew) throw new Error('the audit log is append-only');
});

export type AuditDoc = InferSchemaType<typeof AuditSchema> & { _id: Types.ObjectId };
const registerAudit = (conn: Connection) => conn.model('Audit', AuditSchema);
export const auditModel = (conn: Connection): ReturnType<typeof registerAudit> =>
  (conn.models.Audit as ReturnType<typeof registerAudit> | undefined) ?? registerAudit(conn);
