import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';

/** Whether `origin` is the console's own (same host as the request) or one of `allowed`. */
function consoleOrigins(allowed: readonly string[]) {
  const list = new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (origin: string, host: string | undefined) => {
    if (list.has(origin.toLowerCase())) return true;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
}

/**
 * Socket.IO `allowRequest`: a browser always sends `Origin` on a WebSocket handshake (and on
 * cross-origin polling), so a page on another site cannot open an agent's socket with their cookie-less
 * token-in-hand. Allowed: the server's own origin (same host as the request), and `allowed`.
 * An absent Origin is allowed: that is a non-browser client (the test suite, the load bench, a
 * backend integration), which has to present a valid token anyway.
 */
export function originCheck(allowed: readonly string[], logger: Logger, siteAllows?: (origin: string) => Promise<boolean>) {
  const isConsole = consoleOrigins(allowed);
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, true);
    const answer = (ok: boolean) => {
      if (!ok) logger.warn({ origin, ip: req.socket.remoteAddress }, 'socket rejected: origin not allowed');
      callback(ok ? null : 'origin not allowed', ok);
    };
    if (isConsole(origin, req.headers.host) || !siteAllows) return answer(isConsole(origin, req.headers.host));
    // A website embedding the chat widget gets through here; only the `/visitor` namespace lets it in
    // (the console's own namespace refuses it: consoleOriginOnly).
    siteAllows(origin).then(answer, () => answer(false));
  };
}

/**
 * The console's namespace middleware: the engine also lets in pages of sites embedding the chat
 * widget (for `/visitor`), so the agents' namespace checks the origin again, for the console's only.
 */
export function consoleOriginOnly(allowed: readonly string[], logger: Logger) {
  const isConsole = consoleOrigins(allowed);
  return (socket: Socket, next: (err?: Error) => void) => {
    const origin = socket.handshake.headers.origin;
    if (origin === undefined || isConsole(origin, socket.handshake.headers.host)) return next();
    logger.warn({ origin, ip: socket.handshake.address }, 'socket rejected: origin not allowed on the console namespace');
    next(new Error('origin not allowed'));
  };
}
