import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { AgentState, AgentStatus } from '../../shared/realtime/events.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { Background } from '../ops/background.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { InteractionRepository, Waiting } from '../interactions/interaction.repository.js';
import { agentClaimFilter, capacityField } from './routing-choice.js';

const toStatus = (a: { state: string; stateSince: Date; voice: number; chats: number; connections?: number }): AgentStatus => ({
  state: (a.connections ?? 1) > 0 ? (a.state as AgentStatus['state']) : 'offline',
  since: a.stateSince.toISOString(),
  voice: a.voice,
  chats: a.chats,
});

/**
 * Routing: hands each waiting call or chat to the longest-idle available agent with the skill and
 * capacity for it. Both the agent's capacity and the interaction are claimed with atomic
 * findOneAndUpdate calls, so two agents never get one call, even across server processes.
 * Routing owns the agents' routing records (`agents`) and publishes `agent:changed` for each change
 * of one; it takes every interaction the bus says needs an agent.
 */
export function createRoutingService(deps: { models: Models; interactions: InteractionRepository; bus: EventBus; background: Background; logger: Logger; processId?: string }) {
  const { models, interactions, bus, background, logger } = deps;
  const { Agent, Interaction } = models;
  const session = `sessions.${deps.processId ?? 'local'}`;
  const agentChanged = (agentUserId: string, status?: AgentStatus) => bus.emit('agent:changed', { agentUserId, status });

  async function releaseCapacity(agentUserId: unknown, channel: string) {
    const field = capacityField(channel);
    await Agent.updateOne({ userId: agentUserId, [field]: { $gt: 0 } } as Record<string, unknown>, { $inc: { [field]: -1 } });
  }

  async function claimAgent(i: Waiting) {
    return Agent.findOneAndUpdate(agentClaimFilter(i), { $inc: { [capacityField(i.channel)]: 1 } }, { sort: { idleSince: 1 }, returnDocument: 'after' }).lean();
  }

  /** Tries to give one interaction to an agent; returns whether it was assigned. */
  /** Tries to give one interaction to an agent; returns whether it was assigned (the pop follows the bus). */
  async function assign(i: Waiting): Promise<boolean> {
    const agent = await claimAgent(i);
    if (!agent) {
      await interactions.queue(i);
      return false;
    }
    if (!(await interactions.claim(i, { userId: agent.userId, username: agent.username }))) {
      // Someone else took it, or it ended meanwhile: give the capacity back.
      await releaseCapacity(agent.userId, i.channel);
      return false;
    }
    return true;
  }

  // A platform event left an interaction waiting for an agent: routed after the platform has its answer.
  bus.on('interaction:changed', ({ doc, needsAgent }) => {
    if (!needsAgent) return;
    // On the next turn of the event loop: the platform's request is answered first.
    background.run('routing', () => new Promise((next) => setImmediate(next)).then(() => assign(doc)), 'error', { interactionId: String(doc._id) });
  });

  async function status(userId: string) {
    const a = await Agent.findOne({ userId: new Types.ObjectId(userId) }).lean();
    return a ? toStatus(a) : null;
  }

  /** Offers the queue to whoever just became free, without the caller waiting. */
  const drainSoon = () => background.run('draining the queue', () => drainQueue());

  let draining: Promise<void> | undefined;
  /** Offers waiting interactions, oldest first, to whoever is free now. */
  function drainQueue(): Promise<void> {
    draining ??= (async () => {
      try {
        const waiting = await Interaction.find({ agentId: null, state: { $in: ['queued', 'active'] } })
          .sort({ ringingAt: 1 })
          .limit(100)
          .lean();
        for (const i of waiting) {
          if (!(await Agent.exists({ state: 'available', connections: { $gt: 0 } }))) break;
          await assign(i);
        }
      } catch (err) {
        logger.error({ err }, 'routing: draining the queue failed');
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  return {
    assign,
    drainQueue,
    status,

    /**
     * Offers the queue again every `ms`: an agent freed in another process (or a claim lost to a race)
     * is noticed without any event here. Returns the stop function.
     */
    sweepEvery(ms: number) {
      const timer = setInterval(drainSoon, ms);
      timer.unref();
      return () => clearInterval(timer);
    },

    /**
     * The interaction no longer holds its agent's capacity (it ended). A voice call goes to wrap-up,
     * unless its disposition was already recorded during the call (then the agent is free at once).
     */
    async release(i: Pick<InteractionDoc, 'agentId' | 'channel' | 'wrappedUpAt'>) {
      if (!i.agentId) return;
      await releaseCapacity(i.agentId, i.channel);
      if (i.channel === 'voice' && !i.wrappedUpAt) {
        const now = new Date();
        const a = await Agent.findOneAndUpdate(
          { userId: i.agentId, state: 'available' },
          { $set: { state: 'wrap-up', stateSince: now } },
          { returnDocument: 'after' },
        ).lean();
        if (a) agentChanged(String(i.agentId), toStatus(a));
      } else drainSoon();
    },

    /** The agent finished after-call work: back to available if wrap-up was automatic. */
    async wrappedUp(agentUserId: string) {
      const now = new Date();
      const a = await Agent.findOneAndUpdate(
        { userId: new Types.ObjectId(agentUserId), state: 'wrap-up', voice: 0 },
        { $set: { state: 'available', stateSince: now, idleSince: now } },
        { returnDocument: 'after' },
      ).lean();
      if (a) {
        agentChanged(agentUserId, toStatus(a));
        drainSoon();
      }
    },

    /** An agent's screen connected: make sure a routing record exists and count the connection. */
    /**
     * `fresh`: the screen of a new login. An agent who logs in starts away (not ready) unless another
     * of their screens is already working: calls never route before the agent has said they are ready.
     * A reload or a reconnect (not fresh) keeps the state the agent had.
     */
    async connected(user: { userId: string; username: string; skills: string[]; chatCapacity: number; fresh?: boolean }) {
      const now = new Date();
      let a = await Agent.findOneAndUpdate(
        { userId: new Types.ObjectId(user.userId) },
        {
          $inc: { connections: 1, [session]: 1 },
          $set: { username: user.username, skills: user.skills, chatCapacity: user.chatCapacity },
          $setOnInsert: { state: 'away', stateSince: now, idleSince: now, voice: 0, chats: 0 },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (user.fresh && a && a.connections === 1 && a.state !== 'away')
        a = (await Agent.findOneAndUpdate({ _id: a._id, connections: 1 }, { $set: { state: 'away', stateSince: now } }, { returnDocument: 'after' }).lean()) ?? a;
      // The screen that connected is sent its status by the socket; the board learns from the bus.
      agentChanged(user.userId);
      if (a?.state === 'available') drainSoon();
      return a ? toStatus(a) : null;
    },

    async disconnected(userId: string) {
      await Agent.updateOne({ userId: new Types.ObjectId(userId), connections: { $gt: 0 } }, { $inc: { connections: -1, [session]: -1 } });
      agentChanged(userId);
    },

    /**
     * A console process died without closing its screens' connections: take them back from every
     * agent (an agent left with none is offline and offered nothing). Each agent's share is taken
     * once, even when several processes sweep at the same time.
     */
    async releaseProcess(deadId: string): Promise<number> {
      const field = `sessions.${deadId}`;
      let released = 0;
      for (const a of await Agent.find({ [field]: { $gt: 0 } }, { userId: 1, sessions: 1 }).lean()) {
        const n = (a.sessions as unknown as Record<string, number> | undefined)?.[deadId] ?? 0;
        const res = await Agent.updateOne({ _id: a._id, [field]: n }, { $inc: { connections: -n }, $unset: { [field]: 1 } });
        if (!res.modifiedCount) continue;
        released += n;
        await Agent.updateOne({ _id: a._id, connections: { $lt: 0 } }, { $set: { connections: 0 } });
        const now = await Agent.findById(a._id).lean();
        if (now) agentChanged(String(a.userId), toStatus(now));
      }
      await Agent.updateMany({ [field]: { $lte: 0 } }, { $unset: { [field]: 1 } });
      return released;
    },

    async setState(userId: string, state: AgentState): Promise<AgentStatus> {
      const now = new Date();
      const _id = new Types.ObjectId(userId);
      const before = await Agent.findOne({ userId: _id }).lean();
      if (!before) throw new Error('agent is not connected');
      const set: Record<string, unknown> = { state };
      if (before.state !== state) set.stateSince = now;
      if (state === 'available' && before.state !== 'available') set.idleSince = now;
      const a = await Agent.findOneAndUpdate({ userId: _id }, { $set: set }, { returnDocument: 'after' }).lean();
      const s = toStatus(a!);
      agentChanged(userId, s);
      if (state === 'available') drainSoon();
      return s;
    },

    /** Redirect on no answer: the agent's screen never took the pop, so the call goes back to the queue. */
    async unanswered(interactionId: string, agentUserId: string) {
      const back = await interactions.requeue(interactionId, agentUserId);
      if (!back) return false;
      const agentId = new Types.ObjectId(agentUserId);
      await releaseCapacity(agentId, back.channel);
      const now = new Date();
      const a = await Agent.findOneAndUpdate({ userId: agentId }, { $set: { state: 'away', stateSince: now } }, { returnDocument: 'after' }).lean();
      if (a) agentChanged(agentUserId, toStatus(a));
      logger.warn({ interactionId, agentUserId }, 'routing: pop not acknowledged, call re-queued and agent set away');
      drainSoon();
      return true;
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
