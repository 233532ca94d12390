import { logUrl } from '../http/log-url.js';
import type { NextFunction, Request, Response } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { unavailable } from '../http/errors.js';

/**
 * Answers 503 at once while the database connection is down, instead of letting mongoose buffer the
 * request's queries until they time out. The driver keeps reconnecting by itself; requests pass again
 * as soon as it is back.
 */
export function requireDatabase(conn: Connection, logger: Logger) {
  let lastLog = 0;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (conn.readyState === 1) return next();
    if (Date.now() - lastLog > 1000) {
      lastLog = Date.now();
      logger.warn({ url: logUrl(req.originalUrl), readyState: conn.readyState }, 'request refused: database unreachable');
    }
    next(unavailable('the database is unreachable; try again shortly', 'DB_UNREACHABLE'));
  };
}

/** Error names of the MongoDB driver and mongoose that mean "the database is not there right now". */
const DB_DOWN = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoTopologyClosedError',
  'MongoOperationTimeoutError',
]);

/**
 * Socket errors the driver can pass on as they are: a command written the moment the database's process
 * died fails with Node's own EPIPE ("This socket has been ended by the other party"), not a
 * MongoNetworkError (the database outage test saw it in two runs of eight, answered 500).
 */
const SOCKET_DOWN = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);

/** True for errors that mean the database is unreachable (answered 503, not 500). */
export function isDatabaseDown(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: unknown } | null;
  if (!e) return false;
  if (e.name && DB_DOWN.has(e.name)) return true;
  if (typeof e.code === 'string' && SOCKET_DOWN.has(e.code)) return true;
  if ((err as { cause?: unknown }).cause && isDatabaseDown((err as { cause?: unknown }).cause)) return true;
  return e.name === 'MongooseError' && typeof e.message === 'string' && /buffering timed out/.test(e.message);
}
