import { Router } from 'express';
import type { IO } from '../realtime/io.js';
import { userRoom } from '../realtime/io.js';
import type { ActiveUsers } from '../security/active-users.js';
import { currentUser } from './auth.middleware.js';
import { LanguageChange, LoginRequest } from '../../shared/schemas/auth.js';
import { PasswordChange } from '../../shared/schemas/users.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { AuthService } from './auth.service.js';

export function authRoutes(auth: AuthService) {
  const r = Router();
  r.post(
    '/auth/login',
    handle((req) => {
      const { username, password } = parse(LoginRequest, req.body, 'login');
      return auth.login(username, password);
    }),
  );
  return r;
}

/**
 * POST /api/auth/logout (behind authentication): every token of the user stops working at once, and
 * their open screens are disconnected.
 */
export function logoutRoutes(auth: AuthService, io: IO, activeUsers: ActiveUsers) {
  const r = Router();
  r.post(
    '/auth/logout',
    handle(async (req) => {
      const { userId } = currentUser(req);
      await auth.logout(userId);
      activeUsers.forget(userId);
      io.in(userRoom(userId)).disconnectSockets(true);
      return { loggedOut: true };
    }),
  );
  r.post(
    '/auth/password',
    handle(async (req) => {
      const { userId } = currentUser(req);
      const { currentPassword, newPassword } = parse(PasswordChange, req.body, 'password change');
      const next = await auth.changePassword(userId, currentPassword, newPassword);
      activeUsers.forget(userId);
      // Other screens of the user end; this one goes on with the new token.
      io.in(userRoom(userId)).disconnectSockets(true);
      return next;
    }),
  );
  r.put(
    '/auth/language',
    handle((req) => {
      const { userId } = currentUser(req);
      const { language } = parse(LanguageChange, req.body, 'language');
      return auth.setLanguage(userId, language);
    }),
  );
  return r;
}
