import path from 'node:path';
import compression from 'compression';
import express, { type RequestHandler, Router } from 'express';
import { notFound } from './errors.js';

/** A year: the longest lifetime browsers honour. Hashed files never change, a new build renames them. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Compresses every HTTP answer of 1 kB or more with brotli or gzip, whichever the browser prefers
 * (brotli at quality 4, compression's default: about gzip's size at gzip's speed, cheap enough for
 * API answers made per request). Downloads (CSV, NDJSON) stay streamed: the compressor passes the
 * socket's back-pressure on, so an export still holds one chunk at a time. A server-sent event stream
 * (none today) would wait in the compressor's buffer, so it is never compressed. Socket.IO does not go
 * through Express (its server answers /socket.io/ first), so realtime traffic is unaffected.
 */
export function compressResponses(): RequestHandler {
  return compression({
    filter: (req, res) => {
      const type = String(res.getHeader('content-type') ?? '');
      if (type.startsWith('text/event-stream')) return false;
      // The audit log's NDJSON export: text, though the MIME database does not call it compressible.
      return type.startsWith('application/x-ndjson') || compression.filter(req, res);
    },
  });
}

/**
 * The built client. Files under /assets carry a content hash in their name: cached for a year and never
 * revalidated (`immutable`); one that is not there answers 404 (a page of an older build asking for a
 * chunk this build does not have), not the app's HTML. index.html, and every other path the app
 * routes in the browser, answers `no-cache`: browsers revalidate it each time (a 304 when unchanged),
 * so a new deploy is picked up by the next load.
 */
export function clientRoutes(clientDir: string): Router {
  const r = Router();
  r.use('/assets', express.static(path.join(clientDir, 'assets'), { index: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', HASHED_ASSET_CACHE) }));
  r.use('/assets', (req, _res, next) => next(notFound('asset', `asset ${req.path} not found`, { path: req.path })));
  const noCache = { index: false, setHeaders: (res: express.Response) => res.setHeader('Cache-Control', 'no-cache') };
  r.use(express.static(clientDir, { ...noCache, dotfiles: 'ignore' }));
  r.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    // Relative to its root: a CLIENT_DIR under a dot-directory (bench/.cache/client) is not a dotfile.
    res.sendFile('index.html', { root: clientDir, cacheControl: false });
  });
  return r;
}
