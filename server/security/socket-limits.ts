import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { limiter, take, type RateLimits } from './rate-limit.js';

/**
 * Token buckets on Socket.IO events, per connection, per user and per client IP. An event over the limit is dropped
 * (its acknowledgement, if any, gets `{ error: { code: 'RATE_LIMITED' } }`); a connection that keeps
 * sending past the limit (`socketStrikes`) is disconnected. Checks are synchronous-cheap in-memory
 * promises, so a flood costs little more than reading the packets.
 */
export function createSocketLimiter(limits: Pick<RateLimits, 'socketPerSocket' | 'socketPerUser' | 'socketPerIp' | 'socketStrikes'>, logger: Logger) {
  const perSocket = limiter('socket', limits.socketPerSocket);
  const perUser = limiter('socket-user', limits.socketPerUser);
  const perIp = limiter('socket-ip', limits.socketPerIp);
  const strikes = limiter('socket-strikes', limits.socketStrikes);

  return (socket: Socket) => {
    const userId = String((socket.data as { userId?: string }).userId ?? socket.id);
    let warned = false;
    let cut = false;
    socket.use((packet, next) => {
      void (async () => {
        const wait = (await take(perSocket, socket.id)) || (await take(perUser, userId)) || (await take(perIp, socket.handshake.address));
        if (!wait) return next();
        if (cut) return;
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function') ack({ error: { code: 'RATE_LIMITED', message: `too many events; slow down (retry in ${wait} s)` } });
        if (!warned) {
          warned = true;
          logger.warn({ userId, socketId: socket.id, event: packet[0] }, 'socket event dropped: rate limited');
        }
        if ((await take(strikes, socket.id)) && !cut) {
          cut = true;
          logger.warn({ userId, socketId: socket.id, ip: socket.handshake.address }, 'socket disconnected: kept flooding past its rate limit');
          socket.disconnect(true);
        }
      })().catch((err) => next(err as Error));
    });
  };
}
