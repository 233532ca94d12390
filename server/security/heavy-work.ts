import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { logUrl } from '../http/log-url.js';
import { tooManyRequests } from './rate-limit.js';

/** How much heavy work (scans over the whole customer base) one process takes on at once. */
export interface HeavyWorkLimits {
  /** Heavy requests running at once; more wait their turn. */
  concurrent: number;
  /** Requests waiting for a turn; beyond that, 429. */
  queued: number;
}

/**
 * Segment previews and duplicate scans read the whole customer base. Each user runs one at a time
 * (a second click while the first runs is refused with 429, not queued behind it), and the process
 * runs at most `concurrent` of them: five supervisors previewing at once take turns instead of
 * sharing the database's and the event loop's time with every pop.
 */
export function heavyWork(limits: HeavyWorkLimits, logger: Logger, { onePerUser = true }: { onePerUser?: boolean } = {}) {
  const running = new Set<string>();
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const limit = (what: string) => (req: Request, res: Response, next: NextFunction) => {
    const user = req.user?.userId ?? req.ip ?? 'unknown';
    const refuse = (reason: string, retryAfter: number) => {
      logger.warn({ user, url: logUrl(req.originalUrl), limit: what, reason }, 'request rejected: heavy work limited');
      res.setHeader('Retry-After', String(retryAfter));
      next(tooManyRequests(`${reason} (${what})`, retryAfter));
    };
    if (onePerUser && running.has(user)) return refuse('one of your previous requests of this kind is still running', 2);
    if (active >= limits.concurrent && waiting.length >= limits.queued) return refuse('the console is busy with other such requests', 5);
    if (onePerUser) running.add(user);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (onePerUser) running.delete(user);
      release();
    };
    const start = () => {
      // A client that gave up while waiting frees its turn at once.
      if (res.writableEnded || req.socket.destroyed) return finish();
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
    if (active < limits.concurrent) {
      active++;
      start();
    } else waiting.push(start);
  };
  /** Heavy requests running and waiting now (for metrics, and for tests to know where things stand). */
  limit.stats = () => ({ active, waiting: waiting.length });
  return limit;
}
