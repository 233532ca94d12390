import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { IO } from '../realtime/io.js';
import { countsOnlyAMessage, type EventBus } from '../events.js';

/**
 * Scale-out: with REDIS_URL set, every server process shares Socket.IO traffic through the Redis
 * Streams adapter (rooms, broadcasts with acknowledgements and connection-state recovery work across
 * processes), so a pop routed by process A reaches an agent connected to process B.
 */
export async function useRedisAdapter(io: IO, url: string, streamName: string, logger: Logger) {
  const client = createClient({ url });
  client.on('error', (err) => logger.error({ err }, 'redis: connection error'));
  await client.connect();
  io.adapter(createAdapter(client, { streamName }));
  logger.info({ url }, 'socket.io: sharing traffic through the Redis Streams adapter');
  return {
    async close() {
      await client.quit().catch(() => {});
    },
  };
}

/**
 * Tells the other processes what changed here, and replays what changed there onto this process's
 * bus (as changes made elsewhere, which only the feed and the board reload), so each process's
 * supervision board sees the whole floor. Relayed changes are not sent on again (no echo loops).
 */
export function relayChanges(io: IO, bus: EventBus) {
  let relaying = false;
  const send = (kind: 'interaction' | 'agent', id: string) => {
    if (!relaying) io.serverSideEmit('activity', { kind, id });
  };
  // A pop's acknowledgement and a chat message change nothing another process shows (the message itself
  // reaches its agent's screens through the adapter's rooms).
  bus.on('interaction:changed', ({ id, cause }) => cause !== 'pop-acknowledged' && !countsOnlyAMessage(cause) && send('interaction', id));
  bus.on('interactions:changed', ({ ids }) => ids.forEach((id) => send('interaction', id)));
  bus.on('agent:changed', ({ agentUserId }) => send('agent', agentUserId));
  // A rating is small and never changes: it travels whole, and each process's floor counts it once.
  bus.on('chat:rated', ({ rating }) => {
    if (!relaying) io.serverSideEmit('rated', rating);
  });
  io.on('rated', (rating) => {
    relaying = true;
    try {
      bus.emit('chat:rated', { rating: { ...rating, at: new Date(rating.at) } });
    } finally {
      relaying = false;
    }
  });
  io.on('activity', (change: { kind: 'interaction' | 'agent'; id: string }) => {
    relaying = true;
    try {
      if (change.kind === 'interaction') bus.emit('interaction:changed-elsewhere', { id: change.id });
      else bus.emit('agent:changed', { agentUserId: change.id });
    } finally {
      relaying = false;
    }
  });
}
