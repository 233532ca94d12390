import { z } from 'zod';
import { can } from '@shared/access/roles';
import { AgentBoardEntry, FeedEvent, QueueBoard } from '@shared/schemas/supervision';
import { useAuthStore } from '@/auth/auth.store';
import { useSupervisionStore } from '@/supervision/supervision.store';
import type { ConsoleSocket } from './client';

const FeedBatch = z.array(FeedEvent);
const AgentsChanged = z.array(AgentBoardEntry);

/**
 * Wires the supervisor's feed and boards into their store and subscribes on every (re)connect, so a
 * dropped connection comes back with a fresh snapshot rather than a gap.
 */
export function registerSupervisionListeners(socket: ConsoleSocket): void {
  const auth = useAuthStore();
  const supervision = useSupervisionStore();

  socket.on('connect', () => {
    // The server enforces who may watch; this only decides who asks.
    if (can(auth.user?.role, 'watchFloor')) void supervision.subscribe();
  });

  socket.on('feed:batch', (raw) => {
    const events = FeedBatch.safeParse(raw);
    if (events.success) supervision.receiveFeed(events.data);
    else console.error('Unreadable feed batch', events.error);
  });

  socket.on('agents:changed', (raw) => {
    const agents = AgentsChanged.safeParse(raw);
    if (agents.success) supervision.receiveAgents(agents.data);
    else console.error('Unreadable agents board', agents.error);
  });

  socket.on('queues:changed', (raw) => {
    const board = QueueBoard.safeParse(raw);
    if (board.success) supervision.receiveQueues(board.data);
    else console.error('Unreadable queue board', board.error);
  });
}
