import type { EventBus, InteractionCause } from '../events.js';
import { toInteraction } from '../interactions/interaction-wire.js';
import { type IO, userRoom } from './io.js';

/**
 * Writes whose new values the handling agent's screens are sent (`interaction:updated`). Not: a chat
 * message that changed nothing else (it reaches the screens on its own as `chat:message`; the version
 * it moved orders nothing a screen shows, whose next full copy carries a later one), a new
 * or assigned interaction (the pop carries it), one that went back to the queue (no agent), a pop's
 * acknowledgement (nothing on screen changes), and a telemarketer's call (the dialer has the answer
 * of its own request).
 */
const TELL_AGENT = new Set<InteractionCause>(['event', 'chat-accepted', 'recorded', 'change-logged', 'customer-attached', 'complaint-linked']);

/**
 * The one place that turns interaction and agent changes into pushes to the screens of the people
 * concerned: the handling agent (and a chat message's author) for an interaction, the agent for
 * their routing state. The supervisors' feed has its own subscriber (supervision.service.ts).
 */
export function pushChangesToScreens(bus: EventBus, io: IO) {
  bus.on('interaction:changed', ({ id, doc, cause, message, author, previousAgent }) => {
    // A transfer: the agent it left (on all their screens) drops it; the next agent gets its pop.
    if (cause === 'transferred' && previousAgent) io.to(userRoom(previousAgent)).emit('interaction:updated', toInteraction(doc));
    const agent = doc.agentId ? String(doc.agentId) : null;
    if (message) {
      const rooms = [...new Set([agent, author].filter((u): u is string => !!u))].map(userRoom);
      if (rooms.length) io.to(rooms).emit('chat:message', { interactionId: id, message });
    }
    if (agent && TELL_AGENT.has(cause)) io.to(userRoom(agent)).emit('interaction:updated', toInteraction(doc));
  });
  bus.on('job:progress', ({ userId, progress }) => io.to(userRoom(userId)).emit('job:progress', progress));
  bus.on('agent:changed', ({ agentUserId, status }) => {
    if (status) io.to(userRoom(agentUserId)).emit('agent:state-changed', status);
  });
}
