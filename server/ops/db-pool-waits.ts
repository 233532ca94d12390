import type { ConnectionCheckedOutEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

/**
 * Logs requests that waited for one of the driver's connections to the database: its pool was full,
 * every connection busy with a command. Such a wait comes before the command is even sent, so the
 * database's slow-command log never sees it (under the mixed benchmark hundreds of requests a second
 * waited 56–314 ms each, seen nowhere else). A full pool says the database is the bottleneck, or the
 * pool too small for the requests in flight (`maxPoolSize` in MONGODB_URI; the driver's default is 100).
 * At most one line a second, summing the waits since the last line (each at least `slowMs`).
 */
export function watchPoolWaits(conn: Connection, logger: Logger, slowMs = 50) {
  let waited = 0;
  let totalMs = 0;
  let maxMs = 0;
  let lastLine = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!waited) return;
    logger.warn(
      { waited, avgMs: Math.round(totalMs / waited), maxMs: Math.round(maxMs), poolSize: maxPoolSize },
      'database connection pool: requests waited for a free connection (the database is busy, or the pool too small)',
    );
    waited = totalMs = maxMs = 0;
    lastLine = Date.now();
  };
  const client = conn.getClient();
  const maxPoolSize = client.options.maxPoolSize;
  const onCheckedOut = (e: ConnectionCheckedOutEvent) => {
    if (e.durationMS < slowMs) return;
    waited++;
    totalMs += e.durationMS;
    maxMs = Math.max(maxMs, e.durationMS);
    const due = lastLine + 1000 - Date.now();
    if (due <= 0) flush();
    else timer ??= setTimeout(flush, due).unref();
  };
  client.on('connectionCheckedOut', onCheckedOut);
  return {
    stop() {
      client.off('connectionCheckedOut', onCheckedOut);
      if (timer) clearTimeout(timer);
    },
  };
}
