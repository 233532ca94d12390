import type { NextFunction, Request, Response } from 'express';
import { unauthorized } from '../http/errors.js';
import type { TokenClaims, Tokens } from './tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: TokenClaims;
  }
}

/**
 * Requires a valid bearer token; puts its claims on `req.user`. With `isActive`, a token of a user
 * who has since been disabled (or removed) is refused too.
 */
export function requireAuth(tokens: Tokens, isActive?: (userId: string, epoch?: number) => Promise<boolean>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) return next(unauthorized());
    tokens.verify(token).then(async (claims) => {
      if (isActive && !(await isActive(claims.userId, claims.epoch))) throw unauthorized('this session has ended (logged out, disabled or password changed); log in again', 'SESSION_ENDED');
      req.user = claims;
      next();
    }).catch(next);
  };
}

/** The authenticated user of a request (routes behind requireAuth only). */
export const currentUser = (req: Request): TokenClaims => {
  if (!req.user) throw unauthorized();
  return req.user;
};
