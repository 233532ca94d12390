import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime/events.js';
import type { CtiEvent } from '../../shared/schemas/cti.js';
import type { ScreenPop } from '../../shared/schemas/interaction.js';
import { createApp } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config.js';
import type { SupervisionOptions } from '../../server/supervision/supervision.service.js';
import { sign } from '../../server/telephony/signature.js';
import { freshDatabase } from './mongo.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real console on a random port over its own fresh database: tests talk to it over HTTP and
 * Socket.IO exactly as a browser or a telephony platform would.
 */
export async function startTestApp(overrides: Partial<Config> = {}, opts: { clientDir?: string; supervision?: SupervisionOptions; logger?: Logger; now?: () => Date; port?: number } = {}) {
  const db = await freshDatabase('app');
  const config = testConfig(overrides);
  const logger = opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const console_ = await createApp({ config, conn: db.conn, logger, clientDir: opts.clientDir, supervision: opts.supervision, now: opts.now });
  // A given port: a switch started first must know the console's origin (the page browsers open it from).
  const port = await console_.listen(opts.port ?? 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const sockets: ClientSocket[] = [];

  async function api<T = unknown>(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  return {
    base,
    config,
    models: console_.models,
    app: console_,
    api,
    async login(username: string, password = 'demo') {
      const res = await api<{ token: string; user: { id: string } }>('POST', '/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    /** Posts a CTI event signed with the configured secret (or `secret`). */
    cti(event: Partial<CtiEvent> & Pick<CtiEvent, 'type' | 'callId' | 'from'>, secret = config.ctiSecret) {
      const full: CtiEvent = {
        eventId: randomUUID(),
        channel: event.type.startsWith('call.') ? 'voice' : 'chat',
        to: '+442079460000',
        at: new Date().toISOString(),
        ...event,
      } as CtiEvent;
      const raw = JSON.stringify(full);
      return api<{ accepted: boolean; duplicate: boolean; interactionId?: string }>('POST', '/api/cti/events', {
        raw,
        headers: { 'x-cti-signature': sign(raw, secret) },
      });
    },
    /** A connected agent screen that records every pop it receives and acknowledges it. */
    async agentSocket(token: string) {
      const socket: ClientSocket = connectSocket(base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      const pops: ScreenPop[] = [];
      socket.on('screen-pop', (pop, ack) => {
        pops.push(pop);
        ack(true);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return { socket, pops };
    },
    /**
     * A new shift for every agent between tests that reuse them: not ready, no capacity held, and
     * whatever dispositions earlier tests left owed waived (as after-call work running out would).
     * A fixture's direct write, for tests only.
     */
    async freshAgents() {
      // Calls and chats earlier tests left open end (a platform would have said so), and nobody owes
      // anything for them.
      await console_.models.Interaction.updateMany({ state: { $ne: 'ended' } }, { $set: { state: 'ended', endedAt: new Date() } });
      await console_.models.Agent.updateMany({}, { $set: { state: 'offline', presence: 'not-ready', reason: 'login', voice: 0, chats: 0, acwUntil: null, waivedBefore: new Date() } });
    },
    /** Resolves once the background work of the last requests (pops, audit notes, routing) has written what it writes. */
    idle: () => db.idle(),
    async close() {
      for (const s of sockets) s.disconnect();
      await console_.close();
      // Background work started by the last requests (pops, audit, supervision) writes before the drop.
      await db.idle();
      await db.drop();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * Resolves once everything the server sent `socket` before now has arrived: a socket's packets arrive
 * in the order they were sent, and the server answers this request at once. (An event no role may
 * send: the role matrix refuses it with FORBIDDEN, and nothing else happens.) So a test can say
 * "nothing arrived" about what the server has done so far, without waiting a while.
 */
export async function delivered(socket: ClientSocket): Promise<void> {
  const res = (await (socket as unknown as Socket).timeout(5000).emitWithAck('round-trip')) as { error?: { code: string } };
  if (res?.error?.code !== 'FORBIDDEN') throw new Error(`round trip answered ${JSON.stringify(res)}`);
}

/** Polls until `fn` returns a truthy value (or fails after `ms`). */
export async function eventually<T>(fn: () => T | Promise<T>, ms = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
