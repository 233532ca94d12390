import type { Logger } from 'pino';
import type { FeedFilter } from '../../shared/schemas/supervision.js';
import type { IO } from '../realtime/io.js';

/** Every supervisor's and admin's sockets join this room, on the server's say-so alone. */
export const SUPERVISORS_ROOM = 'supervisors';

export interface Subscription {
  filter: FeedFilter;
  /** Events up to this one were in the snapshot: the stream starts after it. */
  afterSeq: number;
  /** Batches are being dropped for this socket (its browser is not reading). */
  stalled?: boolean;
}
type SupervisorSocket = NonNullable<ReturnType<IO['sockets']['sockets']['get']>>;

/**
 * Sends to the subscribed supervisor sockets that keep up: a socket whose outgoing buffer is full (a
 * slow or backgrounded browser) misses batches until it drains, so it never makes this process hold
 * more than a bounded amount for it.
 */
export function createBroadcaster(io: IO, logger: Logger, opts: { maxWriteBuffer: number; maxBufferedBytes: number }) {
  const subs = new Map<string, Subscription>();
  const counters = { droppedBatches: 0 };

  /** A socket whose outgoing data is piling up (a slow or backgrounded browser) gets nothing more for now. */
  function congested(socket: { conn: unknown }) {
    const conn = socket.conn as { writeBuffer?: unknown[]; transport?: { socket?: { bufferedAmount?: number } } };
    const packets = conn.writeBuffer?.length ?? 0;
    const bytes = conn.transport?.socket?.bufferedAmount ?? 0;
    return packets > opts.maxWriteBuffer || bytes > opts.maxBufferedBytes;
  }

  /** Sends `send` to each subscribed supervisor socket that keeps up; the others miss this one. */
  function toSubscribers(what: string, send: (socket: SupervisorSocket, sub: Subscription) => void) {
    for (const [socketId, sub] of subs) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) {
        subs.delete(socketId);
        continue;
      }
      if (!socket.rooms.has(SUPERVISORS_ROOM)) continue;
      if (congested(socket)) {
        counters.droppedBatches++;
        // Logged once per stall, not once per dropped batch.
        if (!sub.stalled) logger.warn({ socketId, userId: socket.data.userId, what }, 'supervision: socket is not keeping up, dropping its batches');
        sub.stalled = true;
        continue;
      }
      if (sub.stalled) logger.info({ socketId, userId: socket.data.userId }, 'supervision: socket keeps up again');
      sub.stalled = false;
      send(socket, sub);
    }
  }

  return { subs, counters, toSubscribers };
}
