import type { Locale } from '../../shared/i18n/locales.js';
import type { LoginResponse, PublicUser } from '../../shared/schemas/auth.js';
import type { Models } from '../db/models.js';
import { badRequest, unauthorized } from '../http/errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordRule } from './password-policy.js';
import type { Tokens } from './tokens.js';

/** A hash nobody's password matches: unknown users cost the same scrypt as known ones (no timing oracle). */
let dummyHash: Promise<string> | undefined;

type UserRecord = { _id: unknown; username: string; role: LoginResponse['user']['role']; displayName?: string | null; language?: Locale | null; tokenEpoch?: number | null; mustChangePassword?: boolean | null };

export function createAuthService(models: Models, tokens: Tokens) {
  async function session(user: UserRecord): Promise<LoginResponse> {
    const mustChangePassword = !!user.mustChangePassword;
    const claims = { userId: String(user._id), username: user.username, role: user.role, epoch: user.tokenEpoch ?? 0, mustChangePassword };
    return {
      token: await tokens.sign(claims),
      user: publicUser(user),
    };
  }

  function publicUser(user: UserRecord): PublicUser {
    return {
      id: String(user._id),
      username: user.username,
      role: user.role,
      displayName: user.displayName ?? undefined,
      ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
      ...(user.language ? { language: user.language } : {}),
    };
  }

  return {
    /** Checks a username and password; the same answer (and the same work) for an unknown user and a wrong password. */
    async login(username: string, password: string): Promise<LoginResponse> {
      const user = await models.User.findOne({ username }).lean();
      const matches = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(`unknown-${Math.random()}`))));
      if (!user || user.disabled || !matches) throw unauthorized('wrong username or password', 'LOGIN_WRONG');
      return session(user);
    },

    /** Ends every session of the user (all tokens, all screens): raises their token epoch. */
    async logout(userId: string): Promise<void> {
      await models.User.updateOne({ _id: userId }, { $inc: { tokenEpoch: 1 } });
    },

    /** Keeps the user's chosen language; their other screens pick it up at their next login or reload. */
    async setLanguage(userId: string, language: Locale): Promise<PublicUser> {
      const updated = await models.User.findByIdAndUpdate(userId, { $set: { language } }, { returnDocument: 'after' }).lean();
      if (!updated || updated.disabled) throw unauthorized('this session has ended; log in again', 'SESSION_ENDED');
      return publicUser(updated);
    },

    /**
     * A user's own password change: the current password proves it is them; the new one must pass the
     * policy. Every other session ends; this one continues with the returned token.
     */
    async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<LoginResponse> {
      const user = await models.User.findById(userId).lean();
      if (!user || user.disabled) throw unauthorized('this session has ended; log in again', 'SESSION_ENDED');
      if (!(await verifyPassword(currentPassword, user.passwordHash))) throw badRequest('the current password is not right', undefined, 'PASSWORD_WRONG');
      const problem = passwordRule(newPassword, user.username);
      if (problem) throw badRequest(problem.message, undefined, problem.code, problem.params);
      if (await verifyPassword(newPassword, user.passwordHash)) throw badRequest('the new password must differ from the current one', undefined, 'PASSWORD_UNCHANGED');
      const updated = await models.User.findByIdAndUpdate(
        userId,
        { $set: { passwordHash: await hashPassword(newPassword), mustChangePassword: false }, $inc: { tokenEpoch: 1 } },
        { returnDocument: 'after' },
      ).lean();
      return session(updated!);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
