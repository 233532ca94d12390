import type { LoginResponse } from '../../shared/schemas/auth.js';
import type { Models } from '../db/models.js';
import { unauthorized } from '../http/errors.js';
import { hashPassword, verifyPassword } from './password.js';

/** A hash nobody's password matches: unknown users cost the same scrypt as known ones (no timing oracle). */
let dummyHash: Promise<string> | undefined;
import type { Tokens } from './tokens.js';

export function createAuthService(models: Models, tokens: Tokens) {
  return {
    /** Checks a username and password; the same answer for an unknown user and a wrong password. */
    async login(username: string, password: string): Promise<LoginResponse> {
      const user = await models.User.findOne({ username }).lean();
      const matches = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(`unknown-${Math.random()}`))));
      if (!user || user.disabled || !matches) throw unauthorized('wrong username or password');
      const claims = { userId: String(user._id), username: user.username, role: user.role, epoch: user.tokenEpoch ?? 0 };
      return { token: await tokens.sign(claims), user: { id: claims.userId, username: user.username, role: user.role, displayName: user.displayName ?? undefined } };
    },
    /** Ends every session of the user (all tokens, all screens): raises their token epoch. */
    async logout(userId: string): Promise<void> {
      await models.User.updateOne({ _id: userId }, { $inc: { tokenEpoch: 1 } });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
