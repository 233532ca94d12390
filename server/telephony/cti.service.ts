import type { Logger } from 'pino';
import type { CtiEvent, CtiEventAccepted } from '../../shared/schemas/cti.js';
import type { CustomerService, Identification } from '../customers/customers.service.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { RoutingService } from '../routing/routing.service.js';
import { transition } from './call-state.js';
import { maskCardNumbers } from '../security/card-mask.js';
import type { ChatAttachment, ChatMessage } from '../../shared/schemas/interaction.js';
import { Types } from 'mongoose';
import { serialByKey } from '../ops/serial-by-key.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import type { Background } from '../ops/background.js';

/**
 * What a caller inside the console knows beyond the event (the website widget): `customerId`, a
 * customer identified for sure (a signed identity), overrides identification; `candidateIds` are hints
 * added to the candidates when identification finds nobody for sure; `attachment` goes with a message.
 */
export interface CtiHandleOptions {
  customerId?: string;
  candidateIds?: string[];
  attachment?: ChatAttachment;
}

/** Events that normally open a call or chat: its interaction is created without looking for one first. */
const OPENING = new Set<CtiEvent['type']>(['call.ringing', 'chat.started']);

const hasEvent = (i: Pick<InteractionDoc, 'events'> | null, eventId: string) => !!i?.events?.some((x) => x.eventId === eventId);

/**
 * Applies CTI events. Each event is recorded in its call's interaction, in the same write that
 * applies it (its eventId in `events`): a repeat is answered as a duplicate and never applied twice,
 * and an event that failed is not taken for a duplicate when the platform retries it. A chat message's
 * event id is kept with the message instead (chat-messages.ts), so the interaction does not grow with
 * the chat; a message whose storing failed is stored again, at a new place, when retried. Events are fed
 * through the call's state machine; events of one call are applied one at a time in this process,
 * and the state machine copes with whatever order they arrive in across processes.
 * Routing and the pop happen after the answer, and so does the agent's release at an end (their
 * capacity and state): the platform never waits for an agent. An answer is the event stored; what follows
 * from it is derived from stored facts, and routing's sweep gives back capacity a release never reached
 * (a process killed between the two).
 */
export function createCtiService(deps: {
  models: Models;
  customers: CustomerService;
  /** Every write of an interaction goes through it, and it tells the screens, the feed and routing. */
  interactions: InteractionRepository;
  routing: RoutingService;
  background: Background;
  logger: Logger;
}) {
  const { models, customers, interactions, routing, logger, background } = deps;
  const { chat } = interactions;
  /** Runs an event after every earlier event of the same call. */
  const serial = serialByKey();

  /**
   * Applies one event; returns the interaction as saved and whether it ended the agent's work, or null
   * for an event already applied. `identified`: the caller's identification, started before the event's
   * turn came (opening events).
   */
  async function apply(e: CtiEvent, identified?: Promise<Identification>, attachment?: ChatAttachment): Promise<{ saved: InteractionDoc; release: boolean } | null> {
    const at = new Date(e.at);
    const event = { eventId: e.eventId, type: e.type, at, receivedAt: new Date() };
    // An opening event tries to create the interaction straight away (one round trip fewer before the
    // pop); the unique callId turns a replay, or an opening that arrives second, into the path below.
    // A customer's card number in chat is masked before it is stored or shown to the agent.
    const message: ChatMessage | null = e.type === 'chat.message' ? { from: 'customer', text: maskCardNumbers(e.text ?? ''), at, ...(attachment ? { attachment } : {}) } : null;
    /** Whether this event was applied already: a message's event id is with its message. */
    const applied = async (i: InteractionDoc | null) => (message ? !!i && (await chat.hasEvent(i._id, e.eventId)) : hasEvent(i, e.eventId));
    const stored = () => models.Interaction.findOne({ callId: e.callId }, { transcript: 0 }).lean<InteractionDoc>();
    // A later event of a call this process wrote starts from that write (checked when applied, below).
    const remembered = OPENING.has(e.type) ? undefined : interactions.lastWritten(e.callId);
    let current = OPENING.has(e.type) ? null : (remembered ?? (await stored()));
    let t = transition(current, e.type, at);
    // A customer's message in a chat under way only counts (the state machine sets nothing): whether it
    // is a repeat is not read before it; the message's store refuses a second copy of the same event
    // (a unique index), and the repeat leaves the place it was counted at empty, as a racing delivery's does.
    const countsOnly = !!message && !!current && Object.keys(t.set).length === 0 && !t.route;
    if (!countsOnly && (await applied(current))) return null;
    let saved: InteractionDoc | null = null;
    /** Decides the event again from the stored interaction (another delivery or process wrote first); false when it was applied already. */
    const decideFromStored = async () => {
      current = await stored();
      if (await applied(current)) return false;
      t = transition(current, e.type, at);
      return true;
    };

    if (!current) {
      const who = await (identified ?? customers.identify(e.from));
      try {
        const opened = await interactions.open(
          {
            callId: e.callId,
            channel: e.channel,
            direction: 'inbound',
            from: e.from,
            to: e.to,
            queue: e.queue,
            requestedAgent: e.agentId,
            customerId: who.customerId,
            candidateIds: who.candidateIds,
            ...t.set,
            events: message ? [] : [event],
          },
          { customerName: who.customerName, ...(message ? { message, eventId: e.eventId } : {}), needsAgent: t.route },
        );
        // Of two deliveries of one message racing (two processes), the first stored is the one kept.
        if (!opened.stored) return null;
        saved = opened.doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // The call's interaction exists: this event replayed, or another event (or process) was first.
        if (!(await decideFromStored())) return null;
      }
    }
    if (!saved && current) {
      // A message is counted (the new count is its place in the chat), not pushed: the interaction stays
      // the same size however long the chat.
      const what = message ? { message, eventId: e.eventId } : event;
      let written = await interactions.applyEvent(current, t.set, what, t.route, { unchangedSince: !!remembered });
      if (!written.doc && remembered) {
        // Another write (another process's) came between: decide again from the stored interaction.
        if (!(await decideFromStored())) return null;
        if (!current) throw new Error(`interaction for call ${e.callId} vanished`);
        written = await interactions.applyEvent(current, t.set, what, t.route);
      }
      if (!written.doc) {
        if (!message && hasEvent(await models.Interaction.findById(current._id, { events: 1 }).lean<InteractionDoc>(), e.eventId)) return null;
        throw new Error(`interaction for call ${e.callId} vanished`);
      }
      if (!written.stored) return null;
      saved = written.doc;
    }
    if (!saved) throw new Error(`interaction for call ${e.callId} vanished`);
    // Routing picks the interaction up from the bus (needsAgent); the end of a call frees its agent (below).
    return { saved, release: t.release };
  }

  /** Identification, unless the caller knows the customer for sure; hints join the candidates. */
  async function identify(from: string, opts: CtiHandleOptions): Promise<Identification> {
    if (opts.customerId) {
      const c = await models.Customer.findById(opts.customerId, { displayName: 1 }).lean();
      if (c) return { customerId: c._id, candidateIds: [], customerName: c.displayName ?? undefined };
    }
    const who = await customers.identify(from);
    if (who.customerId || !opts.candidateIds?.length) return who;
    const hints = opts.candidateIds.filter((id) => !who.candidateIds.some((c) => String(c) === id)).map((id) => new Types.ObjectId(id));
    return { ...who, candidateIds: [...who.candidateIds, ...hints] };
  }

  return {
    /**
     * `opts.attachment`: a file the customer sent with a `chat.message`, for callers inside the console
     * only (the website widget, which checked it is a file of the visitor's chat:
     * `attachments.belongsTo`). Platform events posted to /api/cti/events carry none: their files are
     * not in the console's store. With a file, the message's text may be empty.
     */
    async handle(e: CtiEvent, opts: CtiHandleOptions = {}): Promise<CtiEventAccepted> {
      // Who is calling is looked up at once, before the event's turn in its call comes.
      const identified = OPENING.has(e.type) ? identify(e.from, opts) : undefined;
      identified?.catch(() => {}); // a failure surfaces where it is awaited
      const applied = await serial(e.callId, () => apply(e, identified, opts.attachment));
      if (applied === null) {
        // A platform retry or a replayed capture: answered, never applied twice.
        logger.info({ eventId: e.eventId, callId: e.callId }, 'cti: duplicate event ignored');
        return { accepted: true, duplicate: true };
      }
      const { saved, release } = applied;
      // An end frees its agent after the answer: four commands, one after another (their work, what
      // they owe, their state, its log), that the platform's next event waited behind on the same
      // connection. Released in the background, one at a time per agent (routing's reconciliation).
      if (release && saved.agentId)
        background.run('routing: releasing the agent of an ended interaction', () => routing.release(saved), 'error', { interactionId: String(saved._id), agentUserId: String(saved.agentId) });
      return { accepted: true, duplicate: false, interactionId: String(saved._id) };
    },
  };
}
export type CtiService = ReturnType<typeof createCtiService>;
