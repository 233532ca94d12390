import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../http/errors.js';

/** `points` per `duration` seconds. */
export interface Limit {
  points: number;
  duration: number;
}

/** Every abuse limit of one process (defaults in config.ts; docs/security.md lists them). */
export interface RateLimits {
  /** Login attempts per client IP, successful or not. */
  loginPerIp: Limit;
  /** Failed logins per username (a success clears it): slows password guessing on one account. */
  loginFailuresPerUser: Limit;
  /** CTI webhook events per client IP (the telephony platform is one client: keep this generous). */
  ctiPerIp: Limit;
  /** Socket.IO events per connection and per user (all of the user's tabs together). */
  socketPerSocket: Limit;
  socketPerUser: Limit;
  /** Socket.IO events per client IP, all users together (a contact centre behind one NAT: generous). */
  socketPerIp: Limit;
  /** Refused socket events a connection may send within `duration` before it is cut. */
  socketStrikes: Limit;
}

/**
 * In-memory token buckets (rate-limiter-flexible). Each process counts on its own; with several
 * processes the same library's Redis store (RateLimiterRedis) shares the counts.
 */
export function limiter(name: string, limit: Limit) {
  return new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.duration });
}
export type Limiter = ReturnType<typeof limiter>;

/** Consumes one point; resolves to the seconds to wait when the key is over its limit, else 0. */
export async function take(l: Limiter, key: string, points = 1): Promise<number> {
  try {
    await l.consume(key, points);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw res;
  }
}

export const tooManyRequests = (message: string, retryAfter: number) =>
  new AppError('RATE_LIMITED', `${message}; try again in ${retryAfter} s`, 429, { retryAfter });

function refuse(req: Request, res: Response, next: NextFunction, logger: Logger, what: string, key: string, retryAfter: number) {
  logger.warn({ ip: req.ip, url: req.originalUrl, limit: what, key, retryAfter }, 'request rejected: rate limited');
  res.setHeader('Retry-After', String(retryAfter));
  next(tooManyRequests(`too many ${what}`, retryAfter));
}

/** Limits requests per client IP (`app.set('trust proxy')` decides what the IP is). */
export function limitPerIp(name: string, what: string, limit: Limit, logger: Logger) {
  const l = limiter(name, limit);
  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.ip ?? 'unknown';
    take(l, key).then((wait) => (wait ? refuse(req, res, next, logger, what, key, wait) : next()), next);
  };
}

/**
 * Login: every attempt counts against the IP; failed attempts (401) count against the username, and
 * a success clears that username's count. Runs after the JSON body parser.
 */
export function limitLogin(limits: Pick<RateLimits, 'loginPerIp' | 'loginFailuresPerUser'>, logger: Logger) {
  const perIp = limiter('login-ip', limits.loginPerIp);
  const failures = limiter('login-user', limits.loginFailuresPerUser);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ip = req.ip ?? 'unknown';
      const ipWait = await take(perIp, ip);
      if (ipWait) return refuse(req, res, next, logger, 'login attempts from this address', ip, ipWait);
      const username = typeof req.body?.username === 'string' ? req.body.username.toLowerCase().slice(0, 100) : undefined;
      if (username) {
        const seen = await failures.get(username);
        if (seen && seen.consumedPoints >= limits.loginFailuresPerUser.points) {
          return refuse(req, res, next, logger, 'failed logins for this user', username, Math.max(1, Math.ceil(seen.msBeforeNext / 1000)));
        }
        res.once('finish', () => {
          if (res.statusCode === 401) void failures.penalty(username).catch(() => {});
          else if (res.statusCode < 300) void failures.delete(username).catch(() => {});
        });
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The limits a console runs with unless its config says otherwise (see docs/security.md). */
export function defaultLimits(): RateLimits {
  return {
    loginPerIp: { points: 60, duration: 60 },
    loginFailuresPerUser: { points: 10, duration: 15 * 60 },
    ctiPerIp: { points: 500, duration: 1 },
    socketPerSocket: { points: 20, duration: 1 },
    socketPerUser: { points: 50, duration: 1 },
    socketPerIp: { points: 1000, duration: 1 },
    socketStrikes: { points: 100, duration: 10 },
  };
}
