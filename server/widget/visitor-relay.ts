import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { ChatRead, ChatTyping } from '../../shared/schemas/interaction.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/realtime/events.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { IO } from '../realtime/io.js';
import type { ConversationReader } from './visitor-conversation.js';
import { conversationState } from './visitor-conversation.js';
import type { VisitorNamespace } from './visitor-namespace.js';
import { isWidgetCallId, sessionIdOfCallId, visitorRoom } from './widget-ids.js';

type AgentSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * The console's side of widget chats, towards the visitor: agents' replies and the chat's state
 * (waiting, active with the agent's name, ended) from the bus, and the handling agent's typing and read
 * marks from their screen. Internal notes never reach a visitor. Writes of one chat are relayed in order.
 */
export function relayToVisitors(deps: { bus: EventBus; io: IO; nsp: VisitorNamespace; models: Models; conversations: ConversationReader; logger: Logger }) {
  const { bus, io, nsp, models, conversations, logger } = deps;
  const { Interaction, VisitorSession } = models;
  /** What each live widget chat's visitor was last told of its state (a change is told once). */
  const told = new Map<string, string>();
  const chains = new Map<string, Promise<void>>();

  /** Runs `work` after the earlier relays of the same chat (an agent's name is looked up on the way). */
  function inOrder(id: string, work: () => Promise<void>) {
    const next = (chains.get(id) ?? Promise.resolve()).then(work).catch((err) => logger.warn({ err, interactionId: id }, 'widget: relay to the visitor failed'));
    chains.set(id, next);
    void next.then(() => {
      if (chains.get(id) === next) chains.delete(id);
    });
  }

  bus.on('interaction:changed', ({ id, doc, message }) => {
    if (!isWidgetCallId(doc.callId)) return;
    const room = visitorRoom(sessionIdOfCallId(doc.callId)!);
    const state = conversationState(doc);
    const agent = state === 'waiting' ? undefined : (doc.agentName ?? undefined);
    const key = `${state}|${agent ?? ''}`;
    const stateChanged = told.get(id) !== key;
    if (state === 'ended') told.delete(id);
    else told.set(id, key);
    // The visitor's own messages reach their other tabs from where they were sent (with their client id).
    const reply = message?.from === 'agent' ? { ...message, seq: message.seq ?? doc.messageCount } : null;
    if (!reply && !stateChanged) return;
    inOrder(id, async () => {
      if (stateChanged) {
        const agentName = agent ? await conversations.displayName(agent) : undefined;
        nsp.to(room).emit('chat:state', { state, ...(agentName ? { agentName } : {}) });
      }
      if (reply) {
        const agentName = reply.agent ? await conversations.displayName(reply.agent) : undefined;
        nsp.to(room).emit('chat:message', {
          seq: reply.seq,
          from: 'agent',
          text: reply.text,
          at: reply.at.toISOString(),
          ...(agentName ? { agentName } : {}),
          ...(reply.attachment ? { attachment: reply.attachment } : {}),
        });
      }
    });
  });

  /** The widget chat an agent's event is about, if they are handling it; null otherwise (logged). */
  async function handledWidgetChat(socket: AgentSocket, interactionId: string, event: string) {
    const i = await Interaction.findById(interactionId, { callId: 1, agentId: 1, state: 1 }).lean<InteractionDoc>();
    if (!i || !isWidgetCallId(i.callId)) return null;
    if (String(i.agentId) !== socket.data.userId || i.state === 'ended') {
      logger.warn({ userId: socket.data.userId, interactionId, event }, 'socket: chat mark refused (not the handling agent of a live chat)');
      return null;
    }
    return { i, sessionId: sessionIdOfCallId(i.callId)! };
  }

  return {
    /** Registers the agent screens' `chat:typing` and `chat:read` (the role matrix has already let them through). */
    attachAgentEvents() {
      io.on('connection', (socket) => {
        socket.on('chat:typing', (input) => {
          const r = ChatTyping.safeParse(input);
          if (!r.success) return void logger.info({ userId: socket.data.userId }, 'socket: chat:typing refused: invalid');
          void (async () => {
            const chat = await handledWidgetChat(socket, r.data.interactionId, 'chat:typing');
            if (!chat) return;
            const agentName = await conversations.displayName(socket.data.username);
            nsp.to(visitorRoom(chat.sessionId)).emit('chat:typing', { typing: r.data.typing, agentName });
          })().catch((err) => logger.warn({ err }, 'socket: chat:typing failed'));
        });
        socket.on('chat:read', (input) => {
          const r = ChatRead.safeParse(input);
          if (!r.success) return void logger.info({ userId: socket.data.userId }, 'socket: chat:read refused: invalid');
          void (async () => {
            const chat = await handledWidgetChat(socket, r.data.interactionId, 'chat:read');
            if (!chat) return;
            // Kept on the visitor's session, so their reload shows it (VisitorConversation.readUpTo).
            await VisitorSession.updateOne({ _id: new Types.ObjectId(chat.sessionId), interactionId: chat.i._id }, { $max: { agentReadUpTo: r.data.upTo } });
            nsp.to(visitorRoom(chat.sessionId)).emit('chat:read', { upTo: r.data.upTo });
          })().catch((err) => logger.warn({ err }, 'socket: chat:read failed'));
        });
      });
    },
  };
}
