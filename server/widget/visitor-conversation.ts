import type { Types } from 'mongoose';
import type { ChatAttachment } from '../../shared/schemas/interaction.js';
import type { ConversationState, VisitorConversation, VisitorMessage } from '../../shared/schemas/widget.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { VisitorSessionDoc } from './visitor-session.model.js';
import { clientIdOfEventId } from './widget-ids.js';
import type { WidgetRatingModel } from './widget-rating.model.js';

/** Where a chat stands for its visitor, from its interaction's state. */
export function conversationState(i: Pick<InteractionDoc, 'state'> | null | undefined): ConversationState {
  if (!i) return 'none';
  if (i.state === 'active') return 'active';
  if (i.state === 'ended') return 'ended';
  return 'waiting';
}

/** A stored chat message as the visitor sees it; null for what a visitor never sees (internal notes). */
export function toVisitorMessage(
  m: { seq?: number | null; from?: string | null; text?: string | null; at?: Date | null; agent?: string | null; eventId?: string | null; attachment?: ChatAttachment | null },
  agentName: (username: string) => string | undefined,
): VisitorMessage | null {
  if (m.from !== 'customer' && m.from !== 'agent') return null;
  const clientId = m.from === 'customer' ? clientIdOfEventId(m.eventId) : undefined;
  const name = m.from === 'agent' && m.agent ? agentName(m.agent) : undefined;
  return {
    ...(clientId ? { clientId } : {}),
    seq: m.seq ?? 0,
    from: m.from === 'customer' ? 'visitor' : 'agent',
    text: m.text ?? '',
    at: (m.at ?? new Date()).toISOString(),
    ...(name ? { agentName: name } : {}),
    ...(m.attachment ? { attachment: m.attachment } : {}),
  };
}

type StoredMessage = Parameters<typeof toVisitorMessage>[0];

/**
 * Reads a visitor's conversation: their current chat's messages (never internal notes), its state and
 * agent, the read mark and whether they rated it. Agent names are shown as the agents' display names.
 */
export function createConversationReader(models: Models, ratings: WidgetRatingModel) {
  const { Interaction, ChatMessage, User } = models;
  const names = new Map<string, { name: string; at: number }>();

  /** The display name of an agent by username (cached a minute: shown on every message). */
  async function displayName(username: string): Promise<string> {
    const hit = names.get(username);
    if (hit && Date.now() - hit.at < 60_000) return hit.name;
    const u = await User.findOne({ username }, { displayName: 1 }).lean();
    const name = u?.displayName || username;
    names.set(username, { name, at: Date.now() });
    return name;
  }

  return {
    displayName,

    async messagesOf(interactionId: Types.ObjectId): Promise<VisitorMessage[]> {
      const stored = await ChatMessage.find({ interactionId, from: { $in: ['customer', 'agent'] } }).sort({ seq: 1 }).lean<StoredMessage[]>();
      const agents = [...new Set(stored.filter((m) => m.from === 'agent' && m.agent).map((m) => m.agent!))];
      const known = new Map(await Promise.all(agents.map(async (a) => [a, await displayName(a)] as const)));
      return stored.map((m) => toVisitorMessage(m, (a) => known.get(a))).filter((m): m is VisitorMessage => !!m);
    },

    async of(session: Pick<VisitorSessionDoc, 'interactionId' | 'agentReadUpTo'>): Promise<VisitorConversation> {
      if (!session.interactionId) return { state: 'none', messages: [], readUpTo: 0, rated: false };
      const i = await Interaction.findById(session.interactionId, { state: 1, agentName: 1 }).lean<InteractionDoc>();
      const state = conversationState(i);
      const [messages, rated] = await Promise.all([this.messagesOf(session.interactionId), ratings.exists({ interactionId: session.interactionId })]);
      const agentName = i?.agentName && state !== 'waiting' ? await displayName(i.agentName) : undefined;
      return { state, ...(agentName ? { agentName } : {}), messages, readUpTo: session.agentReadUpTo ?? 0, rated: !!rated };
    },
  };
}
export type ConversationReader = ReturnType<typeof createConversationReader>;
