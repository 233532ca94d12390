import { logUrl } from '../http/log-url.js';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { badRequest } from '../http/errors.js';

/** Keys that would reach prototypes or turn a value into a query operator. */
function isForbiddenKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype' || key.startsWith('$') || key.includes('[$') || key.includes('[__proto__]');
}

/** No request of ours nests deeper than a few levels: deeper is refused rather than walked (or stringified). */
export const MAX_DEPTH = 32;
const TOO_DEEP = Symbol('too deep');

/** The first forbidden key anywhere in `value` (depth-first), TOO_DEEP past MAX_DEPTH, or undefined. */
function findForbiddenKey(value: unknown, depth = 0): string | typeof TOO_DEEP | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, with 400, any JSON body or query string holding `__proto__`, `constructor`, `prototype`
 * or `$`-prefixed keys, or nesting deeper than MAX_DEPTH, before a route sees it: no request field is ever a query operator, and no
 * body can touch an object prototype.
 */
export function rejectForbiddenKeys(logger: Logger) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const key = findForbiddenKey(req.body) ?? findForbiddenKey(req.query);
    if (key === undefined) return next();
    if (key === TOO_DEEP) {
      logger.warn({ ip: req.ip, method: req.method, url: logUrl(req.originalUrl) }, 'request rejected: nested too deeply');
      return next(badRequest(`the request nests deeper than ${MAX_DEPTH} levels`, undefined, 'TOO_DEEP', { max: MAX_DEPTH }));
    }
    logger.warn({ ip: req.ip, method: req.method, url: logUrl(req.originalUrl), key }, 'request rejected: forbidden key');
    next(badRequest(`the key "${key}" is not allowed in a request`, undefined, 'KEY_NOT_ALLOWED', { key }));
  };
}
