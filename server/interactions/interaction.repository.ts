import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import type { ChatMessage } from '../../shared/schemas/interaction.js';
import type { Models } from '../db/models.js';
import { newDocuments } from '../db/new-document.js';
import { groupedBy, oneEach, batchedPerTurn } from '../db/batched-per-turn.js';
import { insertsPerTurn } from '../db/inserts-per-turn.js';
import type { BulkCause, EventBus, InteractionCause, InteractionChanged } from '../events.js';
import { createChatMessages } from './chat-messages.js';
import type { InteractionDoc } from './interaction.model.js';

type Id = Types.ObjectId;
type Doc = InteractionDoc;
/** A platform event as the interaction records it (its id makes a repeat a no-op). */
export interface RecordedEvent {
  eventId: string;
  type: string;
  at: Date;
  receivedAt: Date;
}
/** Routing reads only these fields of a waiting interaction. */
export type Waiting = Pick<Doc, '_id' | 'channel' | 'queue' | 'requestedAgent' | 'state' | 'agentId'> & Partial<Pick<Doc, 'lastTransfer'>>;

/** Where a transfer sends an interaction, and who asks (transfer.service.ts has checked both). */
export interface TransferWrite {
  by: { userId: string; username: string };
  /** The named agent (routing's `requestedAgent`), or none for a queue. */
  toAgent?: { userId: string; username: string };
  /** The queue it is routed in from now on (the named agent's transfer keeps the interaction's own). */
  toQueue?: string;
  note: string;
  at: Date;
}

const AFTER = { returnDocument: 'after', projection: { transcript: 0 } } as const;
/** Calls and chats under way whose last write this process remembers (each a few kB). */
const LIVE_CALLS = 20_000;
/** Interactions, ended ones too, whose last write this process remembers by id (the same documents as above, and the ended calls waiting for their disposition). */
const RECENT_INTERACTIONS = 20_000;
/** The dispositions owed that routing reads of an agent (it needs the count and the newest's queue). */
const OWED_AT_MOST = 50;
const oid = (id: string | Id) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

/**
 * The only writer of interactions and of their chat messages. Every method is one change of one
 * interaction (or one bulk change) and publishes exactly one event on the bus once it is written,
 * so the agent's screens, the supervisors' feed, routing, pops and the relay to other processes
 * all learn of every write the same way: no write site tells anyone by hand.
 */
export function createInteractionRepository(models: Models, bus: EventBus) {
  const { Interaction } = models;
  // A call's or chat's first write, through the driver like its routine writes below (new-document.ts).
  const newInteraction = newDocuments(Interaction);
  /**
   * The calls and chats opened in one turn, stored by one insert (one command, one journal sync): on a
   * busy floor 70 open a second. Each caller's insert is answered on its own (a replayed opening gets
   * its own duplicate-key error); every caller awaits its document's storing, so nothing is buffered.
   */
  const opening = insertsPerTurn(Interaction.collection);
  /** Interactions read back by id in one turn (the messages of chats still waiting for an agent), in one read. */
  const byId = batchedPerTurn(async (ids: readonly Id[]) => oneEach(ids, (await Interaction.collection.find({ _id: { $in: ids } }).toArray()) as Doc[], (d) => d._id));
  const chat = createChatMessages(models);
  /**
   * The interaction of each call under way as this process last wrote it, by call id: the platform's
   * next event for the call starts from it instead of reading the interaction back (one read fewer for
   * every answer, end and chat message). It may be behind another process's write: `applyEvent` then
   * finds the stored version moved on, and the caller reads it and decides again.
   */
  const live = new LRUCache<string, Doc>({ max: LIVE_CALLS });
  /**
   * The same by interaction id, kept after the end: the agent's disposition, saved seconds after a
   * call ends, starts from it instead of reading the interaction (`record(..., 'as-read')`). Another
   * process's write is relayed here and forgets the entry; one not relayed yet fails that write's
   * compare-and-set. At 50 calls a second, 20,000 is the last six or seven minutes of calls.
   */
  const recent = new LRUCache<string, Doc>({ max: RECENT_INTERACTIONS });
  bus.on('interaction:changed-elsewhere', ({ id }) => void recent.delete(id));
  /** Routing's reads of agents' open work, one command per turn for every agent asked about in it. */
  const openWork = batchedPerTurn(async (agentIds: readonly Id[]) => {
    const open = (await Interaction.collection
      .find({ agentId: { $in: agentIds }, state: { $ne: 'ended' } }, { projection: { agentId: 1, channel: 1, state: 1 } })
      .toArray()) as unknown as Array<Pick<Doc, '_id' | 'agentId' | 'channel' | 'state'>>;
    return groupedBy(agentIds, open, (i) => i.agentId).map((mine) => mine.map(({ _id, channel, state }) => ({ _id, channel, state })));
  });
  type Owed = Pick<Doc, 'agentId' | 'queue' | 'endedAt' | 'createdAt'>;
  type Ask = { agentId: Id; after: Date };
  /**
   * What an agent owes: ended interactions they were connected to, not wrapped up, stored after the
   * earliest `after` asked.
   */
  const owedFilter = (asks: readonly Ask[]) => ({ state: 'ended', connectedAt: { $ne: null }, wrappedUpAt: null, createdAt: { $gt: new Date(Math.min(...asks.map((a) => a.after.getTime()))) } });
  const newestFirst = (x: Owed, y: Owed) => (y.endedAt?.getTime() ?? -Infinity) - (x.endedAt?.getTime() ?? -Infinity);
  /** One agent's share of what was read for several: from their own `after`, newest end first, at most 50. */
  const owedSince = (mine: Owed[], after: Date) =>
    mine
      .filter((i) => i.createdAt > after)
      .sort(newestFirst)
      .slice(0, OWED_AT_MOST)
      .map(({ queue, endedAt }) => ({ queue, endedAt }));
  /** What agents owe, for every agent asked about in one turn (one command), each from their own `after`. */
  const owedOfAgents = batchedPerTurn(async (asks: readonly Ask[]) => {
    const ended = (await Interaction.collection
      .find({ agentId: { $in: asks.map((a) => a.agentId) }, ...owedFilter(asks) }, { projection: { _id: 0, agentId: 1, queue: 1, endedAt: 1, createdAt: 1 } })
      .toArray()) as unknown as Owed[];
    return groupedBy(
      asks.map((a) => a.agentId),
      ended,
      (i) => i.agentId,
    ).map((mine, k) => owedSince(mine, asks[k].after));
  });
  /**
   * Both facts at once, for every agent asked about in one turn: their open work and what they owe (one
   * command where the two reads were two, one after the other; each half from its own index, a $or).
   */
  const workOfAgents = batchedPerTurn(async (asks: readonly Ask[]) => {
    type Found = Owed & Pick<Doc, '_id' | 'channel' | 'state'>;
    const found = (await Interaction.collection
      .find(
        { agentId: { $in: asks.map((a) => a.agentId) }, $or: [{ state: { $ne: 'ended' } }, owedFilter(asks)] },
        { projection: { agentId: 1, channel: 1, state: 1, queue: 1, endedAt: 1, createdAt: 1 } },
      )
      .toArray()) as unknown as Found[];
    return groupedBy(
      asks.map((a) => a.agentId),
      found,
      (i) => i.agentId,
    ).map((mine, k) => ({
      open: mine.filter((i) => i.state !== 'ended').map(({ _id, channel, state }) => ({ _id, channel, state })),
      owed: owedSince(
        mine.filter((i) => i.state === 'ended'),
        asks[k].after,
      ),
    }));
  });
  function remember(doc: Doc) {
    const id = String(doc._id);
    const seen = recent.get(id);
    // Two writes' answers may come back in either order: the later version is kept.
    if (!seen || (seen.version ?? 0) <= (doc.version ?? 0)) recent.set(id, doc);
    if (!doc.callId) return;
    if (doc.state === 'ended') return void live.delete(doc.callId);
    const had = live.get(doc.callId);
    // Two writes' answers may come back in either order: the later version is kept.
    if (!had || (had.version ?? 0) <= (doc.version ?? 0)) live.set(doc.callId, doc);
  }

  /**
   * A write of every call's routine events (each event, an offer, a pop's acknowledgement, a chat reply),
   * through the driver as the report rollups' writes are: their filters and values are built here from
   * typed values (ObjectIds, Dates, the state machine's fields), so mongoose's building and casting of
   * each query, a tenth of the console's thread on a busy floor, checks nothing. `updatedAt` is set as
   * the schema's timestamps would, and an undefined value is left out as mongoose leaves it out.
   */
  const writeRoutine = (filter: Record<string, unknown>, update: Record<string, unknown>): Promise<Doc | null> =>
    Interaction.collection.findOneAndUpdate(filter, { ...update, $set: { ...(update.$set as object | undefined), updatedAt: new Date() } }, { ...AFTER, ignoreUndefined: true }) as unknown as Promise<Doc | null>;

  function changed(doc: Doc, cause: InteractionCause, extra: Omit<InteractionChanged, 'id' | 'doc' | 'cause'> = {}): Doc {
    remember(doc);
    bus.emit('interaction:changed', { id: String(doc._id), doc, cause, ...extra });
    return doc;
  }
  function bulk(ids: Id[], cause: BulkCause) {
    // Erasures and merges rewrite many interactions at once: nothing remembered is trusted after one.
    live.clear();
    recent.clear();
    if (ids.length) bus.emit('interactions:changed', { ids: ids.map(String), cause });
  }
  /** A message takes the place its count gave it; false when a repeated delivery stored it first. */
  const storeMessage = (doc: Doc, message: ChatMessage, eventId?: string) => chat.store(doc._id, doc.messageCount, message, eventId);
  /** The message as the screens get it: with its place, so read marks and de-duplication can use it. */
  const placed = (doc: Doc, message: ChatMessage): ChatMessage => ({ ...message, seq: doc.messageCount });

  return {
    /**
     * The interaction of a call under way as this process last wrote it (undefined when it wrote none,
     * or the call ended). Possibly behind another process's write: pass it to `applyEvent` with
     * `unchangedSince`, which writes only onto that version.
     */
    lastWritten: (callId: string): Doc | undefined => live.get(callId),

    /**
     * The interaction as this process last wrote it, by id (ended ones too), or undefined. Possibly behind
     * another process's write: decide from it only what `record(..., 'as-read')` writes (its compare-and-set).
     */
    lastWrittenById: (id: string): Doc | undefined => recent.get(id),

    /**
     * The channel and state of each interaction an agent has open (routing's facts, read at every change
     * of their work), through the driver like the routine writes below, with the other agents' asked for
     * in the same turn.
     */
    openOf: (agentId: Id): Promise<Array<Pick<Doc, '_id' | 'channel' | 'state'>>> => openWork(agentId),

    /**
     * The ended interactions an agent was connected to and still owes a disposition for, stored after
     * `after` (by the server's clock, not the platform's times), newest end first (at most 50): routing's
     * other fact. Read with the other agents' asked for in the same turn.
     */
    owedBy: (agentId: Id, after: Date): Promise<Array<Pick<Doc, 'queue' | 'endedAt'>>> => owedOfAgents({ agentId, after }),

    /** `openOf` and `owedBy` in one read (with the other agents' asked for in the same turn). */
    workOf: (
      agentId: Id,
      after: Date,
    ): Promise<{ open: Array<Pick<Doc, '_id' | 'channel' | 'state'>>; owed: Array<Pick<Doc, 'queue' | 'endedAt'>> }> => workOfAgents({ agentId, after }),

    /** Chats are read here too; their messages are written only by the methods below. */
    chat: { hasEvent: chat.hasEvent, transcriptOf: chat.transcriptOf, transcriptsOf: chat.transcriptsOf },

    /**
     * Opens a call or chat from the platform's first event. A chat opened by a message counts it as
     * place 1. Throws the duplicate-key error when the call already has its interaction. `stored` is
     * false when the message was already stored by a repeated delivery.
     */
    async open(fields: Record<string, unknown>, opts: { customerName?: string; message?: ChatMessage; eventId?: string; needsAgent?: boolean }) {
      const doc = newInteraction({ ...fields, ...(opts.message ? { messageCount: 1, lastMessageAt: opts.message.at } : {}) }) as unknown as Doc;
      await opening.add(doc);
      const stored = opts.message ? await storeMessage(doc, opts.message, opts.eventId) : true;
      changed(doc, 'opened', { customerName: opts.customerName, needsAgent: opts.needsAgent, ...(opts.message && stored ? { message: placed(doc, opts.message) } : {}) });
      return { doc, stored };
    },

    /**
     * Applies a later platform event: its state change and its id (in the same write, so a repeat is
     * never applied twice), or a customer's chat message (counted, then stored at its place). Null when
     * another delivery of the same event was first. `unchangedSince`: `current` came from `lastWritten`,
     * so the event is applied only if the interaction is still that version in that state (the state
     * machine decided from them; `queue` changes the state without a new version); null otherwise.
     * A message the same CTI event stored already (a repeated delivery) is counted but not stored: the
     * unique index on its chat and event id refuses the second copy, and its place stays empty.
     */
    async applyEvent(
      current: Doc,
      set: Record<string, unknown>,
      event: RecordedEvent | { message: ChatMessage; eventId: string },
      needsAgent: boolean,
      opts: { unchangedSince?: boolean } = {},
    ) {
      const still = opts.unchangedSince ? { version: current.version ?? 0, state: current.state } : {};
      if ('message' in event) {
        const doc = await writeRoutine({ _id: current._id, ...still }, { $set: set, $inc: { version: 1, messageCount: 1 }, $max: { lastMessageAt: event.message.at } });
        if (!doc) return { doc: null, stored: false };
        // No read first to ask whether it is a repeat: the store answers that (one command per message
        // fewer, a chat's most frequent event).
        const stored = await storeMessage(doc, event.message, event.eventId);
        // Counted while the chat had no agent: routing may have given it to one since, and popped it with
        // the chat as read before this message was stored. Told from the interaction as it is now, the
        // agent it has gets the message; an agent given it later pops with the message in the chat.
        const now = stored && !doc.agentId ? await byId(current._id) : null;
        const told = now && (now.version ?? 0) >= (doc.version ?? 0) ? now : doc;
        // Only its count moved when the event set nothing else (the usual message of a chat under way).
        const cause = needsAgent || Object.keys(set).length ? 'event' : 'message';
        changed(told, cause, { needsAgent, ...(stored ? { message: placed(doc, event.message) } : {}) });
        return { doc: told, stored };
      }
      // The event's id in the filter: of two deliveries racing (two processes), one applies it.
      const doc = await writeRoutine({ _id: current._id, ...still, 'events.eventId': { $ne: event.eventId } }, { $set: set, $inc: { version: 1 }, $push: { events: event } });
      if (doc) changed(doc, 'event', { needsAgent });
      return { doc, stored: !!doc };
    },

    /** No agent can take it now: a ringing interaction waits in its queue. False when it moved on. */
    async queue(i: Waiting) {
      const doc = await writeRoutine({ _id: i._id, agentId: null, state: 'ringing' }, { $set: { state: 'queued' } });
      if (doc) changed(doc, 'queued');
      return !!doc;
    },

    /** Gives a waiting interaction to the agent routing claimed; null when someone else took it or it ended. */
    async claim(i: Waiting, agent: { userId: Id; username: string }) {
      const live = i.state === 'active';
      const doc = await writeRoutine(
        { _id: i._id, agentId: null, state: live ? 'active' : { $in: ['ringing', 'queued'] } },
        // A call the platform already answered is connected to the agent the moment they are given it;
        // one transferred keeps its first connection (the queue figures' answer time), hence $min.
        { $set: { agentId: agent.userId, agentName: agent.username, state: live ? 'active' : 'offered' }, ...(live ? { $min: { connectedAt: new Date() } } : {}), $inc: { version: 1 } },
      );
      return doc ? changed(doc, 'assigned') : null;
    },

    /** The agent's screen never took the pop: the interaction goes back to its queue. Null when it had moved on. */
    async requeue(interactionId: string, agentUserId: string) {
      const doc = await Interaction.findOneAndUpdate(
        { _id: oid(interactionId), agentId: oid(agentUserId), state: 'offered', popAckedAt: null },
        { $set: { agentId: null, agentName: null, state: 'queued' }, $inc: { version: 1 } },
        AFTER,
      ).lean<Doc>();
      return doc ? changed(doc, 'requeued') : null;
    },

    /**
     * Withdraws the acknowledgement of a pop offered to an agent whose phone never rang (a SIP call the
     * switch could not deliver): routing then takes the call back as from a pop nobody took. False when
     * the call is no longer offered to that agent.
     */
    async withdrawPopAck(interactionId: string, agentUserId: string): Promise<boolean> {
      const doc = await Interaction.findOneAndUpdate({ _id: oid(interactionId), agentId: oid(agentUserId), state: 'offered' }, { $set: { popAckedAt: null }, $inc: { version: 1 } }, AFTER).lean<Doc>();
      if (doc) changed(doc, 'pop-withdrawn');
      return !!doc;
    },

    /**
     * Records the first acknowledgement of a pop and, the first time, the offers it presented. A chat
     * offered to the agent is accepted by it: its answer time (chat platforms send no "answered"), so
     * service level, abandon and handle time count it as the answered chat it is.
     */
    async acknowledgePop(_id: Id, presented: object[] | null, channel?: string) {
      const at = new Date();
      if (channel === 'chat') {
        // A chat's first pop: acknowledged and accepted in one write (a re-pop, or a chat the agent
        // already took, goes the way below).
        const accepted = await writeRoutine(
          { _id, popAckedAt: null, state: 'offered', answeredAt: null },
          { $set: { popAckedAt: at, ...(presented ? { presentedOffers: presented } : {}), state: 'active', answeredAt: at, connectedAt: at }, $inc: { version: 1 } },
        );
        if (accepted) return void changed(accepted, 'chat-accepted');
      }
      let doc = await writeRoutine({ _id, popAckedAt: null }, { $set: { popAckedAt: at, ...(presented ? { presentedOffers: presented } : {}) } });
      // Already acknowledged (a re-pop): the offers go in only if none were logged yet.
      if (!doc && presented) doc = await Interaction.findOneAndUpdate({ _id, presentedOffers: { $size: 0 } }, { $set: { presentedOffers: presented } }, AFTER).lean<Doc>();
      if (!doc) return;
      if (doc.channel === 'chat' && doc.state === 'offered' && !doc.answeredAt) {
        const accepted = await Interaction.findOneAndUpdate({ _id, state: 'offered', answeredAt: null }, { $set: { state: 'active', answeredAt: at, connectedAt: at }, $inc: { version: 1 } }, AFTER).lean<Doc>();
        if (accepted) return void changed(accepted, 'chat-accepted');
      }
      changed(doc, 'pop-acknowledged');
    },

    /**
     * Saves what the agent recorded. `onto`: 'version', only onto the version `current` is (null when it
     * moved on); 'as-read', only onto `current` as it is, its version and its pop's acknowledgement (the
     * one write that leaves the version, and sets the offers presented): for a `current` that came from
     * `lastWrittenById` rather than a read.
     */
    async record(current: Doc, set: Record<string, unknown>, push: Record<string, unknown>, onto?: 'version' | 'as-read') {
      const update: Record<string, unknown> = { $set: set, $inc: { version: 1 } };
      if (Object.keys(push).length) update.$push = push;
      const filter = {
        _id: current._id,
        ...(onto ? { version: current.version ?? null } : {}),
        ...(onto === 'as-read' ? { popAckedAt: current.popAckedAt ?? null } : {}),
      };
      const doc = await Interaction.findOneAndUpdate(filter, update, AFTER).lean<Doc>();
      return doc ? changed(doc, 'recorded') : null;
    },

    /** Logs a change made during the interaction (preferences, consent, the record). */
    async logChange(interactionId: string, what: string, detail: unknown) {
      const doc = await Interaction.findOneAndUpdate({ _id: oid(interactionId) }, { $push: { changes: { at: new Date(), what, detail } }, $inc: { version: 1 } }, AFTER).lean<Doc>();
      return doc ? changed(doc, 'change-logged') : null;
    },

    async attachCustomer(interactionId: string, customerId: string, what: string, detail: Record<string, unknown>) {
      const doc = await Interaction.findOneAndUpdate(
        { _id: oid(interactionId) },
        { $set: { customerId: oid(customerId) }, $push: { changes: { at: new Date(), what, detail } }, $inc: { version: 1 } },
        AFTER,
      ).lean<Doc>();
      return doc ? changed(doc, 'customer-attached') : null;
    },

    async linkComplaint(interactionId: string, complaintId: Id) {
      const doc = await Interaction.findOneAndUpdate({ _id: oid(interactionId) }, { $addToSet: { complaintIds: complaintId }, $inc: { version: 1 } }, AFTER).lean<Doc>();
      return doc ? changed(doc, 'complaint-linked') : null;
    },

    /** An agent's chat reply: counted on the interaction (the count is its place), then stored. */
    async addAgentMessage(current: Doc, message: ChatMessage, authorUserId: string) {
      const doc = await writeRoutine({ _id: current._id }, { $inc: { version: 1, messageCount: 1 }, $max: { lastMessageAt: message.at } });
      if (!doc) return null;
      await storeMessage(doc, message);
      return changed(doc, 'agent-message', { message: placed(doc, message), author: authorUserId });
    },

    /**
     * Hands a live interaction from its agent to another agent or queue, in one write: it leaves its
     * agent (an answered one stays answered, waiting for the next agent as an IVR-answered call
     * does; one not yet taken goes back to waiting), is asked for by the named agent or the new queue,
     * and the change log says who sent it where with which note. The note, when there is one, is
     * stored as the next message of the interaction (`from: 'note'`, for voice too), so the next
     * agent's pop carries it with the rest. Null when the interaction had moved on (another agent, or
     * ended). The bus event asks routing for an agent and names the agent it left.
     */
    async transfer(current: Doc, t: TransferWrite) {
      const from = current.agentId!;
      const note: ChatMessage | null = t.note ? { from: 'note', text: t.note, at: t.at, agent: t.by.username } : null;
      const detail = { by: t.by.username, fromAgent: current.agentName ?? String(from), toAgent: t.toAgent?.username, toQueue: t.toQueue, note: t.note || undefined };
      const doc = await Interaction.findOneAndUpdate(
        { _id: current._id, agentId: from, state: { $in: ['offered', 'active'] } },
        {
          $set: {
            agentId: null,
            agentName: null,
            popAckedAt: null,
            state: current.state === 'active' ? 'active' : 'queued',
            requestedAgent: t.toAgent?.username ?? null,
            ...(t.toQueue ? { queue: t.toQueue } : {}),
            lastTransfer: { at: t.at, by: t.by.username, fromAgentId: from, fromAgentName: current.agentName ?? undefined, toAgent: t.toAgent?.username, toQueue: t.toQueue },
          },
          $push: { changes: { at: t.at, what: 'transferred', detail } },
          $inc: { version: 1, transferCount: 1, ...(note ? { messageCount: 1 } : {}) },
          ...(note ? { $max: { lastMessageAt: note.at } } : {}),
        },
        AFTER,
      ).lean<Doc>();
      if (!doc) return null;
      if (note) await storeMessage(doc, note);
      // The note goes in no `message` of the event: nothing that relays messages to a customer sees it.
      return changed(doc, 'transferred', { needsAgent: true, previousAgent: String(from), author: t.by.userId });
    },

    /** A telemarketer places a call to a call-list contact. */
    async openOutbound(fields: Record<string, unknown>) {
      const created = await Interaction.create({ ...fields, direction: 'outbound', channel: 'voice', state: 'active' });
      return changed(created.toObject() as unknown as Doc, 'outbound-opened');
    },

    /** A lapsed lock's call was abandoned by whoever held it: it ends undisposed. */
    async dropOutbound(interactionId: Id, at: Date) {
      const doc = await Interaction.findOneAndUpdate({ _id: interactionId, state: 'active' }, { $set: { state: 'ended', endedAt: at }, $inc: { version: 1 } }, AFTER).lean<Doc>();
      return doc ? changed(doc, 'outbound-dropped') : null;
    },

    /** A telemarketer's call ends with its outcome (disposition, notes, offer, script answers). */
    async recordOutbound(interactionId: Id, set: Record<string, unknown>, push: Record<string, unknown>) {
      const doc = await Interaction.findOneAndUpdate({ _id: interactionId }, { $set: set, $push: push, $inc: { version: 1 } }, AFTER).lean<Doc>();
      return doc ? changed(doc, 'outbound-recorded') : null;
    },

    /**
     * What the switch learnt of a telemarketer's SIP call (dialled, answered, ended, refused): `sipCall.*`
     * and the answer time; `onlyIf` narrows it (a vaguer event must not overwrite a precise one).
     */
    async recordOutboundCall(interactionId: Id | string, set: Record<string, unknown>, onlyIf: Record<string, unknown> = {}) {
      const doc = await Interaction.findOneAndUpdate({ ...onlyIf, _id: oid(interactionId), direction: 'outbound' }, { $set: set, $inc: { version: 1 } }, AFTER).lean<Doc>();
      return doc ? changed(doc, 'outbound-call') : null;
    },

    /**
     * Right to be forgotten, for interactions: the customer's own lose their number, notes, change log
     * and chat text; calls from their numbers that were never attached to them lose the number; they
     * leave every candidate list. One event for all of them.
     */
    async eraseCustomer(customerId: Id, identifiers: string[], marker: string) {
      const fromThem = identifiers.length ? { from: { $in: identifiers } } : null;
      const touched = await Interaction.find({ $or: [{ customerId }, { candidateIds: customerId }, ...(fromThem ? [fromThem] : [])] }, { _id: 1, channel: 1, customerId: 1, messageCount: 1 }).lean<Doc[]>();
      // Calls with messages too: a transfer's note is written about the customer.
      const chats = touched.filter((i) => (i.channel === 'chat' || (i.messageCount ?? 0) > 0) && String(i.customerId) === String(customerId)).map((i) => i._id);
      const [own, , chatMessages, fromOnly, candidates] = await Promise.all([
        Interaction.updateMany({ customerId }, { $set: { from: marker, notes: marker, changes: [] }, $inc: { version: 1 } }),
        // Chats older data directories kept inside the interaction (only those have the array to blank).
        Interaction.updateMany({ customerId, 'transcript.0': { $exists: true } }, { $set: { 'transcript.$[].text': marker } }),
        chat.blank(chats, marker),
        fromThem ? Interaction.updateMany(fromThem, { $set: { from: marker }, $inc: { version: 1 } }) : { modifiedCount: 0 },
        Interaction.updateMany({ candidateIds: customerId }, { $pull: { candidateIds: customerId } }),
      ]);
      // Notes were set to the marker above only where they existed; interactions without notes keep none.
      // (An interaction with chat messages, in the collection or an older array, keeps the marker.)
      await Interaction.updateMany({ customerId, notes: marker, messageCount: { $not: { $gt: 0 } }, 'transcript.0': { $exists: false } }, { $unset: { notes: 1 } });
      bulk(
        touched.map((i) => i._id),
        'erased',
      );
      return { interactions: own.modifiedCount + fromOnly.modifiedCount, chatMessages, candidateLinks: candidates.modifiedCount };
    },

    /**
     * A customer merged into another: their interactions, and candidate lists naming them, now name the
     * kept one. Answers which moved (`ids`) and which candidate lists gained the kept one (`listsGained`),
     * so the merge can be undone exactly.
     */
    async repointCustomer(from: Id, to: Id) {
      const touched = await Interaction.find({ $or: [{ customerId: from }, { candidateIds: from }] }, { _id: 1, customerId: 1, candidateIds: 1 }).lean<Doc[]>();
      const ids = touched.filter((i) => String(i.customerId) === String(from)).map((i) => i._id);
      const named = (i: Doc, id: Id) => i.candidateIds.some((c) => String(c) === String(id));
      const lists = touched.filter((i) => named(i, from));
      const listsGained = lists.filter((i) => !named(i, to)).map((i) => i._id);
      const res = ids.length ? await Interaction.updateMany({ _id: { $in: ids }, customerId: from }, { $set: { customerId: to } }) : { modifiedCount: 0 };
      await Interaction.updateMany({ candidateIds: from }, { $addToSet: { candidateIds: to } });
      await Interaction.updateMany({ candidateIds: from }, { $pull: { candidateIds: from } });
      bulk(
        touched.map((i) => i._id),
        'merged',
      );
      return { modifiedCount: res.modifiedCount, ids, lists: lists.map((i) => i._id), listsGained };
    },

    /**
     * A merge undone: the interactions it moved go back to the restored customer (those still on the
     * kept one), and candidate lists name the restored customer again (dropping the kept one where the
     * merge had added it).
     */
    async unrepointCustomer(moved: { ids: Id[]; lists: Id[]; listsGained: Id[] }, kept: Id, restored: Id) {
      const res = moved.ids.length ? await Interaction.updateMany({ _id: { $in: moved.ids }, customerId: kept }, { $set: { customerId: restored } }) : { modifiedCount: 0 };
      if (moved.lists.length) await Interaction.updateMany({ _id: { $in: moved.lists } }, { $addToSet: { candidateIds: restored } });
      if (moved.listsGained.length) await Interaction.updateMany({ _id: { $in: moved.listsGained } }, { $pull: { candidateIds: kept } });
      bulk([...moved.ids, ...moved.lists], 'unmerged');
      return { modifiedCount: res.modifiedCount };
    },
  };
}
export type InteractionRepository = ReturnType<typeof createInteractionRepository>;
