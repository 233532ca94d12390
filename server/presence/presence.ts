import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { type ClientToServerEvents, CustomerViewing, type InterServerEvents, type PresenceViewer, type ServerToClientEvents, type SocketData } from '../../shared/realtime/events.js';
import type { IO } from '../realtime/io.js';

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const customerRoom = (customerId: string) => `customer:${customerId}`;

/**
 * Who has which customer's picture open, so two people working on one customer see each other.
 * Kept in this process's memory (one entry per socket and customer); the broadcast goes through the
 * customer's room, so viewers on other processes receive it through the adapter.
 */
export function createPresence(io: IO, logger: Logger) {
  /** customerId → socketId → viewer */
  const viewing = new Map<string, Map<string, PresenceViewer>>();

  function viewersOf(customerId: string): PresenceViewer[] {
    const seen = new Map<string, PresenceViewer>();
    for (const v of viewing.get(customerId)?.values() ?? []) seen.set(v.userId, v);
    return [...seen.values()];
  }

  function broadcast(customerId: string) {
    io.to(customerRoom(customerId)).emit('presence:changed', { customerId, viewers: viewersOf(customerId) });
  }

  function leave(socket: AppSocket, customerId: string) {
    const sockets = viewing.get(customerId);
    if (!sockets?.delete(socket.id)) return;
    if (sockets.size === 0) viewing.delete(customerId);
    void socket.leave(customerRoom(customerId));
    broadcast(customerId);
  }

  return {
    viewersOf,
    /** Registers one socket's `customer:viewing` / `customer:left` and forgets it on disconnect. */
    attach(socket: AppSocket) {
      const { userId, username } = socket.data;
      socket.on('customer:viewing', async (req, ack) => {
        const parsed = CustomerViewing.safeParse(req);
        if (!parsed.success) return typeof ack === 'function' && ack({ error: { code: 'BAD_REQUEST', message: 'customerId must be a 24-character hex id' } });
        const { customerId } = parsed.data;
        await socket.join(customerRoom(customerId));
        if (!viewing.has(customerId)) viewing.set(customerId, new Map());
        viewing.get(customerId)!.set(socket.id, { userId, username });
        broadcast(customerId);
        if (typeof ack === 'function') ack({ data: { customerId, viewers: viewersOf(customerId) } });
      });
      socket.on('customer:left', (req) => {
        const parsed = CustomerViewing.safeParse(req);
        if (parsed.success) leave(socket, parsed.data.customerId);
      });
      socket.once('disconnect', () => {
        try {
          for (const customerId of [...viewing.keys()]) if (viewing.get(customerId)?.has(socket.id)) leave(socket, customerId);
        } catch (err) {
          logger.error({ err }, 'presence: cleanup failed');
        }
      });
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
