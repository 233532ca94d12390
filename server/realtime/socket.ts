import { can } from '../../shared/access/roles.js';
import { AppError } from '../http/errors.js';
import type { Logger } from 'pino';
import { AgentStateRequest } from '../../shared/realtime/events.js';
import { FeedFilter } from '../../shared/schemas/supervision.js';
import { authorizeSocket } from '../access/authorize.js';
import type { Tokens } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import type { Background } from '../ops/background.js';
import type { PopService } from '../interactions/pop.service.js';
import type { Presence } from '../presence/presence.js';
import type { RoutingService } from '../routing/routing.service.js';
import { SUPERVISORS_ROOM, type SupervisionService } from '../supervision/supervision.service.js';
import { callbackRooms } from './callback-pushes.js';
import { type IO, TELEMARKETERS_ROOM, userRoom } from './io.js';

/**
 * Socket.IO: authenticates every connection by its token, puts it in its user's room (and a
 * supervisor's or admin's in the supervisors' room, by the token's role alone), keeps the agent's
 * routing record and answers `agent:state` and `supervision:subscribe`. Listeners validate, act,
 * then acknowledge.
 */
export function attachRealtime(
  io: IO,
  deps: { tokens: Tokens; models: Models; routing: RoutingService; pops: PopService; supervision: SupervisionService; background: Background; logger: Logger; presence?: Presence; socketsPerUser?: number },
) {
  const { tokens, models, routing, pops, supervision, background, logger, presence } = deps;

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') {
      logger.warn({ ip: socket.handshake.address }, 'socket rejected: no token');
      return next(new Error('unauthorized: a token is required'));
    }
    tokens
      .verify(token)
      .then(async (claims) => {
        // A reconnect re-checks the user too: a disabled user's token no longer opens a socket.
        const user = await models.User.findById(claims.userId, { disabled: 1, tokenEpoch: 1 }).lean();
        if (!user || user.disabled || (user.tokenEpoch ?? 0) !== claims.epoch) throw new Error('revoked');
        return claims;
      })
      .then(
      (claims) => {
        socket.data = { userId: claims.userId, username: claims.username, role: claims.role };
        // Cut the connection when its token expires.
        const ms = claims.exp * 1000 - Date.now();
        const timer = setTimeout(() => socket.disconnect(true), Math.min(ms, 2 ** 31 - 1));
        socket.once('disconnect', () => clearTimeout(timer));
        next();
      },
      () => {
        logger.warn({ ip: socket.handshake.address }, 'socket rejected: invalid token');
        next(new Error('unauthorized: invalid or expired token'));
      },
    );
  });

  io.on('connection', (socket) => {
    const { userId, role } = socket.data;
    const takesCalls = can(role, 'takeInbound');
    const supervises = can(role, 'watchFloor');
    // The role matrix gates every event before any handler sees it.
    socket.use(authorizeSocket(socket, logger));
    presence?.attach(socket);
    /** A user has a few screens at most: one more closes the oldest (a stolen token cannot hold hundreds). */
    const closeExcessScreens = async () => {
      const screens = await io.in(userRoom(userId)).fetchSockets();
      const excess = screens.length - (deps.socketsPerUser ?? 5);
      if (excess <= 0) return;
      const oldest = screens.filter((s) => s.id !== socket.id).sort((a, b) => a.handshake.issued - b.handshake.issued).slice(0, excess);
      logger.warn({ userId, open: screens.length, closing: oldest.length }, 'socket: too many screens for one user; closing the oldest');
      for (const s of oldest) s.disconnect(true);
    };
    // Listeners are registered at once; they wait for this set-up, so no early event is lost.
    const ready = (async () => {
      await socket.join(userRoom(userId));
      // Not awaited: with several processes fetchSockets asks each of them, and the screen's set-up
      // (routing, the pop) must not wait for that.
      background.run('socket: counting screens', closeExcessScreens, 'warn', { userId });
      if (can(role, 'dial')) await socket.join(TELEMARKETERS_ROOM);
      // Agents' callback rooms follow their skills, read below with their routing record.
      if (role !== 'agent') await socket.join(callbackRooms(role, []));
      if (supervises) {
        await socket.join(SUPERVISORS_ROOM);
        socket.once('disconnect', () => supervision.unsubscribe(socket.id));
      }
      if (!takesCalls) return;
      const user = await models.User.findById(userId, { username: 1, skills: 1, chatCapacity: 1, disabled: 1 }).lean();
      if (!user || user.disabled) return void socket.disconnect(true);
      await socket.join(callbackRooms(role, user.skills));
      // A new login's first screen (not a reload or a reconnect) says so: the agent starts not ready.
      const fresh = (socket.handshake.auth as { fresh?: unknown } | undefined)?.fresh === true;
      const status = await routing.connected({ userId, username: user.username, skills: user.skills, chatCapacity: user.chatCapacity, fresh });
      const bookkeeping = () => background.run('socket: disconnect bookkeeping', () => routing.disconnected(userId), 'error', { userId });
      // A screen that closed while it was being set up is counted out at once (its 'disconnect' has passed).
      if (socket.disconnected) return bookkeeping();
      socket.once('disconnect', bookkeeping);
      if (status) socket.emit('agent:state-changed', status);
      await pops.repop(userId);
    })().catch((err) => logger.error({ err, userId }, 'socket: set-up failed'));
    background.run('socket: set-up', () => ready);

    socket.on('agent:state', async (req, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = AgentStateRequest.safeParse(req);
      if (!parsed.success) return ack({ error: { code: 'BAD_REQUEST', message: 'state must be available, or not-ready with a reason' } });
      if (!takesCalls) return ack({ error: { code: 'FORBIDDEN', message: 'only agents take routed calls' } });
      await ready;
      try {
        ack({ data: await routing.setState(userId, parsed.data) });
      } catch (err) {
        // A rule of the agent's day (wrap-up owed): the agent is told why, nothing changed.
        if (err instanceof AppError && err.status < 500) return ack({ error: { code: err.code, message: err.message, ...(err.params && { params: err.params }) } });
        logger.error({ err, userId }, 'socket: agent:state failed');
        ack({ error: { code: 'INTERNAL', message: 'could not change state' } });
      }
    });

    socket.on('supervision:subscribe', async (filter, ack) => {
      if (typeof ack !== 'function') return;
      if (!supervises) {
        logger.warn({ userId, role }, 'socket: supervision:subscribe refused (not a supervisor)');
        return ack({ error: { code: 'FORBIDDEN', message: 'only supervisors and admins watch the floor' } });
      }
      const parsed = FeedFilter.safeParse(filter ?? {});
      if (!parsed.success) return ack({ error: { code: 'BAD_REQUEST', message: 'filter may hold team, queue, campaign, channel and agentId' } });
      await ready;
      if (!socket.connected) return;
      try {
        ack({ data: await supervision.subscribe(socket.id, parsed.data) });
      } catch (err) {
        logger.error({ err, userId }, 'socket: supervision:subscribe failed');
        ack({ error: { code: 'INTERNAL', message: 'could not load the floor' } });
      }
    });
  });
}
