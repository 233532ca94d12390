import type { ServerDescriptionChangedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

export interface DbStatus {
  db: 'up' | 'down' | 'degraded';
  reason?: string;
}

/** How often the database is asked how it is (serverStatus): cheap, and bounds how stale health is. */
const POLL_MS = 2000;

/** True for a MongoDB error meaning "the server could not make the change durable; nothing changed". */
export function isStorageFault(err: unknown): boolean {
  const e = err as { errorLabels?: unknown; code?: unknown; cause?: unknown; writeErrors?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (Array.isArray(e.errorLabels) && e.errorLabels.includes('StorageFault')) return true;
  if (e.code === 14031) return true; // OutOfDiskSpace, as a real mongod reports it too
  return e.cause ? isStorageFault(e.cause) : false;
}

/**
 * What `/api/health` says of the database: down while the connection is, degraded while the database
 * reports it cannot make changes durable (the embedded one's `embeddedStorage`; a real MongoDB has no
 * such field and counts as up while connected). A storage fault seen on a request marks it degraded
 * at once, until the next poll says otherwise.
 */
export function createDbStatus(conn: Connection, logger: Logger, pollMs = POLL_MS) {
  let degraded: string | undefined;
  let polling = false;
  const poll = async () => {
    if (polling || conn.readyState !== 1 || !conn.db) return;
    polling = true;
    try {
      const s = (await conn.db.admin().command({ serverStatus: 1 })) as { embeddedStorage?: { state?: string; reason?: string } };
      const next = s.embeddedStorage?.state === 'degraded' ? (s.embeddedStorage.reason ?? 'storage degraded') : undefined;
      if (next !== degraded) logger[next ? 'error' : 'info']({ reason: next ?? null }, next ? 'database degraded: changes cannot be stored' : 'database stores changes again');
      degraded = next;
    } catch {
      // Not allowed or not answered: connection state alone decides.
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), pollMs);
  timer.unref();
  void poll();
  // Losing the server and getting it back are logged with the driver's reason (a closed socket, a
  // heartbeat timed out): while it is lost every request that needs it answers 503.
  let lost = false;
  const client = conn.getClient();
  const watch = (e: ServerDescriptionChangedEvent) => {
    const reachable = e.newDescription.type !== 'Unknown';
    if (!reachable && !lost) logger.error({ address: e.address, reason: e.newDescription.error?.message ?? 'unknown' }, 'database unreachable: requests that need it answer 503');
    else if (reachable && lost) logger.warn({ address: e.address }, 'database reachable again');
    else return;
    lost = !reachable;
  };
  client.on('serverDescriptionChanged', watch);
  return {
    current(): DbStatus {
      if (conn.readyState !== 1) return { db: 'down' };
      return degraded ? { db: 'degraded', reason: degraded } : { db: 'up' };
    },
    noteFault(err: unknown) {
      if (!degraded) {
        degraded = (err as Error)?.message ?? 'storage fault';
        logger.error({ reason: degraded }, 'database degraded: changes cannot be stored');
      }
    },
    stop() {
      clearInterval(timer);
      client.off('serverDescriptionChanged', watch);
    },
  };
}
export type DbStatusWatcher = ReturnType<typeof createDbStatus>;
