import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { Locale } from '../../shared/i18n/locales.js';
import { Role } from '../../shared/schemas/auth.js';

const UserSchema = new Schema(
  {
    username: { type: String, required: true },
    displayName: String,
    role: { type: String, enum: Role.options, required: true },
    /** scrypt$N$r$p$salt$hash — see password.ts */
    passwordHash: { type: String, required: true },
    /** Queues this user takes calls for; empty means any. */
    skills: { type: [String], default: [] },
    /** The team a supervisor filters the floor by. */
    team: String,
    chatCapacity: { type: Number, default: 3 },
    /** The console's language for this user (they choose it in the top bar); absent, their browser's. */
    language: { type: String, enum: Locale.options },
    disabled: { type: Boolean, default: false },
    /**
     * Tokens carry the epoch they were issued in; raising it (logout, disable, password change)
     * revokes every earlier token of the user at once, in every process (they read it from here).
     */
    tokenEpoch: { type: Number, default: 0 },
    /** Set by an admin's create or reset (a temporary password): every route but a password change is refused until then. */
    mustChangePassword: { type: Boolean, default: false },
  },
  { strict: true, timestamps: true },
);

// Login: find a user by name; names are unique.
UserSchema.index({ username: 1 }, { unique: true });

export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: Types.ObjectId };
const registerUser = (conn: Connection) => conn.model('User', UserSchema);
export const userModel = (conn: Connection): ReturnType<typeof registerUser> =>
  (conn.models.User as ReturnType<typeof registerUser> | undefined) ?? registerUser(conn);
