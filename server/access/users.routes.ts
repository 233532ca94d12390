import { Router } from 'express';
import { TemporaryPassword, UserCreate, UserFilter, UserPatch, type UserView, matchesUserFilter } from '../../shared/schemas/users.js';
import { csvLine } from '../http/csv.js';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import { hashPassword } from '../auth/password.js';
import { temporaryPassword } from '../auth/temporary-password.js';
import type { Models } from '../db/models.js';
import { conflict, notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import { type IO, userRoom } from '../realtime/io.js';
import type { ActiveUsers } from '../security/active-users.js';

type UserRecord = {
  _id: unknown;
  username: string;
  role: UserView['role'];
  displayName?: string | null;
  team?: string | null;
  disabled?: boolean | null;
  mustChangePassword?: boolean | null;
};

const toUser = (u: UserRecord): UserView => ({
  id: String(u._id),
  username: u.username,
  role: u.role,
  displayName: u.displayName ?? undefined,
  team: u.team ?? undefined,
  disabled: !!u.disabled,
  mustChangePassword: !!u.mustChangePassword,
});

const FIELDS = { username: 1, role: 1, displayName: 1, team: 1, disabled: 1, mustChangePassword: 1 };

/**
 * Admins manage users: create one (with a temporary password shown once, to be changed at first
 * login), change role, team or name, disable or enable, reset a password. Whatever changes what a
 * token stands for (role, disabling, a reset) ends the user's sessions and cuts their screens at once.
 * Every change is audited with before and after (never a password).
 */
export function userRoutes(
  models: Models,
  io: IO,
  audit: AuditService,
  activeUsers: ActiveUsers,
  /** Refuses a team users may not be put in (server/teams: once teams exist, an active one). */
  assertTeam: (team: string | null | undefined) => Promise<void> = async () => {},
) {
  const r = Router();
  const endSessions = (id: string) => {
    activeUsers.forget(id);
    io.in(userRoom(id)).disconnectSockets(true);
  };

  r.get(
    '/users',
    handle(async () => (await models.User.find({}, FIELDS).sort({ username: 1 }).lean()).map(toUser)),
  );

  r.get('/users/export', async (req, res, next) => {
    try {
      const filter = parse(UserFilter, req.query, 'filters');
      const users = (await models.User.find({}, FIELDS).sort({ username: 1 }).lean()).map(toUser).filter((u) => matchesUserFilter(u, filter));
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="users.csv"');
      res.send(
        csvLine(['username', 'displayName', 'role', 'team', 'status', 'mustChangePassword']) +
          users.map((u) => csvLine([u.username, u.displayName, u.role, u.team, u.disabled ? 'disabled' : 'active', u.mustChangePassword])).join(''),
      );
    } catch (err) {
      next(err);
    }
  });

  r.post(
    '/users',
    handle(async (req) => {
      const input = parse(UserCreate, req.body, 'user');
      await assertTeam(input.team);
      if (await models.User.exists({ username: input.username })) throw conflict(`a user named ${input.username} exists already`, undefined, 'USERNAME_TAKEN', { username: input.username });
      const password = temporaryPassword();
      const created = await models.User.create({ ...input, passwordHash: await hashPassword(password), mustChangePassword: true }).catch((err: { code?: number }) => {
        if (err.code === 11000) throw conflict(`a user named ${input.username} exists already`, undefined, 'USERNAME_TAKEN', { username: input.username });
        throw err;
      });
      const user = toUser(created.toObject());
      await audit.record({ actor: currentUser(req), action: 'user.created', entity: { type: 'user', id: user.id }, after: { username: user.username, role: user.role, team: user.team } });
      return TemporaryPassword.parse({ user, temporaryPassword: password });
    }, 201),
  );

  r.patch(
    '/users/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'user id');
      const patch = parse(UserPatch, req.body, 'user update');
      await assertTeam(patch.team);
      const before = await models.User.findById(id, FIELDS).lean();
      if (!before) throw notFound('user');
      const set: Record<string, unknown> = {};
      const unset: Record<string, 1> = {};
      if (patch.disabled !== undefined) set.disabled = patch.disabled;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.displayName !== undefined) set.displayName = patch.displayName;
      if (patch.team === null) unset.team = 1;
      else if (patch.team !== undefined) set.team = patch.team;
      // Disabling, or a new role (it is in the token), ends the user's sessions: enabling again revives none.
      const revoke = patch.disabled === true || (patch.role !== undefined && patch.role !== before.role);
      const after = await models.User.findByIdAndUpdate(
        id,
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), ...(revoke ? { $inc: { tokenEpoch: 1 } } : {}) },
        { returnDocument: 'after', projection: FIELDS },
      ).lean();
      activeUsers.forget(String(id));
      if (revoke) endSessions(String(id));
      const changed = Object.keys(patch) as Array<keyof typeof patch>;
      await audit.record({
        actor: currentUser(req),
        action: patch.disabled === true ? 'user.disabled' : patch.disabled === false && changed.length === 1 ? 'user.enabled' : 'user.changed',
        entity: { type: 'user', id: String(id) },
        before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, (after as Record<string, unknown> | null)?.[k] ?? null])),
      });
      return toUser(after!);
    }),
  );

  r.post(
    '/users/:id/reset-password',
    handle(async (req) => {
      const id = parseId(req.params.id, 'user id');
      const password = temporaryPassword();
      const after = await models.User.findByIdAndUpdate(
        id,
        { $set: { passwordHash: await hashPassword(password), mustChangePassword: true }, $inc: { tokenEpoch: 1 } },
        { returnDocument: 'after', projection: FIELDS },
      ).lean();
      if (!after) throw notFound('user');
      endSessions(String(id));
      await audit.record({ actor: currentUser(req), action: 'user.password-reset', entity: { type: 'user', id: String(id) } });
      return TemporaryPassword.parse({ user: toUser(after), temporaryPassword: password });
    }),
  );
  return r;
}
