import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { ScreenPop } from '../../shared/schemas/interaction.js';
import { pictureFor } from '../access/picture-filter.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PictureService } from '../customers/picture.service.js';
import { toSummary } from '../customers/picture.service.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { Background } from '../ops/background.js';
import { type IO, userRoom } from '../realtime/io.js';
import type { InteractionDoc } from './interaction.model.js';
import { toInteraction } from './interaction-wire.js';
import type { InteractionRepository } from './interaction.repository.js';

/**
 * Builds screen pops and delivers them with acknowledgement: every interaction routing assigns (as the
 * bus tells) pops on its agent's screens. A pop nobody acknowledges within the timeout is handed back
 * to routing (redirect on no answer).
 */
export function createPopService(deps: {
  models: Models;
  interactions: InteractionRepository;
  bus: EventBus;
  background: Background;
  pictures: PictureService;
  io: IO;
  logger: Logger;
  /** Every pop is a picture opened: recorded in the audit log. */
  audit?: AuditService;
  ackTimeoutMs: number;
  /** The recipient's role and name (the users' standing, cached: security/active-users.ts). */
  recipientOf(agentUserId: string): Promise<{ role?: string; username?: string } | undefined>;
  onUnanswered(interactionId: string, agentUserId: string): Promise<unknown>;
}) {
  const { models, interactions, pictures, io, logger, background } = deps;
  const { chat } = interactions;

  const { recipientOf } = deps;

  async function build(i: InteractionDoc): Promise<ScreenPop> {
    let pictureError: string | undefined;
    const [customer, candidates, transcript] = await Promise.all([
      // A known caller whose picture fails is still known: the pop says so (never "unknown caller").
      i.customerId
        ? pictures.build(String(i.customerId)).catch((err) => {
            logger.error({ err, interactionId: String(i._id), customerId: String(i.customerId) }, 'pop: the customer picture could not be built');
            pictureError = 'The customer’s picture could not be loaded.';
            return null;
          })
        : null,
      !i.customerId && i.candidateIds?.length
        ? models.Customer.find({ _id: { $in: i.candidateIds } }, { displayName: 1, kind: 1, phones: 1, emails: 1, addresses: 1, value: 1 }).lean<CustomerDoc[]>()
        : ([] as CustomerDoc[]),
      // The chat so far, read alongside the picture (one indexed query, in order).
      chat.transcriptOf(i),
    ]);
    return {
      interactionId: String(i._id),
      callId: i.callId,
      channel: i.channel,
      from: i.from,
      queue: i.queue ?? undefined,
      state: i.state,
      customer,
      customerId: i.customerId ? String(i.customerId) : null,
      ...(pictureError ? { pictureError } : {}),
      candidates: candidates.map(toSummary),
      transcript,
      interaction: toInteraction(i),
    };
  }

  /** Sends the pop of one interaction to the agent's screens; resolves whether one acknowledged. */
  async function deliver(interactionId: string, agentUserId: string, opts: { redirectOnNoAnswer: boolean }, claimed?: InteractionDoc) {
    const i = claimed ?? (await models.Interaction.findById(interactionId).lean<InteractionDoc>());
    if (!i || String(i.agentId) !== agentUserId) return false;
    const started = performance.now();
    // The recipient's role decides which fields of the picture leave the server.
    const [built, recipient] = await Promise.all([build(i), recipientOf(agentUserId)]);
    const role = (recipient?.role ?? 'agent') as Parameters<typeof pictureFor>[0];
    const pop = built.customer ? { ...built, customer: pictureFor(role, built.customer) } : built;
    const buildMs = performance.now() - started;
    if (pop.customer)
      deps.audit?.note({
        actor: { userId: agentUserId, username: recipient?.username ?? agentUserId, role },
        action: 'picture.popped',
        entity: { type: 'customer', id: pop.customer.profile.id },
        customerId: pop.customer.profile.id,
        detail: { interactionId },
      });
    // What was put in front of the agent is logged with the acknowledgement (one write), so offer
    // outcomes can be read against it.
    const sentAt = new Date();
    const presented =
      pop.customer?.nextBestOffers.length && !i.presentedOffers?.length
        ? pop.customer.nextBestOffers.map((o) => ({ offerId: o.offerId, title: o.title, price: o.price, currency: o.currency ?? pop.customer!.currency, score: o.score, at: sentAt }))
        : null;
    return new Promise<boolean>((resolve) => {
      io.to(userRoom(agentUserId))
        .timeout(deps.ackTimeoutMs)
        .emit('screen-pop', pop, (err: Error | null, responses: unknown[]) => {
          const acked = (responses ?? []).some(Boolean);
          if (acked) {
            background.run('recording the pop acknowledgement', () => interactions.acknowledgePop(i._id, presented, i.channel), 'error', { interactionId });
            logger.debug({ interactionId, buildMs }, 'screen pop acknowledged');
          } else if (opts.redirectOnNoAnswer) {
            background.run('redirect on no answer', () => deps.onUnanswered(interactionId, agentUserId), 'error', { interactionId });
          }
          resolve(acked || !err);
        });
    });
  }

  // A freshly routed interaction pops from its document as routing saved it (spares a read).
  deps.bus.on('interaction:changed', ({ id, cause, doc }) => {
    if (cause !== 'assigned' || !doc.agentId) return;
    background.run('pop', () => deliver(id, String(doc.agentId), { redirectOnNoAnswer: true }, doc), 'error', { interactionId: id });
  });

  return {
    build,

    /** A screen (re)connected: pop again whatever the agent is still working on. */
    async repop(agentUserId: string) {
      const live = await models.Interaction.find({
        agentId: new Types.ObjectId(agentUserId),
        $or: [{ state: { $in: ['offered', 'active'] } }, { state: 'ended', wrappedUpAt: null, endedAt: { $gt: new Date(Date.now() - 3600_000) } }],
      })
        .sort({ ringingAt: 1 })
        .limit(20)
        .lean();
      for (const i of live)
        background.run('re-pop', () => deliver(String(i._id), agentUserId, { redirectOnNoAnswer: false }), 'warn', { agentUserId });
      return live.length;
    },
  };
}
export type PopService = ReturnType<typeof createPopService>;
