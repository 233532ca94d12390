import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { AppError, forbidden, unauthorized } from '../http/errors.js';
import { mayCall, ruleFor, socketRuleFor } from './role-matrix.js';

/**
 * Enforces the role matrix on every route mounted after it: a role not listed for the route gets 403
 * before the route runs. Deny by default: a request that matches no rule is refused too (and logged),
 * so a route missing from the table, or a spelling of a path the table does not know, can never pass.
 * Paths are compared as Express routes them (letter case, extra slashes, percent-escapes).
 */
export function authorize(logger: Logger) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(unauthorized());
    const rule = ruleFor(req.method, req.path);
    if (!rule) {
      logger.warn({ userId: req.user.userId, role: req.user.role, method: req.method, path: req.path }, 'access: request matches no rule of the role matrix; refused');
      return next(forbidden(`no such operation: ${req.method} ${req.path}`));
    }
    // A temporary password (an admin's create or reset) opens nothing but the password change.
    if (req.user.mustChangePassword && rule.path !== '/auth/password' && rule.path !== '/auth/logout') {
      logger.warn({ userId: req.user.userId, method: req.method, path: req.path }, 'access: refused until the temporary password is changed');
      return next(new AppError('PASSWORD_CHANGE_REQUIRED', 'choose a new password first', 403));
    }
    if (!mayCall(req.user.role, rule)) {
      logger.warn({ userId: req.user.userId, role: req.user.role, method: req.method, path: req.path }, 'access: route refused by role matrix');
      return next(forbidden(`the ${req.user.role} role may not ${rule.what}`));
    }
    next();
  };
}

/**
 * Socket.IO middleware of one connection: an event the role may not send (or one not in the matrix)
 * is answered `{ error: FORBIDDEN }` through its acknowledgement, if any, and never reaches a handler.
 */
export function authorizeSocket(socket: Socket, logger: Logger) {
  return (packet: unknown[], next: (err?: Error) => void) => {
    const [event] = packet;
    const rule = typeof event === 'string' ? socketRuleFor(event) : undefined;
    const role = socket.data?.role;
    if (rule && role && rule.roles.includes(role)) return next();
    logger.warn({ userId: socket.data?.userId, role, event }, `socket: ${String(event)} refused by role matrix`);
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ error: { code: 'FORBIDDEN', message: rule ? `the ${role} role may not ${rule.what}` : `unknown event ${String(event)}` } });
  };
}
