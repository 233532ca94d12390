import { z } from 'zod';
import { Role } from './auth.js';

/** A user as the admin's Users screen shows it. */
export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  displayName: z.string().optional(),
  team: z.string().optional(),
  disabled: z.boolean(),
  /** Logged in with a temporary password: must choose their own before anything else. */
  mustChangePassword: z.boolean(),
});
export type UserView = z.infer<typeof UserView>;
export const UserList = z.array(UserView);

export const Username = z
  .string()
  .trim()
  .regex(/^[a-z0-9._-]{2,64}$/i, 'a username has 2–64 letters, digits, dots, dashes or underscores');

export const UserCreate = z
  .object({
    username: Username,
    role: Role,
    displayName: z.string().trim().max(100).optional(),
    team: z.string().trim().max(64).optional(),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreate>;

export const UserPatch = z
  .object({
    disabled: z.boolean().optional(),
    role: Role.optional(),
    team: z.string().trim().max(64).nullable().optional(),
    displayName: z.string().trim().max(100).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type UserPatch = z.infer<typeof UserPatch>;

/** A new user, or a reset: the temporary password is shown once, to the admin, and must be changed at first login. */
export const TemporaryPassword = z.object({ user: UserView, temporaryPassword: z.string() });
export type TemporaryPassword = z.infer<typeof TemporaryPassword>;

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) })
  .strict();
export type PasswordChange = z.infer<typeof PasswordChange>;

/** The Users screen's filters, the same for the list and its CSV export. */
export const UserFilter = z.object({
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UserFilter = z.infer<typeof UserFilter>;

/** Whether a user passes the filters: text in username, name or team; role; active or disabled. */
export function matchesUserFilter(u: UserView, f: UserFilter): boolean {
  const text = f.q?.toLowerCase();
  return (
    (!text || [u.username, u.displayName, u.team].some((v) => v?.toLowerCase().includes(text))) &&
    (!f.role || u.role === f.role) &&
    (!f.status || (f.status === 'disabled') === u.disabled)
  );
}
