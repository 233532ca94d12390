import { Types } from 'mongoose';
import { inGroup } from '../../shared/access/roles.js';
import type { Logger } from 'pino';
import type { ChatMessage, Interaction, InteractionPatch } from '../../shared/schemas/interaction.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { badRequest, forbidden, notFound, refused } from '../http/errors.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import type { InteractionDoc } from './interaction.model.js';
import type { InteractionRepository } from './interaction.repository.js';
import { toInteraction } from './interaction-wire.js';
import { maskCardNumbers } from '../security/card-mask.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Where } from '../dispositions/disposition-scope.js';


/**
 * Everything agents record on an interaction. Each change is validated before it gets here, written
 * (through the repository, which tells the agent's screens and the feed) before it is acknowledged.
 */
export function createInteractionService(deps: {
  models: Models;
  interactions: InteractionRepository;
  catalogue: CatalogueCache;
  logger: Logger;
  audit?: AuditService;
  /** Chat files: a reply's attachment is checked against it. */
  attachments?: AttachmentStore;
  /** Disposition codes: a recorded one must be active for the interaction's queue (or campaign). */
  dispositions?: { check: (code: string, where: Where) => Promise<unknown> };
}) {
  const { models, interactions, catalogue } = deps;
  const { Interaction } = models;
  const { chat } = interactions;

  async function load(id: string) {
    if (!Types.ObjectId.isValid(id)) throw notFound('interaction');
    const i = await Interaction.findById(id).lean<InteractionDoc>();
    if (!i) throw notFound('interaction');
    return i;
  }

  /** Only the agent handling an interaction (or a supervisor/admin) may write to it. */
  function assertMayEdit(i: InteractionDoc, user: TokenClaims) {
    // Supervisors and admins may step into any interaction (the back office fixes records).
    if (inGroup(user.role, 'BACK_OFFICE')) return;
    if (!i.agentId || String(i.agentId) !== user.userId) throw forbidden('this interaction is handled by another agent', 'OTHER_AGENTS_INTERACTION');
  }

  /** The live chat a user sends to (a reply, a file): one they handle, or any, for supervisors and admins. */
  async function liveChat(id: string, user: TokenClaims) {
    const i = await load(id);
    assertMayEdit(i, user);
    if (i.channel !== 'chat') throw badRequest('this interaction is not a chat', undefined, 'NOT_A_CHAT');
    if (i.state === 'ended') throw badRequest('this chat has ended', undefined, 'CHAT_ENDED');
    return i;
  }

  /** The 409 of a stale interaction save: its current values, so the agent can compare and reapply. */
  function staleInteraction(current: InteractionDoc) {
    const now = toInteraction(current);
    return refused('CHANGED_MEANWHILE', 'this interaction was changed meanwhile', undefined, {
      version: now.version,
      current: { notes: now.notes, disposition: now.disposition, offers: now.offers, customerId: now.customerId },
    });
  }

  /** What an agent's save changes on `i` (checked: they may, the values are allowed), to be written onto it. */
  async function decidePatch(i: InteractionDoc, patch: InteractionPatch, user: TokenClaims) {
    assertMayEdit(i, user);
    // Optimistic: a save based on a version someone has since changed is refused with what it is now.
    if (patch.expectedVersion !== undefined && patch.expectedVersion !== i.version) throw staleInteraction(i);
    const now = new Date();
    const set: Record<string, unknown> = {};
    const push: Record<string, unknown> = {};
    // Card numbers typed into notes are masked before they are stored (PCI DSS: never keep a PAN).
    if (patch.notes !== undefined) set.notes = maskCardNumbers(patch.notes);
    if (patch.customerId !== undefined) {
      const allowed = i.candidateIds.some((c) => String(c) === patch.customerId) || inGroup(user.role, 'BACK_OFFICE') || !i.customerId;
      if (!allowed || !(await models.Customer.exists({ _id: new Types.ObjectId(patch.customerId) }))) throw badRequest('customerId is not a customer of this interaction', undefined, 'NOT_THIS_CUSTOMER');
      set.customerId = new Types.ObjectId(patch.customerId);
    }
    if (patch.disposition !== undefined) {
      await deps.dispositions?.check(patch.disposition, {
        direction: i.direction === 'outbound' ? 'outbound' : 'inbound',
        queue: i.queue,
        campaignId: i.campaignId ? String(i.campaignId) : undefined,
      });
      set.disposition = patch.disposition;
      set.wrappedUpAt = now;
    }
    if (patch.offer) {
      const { offers } = await catalogue.get();
      const offer = offers.find((o) => o.code === patch.offer!.offerId);
      if (!offer) throw badRequest(`unknown offer ${patch.offer.offerId}`, undefined, 'UNKNOWN_OFFER', { offer: patch.offer.offerId });
      // Sold at the price quoted to this customer (one customer, one price), not today's list price.
      const quote = i.customerId ? await models.Quote.findOne({ customerId: i.customerId, offerCode: offer.code }, { price: 1 }).lean() : null;
      // The currency it was presented in (the customer's), else the offer's own; the reports fall back to the customer's.
      const presented = i.presentedOffers?.find((p) => p.offerId === offer.code);
      const currency = presented?.currency ?? offer.currency ?? undefined;
      push.offers = { offerId: offer.code, title: offer.title, price: quote?.price ?? offer.price, ...(currency ? { currency } : {}), outcome: patch.offer.outcome, at: now };
    }
    return { set, push };
  }

  /** Audits a saved change against what it was before. */
  async function auditPatch(id: string, i: InteractionDoc, saved: InteractionDoc, change: { set: Record<string, unknown>; push: Record<string, unknown> }, user: TokenClaims) {
    await deps.audit?.record({
      actor: user,
      action: 'interaction.updated',
      entity: { type: 'interaction', id },
      customerId: saved.customerId ? String(saved.customerId) : undefined,
      before: { notes: i.notes ?? undefined, disposition: i.disposition ?? undefined, customerId: i.customerId ? String(i.customerId) : undefined },
      after: { ...change.set, ...(change.push.offers ? { offer: change.push.offers } : {}) },
    });
  }

  return {
    load,

    async get(id: string, user: TokenClaims) {
      const i = await load(id);
      assertMayEdit(i, user);
      return toInteraction(i, await chat.transcriptOf(i));
    },


    /**
     * Runs a change the agent makes during an interaction (when `interactionId` is given): checks the
     * agent may write to it first, then logs what changed on it. Without an interaction, just runs.
     */
    async during<T>(interactionId: string | undefined, user: TokenClaims, work: () => Promise<T>, change?: (result: T) => { what: string; detail: unknown }): Promise<T> {
      if (!interactionId) return work();
      assertMayEdit(await load(interactionId), user);
      const result = await work();
      if (change) {
        const { what, detail } = change(result);
        await interactions.logChange(interactionId, what, detail);
      }
      return result;
    },

    async patch(id: string, patch: InteractionPatch, user: TokenClaims): Promise<Interaction> {
      // The interaction as this process last wrote it (the call's end, seconds ago) spares a read of it:
      // the change is decided from it and written only onto it. When it was not current (another
      // process wrote), or anything decided from it refuses the change, it is decided again from a read.
      const remembered = Types.ObjectId.isValid(id) ? interactions.lastWrittenById(id) : undefined;
      if (remembered) {
        const change = await decidePatch(remembered, patch, user).catch(() => null);
        const saved = change && (await interactions.record(remembered, change.set, change.push, 'as-read'));
        if (change && saved) {
          await auditPatch(id, remembered, saved, change, user);
          return toInteraction(saved);
        }
      }
      const i = await load(id);
      const change = await decidePatch(i, patch, user);
      const saved = await interactions.record(i, change.set, change.push, patch.expectedVersion !== undefined ? 'version' : undefined);
      if (!saved) throw patch.expectedVersion !== undefined ? staleInteraction(await load(id)) : notFound('interaction');
      await auditPatch(id, i, saved, change, user);
      return toInteraction(saved);
    },

    /** Who is calling on an interaction the user may write to (linking an unknown caller to a customer). */
    async callerOf(id: string, user: TokenClaims) {
      const i = await load(id);
      assertMayEdit(i, user);
      return { from: i.from, channel: i.channel, customerId: i.customerId ? String(i.customerId) : null };
    },

    async attachCustomer(id: string, customerId: string, user: TokenClaims, why: string) {
      await interactions.attachCustomer(id, customerId, why, { customerId, by: user.username });
    },

    async linkComplaint(id: string, complaintId: Types.ObjectId) {
      await interactions.linkComplaint(id, complaintId);
    },

    liveChat,

    /**
     * Whether the user may see what belongs to this interaction (a chat's files): its handling agent,
     * or a supervisor/admin. Answered as a yes or no, so the caller can say "not found" either way and
     * ids of other chats' files cannot be probed.
     */
    async mayRead(interactionId: string, user: TokenClaims): Promise<boolean> {
      if (inGroup(user.role, 'BACK_OFFICE')) return true;
      const i = Types.ObjectId.isValid(interactionId) ? await Interaction.findById(interactionId, { agentId: 1 }).lean<Pick<InteractionDoc, 'agentId'>>() : null;
      return !!i?.agentId && String(i.agentId) === user.userId;
    },

    /**
     * Stores an agent's chat reply (text, a file uploaded to this chat before, or both); the caller
     * sends it on to the chat platform.
     */
    async addAgentMessage(id: string, text: string, user: TokenClaims, attachmentId?: string): Promise<{ message: ChatMessage; interaction: InteractionDoc }> {
      const i = await liveChat(id, user);
      const attachment = attachmentId ? await deps.attachments?.belongsTo(attachmentId, i._id) : undefined;
      if (attachmentId && !attachment) throw badRequest('the attachment is not a file of this chat', undefined, 'NOT_THIS_CHATS_ATTACHMENT');
      const message: ChatMessage = { from: 'agent' as const, text: maskCardNumbers(text), at: new Date(), agent: user.username, ...(attachment ? { attachment } : {}) };
      // Counted on the interaction first (the count is its place in the chat), then stored; the bus
      // brings it to the screens of the agent and of whoever wrote it.
      const saved = await interactions.addAgentMessage(i, message, user.userId);
      if (!saved) throw notFound('interaction');
      return { message: { ...message, seq: saved.messageCount }, interaction: i };
    },
  };
}
export type InteractionService = ReturnType<typeof createInteractionService>;
