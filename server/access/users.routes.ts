import { Router } from 'express';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import { type IO, userRoom } from '../realtime/io.js';
import type { ActiveUsers } from '../security/active-users.js';

const UserPatch = z.object({ disabled: z.boolean() }).strict();

const toUser = (u: { _id: unknown; username: string; role: string; displayName?: string | null; disabled?: boolean | null }) => ({
  id: String(u._id),
  username: u.username,
  role: u.role,
  displayName: u.displayName ?? undefined,
  disabled: !!u.disabled,
});

/** Admins list users and disable them; a disabled user's open screens are cut at once. */
export function userRoutes(models: Models, io: IO, audit: AuditService, activeUsers: ActiveUsers) {
  const r = Router();
  r.get(
    '/users',

    handle(async () => (await models.User.find({}, { username: 1, role: 1, displayName: 1, disabled: 1 }).sort({ username: 1 }).lean()).map(toUser)),
  );
  r.patch(
    '/users/:id',

    handle(async (req) => {
      const id = parseId(req.params.id, 'user id');
      const { disabled } = parse(UserPatch, req.body, 'user update');
      // Disabling revokes every token issued before: enabling again does not bring them back.
      const before = await models.User.findByIdAndUpdate(id, { $set: { disabled }, ...(disabled ? { $inc: { tokenEpoch: 1 } } : {}) }, { returnDocument: 'before' }).lean();
      if (!before) throw notFound('user');
      activeUsers.forget(String(id));
      if (disabled) io.in(userRoom(id)).disconnectSockets(true);
      await audit.record({
        actor: currentUser(req),
        action: disabled ? 'user.disabled' : 'user.enabled',
        entity: { type: 'user', id },
        before: { disabled: !!before.disabled },
        after: { disabled },
      });
      return toUser({ ...before, disabled });
    }),
  );
  return r;
}
