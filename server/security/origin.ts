import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';

/**
 * Socket.IO `allowRequest`: a browser always sends `Origin` on a WebSocket handshake (and on
 * cross-origin polling), so a page on another site cannot open an agent's socket with their cookie-less
 * token-in-hand. Allowed: the server's own origin (same host as the request), and `allowed`.
 * An absent Origin is allowed: that is a non-browser client (the test suite, the load bench, a
 * backend integration), which has to present a valid token anyway.
 */
export function originCheck(allowed: readonly string[], logger: Logger) {
  const list = new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, true);
    let ok = list.has(origin.toLowerCase());
    if (!ok) {
      try {
        ok = new URL(origin).host === req.headers.host;
      } catch {
        ok = false;
      }
    }
    if (!ok) logger.warn({ origin, ip: req.socket.remoteAddress }, 'socket rejected: origin not allowed');
    callback(ok ? null : 'origin not allowed', ok);
  };
}
