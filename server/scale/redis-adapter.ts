import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { IO } from '../realtime/io.js';
import type { Activity } from '../supervision/activity.js';

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
 * Tells the other processes what changed here, and replays what changed there into this process's
 * activity hub, so each process's supervision board sees the whole floor. Relayed changes are not
 * sent on again (no echo loops).
 */
export function relayActivity(io: IO, activity: Activity) {
  let relaying = false;
  const send = (kind: 'interaction' | 'agent', id: string) => {
    if (!relaying) io.serverSideEmit('activity', { kind, id });
  };
  activity.on('interaction', (doc) => send('interaction', String(doc._id)));
  activity.on('interaction-id', (id) => send('interaction', id));
  activity.on('agent', (id) => send('agent', id));
  io.on('activity', (change: { kind: 'interaction' | 'agent'; id: string }) => {
    relaying = true;
    try {
      if (change.kind === 'interaction') activity.interactionId(change.id);
      else activity.agent(change.id);
    } finally {
      relaying = false;
    }
  });
}
