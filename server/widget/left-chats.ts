import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { CtiService } from '../telephony/cti.service.js';
import type { VisitorNamespace } from './visitor-namespace.js';
import { endEventId, isWidgetCallId, sessionIdOfCallId, visitorRoom } from './widget-ids.js';

/**
 * Widget chats whose visitor has gone: no page of theirs open (in any process) for `idleEndMs`. Such a
 * chat ends as if the visitor had ended it, freeing the agent, who has no end button for a platform chat.
 *
 * A timer per closed page ends it on time; this sweep, at start and every minute, ends those whose timer
 * died with its process (a restart, a crash), from what the database knows: the session's last-seen time.
 */
export function createLeftChats(deps: { models: Models; nsp: VisitorNamespace; cti: Pick<CtiService, 'handle'>; idleEndMs: number; logger: Logger }) {
  const { models, nsp, cti, idleEndMs, logger } = deps;

  /**
   * Ends the session's live chat if none of its pages is open and it was last seen at least `idleMs` ago
   * (the page-close timer has waited already: it asks for no more).
   */
  async function endIfGone(sessionId: string, idleMs: number, now = new Date()): Promise<boolean> {
    if ((await nsp.in(visitorRoom(sessionId)).fetchSockets()).length) return false;
    const s = await models.VisitorSession.findById(sessionId, { interactionId: 1, lastSeenAt: 1 }).lean();
    if (!s?.interactionId || !s.lastSeenAt || now.getTime() - s.lastSeenAt.getTime() < idleMs) return false;
    const i = await models.Interaction.findById(s.interactionId, { callId: 1, from: 1, to: 1, state: 1 }).lean<InteractionDoc>();
    if (!i || i.state === 'ended') return false;
    logger.info({ sessionId, callId: i.callId }, 'widget: the visitor left; their chat is ended');
    await cti.handle({ eventId: endEventId(i.callId), type: 'chat.ended', callId: i.callId, channel: 'chat', from: i.from, to: i.to, at: now.toISOString() });
    return true;
  }

  /** Every live widget chat checked once (live chats are few: they are bounded by the agents' capacity and the queue). */
  async function sweep(now = new Date()): Promise<number> {
    const live = await models.Interaction.find({ state: { $in: ['ringing', 'queued', 'offered', 'active'] }, channel: 'chat' }, { callId: 1 }).lean<Array<Pick<InteractionDoc, 'callId'>>>();
    let ended = 0;
    for (const { callId } of live) {
      const sessionId = isWidgetCallId(callId) ? sessionIdOfCallId(callId) : null;
      if (sessionId && (await endIfGone(sessionId, idleEndMs, now).catch((err) => logger.warn({ err, sessionId }, 'widget: could not end a left chat')))) ended++;
    }
    return ended;
  }

  let timer: NodeJS.Timeout | undefined;
  return {
    endIfGone,
    sweep,
    /** The visitor's last page closed: checked again once `idleEndMs` has passed. */
    watch(sessionId: string) {
      setTimeout(() => void endIfGone(sessionId, 0).catch((err) => logger.warn({ err, sessionId }, 'widget: could not end a left chat')), idleEndMs).unref();
    },
    start() {
      void sweep().catch((err) => logger.warn({ err }, 'widget: the left-chat sweep failed'));
      timer = setInterval(() => void sweep().catch((err) => logger.warn({ err }, 'widget: the left-chat sweep failed')), Math.min(60_000, idleEndMs));
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
export type LeftChats = ReturnType<typeof createLeftChats>;
