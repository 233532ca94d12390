import { logUrl } from './log-url.js';
import type {} from 'pino-http';
import type { ErrorRequestHandler } from 'express';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { isStorageFault } from '../ops/db-status.js';
import { isDatabaseDown } from '../security/db-health.js';
import { AppError } from './errors.js';

/**
 * The one error middleware: AppErrors answer with their status, code, parameters and message; body-parser errors
 * (malformed JSON, too large) become 4xx; anything else is logged with the request id and answered
 * as a generic 500 (never with its stack).
 */
export function errorMiddleware(logger: Logger, hooks: { onStorageFault?: (err: unknown) => void } = {}): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err?.type === 'entity.parse.failed') e = new AppError('BAD_JSON', 'request body is not valid JSON', 400);
    else if (err?.type === 'entity.too.large') e = new AppError('TOO_LARGE', 'request body is too large', 413);
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
      e = new AppError('BAD_ENCODING', 'unsupported body encoding', 415);
    else if (err instanceof mongoose.Error.CastError || err instanceof mongoose.Error.ValidationError)
      e = new AppError('BAD_REQUEST', err.message, 400);
    else if (isStorageFault(err)) {
      hooks.onStorageFault?.(err);
      e = new AppError('STORAGE_FULL', 'the database could not store the change (its disk may be full), so nothing was changed; try again shortly', 503);
    } else if (isDatabaseDown(err))
      e = new AppError('DB_UNREACHABLE', 'the database is unreachable; try again shortly', 503);
    else if (err?.status >= 400 && err?.status < 500 && typeof err?.message === 'string') e = new AppError('BAD_REQUEST', err.message, err.status);
    else e = new AppError('INTERNAL', 'internal error', 500);

    const log = { reqId: req.id, method: req.method, url: logUrl(req.originalUrl), status: e.status, code: e.code, reason: e.message };
    if (e.status >= 500) logger.error({ ...log, err }, 'request failed');
    else logger.warn(log, 'request rejected');
    if (res.headersSent) return;
    if (e.status === 503) res.setHeader('Retry-After', '5');
    // A conflict carries what the record is now, so the client can show it and let the user reapply.
    const details = e.status === 409 && e.details !== undefined ? { details: e.details } : {};
    // The code and its parameters are what the console words in its user's language; the message is
    // the English fallback for API users and the logs.
    const params = e.params !== undefined ? { params: e.params } : {};
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...params, ...details } });
  };
}
