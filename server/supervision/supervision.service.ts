import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { AgentBoardEntry, FeedEvent, FeedFilter, SupervisionSnapshot } from '../../shared/schemas/supervision.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { IO } from '../realtime/io.js';
import type { EventBus } from '../events.js';
import { QueueMetrics } from './queue-metrics.js';

/** Every supervisor's and admin's sockets join this room, on the server's say-so alone. */
export const SUPERVISORS_ROOM = 'supervisors';

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

type Kind = FeedEvent['kind'];

/** What the feed last saw of an interaction, to tell what a new write changed. */
interface Seen {
  version: number;
  state: string;
  /** When the call started (rang): tells a call first heard of late from one forgotten long ago. */
  startedAt?: number;
  agentId?: string;
  answeredAt?: number;
  endedAt?: number;
  wrappedUpAt?: number;
  offers: number;
  complaints: number;
}

interface Numbered {
  seq: number;
  event: FeedEvent;
}

interface Subscription {
  filter: FeedFilter;
  /** Events up to this one were in the snapshot: the stream starts after it. */
  afterSeq: number;
  /** Batches are being dropped for this socket (its browser is not reading). */
  stalled?: boolean;
}

const SEEN_CAP = 5000;
/** A call this recent, first seen after it changed, is a new one (see stepsOf). */
const JUST_STARTED_MS = 30_000;
const NAME_CAP = 2000;
const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : undefined);

export function matchesFilter(e: FeedEvent, f: FeedFilter) {
  return (
    (!f.team || e.team === f.team) &&
    (!f.queue || e.queue === f.queue) &&
    (!f.campaign || e.campaign === f.campaign) &&
    (!f.channel || e.channel === f.channel) &&
    (!f.agentId || e.agentId === f.agentId)
  );
}

/**
 * The supervisor's live floor: a feed of interaction steps, the agents board and queue figures.
 * Interaction writes arrive through the event bus, are turned into feed events in the order they
 * happened, and go out in batches (feed and agents every `flushMs`, queues at most every `queuesMs`)
 * to the subscribed supervisor sockets. A socket whose outgoing buffer is full is skipped, so a slow
 * browser never makes this process hold more than a bounded amount for it.
 */
export function createSupervisionService(deps: { models: Models; io: IO; logger: Logger; bus: EventBus; options?: SupervisionOptions }) {
  const { models, io, logger, bus } = deps;
  const opts = {
    feedSize: 200,
    flushMs: 100,
    queuesMs: 1000,
    thresholdSec: 20,
    maxWriteBuffer: 64,
    maxBufferedBytes: 1_000_000,
    maxPending: 2000,
    ...deps.options,
  };
  const metrics = new QueueMetrics({ thresholdSec: opts.thresholdSec });
  const ring: Numbered[] = new Array(opts.feedSize);
  let ringStart = 0;
  let ringCount = 0;
  let seq = 0;
  let pending: Numbered[] = [];
  const pendingAgents = new Set<string>();
  let queuesDirty = true;
  const seen = new Map<string, Seen>();
  const names = new Map<string, string>();
  const subs = new Map<string, Subscription>();
  let chain: Promise<unknown> = Promise.resolve();
  const counters = { droppedBatches: 0, droppedPending: 0 };

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

  /** Name lookups under way, shared by every write of the same customer that waits for one. */
  const nameLookups = new Map<string, Promise<string | undefined>>();

  function rememberName(customerId: string, name: string) {
    if (names.size >= NAME_CAP) names.clear();
    names.set(customerId, name);
  }

  function customerName(id: unknown): Promise<string | undefined> | string | undefined {
    if (!id) return undefined;
    const key = String(id);
    if (names.has(key)) return names.get(key);
    let lookup = nameLookups.get(key);
    if (!lookup) {
      lookup = models.Customer.findById(key, { displayName: 1 })
        .lean()
        .then((c) => {
          if (c?.displayName) rememberName(key, c.displayName);
          return c?.displayName ?? undefined;
        })
        .finally(() => nameLookups.delete(key));
      nameLookups.set(key, lookup);
    }
    return lookup;
  }

  function seenOf(i: InteractionDoc): Seen {
    return {
      version: i.version,
      state: i.state,
      startedAt: ms(i.ringingAt ?? i.createdAt),
      agentId: i.agentId ? String(i.agentId) : undefined,
      answeredAt: ms(i.answeredAt),
      endedAt: ms(i.endedAt),
      wrappedUpAt: ms(i.wrappedUpAt),
      offers: i.offers?.length ?? 0,
      complaints: i.complaintIds?.length ?? 0,
    };
  }

  /** The steps between what the feed last saw of an interaction and this write of it. */
  function stepsOf(prev: Seen | undefined, now: Seen): Kind[] {
    const kinds: Kind[] = [];
    // Unseen and already changed since it was created: a call forgotten long ago has no baseline to
    // compare with, but a call started moments ago is new here (another process created it and
    // routing claimed it before this process read it): all its steps so far go in the feed.
    if (!prev && now.version > 0 && !(now.startedAt && Date.now() - now.startedAt < JUST_STARTED_MS)) return kinds;
    if (!prev) kinds.push('started');
    if (now.state === 'queued' && prev?.state !== 'queued') kinds.push('queued');
    if (now.state === 'offered' && prev?.state !== 'offered') kinds.push('offered');
    if (now.answeredAt && !prev?.answeredAt) kinds.push('answered');
    if (now.endedAt && !prev?.endedAt) kinds.push('ended');
    if (now.wrappedUpAt && now.wrappedUpAt !== prev?.wrappedUpAt) kinds.push('wrapped-up');
    for (let k = prev?.offers ?? 0; k < now.offers; k++) kinds.push('offer');
    if (now.complaints > (prev?.complaints ?? 0)) kinds.push('complaint');
    return kinds;
  }

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

    metrics.observe({ id, queue: i.queue, ringingAt: i.ringingAt, answeredAt: i.answeredAt, endedAt: i.endedAt, wrappedUpAt: i.wrappedUpAt });
    queuesDirty = true;
    if (now.agentId) pendingAgents.add(now.agentId);
    if (prev?.agentId && prev.agentId !== now.agentId) pendingAgents.add(prev.agentId);

    const kinds = stepsOf(prev, now);
    if (!kinds.length) return;
    const customerName_ = await name;
    let offerIndex = prev?.offers ?? 0;
    for (const kind of kinds) {
      const offer = kind === 'offer' ? i.offers[offerIndex++] : undefined;
      const at =
        kind === 'started' ? (i.ringingAt ?? i.createdAt)
        : kind === 'answered' ? i.answeredAt
        : kind === 'ended' ? i.endedAt
        : kind === 'wrapped-up' ? i.wrappedUpAt
        : kind === 'offer' ? offer?.at
        : undefined;
      remember({
        id: `${id}:${i.version}:${kind}${offer ? `:${offerIndex}` : ''}`,
        interactionId: id,
        kind,
        at: at ? new Date(at) : new Date(),
        channel: i.channel,
        queue: i.queue ?? undefined,
        campaign: i.campaignName ?? undefined,
        agentId: i.agentId ? String(i.agentId) : undefined,
        agentName: i.agentName ?? undefined,
        team: i.agentId ? teamOf.get(String(i.agentId)) : undefined,
        customerId: i.customerId ? String(i.customerId) : undefined,
        customerName: customerName_,
        from: i.from,
        disposition: i.disposition ?? undefined,
        offer: offer ? { offerId: offer.offerId ?? '', title: offer.title ?? undefined, outcome: offer.outcome as 'accepted' | 'declined' } : undefined,
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
  // Every interaction write reaches the feed through the bus; a pop's acknowledgement changes nothing it shows.
  bus.on('interaction:changed', ({ doc, cause, customerName: knownName }) => {
    if (cause !== 'pop-acknowledged') follow(doc, knownName);
  });
  bus.on('interactions:changed', ({ ids }) => ids.forEach(reload));
  bus.on('interaction:changed-elsewhere', ({ id }) => reload(id));
  bus.on('agent:changed', ({ agentUserId }) => pendingAgents.add(agentUserId));

  /** Each agent's team, learnt whenever the board reads users; feed events carry it for filtering. */
  const teamOf = new Map<string, string>();

  /** Board entries for the given agents (or all of them). */
  async function agentsBoard(userIds?: string[]): Promise<AgentBoardEntry[]> {
    const ids = userIds?.filter((u) => Types.ObjectId.isValid(u)).map((u) => new Types.ObjectId(u));
    const users = await models.User.find({ role: { $in: ['agent', 'telemarketer'] }, ...(ids ? { _id: { $in: ids } } : {}) }, { username: 1, displayName: 1, team: 1, role: 1 })
      .sort({ username: 1 })
      .lean();
    if (!users.length) return [];
    const userIdList = users.map((u) => u._id);
    const [agents, live] = await Promise.all([
      models.Agent.find({ userId: { $in: userIdList } }).lean(),
      models.Interaction.find({ agentId: { $in: userIdList }, state: { $ne: 'ended' } }, { agentId: 1, customerId: 1, ringingAt: 1, createdAt: 1 })
        .sort({ createdAt: -1 })
        .lean(),
    ]);
    const agentOf = new Map(agents.map((a) => [String(a.userId), a]));
    const newest = new Map<string, (typeof live)[number]>();
    for (const i of live) if (!newest.has(String(i.agentId))) newest.set(String(i.agentId), i);
    const out: AgentBoardEntry[] = [];
    for (const u of users) if (u.team) teamOf.set(String(u._id), u.team);
    // Names of the customers agents are on, looked up together rather than one agent after another.
    const customerIds = [...new Set([...newest.values()].map((i) => i.customerId).filter(Boolean).map(String))];
    const nameOf = new Map(await Promise.all(customerIds.map(async (c) => [c, await customerName(c)] as const)));
    for (const u of users) {
      const a = agentOf.get(String(u._id));
      const i = newest.get(String(u._id));
      out.push({
        userId: String(u._id),
        username: u.username,
        displayName: u.displayName ?? undefined,
        team: u.team ?? undefined,
        state: u.role === 'telemarketer' ? (i ? 'outbound' : 'offline') : a && (a.connections ?? 0) > 0 ? (a.state as AgentBoardEntry['state']) : 'offline',
        since: u.role === 'telemarketer' ? (i?.ringingAt ?? i?.createdAt ?? new Date(0)) : (a?.stateSince ?? new Date(0)),
        voice: a?.voice ?? 0,
        chats: a?.chats ?? 0,
        interactionId: i ? String(i._id) : undefined,
        customerId: i?.customerId ? String(i.customerId) : undefined,
        customerName: i?.customerId ? nameOf.get(String(i.customerId)) : undefined,
      });
    }
    return out;
  }

  /** A socket whose outgoing data is piling up (a slow or backgrounded browser) gets nothing more for now. */
  function congested(socket: { conn: unknown }) {
    const conn = socket.conn as { writeBuffer?: unknown[]; transport?: { socket?: { bufferedAmount?: number } } };
    const packets = conn.writeBuffer?.length ?? 0;
    const bytes = conn.transport?.socket?.bufferedAmount ?? 0;
    return packets > opts.maxWriteBuffer || bytes > opts.maxBufferedBytes;
  }

  /** Sends `send` to each subscribed supervisor socket that keeps up; the others miss this one. */
  function toSubscribers(what: string, send: (socket: NonNullable<ReturnType<typeof io.sockets.sockets.get>>, sub: Subscription) => void) {
    for (const [socketId, sub] of subs) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) {
        subs.delete(socketId);
        continue;
      }
      if (!socket.rooms.has(SUPERVISORS_ROOM)) continue;
      if (congested(socket)) {
        counters.droppedBatches++;
        // Logged once per stall, not once per dropped batch.
        if (!sub.stalled) logger.warn({ socketId, userId: socket.data.userId, what }, 'supervision: socket is not keeping up, dropping its batches');
        sub.stalled = true;
        continue;
      }
      if (sub.stalled) logger.info({ socketId, userId: socket.data.userId }, 'supervision: socket keeps up again');
      sub.stalled = false;
      send(socket, sub);
    }
  }

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
      const agents = await agentsBoard(agentIds);
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
    const board = metrics.board();
    toSubscribers('queues', (socket) => socket.emit('queues:changed', board));
  }

  const timers = [setInterval(() => void flush(), opts.flushMs), setInterval(flushQueues, opts.queuesMs)];
  for (const t of timers) t.unref();

  return {
    /** Loads today's interactions (one query) into the queue figures and the feed's memory. */
    async warm(now = new Date()) {
      const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
      const today = await models.Interaction.find(
        { $or: [{ ringingAt: { $gte: midnight } }, { endedAt: { $gte: midnight } }, { state: { $ne: 'ended' } }] },
        { transcript: 0, changes: 0, candidateIds: 0, events: 0 },
      )
        .sort({ ringingAt: 1 })
        .lean<InteractionDoc[]>();
      for (const i of today) {
        const id = String(i._id);
        metrics.observe({ id, queue: i.queue, ringingAt: i.ringingAt, answeredAt: i.answeredAt, endedAt: i.endedAt, wrappedUpAt: i.wrappedUpAt }, now);
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
      return { feed, agents: await agentsBoard(), queues: metrics.board() };
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
      return { feed: ringCount, pending: pending.length, pendingAgents: pendingAgents.size, seen: seen.size, subscriptions: subs.size, ...counters, metrics: metrics.sizes() };
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
