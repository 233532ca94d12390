import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { SYSTEM_NOT_READY_REASONS, type AgentLiveState, type AgentPresence, type AgentStateRequest } from '../../shared/realtime/agent-state.js';
import { decidesAlone, liveState, refusal, takesWork } from '../../shared/realtime/agent-state-machine.js';
import type { AgentStatus } from '../../shared/realtime/events.js';
import type { AfterCallWork } from '../config.js';
import type { Models } from '../db/models.js';
import type { EventBus, InteractionCause } from '../events.js';
import { AppError, badRequest } from '../http/errors.js';
import type { Background } from '../ops/background.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { AgentDoc } from './agent.model.js';
import { capacityField, claimsInFlight, endLeavesOnlyWrapUp, heldBy } from './routing-choice.js';
import { createClaims } from './claim.js';
import { createQueueDrain } from './queue-drain.js';
import { serialByKey } from '../ops/serial-by-key.js';
import { insertsPerTurn } from '../db/inserts-per-turn.js';
import { batchedPerTurn, oneEach } from '../db/batched-per-turn.js';

/** A claim of an agent's capacity reaches its interaction within this (a claim is two commands apart). */
const CLAIM_SETTLES_MS = 60_000;

/** Dispositions owed for calls that began longer ago than this no longer hold an agent in after-call work. */
const OWED_WINDOW_MS = 12 * 3600_000;

/**
 * Whether this write of an interaction may have changed its agent's state: offered, requeued, a chat
 * accepted, a call answered, a disposition recorded after the end. (An end reconciles through `release`;
 * chat messages and notes saved during the work change nothing, and are the most frequent writes.)
 */
function movesAgent(cause: InteractionCause, doc: Pick<InteractionDoc, 'channel' | 'state' | 'wrappedUpAt' | 'direction'>): boolean {
  if (doc.direction === 'outbound') return false;
  switch (cause) {
    case 'assigned':
    case 'requeued':
    case 'chat-accepted':
      return true;
    case 'event':
      return doc.channel === 'voice' && doc.state === 'active';
    case 'recorded':
      return doc.state === 'ended' && !!doc.wrappedUpAt;
    default:
      return false;
  }
}

const toStatus = (a: Pick<AgentDoc, 'state' | 'stateSince' | 'presence' | 'reason' | 'voice' | 'chats' | 'acwUntil'>): AgentStatus => ({
  state: a.state as AgentLiveState,
  since: a.stateSince.toISOString(),
  presence: a.presence as AgentPresence,
  reason: a.presence === 'not-ready' ? (a.reason ?? undefined) : undefined,
  acwUntil: a.state === 'after-call-work' && a.acwUntil ? a.acwUntil.toISOString() : undefined,
  voice: a.voice,
  chats: a.chats,
});

/**
 * An interaction that no longer holds its agent's capacity (it ended, or went back to the queue): its
 * channel, and as written at its end, what tells whether the end decides the state alone.
 */
type Release = Pick<InteractionDoc, 'channel'> & Partial<Pick<InteractionDoc, 'state' | 'queue' | 'endedAt' | 'connectedAt' | 'wrappedUpAt' | 'createdAt'>>;

/**
 * The interaction whose write asked for a reconciliation, as written: when it decides the state alone
 * (an answered call) the agent's other open work is not read. Were it to change before the
 * reconciliation runs, that change asks for one of its own, after this one.
 */
type Decisive = Pick<InteractionDoc, '_id' | 'channel' | 'state'>;

/** A change the agent (or someone for them) asks for, applied with whatever the facts say. */
interface Choice {
  presence: AgentPresence;
  reason?: string;
  by: string;
}

/**
 * Routing: hands each waiting call or chat to the longest-idle available agent with the skill and
 * capacity for it, and keeps each agent's true state. Both the agent's capacity and the interaction are
 * claimed with atomic findOneAndUpdate calls, so two agents never get one call, even across server
 * processes. The state is decided by the pure state machine (shared/realtime/agent-state-machine.ts) from
 * the facts — the agent's choice, their open interactions, the dispositions they owe — every time one of
 * them changes, so it cannot drift; each change is logged (agentstatelog) and published as
 * `agent:changed`. Routing is the only writer of `agents` and `agentstatelog`.
 */
export function createRoutingService(deps: {
  models: Models;
  interactions: InteractionRepository;
  bus: EventBus;
  background: Background;
  logger: Logger;
  afterCallWork: AfterCallWork;
  /** Whether an agent may pick this not-ready reason (an admin's active reasons). */
  isReason: (code: string) => Promise<boolean>;
  /**
   * A queue's settings as routing reads them (queues/queue-settings.service.ts, cached there): skills
   * needed, after-call work limit. Without it, the configured limits and the queue name as the skill.
   */
  queueRouting?: (queue: string | null | undefined) => Promise<{ skills: string[]; acwLimitMs: number }>;
  processId?: string;
}) {
  const { models, interactions, bus, background, logger, afterCallWork, queueRouting } = deps;
  const { Agent, AgentStateLog } = models;
  // The state log's entries of one turn go in one insert; each change is published once its entry is stored.
  const stateLog = insertsPerTurn(AgentStateLog.collection);
  const session = `sessions.${deps.processId ?? 'local'}`;
  const oid = (id: unknown) => (id instanceof Types.ObjectId ? id : new Types.ObjectId(String(id)));

  async function releaseCapacity(agentUserId: unknown, field: 'voice' | 'chats') {
    await Agent.updateOne({ userId: agentUserId, [field]: { $gt: 0 } } as Record<string, unknown>, { $inc: { [field]: -1 } });
  }

  // One reconciliation at a time per agent in this process (another process's is caught by the
  // compare-and-set of a reconciliation and retried).
  const serial = serialByKey();

  /**
   * Each agent as this process last wrote or read them (by user id): a reconciliation starts from it
   * instead of reading the agent again (at 50 calls a second, a read of ~140 a second). Safe because
   * every decision that writes is a compare-and-set on each field it was taken from (another process's
   * change fails it, and the agent is read again), and a decision to change nothing is taken again from
   * a fresh read. At most one entry per agent (an entry goes when a screen of theirs disconnects).
   */
  const known = new Map<string, AgentDoc>();
  /** The agents read in one turn (a compare-and-set another process failed, an agent not known yet), in one read. */
  const agentsOf = batchedPerTurn<string, AgentDoc | null>(async (ids) => {
    // An id that is no ObjectId fails its own caller, not the others of its turn.
    const asked = ids.map((id) => (Types.ObjectId.isValid(id) ? oid(id) : badRequest(`not an agent id: ${id}`)));
    const found = (await Agent.collection.find({ userId: { $in: asked.filter((id) => id instanceof Types.ObjectId) } }).toArray()) as AgentDoc[];
    return oneEach(ids, found, (a) => a.userId).map((a, i) => (asked[i] instanceof Types.ObjectId ? a : (asked[i] as AppError)));
  });
  const readAgent = async (agentUserId: string) => {
    const a = await agentsOf(agentUserId);
    if (a) known.set(agentUserId, a);
    else known.delete(agentUserId);
    return a;
  };

  const claims = createClaims({
    models,
    interactions,
    bus,
    background,
    skillsOf: queueRouting && (async (queue) => (await queueRouting(queue)).skills),
    serial,
    known,
    stateLog,
    toStatus,
    releaseCapacity,
    reconcile: (agentUserId) => reconcile(agentUserId),
  });
  const { assign } = claims;

  // -- The agent's state ------------------------------------------------------------------------

  /** The ended interactions the agent was connected to and owes a disposition for, newest first. */
  function owed(a: Pick<AgentDoc, 'userId' | 'waivedBefore'>, now: Date) {
    return interactions.owedBy(oid(a.userId), owedAfter(a, now));
  }
  /** What is owed counts from the later of the agent's last waiver and the window's start. */
  const owedAfter = (a: Pick<AgentDoc, 'waivedBefore'>, now: Date) => new Date(Math.max(a.waivedBefore?.getTime() ?? 0, now.getTime() - OWED_WINDOW_MS));

  /** The after-call work limit of a queue: its settings, else the configured limits (read as the work starts). */
  const acwLimitMs = async (queue: string | null | undefined) =>
    queueRouting ? (await queueRouting(queue)).acwLimitMs : (queue && afterCallWork.perQueueMs[queue]) || afterCallWork.limitMs;

  /**
   * Brings the agent's stored state in line with the facts (and with `choice`, when they chose
   * something), logs the change and publishes it. Returns the agent's status, or null without a record.
   */
  function reconcile(agentUserId: string, choice?: Choice, release?: Release, decisive?: Decisive): Promise<AgentStatus | null> {
    // A reconciliation that waits for its turn reads the facts when its turn comes: one asked for
    // meanwhile (another write of the same agent's interactions) is answered by it. At 50 calls a
    // second each call asked for several, one after another, each reading the agent and their work.
    // One that releases capacity has a write of its own to make: it joins none.
    const joins = !choice && !release;
    if (joins) {
      const waiting = waitingTurn.get(agentUserId);
      if (waiting) return waiting;
    }
    const run = serial(agentUserId, () => {
      if (joins && waitingTurn.get(agentUserId) === run) waitingTurn.delete(agentUserId);
      return reconcileNow(agentUserId, choice, release, decisive);
    });
    if (joins) waitingTurn.set(agentUserId, run);
    return run;
  }
  /** Choice-less reconciliations queued and not started yet, per agent. */
  const waitingTurn = new Map<string, Promise<AgentStatus | null>>();

  async function reconcileNow(agentUserId: string, choice?: Choice, release?: Release, decisive?: Decisive): Promise<AgentStatus | null> {
    // The capacity an interaction held is given back in the same write as the state it leads to (one
    // command at every end, not two).
    const capacity = release ? capacityField(release.channel) : undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      // The reads and writes of a reconciliation, the most frequent work of a busy floor, go through
      // the driver: their values are typed here (ObjectIds, Dates, the state machine's states), so
      // mongoose's building and casting of each query checks nothing (as in the interaction repository).
      const remembered = attempt === 0 ? known.get(agentUserId) : undefined;
      const a = remembered ?? (await readAgent(agentUserId));
      if (!a) return null;
      const now = new Date();
      const after = owedAfter(a, now);
      // The end of the only work the agent's counts held, owed a disposition, leaves nothing open and
      // something owed (one read fewer at every end of a voice agent's answered call): the write below
      // checks those counts.
      const lastWork = !!release && endLeavesOnlyWrapUp(a, release, after);
      // An answered call decides the state alone (the state machine's `decidesAlone`): the rest of the
      // agent's open work is not read for it (one read at every answer). Otherwise the open work is read
      // with what they owe, in one command (the second half is all a disposition's reconciliation needs).
      const alone = lastWork || (decisive && decidesAlone({ channel: decisive.channel, answered: decisive.state === 'active' }));
      const work = alone ? undefined : await interactions.workOf(a.userId, after);
      const open = work?.open ?? (lastWork ? [] : [decisive!]);
      // What this process knew of the agent may be behind on their counts (a claim changes only them):
      // the write's filter checks one is held. A stored agent holding none (a release made already)
      // has nothing to give back.
      const releasing = !!capacity && (!!remembered || (a[capacity] ?? 0) > 0);
      // A claim that has not reached its interaction yet is work offered (two commands apart); whether
      // there is one is decided from the stored counts, not from what this process remembers of them.
      const pending = claimsInFlight(a, open, now, CLAIM_SETTLES_MS, releasing ? (capacity as 'voice' | 'chats') : undefined);
      if (pending.length && remembered) continue;
      // What they owe decides nothing while they have work open (the work decides the state) and no
      // after-call work clock is running (whose running out would waive it), which is most
      // reconciliations of a busy floor (a call offered, answered; a chat accepted).
      // After the last work, what is owed is at least the work just ended, newest of all (its queue sets
      // the after-call work limit); how many more does not change the state.
      const owes =
        open.length + pending.length && a.connections > 0 && !a.acwUntil
          ? []
          : (work?.owed ?? (lastWork ? [{ queue: release!.queue, endedAt: release!.endedAt }] : await owed(a, now)));
      const presence = choice?.presence ?? (a.presence as AgentPresence);
      const reason = choice ? choice.reason : (a.reason ?? undefined);
      const acwRanOut = !!a.acwUntil && a.acwUntil <= now && owes.length > 0;
      const facts = {
        connections: a.connections ?? 0,
        presence: acwRanOut && afterCallWork.timeoutState === 'not-ready' ? ('not-ready' as const) : presence,
        open: [...open.map((i) => ({ channel: i.channel, answered: i.state === 'active' })), ...pending],
        owed: owes.length,
        acwExpired: acwRanOut,
      };
      const state = liveState(facts);
      const set: Record<string, unknown> = {};
      if (facts.presence !== a.presence) set.presence = facts.presence;
      const nextReason = acwRanOut && facts.presence === 'not-ready' ? 'acw-timeout' : facts.presence === 'not-ready' ? reason : undefined;
      if (facts.presence === 'not-ready' && nextReason !== (a.reason ?? undefined)) set.reason = nextReason;
      if (state !== a.state) {
        set.state = state;
        set.stateSince = now;
        if (state === 'available') set.idleSince = now;
      }
      // Entering after-call work starts its clock (the limit of the queue of the call just ended);
      // running out waives what is owed so far, and leaving it stops the clock.
      if (state === 'after-call-work' && (a.state !== 'after-call-work' || !a.acwUntil)) set.acwUntil = new Date(now.getTime() + (await acwLimitMs(owes[0]?.queue)));
      if (state !== 'after-call-work' && a.acwUntil) set.acwUntil = null;
      if (acwRanOut) set.waivedBefore = now;
      if (!Object.keys(set).length && !releasing) {
        if (remembered) continue; // nothing to change by what this process knew: decided again from the stored agent
        return toStatus(a);
      }
      // Compare-and-set on every field this decision was taken from (null matches a field not stored):
      // a concurrent change makes it decide again from a fresh read.
      const saved = (await Agent.collection.findOneAndUpdate(
        {
          _id: a._id,
          state: a.state,
          stateSince: a.stateSince,
          presence: a.presence,
          connections: a.connections,
          reason: a.reason ?? null,
          acwUntil: a.acwUntil ?? null,
          waivedBefore: a.waivedBefore ?? null,
          // Decided from the counts alone, the write needs them as they were read.
          ...(lastWork ? { voice: a.voice ?? 0, chats: a.chats ?? 0 } : releasing ? { [capacity!]: { $gt: 0 } } : {}),
        },
        { ...(Object.keys(set).length ? { $set: set } : {}), ...(releasing ? { $inc: { [capacity!]: -1 } } : {}) },
        { returnDocument: 'after', ignoreUndefined: true },
      )) as AgentDoc | null;
      if (!saved) {
        known.delete(agentUserId);
        continue;
      }
      known.set(agentUserId, saved);
      const by = acwRanOut || !choice ? 'system' : choice.by;
      if (saved.state !== a.state || saved.reason !== a.reason || saved.presence !== a.presence) {
        const logged = saved.presence === 'not-ready' ? (saved.reason ?? undefined) : undefined;
        await stateLog.add({ userId: a.userId, username: a.username, from: a.state, to: saved.state, ...(logged !== undefined ? { reason: logged } : {}), at: now, by });
      }
      if (acwRanOut) logger.info({ agentUserId, owed: owes.length }, 'routing: after-call work ran past its limit');
      const status = toStatus(saved);
      bus.emit('agent:changed', { agentUserId, status });
      if (takesWork(status.state, status.presence, 'voice') || takesWork(status.state, status.presence, 'chat')) drainSoon();
      return status;
    }
    // The capacity is given back all the same: an agent must never stay full of work that ended.
    if (capacity) await releaseCapacity(oid(agentUserId), capacity);
    throw new Error(`agent ${agentUserId}: state kept changing under five reconciliations`);
  }

  const reconcileSoon = (agentUserId: string, what: string, decisive?: Decisive) =>
    background.run(`routing: ${what}`, () => reconcile(agentUserId, undefined, undefined, decisive), 'error', { agentUserId });

  // A platform event left an interaction waiting for an agent: routed after the platform has its answer.
  // Any other write of an interaction with an agent (offered, answered, accepted, ended, disposition
  // recorded, requeued) may move that agent's state.
  bus.on('interaction:changed', ({ doc, cause, needsAgent }) => {
    if (needsAgent) {
      // On the next turn of the event loop: the platform's request is answered first.
      background.run('routing', () => new Promise((next) => setImmediate(next)).then(() => assign(doc)), 'error', { interactionId: String(doc._id) });
    }
    if (doc.agentId && movesAgent(cause, doc) && !(cause === 'assigned' && claims.carriesState(String(doc._id))))
      reconcileSoon(String(doc.agentId), `state after '${cause}'`, doc);
  });

  const { drainQueue, drainSoon } = createQueueDrain({ models, bus, background, logger, assign });

  /** Agents whose after-call work has run past its limit. */
  async function expireAfterCallWork() {
    const due = await Agent.find({ state: 'after-call-work', acwUntil: { $lte: new Date() } }, { userId: 1 }).lean();
    for (const a of due) await reconcile(String(a.userId));
  }

  /**
   * Capacity held for work that is no longer open is given back: a release lost with its process (killed
   * between an end's answer and the release that follows it) would otherwise keep the agent full, and
   * never offered work again. Agents claimed less than a minute ago are left alone: their claim may not
   * have reached its interaction yet. Each correction is a compare-and-set on the counts and the claim
   * time it was decided from, then the agent's state follows.
   */
  async function giveBackStrandedCapacity(): Promise<number> {
    const settled = new Date(Date.now() - CLAIM_SETTLES_MS);
    const holding = (await Agent.collection
      .find({ $or: [{ voice: { $gt: 0 } }, { chats: { $gt: 0 } }], claimedAt: { $not: { $gt: settled } } }, { projection: { userId: 1, voice: 1, chats: 1, claimedAt: 1 } })
      .toArray()) as unknown as Array<Pick<AgentDoc, '_id' | 'userId' | 'voice' | 'chats' | 'claimedAt'>>;
    // Their open work in one read (routing's batched reads of a turn).
    const open = await Promise.all(holding.map((a) => interactions.openOf(oid(a.userId))));
    let corrected = 0;
    for (const [k, a] of holding.entries()) {
      const held = heldBy(open[k]);
      if (a.voice <= held.voice && a.chats <= held.chats) continue;
      const res = await Agent.collection.updateOne(
        { _id: a._id, voice: a.voice, chats: a.chats, claimedAt: a.claimedAt ?? null },
        { $set: { voice: Math.min(a.voice, held.voice), chats: Math.min(a.chats, held.chats) } },
      );
      if (!res.modifiedCount) continue;
      corrected++;
      logger.warn({ agentUserId: String(a.userId), voice: a.voice, chats: a.chats, open: held }, 'routing: capacity held for work that had ended given back');
      known.delete(String(a.userId));
      await reconcile(String(a.userId));
    }
    return corrected;
  }

  return {
    assign,
    drainQueue,
    giveBackStrandedCapacity,

    /**
     * Offers the queue again every `ms` and ends after-call work that ran past its limit: an agent freed
     * in another process (or a claim lost to a race) is noticed without any event here. Returns the stop
     * function.
     */
    sweepEvery(ms: number, capacityCheckMs: number) {
      const timer = setInterval(() => {
        drainSoon(true);
        background.run('routing: after-call work limits', expireAfterCallWork);
      }, ms);
      const capacity = setInterval(() => background.run('routing: capacity held for ended work', giveBackStrandedCapacity), capacityCheckMs);
      timer.unref();
      capacity.unref();
      return () => {
        clearInterval(timer);
        clearInterval(capacity);
      };
    },

    /** The interaction ended: it no longer holds its agent's capacity, and the agent's state follows. */
    async release(i: Pick<InteractionDoc, 'agentId'> & Release) {
      if (!i.agentId) return;
      const { channel, state, queue, endedAt, connectedAt, wrappedUpAt, createdAt } = i;
      await reconcile(String(i.agentId), undefined, { channel, state, queue, endedAt, connectedAt, wrappedUpAt, createdAt });
    },

    /**
     * An agent's screen connected: make sure a routing record exists and count the connection.
     * `fresh`: the screen of a new login. An agent who logs in starts not ready unless another of
     * their screens is already working: calls never route before the agent has said they are ready.
     * A reload or a reconnect (not fresh) keeps the choice the agent had.
     */
    async connected(user: { userId: string; username: string; skills: string[]; chatCapacity: number; fresh?: boolean }) {
      const now = new Date();
      const a = await Agent.findOneAndUpdate(
        { userId: oid(user.userId) },
        {
          $inc: { connections: 1, [session]: 1 },
          $set: { username: user.username, skills: user.skills, chatCapacity: user.chatCapacity },
          $setOnInsert: { state: 'offline', stateSince: now, idleSince: now, presence: 'not-ready', reason: 'login', voice: 0, chats: 0 },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (!a) return null;
      known.delete(user.userId); // its connections changed: the reconciliation reads the agent
      const firstScreen = a.connections === 1;
      return reconcile(user.userId, user.fresh && firstScreen ? { presence: 'not-ready', reason: 'login', by: 'system' } : undefined);
    },

    /**
     * An admin or supervisor changed the agent's skills: the routing record (which copies them at
     * connect) follows at once, so the next call routes by the new skills without a reconnect, and
     * work waiting for a skill the agent now has is offered again.
     */
    async skillsChanged(userId: string, skills: string[]) {
      const res = await Agent.updateOne({ userId: oid(userId) }, { $set: { skills } });
      if (!res.modifiedCount) return;
      bus.emit('agent:changed', { agentUserId: userId });
      drainSoon();
    },

    async disconnected(userId: string) {
      await Agent.updateOne({ userId: oid(userId), connections: { $gt: 0 } }, { $inc: { connections: -1, [session]: -1 } });
      known.delete(userId);
      await reconcile(userId);
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
        await reconcile(String(a.userId));
      }
      await Agent.updateMany({ [field]: { $lte: 0 } }, { $unset: { [field]: 1 } });
      return released;
    },

    /**
     * The agent chooses available or not ready (with a reason). Refused, with why, when a disposition
     * is owed (wrap-up cannot be skipped) or the reason is not one they may pick. During a call the
     * choice is kept and takes effect when the work is done.
     */
    async setState(userId: string, req: AgentStateRequest, by = 'agent'): Promise<AgentStatus> {
      const a = await Agent.findOne({ userId: oid(userId) }).lean();
      if (!a) throw new AppError('NOT_CONNECTED', 'agent is not connected', 409);
      if (req.state === 'not-ready' && (req.reason in SYSTEM_NOT_READY_REASONS || !(await deps.isReason(req.reason))))
        throw badRequest(`"${req.reason}" is not a not-ready reason you can pick`, undefined, 'REASON_NOT_ALLOWED', { reason: req.reason });
      const owes = req.state === 'available' ? (await owed(a, new Date())).length : 0;
      const why = refusal(a.state as AgentLiveState, owes, req);
      if (why) throw new AppError('DISPOSITION_OWED', why, 409, undefined, { count: owes });
      const s = await reconcile(userId, { presence: req.state, reason: req.state === 'not-ready' ? req.reason : undefined, by });
      if (!s) throw new AppError('NOT_CONNECTED', 'agent is not connected', 409);
      return s;
    },

    /** Redirect on no answer: the agent's screen never took the pop, so the call goes back to the queue. */
    async unanswered(interactionId: string, agentUserId: string) {
      const back = await interactions.requeue(interactionId, agentUserId);
      if (!back) return false;
      await reconcile(agentUserId, { presence: 'not-ready', reason: 'missed', by: 'system' }, { channel: back.channel });
      logger.warn({ interactionId, agentUserId }, 'routing: pop not acknowledged, call re-queued and agent set not ready');
      drainSoon();
      return true;
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
