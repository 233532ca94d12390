import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

export interface ConnectionLimits {
  /** Open TCP connections from one address (a floor behind one NAT shares it: generous). */
  perIp: number;
  /** Open TCP connections in all. */
  total: number;
  /** A request's headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** A whole request (body included: imports upload files) must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Screens (sockets) one user may have open; opening one more closes the oldest. */
  socketsPerUser: number;
}

export function defaultConnectionLimits(): ConnectionLimits {
  return { perIp: 2000, total: 20_000, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000, socketsPerUser: 5 };
}

/**
 * Bounds what slow or numerous connections can hold: header and request timeouts (Node's own), and
 * caps on open connections per address and in all. A connection over a cap is closed at once,
 * before any byte of it is read, and logged (at most once a second).
 */
export function limitConnections(server: http.Server, limits: ConnectionLimits, logger: Logger) {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const perIp = new Map<string, number>();
  let total = 0;
  let lastLog = 0;
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? 'unknown';
    const mine = perIp.get(ip) ?? 0;
    if (mine >= limits.perIp || total >= limits.total) {
      if (Date.now() - lastLog > 1000) {
        lastLog = Date.now();
        logger.warn({ ip, fromIp: mine, total }, 'connection refused: too many open connections');
      }
      socket.destroy();
      return;
    }
    perIp.set(ip, mine + 1);
    total++;
    socket.once('close', () => {
      total--;
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n > 0) perIp.set(ip, n);
      else perIp.delete(ip);
    });
  });
  return { open: () => ({ total, addresses: perIp.size }) };
}
