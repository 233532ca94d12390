import { HOME, mayOpen, type ScreenId } from '@shared/access/roles';
import type { PublicUser } from '@shared/schemas/auth';
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import type { NoticeMessage } from './notice.store';

export type Decision = { allow: true } | { allow: false; to: RouteLocationRaw; notice?: NoticeMessage };

/** A path inside this app only: `//host` or `https://…` would send a user elsewhere after login. */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

export const homeOf = (user: PublicUser): RouteLocationRaw => ({ name: HOME[user.role] });

/**
 * Where a navigation may go. Not logged in: the login screen, remembering the asked-for URL. A temporary
 * password: its change screen first. A screen the role may not open: the role's home, with a message
 * (the server refuses the data anyway; this keeps the user from an empty, failing screen).
 */
export function decide(to: RouteLocationNormalized, user: PublicUser | null): Decision {
  const screen = to.meta.screen as ScreenId | undefined;
  if (!screen) return user ? { allow: false, to: homeOf(user) } : { allow: false, to: { name: 'login' } };

  if (!user) {
    if (screen === 'login') return { allow: true };
    return { allow: false, to: { name: 'login', query: { redirect: to.fullPath } } };
  }
  if (screen === 'login') return { allow: false, to: safeRedirect(to.query.redirect) ?? homeOf(user) };
  if (user.mustChangePassword) {
    if (screen === 'password') return { allow: true };
    return { allow: false, to: { name: 'password', query: { redirect: to.fullPath } } };
  }
  if (screen === 'password') return { allow: false, to: safeRedirect(to.query.redirect) ?? homeOf(user) };
  if (!mayOpen(user.role, screen)) {
    return { allow: false, to: homeOf(user), notice: { key: 'router.notForRole', screen } };
  }
  return { allow: true };
}
