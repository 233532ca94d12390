import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { AgentBoardEntry, FeedEvent, FeedFilter, SupervisionSnapshot } from '../../shared/schemas/supervision.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import { connectedAt } from '../interactions/connected-at.js';
import type { IO } from '../realtime/io.js';
import { countsOnlyAMessage, type EventBus } from '../events.js';
import { createAgentsBoard } from './agents-board.js';
import { createBroadcaster } from './broadcaster.js';
import { matchesFilter } from '../../shared/supervision/feed-filter.js';
import type { OfferDecision } from '../../shared/schemas/enums.js';
import { type Seen, seenOf, stepsOf } from './feed-steps.js';
import { QueueMetrics, type ServiceLevel } from './queue-metrics.js';
import { DEFAULT_SERVICE_LEVEL_SEC } from '../../shared/schemas/queue-settings.js';

export { SUPERVISORS_ROOM } from './broadcaster.js';

export interface SupervisionOptions {
  /** Latest feed events kept for the snapshot. */
  feedSize?: number;
  flushMs?: number;
  queuesMs?: number;
  thresholdSec?: number;
  /** Packets waiting in a socket's engine write buffer beyond which its batches are dropped. */
  maxWriteBuffer?: number;
  /** Bytes waiting in the WebSocket beyond which its batches are dropped. */
  maxBufferedBytes?: number;
  /** Feed events waiting for the next flush (a cap for bursts; normally a handful). */
  maxPending?: number;
}

interface Numbered {
  seq: number;
  event: FeedEvent;
}


const SEEN_CAP = 5000;
const NAME_CAP = 2000;
/**
 * The supervisor's live floor: a feed of interaction steps, the agents board and queue figures.
 * Interaction writes arrive through the event bus, are turned into feed events in the order they
 * happened, and go out in batches (feed and agents every `flushMs`, queues at most every `queuesMs`)
 * to the subscribed supervisor sockets. A socket whose outgoing buffer is full is skipped, so a slow
 * browser never makes this process hold more than a bounded amount for it.
 */
export function createSupervisionService(deps: {
  models: Models;
  io: IO;
  logger: Logger;
  bus: EventBus;
  options?: SupervisionOptions;
  serviceLevelOf?: (queue: string) => ServiceLevel;
  /** The contact centre's time zone (REPORTS_TIME_ZONE): the day figures' "today" starts at its midnight. */
  timeZone?: string;
}) {
  const { models, io, logger, bus } = deps;
  const opts = {
    feedSize: 200,
    flushMs: 100,
    queuesMs: 1000,
    thresholdSec: DEFAULT_SERVICE_LEVEL_SEC,
    maxWriteBuffer: 64,
    maxBufferedBytes: 1_000_000,
    maxPending: 2000,
    ...deps.options,
  };
  const metrics = new QueueMetrics({ thresholdSec: opts.thresholdSec, serviceLevelOf: deps.serviceLevelOf, timeZone: deps.timeZone });
  const ring: Numbered[] = new Array(opts.feedSize);
  let ringStart = 0;
  let ringCount = 0;
  let seq = 0;
  let pending: Numbered[] = [];
  const pendingAgents = new Set<string>();
  let queuesDirty = true;
  const seen = new Map<string, Seen>();
  // The most recently seen customers' names (a customer erased or renamed shows the new name once evicted).
  const names = new LRUCache<string, string>({
    max: NAME_CAP,
    fetchMethod: async (customerId) => (await models.Customer.findById(customerId, { displayName: 1 }).lean())?.displayName ?? undefined,
  });
  const broadcaster = createBroadcaster(io, logger, opts);
  const { subs, toSubscribers } = broadcaster;
  let chain: Promise<unknown> = Promise.resolve();
  const counters = { droppedPending: 0 };

  function remember(e: FeedEvent) {
    const n = { seq: ++seq, event: e };
    ring[(ringStart + ringCount) % opts.feedSize] = n;
    if (ringCount < opts.feedSize) ringCount++;
    else ringStart = (ringStart + 1) % opts.feedSize;
    pending.push(n);
    if (pending.length > opts.maxPending) {
      counters.droppedPending += pending.length - opts.maxPending;
      pending = pending.slice(-opts.maxPending);
    }
  }

  function latest(): Numbered[] {
    const out: Numbered[] = [];
    for (let k = 0; k < ringCount; k++) out.push(ring[(ringStart + k) % opts.feedSize]);
    return out;
  }

  function rememberName(customerId: string, name: string) {
    names.set(customerId, name);
  }

  /**
   * A customer's name for the feed: at once when known (most writes), else one read shared by every
   * write of that customer waiting for it.
   */
  function customerName(id: unknown): Promise<string | undefined> | string | undefined {
    if (!id) return undefined;
    const key = String(id);
    return names.get(key) ?? names.fetch(key);
  }

  const board = createAgentsBoard(models, customerName);

  /**
   * Records one write of an interaction. `name` is the customer's name, looked up when the write
   * arrived: lookups of successive writes run at the same time, while their records keep the order.
   */
  async function apply(i: InteractionDoc, name: ReturnType<typeof customerName> = customerName(i.customerId)) {
    const id = String(i._id);
    const prev = seen.get(id);
    if (prev && i.version < prev.version) return; // an older write processed late
    const now = seenOf(i);
    seen.delete(id);
    seen.set(id, now);
    if (seen.size > SEEN_CAP) seen.delete(seen.keys().next().value!);

    metrics.observe({ id, queue: i.queue, ringingAt: i.ringingAt, answeredAt: connectedAt(i), endedAt: i.endedAt, wrappedUpAt: i.wrappedUpAt });
    queuesDirty = true;
    if (now.agentId) pendingAgents.add(now.agentId);
    if (prev?.agentId && prev.agentId !== now.agentId) pendingAgents.add(prev.agentId);

    const kinds = stepsOf(prev, now);
    if (!kinds.length) return;
    const customerName_ = await name;
    let offerIndex = prev?.offers ?? 0;
    for (const kind of kinds) {
      const offer = kind === 'offer' ? i.offers[offerIndex++] : undefined;
      // A transfer is shown with the agent it left (the interaction has none until routed again).
      const sender = kind === 'transferred' ? i.lastTransfer : undefined;
      const at =
        kind === 'started' ? (i.ringingAt ?? i.createdAt)
        : kind === 'answered' ? connectedAt(i)
        : kind === 'ended' ? i.endedAt
        : kind === 'wrapped-up' ? i.wrappedUpAt
        : kind === 'offer' ? offer?.at
        : kind === 'transferred' ? sender?.at
        : undefined;
      remember({
        id: `${id}:${i.version}:${kind}${offer ? `:${offerIndex}` : ''}`,
        interactionId: id,
        kind,
        at: at ? new Date(at) : new Date(),
        channel: i.channel,
        queue: i.queue ?? undefined,
        campaign: i.campaignName ?? undefined,
        agentId: sender?.fromAgentId ? String(sender.fromAgentId) : i.agentId ? String(i.agentId) : undefined,
        agentName: sender ? (sender.fromAgentName ?? undefined) : (i.agentName ?? undefined),
        team: sender?.fromAgentId ? board.teamOf.get(String(sender.fromAgentId)) : i.agentId ? board.teamOf.get(String(i.agentId)) : undefined,
        customerId: i.customerId ? String(i.customerId) : undefined,
        customerName: customerName_,
        from: i.from,
        disposition: i.disposition ?? undefined,
        offer: offer ? { offerId: offer.offerId ?? '', title: offer.title ?? undefined, outcome: offer.outcome as OfferDecision } : undefined,
        complaintOpened: kind === 'complaint' ? true : undefined,
      });
    }
  }

  /** Runs interaction updates one after another, so the feed keeps the order of the writes. */
  function enqueue(fn: () => Promise<unknown>) {
    chain = chain.then(fn).catch((err) => logger.error({ err }, 'supervision: could not record an interaction change'));
  }

  function follow(doc: InteractionDoc, knownName?: string) {
    if (knownName && doc.customerId) rememberName(String(doc.customerId), knownName);
    // Started now, not when the write's turn comes: a burst of writes waits for one round trip, not one each.
    const name = customerName(doc.customerId);
    if (name instanceof Promise) name.catch(() => {}); // its failure is reported where it is awaited
    enqueue(() => apply(doc, name));
  }
  function reload(id: string) {
    if (!Types.ObjectId.isValid(id)) return;
    // Read now, applied in turn: at 50 calls a second, one read at a time inside the ordered chain
    // made the feed fall further behind with every call. A read that returns a later version is fine
    // (apply compares versions).
    const doc = models.Interaction.findById(id, { transcript: 0, changes: 0, candidateIds: 0, events: 0 }).lean<InteractionDoc>().exec();
    doc.catch(() => {}); // reported where it is awaited
    enqueue(async () => {
      const d = await doc;
      if (d) await apply(d);
    });
  }
  // Every interaction write reaches the feed through the bus; a pop's acknowledgement and a chat message
  // change nothing it shows.
  bus.on('interaction:changed', ({ doc, cause, customerName: knownName }) => {
    if (cause !== 'pop-acknowledged' && !countsOnlyAMessage(cause)) follow(doc, knownName);
  });
  bus.on('interactions:changed', ({ ids }) => ids.forEach(reload));
  bus.on('interaction:changed-elsewhere', ({ id }) => reload(id));
  bus.on('agent:changed', ({ agentUserId }) => pendingAgents.add(agentUserId));
  // A chat's rating moves its queue's and its agent's satisfaction figures.
  bus.on('chat:rated', ({ rating }) => {
    metrics.rated(rating);
    queuesDirty = true;
    if (rating.agentId) pendingAgents.add(rating.agentId);
  });
  /** The board's entries with each agent's ratings of today (kept here, not read per update). */
  const withCsat = (entries: AgentBoardEntry[]) => entries.map((e) => ({ ...e, ...metrics.agentCsat(e.userId) }));

  /** Feed events go out at once: they never wait for the agents board's reads. */
  function flushFeed() {
    const batch = pending;
    pending = [];
    if (!subs.size || !batch.length) return;
    toSubscribers('feed', (socket, sub) => {
      const events = batch.filter((n) => n.seq > sub.afterSeq && matchesFilter(n.event, sub.filter)).map((n) => n.event);
      if (events.length) socket.emit('feed:batch', events);
    });
  }

  let boarding = false;
  /** Agents whose state changed, read and sent; one read at a time, later changes wait for the next flush. */
  async function flushAgents() {
    if (boarding || !pendingAgents.size) return;
    boarding = true;
    try {
      const agentIds = [...pendingAgents];
      pendingAgents.clear();
      if (!subs.size) return;
      const agents = withCsat(await board.read(agentIds));
      if (agents.length) toSubscribers('agents', (socket) => socket.emit('agents:changed', agents));
    } catch (err) {
      logger.error({ err }, 'supervision: agents board update failed');
    } finally {
      boarding = false;
    }
  }

  async function flush() {
    flushFeed();
    await flushAgents();
  }

  function flushQueues() {
    // Waiting times grow by themselves: while anyone waits, the figures change every second.
    if (!subs.size || (!queuesDirty && metrics.waitingCount === 0)) return;
    queuesDirty = false;
    const figures = metrics.board();
    toSubscribers('queues', (socket) => socket.emit('queues:changed', figures));
  }

  const timers = [setInterval(() => void flush(), opts.flushMs), setInterval(flushQueues, opts.queuesMs)];
  for (const t of timers) t.unref();

  return {
    /** Loads today's interactions (one query) into the queue figures and the feed's memory. */
    async warm(now = new Date()) {
      const midnight = metrics.startOfDay(now);
      const today = await models.Interaction.find(
        { $or: [{ ringingAt: { $gte: midnight } }, { endedAt: { $gte: midnight } }, { state: { $ne: 'ended' } }] },
        { transcript: 0, changes: 0, candidateIds: 0, events: 0 },
      )
        .sort({ ringingAt: 1 })
        .lean<InteractionDoc[]>();
      const ratings = await models.WidgetRating.find({ at: { $gte: midnight } }, { queue: 1, agentId: 1, score: 1, at: 1 }).lean();
      for (const r of ratings) metrics.rated({ queue: r.queue, agentId: r.agentId ? String(r.agentId) : undefined, score: r.score, at: r.at }, now);
      for (const i of today) {
        const id = String(i._id);
        metrics.observe({ id, queue: i.queue, ringingAt: i.ringingAt, answeredAt: connectedAt(i), endedAt: i.endedAt, wrappedUpAt: i.wrappedUpAt }, now);
        if (i.state !== 'ended' || !i.wrappedUpAt) {
          seen.set(id, seenOf(i));
          if (seen.size > SEEN_CAP) seen.delete(seen.keys().next().value!);
        }
      }
      queuesDirty = true;
    },

    /** A supervisor's screen (re)subscribes: it gets the snapshot, then the stream from there on. */
    async subscribe(socketId: string, filter: FeedFilter): Promise<SupervisionSnapshot> {
      await chain; // let changes already under way reach the feed first
      const afterSeq = seq;
      const feed = latest()
        .filter((n) => matchesFilter(n.event, filter))
        .map((n) => n.event); // oldest first, newest last, as in `feed:batch`
      subs.set(socketId, { filter, afterSeq });
      return { feed, agents: withCsat(await board.read()), queues: metrics.board() };
    },

    unsubscribe(socketId: string) {
      subs.delete(socketId);
    },

    /** Waits until every change recorded so far is in the feed, and flushes (tests, shutdown). */
    async settle() {
      await chain;
      await flush();
    },

    /** Sizes of everything this module holds, to check that memory stays bounded. */
    stats() {
      return { feed: ringCount, pending: pending.length, pendingAgents: pendingAgents.size, seen: seen.size, subscriptions: subs.size, ...counters, ...broadcaster.counters, metrics: metrics.sizes() };
    },

    /** Stops the timers, then waits for the interaction changes already queued to be recorded. */
    async close() {
      for (const t of timers) clearInterval(t);
      subs.clear();
      await chain;
    },
  };
}
export type SupervisionService = ReturnType<typeof createSupervisionService>;
