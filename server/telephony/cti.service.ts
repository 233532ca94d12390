import type { Logger } from 'pino';
import type { CtiEvent, CtiEventAccepted } from '../../shared/schemas/cti.js';
import type { CustomerService, Identification } from '../customers/customers.service.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import { type IO, userRoom } from '../realtime/io.js';
import type { Activity } from '../supervision/activity.js';
import type { RoutingService } from '../routing/routing.service.js';
import { transition } from './call-state.js';
import { maskCardNumbers } from '../security/card-mask.js';

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;
/** What recording an event's unique id found: a new event, or one seen before. */
type Recorded = 'new' | 'duplicate';

/** Events that normally open a call or chat: its interaction is created without looking for one first. */
const OPENING = new Set<CtiEvent['type']>(['call.ringing', 'chat.started']);

/**
 * Applies CTI events. Each event's unique eventId is recorded (a repeat is answered as a duplicate,
 * never applied twice; an opening event's record is written alongside its interaction's insert), and
 * the event is fed through the call's state machine; events of one call are applied one at a time in this
 * process, and the state machine copes with whatever order they arrive in across processes.
 * Routing and the pop happen after the answer: the platform never waits for an agent.
 */
export function createCtiService(deps: {
  models: Models;
  customers: CustomerService;
  interactions: InteractionService;
  routing: RoutingService;
  io: IO;
  logger: Logger;
  /** Told of every interaction write (the supervisors' feed listens). */
  activity?: Activity;
}) {
  const { models, customers, interactions, routing, io, logger, activity } = deps;
  const chains = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier event of the same call. */
  function serial<T>(callId: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(callId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    chains.set(callId, tail);
    void tail.then(() => {
      if (chains.get(callId) === tail) chains.delete(callId);
    });
    return next;
  }

  /**
   * Applies one event. An opening event arrives with its `opening` work already under way: the
   * caller's identification and the event's dedupe record, written while its interaction is inserted.
   * Returns null for a replayed opening event, which is answered without being applied again.
   */
  async function apply(e: CtiEvent, opening?: { identified: Promise<Identification>; recorded: Promise<Recorded> }): Promise<string | null> {
    const at = new Date(e.at);
    // An opening event tries to create the interaction straight away (one round trip fewer before the
    // pop); the unique callId turns the rare opening that arrives second into an update below.
    let current = OPENING.has(e.type) ? null : await models.Interaction.findOne({ callId: e.callId }).lean<InteractionDoc>();
    let t = transition(current, e.type, at);
    let saved: InteractionDoc | null = null;
    let customerName: string | undefined;
    // A customer's card number in chat is masked before it is stored or shown to the agent.
    const message = e.type === 'chat.message' ? { from: 'customer', text: maskCardNumbers(e.text!), at } : null;

    if (!current) {
      const who = await (opening?.identified ?? customers.identify(e.from));
      customerName = who.customerName;
      try {
        const created = await models.Interaction.create({
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
          transcript: message ? [message] : [],
        });
        saved = created.toObject() as unknown as InteractionDoc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // The interaction exists. This very event, replayed: answered, never applied twice.
        if (opening && (await opening.recorded) === 'duplicate') return null;
        // Another event of the call (or another process) created it a moment ago: apply the event to it.
        current = await models.Interaction.findOne({ callId: e.callId }).lean<InteractionDoc>();
        t = transition(current, e.type, at);
      }
    }
    if (!saved && current) {
      const update: Record<string, unknown> = { $set: t.set, $inc: { version: 1 } };
      if (message) update.$push = { transcript: message };
      saved = await models.Interaction.findOneAndUpdate({ _id: current._id }, update, { returnDocument: 'after' }).lean<InteractionDoc>();
    }
    if (!saved) throw new Error(`interaction for call ${e.callId} vanished`);

    if (message && saved.agentId) io.to(userRoom(String(saved.agentId))).emit('chat:message', { interactionId: String(saved._id), message: message as never });
    if (current) interactions.announce(saved);
    activity?.interaction(saved, customerName);
    if (t.release) await routing.release(saved);
    if (t.route) {
      // Routed from the document just saved: its claim filters catch whatever changed since.
      const doc = saved;
      setImmediate(() => void routing.assign(doc).catch((err) => logger.error({ err, interactionId: String(doc._id) }, 'routing failed')));
    }
    return String(saved._id);
  }

  return {
    async handle(e: CtiEvent): Promise<CtiEventAccepted> {
      // The event's unique id is recorded first of all: a repeat is answered and never applied twice.
      const recorded: Promise<Recorded> = models.CtiEvent.create({ eventId: e.eventId, callId: e.callId, type: e.type, at: new Date(e.at), receivedAt: new Date() }).then(
        () => 'new',
        (err) => {
          if (isDuplicateKey(err)) return 'duplicate';
          throw err;
        },
      );
      recorded.catch(() => {}); // a failure surfaces where it is awaited
      const duplicate = () => {
        logger.info({ eventId: e.eventId, callId: e.callId }, 'cti: duplicate event ignored');
        return { accepted: true, duplicate: true } as const;
      };
      try {
        let interactionId: string | null;
        if (OPENING.has(e.type)) {
          // An opening event's interaction is inserted while the event is recorded and the caller
          // identified: the acknowledgement waits for one round of durable writes, not two in a row.
          // The interaction's unique callId catches a replay (see apply).
          const identified = customers.identify(e.from);
          identified.catch(() => {});
          interactionId = await serial(e.callId, () => apply(e, { identified, recorded }));
        } else {
          if ((await recorded) === 'duplicate') return duplicate();
          interactionId = await serial(e.callId, () => apply(e));
        }
        // Awaited in every case: the event is acknowledged only once its record is durable.
        if ((await recorded) === 'duplicate' || interactionId === null) return duplicate();
        return { accepted: true, duplicate: false, interactionId };
      } catch (err) {
        // Not applied: forget the event id so the platform's retry is not taken for a duplicate.
        if ((await recorded.catch(() => null)) === 'new') await models.CtiEvent.deleteOne({ eventId: e.eventId }).catch(() => {});
        throw err;
      }
    },
  };
}
export type CtiService = ReturnType<typeof createCtiService>;
