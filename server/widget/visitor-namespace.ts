import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { validationIssues, type Ack } from '../../shared/schemas/common.js';
import type { ChatAttachment } from '../../shared/schemas/interaction.js';
import {
  CallbackRequest,
  ChatRating,
  PreChat,
  VisitorSend,
  type VisitorClientEvents,
  type VisitorConversation,
  type VisitorServerEvents,
  type VisitorSession,
} from '../../shared/schemas/widget.js';
import type { CallbackRepository } from '../callbacks/callbacks.repository.js';
import type { Models } from '../db/models.js';
import { AppError } from '../http/errors.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { IO } from '../realtime/io.js';
import { userRoom } from '../realtime/io.js';
import { limiter, take } from '../security/rate-limit.js';
import type { CtiService } from '../telephony/cti.service.js';
import type { AvailabilityOf, StatusOf, WidgetStatus } from './availability.js';
import { newVisitorToken } from './identity.js';
import { normaliseOrigin } from './origins.js';
import type { WidgetSites } from './sites.service.js';
import { identifyVisitor, recordMarketingConsent, type ConsentDeps } from './visitor-identity.js';
import { toVisitorMessage, type ConversationReader } from './visitor-conversation.js';
import { hashVisitorToken, type VisitorSessionDoc } from './visitor-session.model.js';
import type { WidgetLimits } from './widget-limits.js';
import type { RatingsRepository } from './ratings.repository.js';
import { endEventId, messageEventId, questionEventId, startEventId, visitorRoom, widgetCallId, widgetTo } from './widget-ids.js';

export interface VisitorData {
  sessionId: string;
  siteId: string;
  token: string;
}
export type VisitorNamespace = Namespace<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorData>;
type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorData>;

/** Finds a file the visitor uploaded (server/attachments, wired by the app); null when it is not theirs. */
export type VisitorAttachmentLookup = (sessionId: string, attachmentId: string) => Promise<ChatAttachment | null>;

export interface VisitorNamespaceDeps extends ConsentDeps {
  io: IO;
  models: Models;
  sites: WidgetSites;
  cti: CtiService;
  conversations: ConversationReader;
  availabilityOf: AvailabilityOf;
  statusOf: StatusOf;
  callbacks: CallbackRepository;
  ratings: RatingsRepository;
  limits: WidgetLimits;
  /** A chat whose visitor has had no page open this long is ended. */
  /** The visitor's page closed: their chat may have to end if no other opens (left-chats.ts). */
  onLeft: (sessionId: string) => void;
  logger: Logger;
  attachmentOf?: VisitorAttachmentLookup;
  /** Told what each visitor was first told of availability (the pushes of changes start from it). */
  onAvailability?: (socket: object, status: WidgetStatus) => void;
}

/** A refusal the widget words in its visitor's language (the code), with an English fallback. */
const refusal = (code: string, message: string, params?: Record<string, unknown>) => new AppError(code, message, 400, undefined, params);

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw refusal('VALIDATION', `invalid ${what}`, { what, issues: validationIssues(r.error.issues, what) });
  return r.data;
}

const Typing = z.object({ typing: z.boolean() }).strict();
const Read = z.object({ upTo: z.number().int().min(0) }).strict();

/** Events a visitor may send, and the limit each counts against. */
const EVENTS: Record<keyof VisitorClientEvents, 'messages' | 'typing' | 'events'> = {
  'chat:start': 'messages',
  'chat:send': 'messages',
  'chat:typing': 'typing',
  'chat:read': 'typing',
  'chat:end': 'events',
  'chat:rate': 'events',
  'callback:request': 'events',
};

/**
 * The website visitors' Socket.IO namespace (`/visitor`, shared/schemas/widget.ts). A handshake must
 * come from one of its site's origins; its token (or a new one) opens the visitor's session, and the
 * socket joins only that session's room: nothing else of the console reaches a visitor. Their chat is
 * made exactly as a platform's, through the CTI service with synthesised events, so identification,
 * routing, the pop, the feed and the figures are the same.
 */
export function attachVisitorNamespace(deps: VisitorNamespaceDeps): VisitorNamespace {
  const { io, models, sites, cti, conversations, availabilityOf, callbacks, ratings, limits, logger } = deps;
  const { VisitorSession, Interaction, ChatMessage } = models;
  const nsp = io.of('/visitor') as unknown as VisitorNamespace;
  const perIp = limiter('widget-connections', limits.connectionsPerIp);
  const buckets = {
    messages: limiter('widget-messages', limits.messagesPerVisitor),
    typing: limiter('widget-typing', limits.typingPerSocket),
    events: limiter('widget-events', limits.eventsPerSocket),
  };
  const strikes = limiter('widget-strikes', limits.strikes);

  // -- Handshake -----------------------------------------------------------------------------------
  nsp.use((socket, next) => {
    void (async () => {
      const ip = socket.handshake.address;
      const auth = (socket.handshake.auth ?? {}) as { site?: unknown; token?: unknown };
      if (await take(perIp, ip)) {
        logger.warn({ ip }, 'visitor socket refused: too many connections from this address');
        return next(new Error('rate limited'));
      }
      const site = await sites.live(auth.site);
      const origin = socket.handshake.headers.origin;
      const normalised = typeof origin === 'string' ? normaliseOrigin(origin) : null;
      if (!site || !normalised || !site.origins.includes(normalised)) {
        logger.warn({ ip, origin, site: typeof auth.site === 'string' ? auth.site.slice(0, 40) : undefined }, 'visitor socket refused: origin not allowed');
        return next(new Error('origin not allowed'));
      }
      // A token of this site's visitor resumes their session; any other (unknown, another site's) is a new visitor.
      let token = typeof auth.token === 'string' && auth.token.length <= 128 ? auth.token : null;
      const session = token ? await VisitorSession.findOneAndUpdate({ tokenHash: hashVisitorToken(token), siteId: site._id }, { $set: { lastSeenAt: new Date() } }, { projection: { _id: 1 } }).lean() : null;
      // A new visitor's session is stored only when they first do something (a chat, a callback): a page
      // view opening the widget leaves nothing behind.
      if (!session) token = newVisitorToken();
      socket.data = { sessionId: String(session?._id ?? new Types.ObjectId()), siteId: String(site._id), token: token! };
      next();
    })().catch((err) => {
      logger.error({ err }, 'visitor socket: handshake failed');
      next(new Error('unavailable'));
    });
  });

  nsp.on('connection', (socket: VisitorSocket) => {
    const { sessionId, siteId, token } = socket.data;
    const sessionOid = new Types.ObjectId(sessionId);
    const room = visitorRoom(sessionId);
    limitEvents(socket);
    void socket.join(room);

    const site = () => sites.live(siteId).then((s) => s ?? Promise.reject(refusal('SITE_CLOSED', 'this site no longer takes chats')));
    const session = () => VisitorSession.findById(sessionOid).lean<VisitorSessionDoc>();
    /** The visitor's stored session, made now if this is their first act. */
    /** Counts a new chat of the visitor's (their session stored now if this is their first). */
    const countChat = () =>
      VisitorSession.findOneAndUpdate(
        { _id: sessionOid },
        { $setOnInsert: { tokenHash: hashVisitorToken(token), siteId: new Types.ObjectId(siteId) }, $set: { lastSeenAt: new Date() }, $inc: { chatCount: 1 } },
        { upsert: true, returnDocument: 'after', projection: { chatCount: 1 } },
      ).lean<VisitorSessionDoc>();
    /** The visitor's current chat (its interaction), or a refusal when there is none going. */
    async function liveChat(): Promise<{ s: VisitorSessionDoc; i: InteractionDoc }> {
      const s = await session();
      const i = s?.interactionId ? await Interaction.findById(s.interactionId, { transcript: 0, events: 0 }).lean<InteractionDoc>() : null;
      if (!s || !i) throw refusal('NO_CHAT', 'start a chat first');
      if (i.state === 'ended') throw refusal('CHAT_ENDED', 'this chat has ended');
      return { s, i };
    }
    const conversation = async () => {
      const s = await session();
      return s ? conversations.of(s) : ({ state: 'none', messages: [], readUpTo: 0, rated: false } satisfies VisitorConversation);
    };

    /** Runs a handler and acknowledges its result, or its refusal's code; unexpected failures are logged. */
    function answer<T>(event: string, ack: unknown, work: () => Promise<T>) {
      if (typeof ack !== 'function') return void logger.warn({ sessionId, event }, 'visitor event without an acknowledgement: ignored');
      const reply = ack as (res: Ack<T>) => void;
      work().then(
        (data) => reply({ data }),
        (err: unknown) => {
          if (err instanceof AppError && err.status < 500) {
            logger.info({ sessionId, event, code: err.code }, 'visitor event refused');
            return reply({ error: { code: err.code, message: err.message, ...(err.params ? { params: err.params } : {}) } });
          }
          logger.error({ err, sessionId, event }, 'visitor event failed');
          reply({ error: { code: 'INTERNAL', message: 'something went wrong; try again' } });
        },
      );
    }

    // The session first: the widget keeps the token and shows the conversation so far.
    void (async () => {
      const s = await site();
      const status = await deps.statusOf(s.queue);
      const hello: VisitorSession = { token, site: { name: s.name, queue: s.queue }, ...status, conversation: await conversation() };
      deps.onAvailability?.(socket, status);
      socket.emit('visitor:session', hello);
    })().catch((err) => {
      logger.error({ err, sessionId }, 'visitor socket: could not send the session');
      socket.disconnect(true);
    });

    socket.on('chat:start', (form, ack) =>
      answer('chat:start', ack, async () => {
        const pre = parse(PreChat, form, 'pre-chat form');
        const current = await session();
        if (current?.interactionId) {
          const i = await Interaction.findById(current.interactionId, { state: 1 }).lean();
          // A second submit (another tab, a double click) answers the chat already going.
          if (i && i.state !== 'ended') return conversations.of(current);
        }
        const s = await site();
        const availability = await availabilityOf(s.queue);
        if (availability === 'closed') throw refusal('QUEUE_CLOSED', 'the chat is closed now; leave a message instead');
        if (availability === 'busy') throw refusal('NO_AGENT_AVAILABLE', 'nobody can chat now; leave a message instead');
        const who = await identifyVisitor(models, s, pre.identity, logger);
        const callId = widgetCallId(sessionId, (await countChat())?.chatCount ?? 1);
        const base = { channel: 'chat' as const, callId, from: (pre.email ?? pre.phone)!, to: widgetTo(s.name), queue: s.queue };
        const opened = await cti.handle({ ...base, eventId: startEventId(callId), type: 'chat.started', at: new Date().toISOString() }, { customerId: who.customerId, candidateIds: who.hints });
        if (!opened.interactionId) throw new Error(`chat ${callId} was not opened`);
        const interactionId = new Types.ObjectId(opened.interactionId);
        const opening = await Interaction.findById(interactionId, { customerId: 1 }).lean();
        const customerId = opening?.customerId ?? null;
        const known = customerId ? String(customerId) : null;
        const consent = { granted: pre.marketingConsent, at: new Date(), ...(pre.email ? { email: pre.email } : {}), ...(pre.phone ? { phone: pre.phone } : {}) };
        await VisitorSession.updateOne(
          { _id: sessionOid },
          {
            $set: { interactionId, customerId, name: pre.name, email: pre.email, phone: pre.phone, locale: pre.locale, agentReadUpTo: 0, visitorReadUpTo: 0 },
            ...(known ? { $unset: { marketingConsent: 1 } } : {}),
          },
        );
        if (!known) await VisitorSession.updateOne({ _id: sessionOid }, { $set: { marketingConsent: consent } });
        await cti.handle({ ...base, eventId: questionEventId(callId), type: 'chat.message', text: pre.question, at: new Date().toISOString() });
        if (known) await recordMarketingConsent(deps, { customerId: known, interactionId: opened.interactionId, granted: pre.marketingConsent, email: pre.email, phone: pre.phone, at: consent.at });
        const now = await conversation();
        // The visitor's other tabs follow.
        socket.to(room).emit('chat:state', { state: now.state });
        for (const m of now.messages) socket.to(room).emit('chat:message', m);
        return now;
      }),
    );

    socket.on('chat:send', (input, ack) =>
      answer('chat:send', ack, async () => {
        const msg = parse(VisitorSend, input, 'message');
        const { s, i } = await liveChat();
        const eventId = messageEventId(msg.clientId);
        const first = async () => {
          const m = await ChatMessage.findOne({ interactionId: i._id, eventId }).lean<Parameters<typeof toVisitorMessage>[0]>();
          return m ? toVisitorMessage(m, () => undefined) : null;
        };
        // A resend (after a reconnect, the ack lost) is answered with the message first stored.
        const already = await first();
        if (already) return already;
        let attachment: ChatAttachment | undefined;
        if (msg.attachmentId) {
          attachment = (await deps.attachmentOf?.(sessionId, msg.attachmentId)) ?? undefined;
          if (!attachment) throw refusal('ATTACHMENT_NOT_FOUND', 'no such file of yours', { what: 'attachment' });
        }
        await cti.handle(
          {
            eventId,
            type: 'chat.message',
            callId: i.callId,
            channel: 'chat',
            from: i.from,
            to: i.to,
            ...(i.queue ? { queue: i.queue } : {}),
            // A file alone is stored with its name as the text (a message always has text).
            text: msg.text || attachment!.name,
            at: new Date().toISOString(),
          },
          attachment ? { attachment } : {},
        );
        const message = await first();
        if (!message) throw new Error(`message ${eventId} of ${i.callId} not stored`);
        void VisitorSession.updateOne({ _id: s._id }, { $set: { lastSeenAt: new Date() } }).catch(() => {});
        socket.to(room).emit('chat:message', message);
        return message;
      }),
    );

    socket.on('chat:typing', (input) => {
      const r = Typing.safeParse(input);
      if (!r.success) return void logger.info({ sessionId }, 'visitor chat:typing refused: invalid');
      void liveChat()
        .then(({ i }) => {
          if (i.agentId) io.to(userRoom(String(i.agentId))).emit('chat:typing', { interactionId: String(i._id), typing: r.data.typing });
        })
        .catch(() => {});
    });

    socket.on('chat:read', (input) => {
      const r = Read.safeParse(input);
      if (!r.success) return void logger.info({ sessionId }, 'visitor chat:read refused: invalid');
      void (async () => {
        const s = await session();
        if (!s?.interactionId) return;
        await VisitorSession.updateOne({ _id: s._id }, { $max: { visitorReadUpTo: r.data.upTo } });
        const i = await Interaction.findById(s.interactionId, { agentId: 1 }).lean();
        if (i?.agentId) io.to(userRoom(String(i.agentId))).emit('chat:read', { interactionId: String(s.interactionId), upTo: r.data.upTo });
      })().catch((err) => logger.warn({ err, sessionId }, 'visitor chat:read failed'));
    });

    socket.on('chat:end', (ack) =>
      answer('chat:end', ack, async () => {
        const { i } = await liveChat();
        await cti.handle({ eventId: endEventId(i.callId), type: 'chat.ended', callId: i.callId, channel: 'chat', from: i.from, to: i.to, at: new Date().toISOString() });
        return conversation();
      }),
    );

    socket.on('chat:rate', (input, ack) =>
      answer('chat:rate', ack, async () => {
        const rating = parse(ChatRating, input, 'rating');
        const s = await session();
        const i = s?.interactionId ? await Interaction.findById(s.interactionId, { state: 1, queue: 1, agentId: 1, agentName: 1, customerId: 1 }).lean<InteractionDoc>() : null;
        if (!s || !i) throw refusal('NO_CHAT', 'there is no chat to rate');
        if (i.state !== 'ended') throw refusal('CHAT_NOT_ENDED', 'a chat is rated once it has ended');
        const recorded = await ratings.record({ interactionId: i._id, siteId: s.siteId, queue: i.queue, agentId: i.agentId, agentName: i.agentName, customerId: i.customerId, score: rating.score, comment: rating.comment, at: new Date() });
        if (!recorded) throw refusal('ALREADY_RATED', 'this chat has been rated');
        return { rated: true as const };
      }),
    );

    socket.on('callback:request', (input, ack) =>
      answer('callback:request', ack, async () => {
        const req = parse(CallbackRequest, input, 'callback request');
        const [s, mine] = await Promise.all([site(), session()]);
        // Outside hours a queue set to "closed" takes no requests (the widget shows only that it is closed).
        if (!(await deps.statusOf(s.queue)).callbacks) throw refusal('CALLBACKS_CLOSED', 'we are closed and take no callback requests now; come back during opening hours');
        const task = await callbacks.create({ queue: s.queue, name: req.name, phone: req.phone, message: req.message, source: 'chat-widget', site: s.name, customerId: mine?.customerId ? String(mine.customerId) : null });
        return { id: task.id };
      }),
    );

    socket.on('disconnect', () => {
      void VisitorSession.updateOne({ _id: sessionOid }, { $set: { lastSeenAt: new Date() } }).catch(() => {});
      deps.onLeft(sessionId);
    });
  });

  /**
   * Every visitor event passes its limit first: messages per visitor (all their tabs), typing and read
   * marks per socket, the rest per socket. Unknown events are refused. Refused ones are acknowledged
   * with their code and logged (once per socket); a socket that keeps going is cut.
   */
  function limitEvents(socket: VisitorSocket) {
    const { sessionId } = socket.data;
    let warned = false;
    let cut = false;
    socket.use((packet, next) => {
      void (async () => {
        const [event] = packet;
        const ack = packet[packet.length - 1];
        const bucket = typeof event === 'string' ? EVENTS[event as keyof VisitorClientEvents] : undefined;
        const refuse = async (code: string, message: string) => {
          if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ error: { code, message } });
          if (!warned) {
            warned = true;
            logger.warn({ sessionId, socketId: socket.id, ip: socket.handshake.address, event: String(event).slice(0, 40), code }, 'visitor event refused');
          }
          if ((await take(strikes, socket.id)) && !cut) {
            cut = true;
            logger.warn({ sessionId, ip: socket.handshake.address }, 'visitor socket disconnected: kept sending past its limits');
            socket.disconnect(true);
          }
        };
        if (!bucket) return refuse('UNKNOWN_EVENT', `unknown event ${String(event).slice(0, 40)}`);
        const wait = await take(buckets[bucket], bucket === 'messages' ? sessionId : socket.id);
        if (wait) return refuse('RATE_LIMITED', `too many ${bucket}; slow down (retry in ${wait} s)`);
        next();
      })().catch((err) => next(err as Error));
    });
  }

  return nsp;
}
