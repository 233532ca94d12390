import { logUrl } from '../http/log-url.js';
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
  /**
   * Failed logins per username and address (a success clears them): `points` failures are free, then
   * each attempt must wait twice as long as the one before (1, 2, 4 … s, at most `duration` s).
   * Keyed by address too, so an attacker cannot lock the real user out from elsewhere.
   */
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
  new AppError('RATE_LIMITED', `${message}; try again in ${retryAfter} s`, 429, { retryAfter }, { retryAfter });

function refuse(req: Request, res: Response, next: NextFunction, logger: Logger, what: string, key: string, retryAfter: number) {
  logger.warn({ ip: req.ip, url: logUrl(req.originalUrl), limit: what, key, retryAfter }, 'request rejected: rate limited');
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

/** Seconds to wait before the next login attempt after `failures` failed ones: none for the first `free`, then 1, 2, 4 … at most `cap`. */
export function loginDelaySeconds(failures: number, free: number, cap: number): number {
  if (failures < free) return 0;
  return Math.min(cap, 2 ** (failures - free));
}

/** Failed logins of one (username, address) pair: how many, and when the last one was. */
interface Failures {
  count: number;
  last: number;
}
const MAX_TRACKED = 100_000;

/**
 * Login: every attempt counts against the IP; failed attempts (401) of a username from one address
 * make that pair wait longer and longer (never a lock another address could trigger), and a success
 * clears them. Runs after the JSON body parser.
 */
export function limitLogin(limits: Pick<RateLimits, 'loginPerIp' | 'loginFailuresPerUser'>, logger: Logger) {
  const perIp = limiter('login-ip', limits.loginPerIp);
  const { points: free, duration: cap } = limits.loginFailuresPerUser;
  const failures = new Map<string, Failures>();
  const forget = (now: number) => {
    // Failures are remembered for the longest delay after the last one; the map never grows without bound.
    for (const [k, f] of failures) if (now - f.last > cap * 1000 * 2 || failures.size > MAX_TRACKED) failures.delete(k);
  };
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ip = req.ip ?? 'unknown';
      const ipWait = await take(perIp, ip);
      if (ipWait) return refuse(req, res, next, logger, 'login attempts from this address', ip, ipWait);
      const username = typeof req.body?.username === 'string' ? req.body.username.toLowerCase().slice(0, 100) : undefined;
      if (username) {
        const key = `${username} ${ip}`;
        const now = Date.now();
        const seen = failures.get(key);
        if (seen) {
          const wait = loginDelaySeconds(seen.count, free, cap) - (now - seen.last) / 1000;
          if (wait > 0) return refuse(req, res, next, logger, 'failed logins for this user from this address', key, Math.ceil(wait));
        }
        res.once('finish', () => {
          if (res.statusCode === 401) {
            failures.set(key, { count: (failures.get(key)?.count ?? 0) + 1, last: Date.now() });
            if (failures.size % 1000 === 0) forget(Date.now());
          } else if (res.statusCode < 300) failures.delete(key);
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
    loginFailuresPerUser: { points: 5, duration: 15 * 60 },
    // 500 a second, counted over 5 s: a platform posts over a few connections, each waiting for its
    // answer, so after the console stalls it catches up faster than it sends on average. Counted per
    // second, the mixed benchmark's platform (about 250 events a second) had 11 and 42 events refused
    // in two runs, each a call's or chat's event lost until the platform retried it.
    ctiPerIp: { points: 2500, duration: 5 },
    socketPerSocket: { points: 20, duration: 1 },
    socketPerUser: { points: 50, duration: 1 },
    socketPerIp: { points: 1000, duration: 1 },
    socketStrikes: { points: 100, duration: 10 },
  };
}
