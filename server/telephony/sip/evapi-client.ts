import net from 'node:net';
import type { Logger } from 'pino';
import { createNetstringReader, encodeNetstring } from './netstring.js';

export interface EvapiClientOptions {
  host: string;
  port: number;
  /** First wait before reconnecting after a loss; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * The console's end of Kamailio's evapi link: a TCP client that frames messages as netstrings and
 * reconnects on its own (Kamailio restarted, or started after the console). While it is down Kamailio
 * refuses new calls with a 503 itself (kamailio.cfg.tpl counts the links), so nothing is queued here.
 */
export function createEvapiClient(opts: EvapiClientOptions, logger: Logger, handlers: { message: (raw: string) => void; up?: () => void; down?: () => void }) {
  const retryMs = opts.retryMs ?? 200;
  const maxRetryMs = opts.maxRetryMs ?? 5000;
  let socket: net.Socket | null = null;
  let isUp = false;
  let stopped = false;
  let wait = retryMs;
  let timer: NodeJS.Timeout | null = null;
  const waiters = new Set<() => void>();

  function connect() {
    if (stopped) return;
    const reader = createNetstringReader();
    const s = net.connect({ host: opts.host, port: opts.port });
    socket = s;
    s.setNoDelay(true);
    s.on('connect', () => {
      isUp = true;
      wait = retryMs;
      logger.info({ host: opts.host, port: opts.port }, 'sip: evapi link to the switch is up');
      handlers.up?.();
      for (const w of waiters) w();
      waiters.clear();
    });
    s.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = reader.push(chunk);
      } catch (err) {
        // A stream that is not netstrings cannot be resynchronised: start a clean link.
        logger.error({ err }, 'sip: evapi stream unreadable, reconnecting');
        s.destroy();
        return;
      }
      for (const m of messages) handlers.message(m);
    });
    s.on('error', (err) => {
      if (isUp || wait === retryMs) logger.warn({ err: err.message }, 'sip: evapi link error');
    });
    s.on('close', () => {
      const wasUp = isUp;
      isUp = false;
      if (socket === s) socket = null;
      if (wasUp) {
        logger.warn('sip: evapi link to the switch is down');
        handlers.down?.();
      }
      if (stopped) return;
      timer = setTimeout(connect, wait);
      timer.unref();
      wait = Math.min(wait * 2, maxRetryMs);
    });
  }

  connect();

  return {
    get up() {
      return isUp;
    },
    /** Sends one message; false when the link is down (the caller decides what that means). */
    send(message: object): boolean {
      if (!isUp || !socket) return false;
      socket.write(encodeNetstring(JSON.stringify(message)));
      return true;
    },
    /** Resolves once the link is up (at once if it is). */
    whenUp(): Promise<void> {
      return isUp ? Promise.resolve() : new Promise((resolve) => waiters.add(resolve));
    },
    /** Closes the link for good; resolves once the socket is closed. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      const s = socket;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        s.destroy();
      });
    },
  };
}
export type EvapiClient = ReturnType<typeof createEvapiClient>;
