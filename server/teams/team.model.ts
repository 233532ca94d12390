import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/** One team (shared/schemas/teams.ts): users name it in `user.team`; written by teams.repository.ts only. */
const TeamSchema = new Schema(
  {
    /** The name users' records hold; never changes once created. */
    name: { type: String, required: true },
    displayName: { type: String, required: true },
    /** Users with the supervisor role who run this team. */
    supervisors: { type: [Schema.Types.ObjectId], default: [] },
    archived: { type: Boolean, default: false },
    updatedBy: String,
  },
  { strict: true, timestamps: true, versionKey: false },
);
// A team by its name (users' records, the screen's URLs); names are unique.
TeamSchema.index({ name: 1 }, { unique: true });
// The teams a supervisor runs (reports' scope, who may change an agent's skills).
TeamSchema.index({ supervisors: 1 });

export type TeamDoc = InferSchemaType<typeof TeamSchema> & { _id: Types.ObjectId };
const registerTeam = (conn: Connection) => conn.model('Team', TeamSchema);
export const teamModel = (conn: Connection): ReturnType<typeof registerTeam> =>
  (conn.models.Team as ReturnType<typeof registerTeam> | undefined) ?? registerTeam(conn);
