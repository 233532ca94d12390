import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/realtime/events';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The one live socket. Kept apart from `socket.ts` (which imports the stores) so stores can emit
 * without an import cycle, and tests can put a fake in its place.
 */
let current: ConsoleSocket | null = null;

export const getSocket = (): ConsoleSocket | null => current;

export function setSocket(socket: ConsoleSocket | null): void {
  current = socket;
}
