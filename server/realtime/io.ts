import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/realtime/events.js';

export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every screen of one user joins this room; the server alone decides who joins what. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Telemarketers' sockets join this room: outbound campaign progress reaches them live. */
export const TELEMARKETERS_ROOM = 'telemarketers';
/** Callback tasks of every queue reach these sockets: telemarketers', supervisors', agents' who take every queue. */
export const CALLBACKS_ALL_ROOM = 'callbacks:all';
/** Callback tasks of one queue reach the agents who take that queue. */
export const callbackQueueRoom = (queue: string) => `callbacks:queue:${queue}`;
