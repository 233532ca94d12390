import { Types } from 'mongoose';
import type { CustomerExport, EraseResult, OptOutRequest, OptOutResult } from '../../shared/schemas/privacy.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import { interactionPurpose, PURPOSES } from './purposes.js';
import { applyConsent, type StoredConsent } from '../customers/consent.js';
import { ContactChannel } from '../../shared/schemas/enums.js';

const CHANNELS = ContactChannel.options;
const ERASED = '[erased]';
const plain = (doc: object) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

/**
 * Data-subject rights (seed 004): access (export everything held), erasure (anonymise everywhere,
 * keep anonymous aggregates) and opt-out (marketing consent withdrawn on every channel at once).
 */
/** Other features' copies of a customer to drop on erasure (a merge kept for undoing holds the whole record). */
export interface ErasureHooks {
  forgetMerges?: (customerId: string) => Promise<number>;
  /** The files sent in these chats (server/attachments): deleted, not blanked. */
  deleteChatFiles?: (interactionIds: Types.ObjectId[]) => Promise<number>;
  /** What the website widget took from them (server/widget): its pre-chat answers and rating comments. */
  forgetVisitor?: (customerId: Types.ObjectId, chatIds: Types.ObjectId[]) => Promise<{ sessions: number; ratings: number }>;
}

export function createPrivacyService(models: Models, interactions: InteractionRepository, audit: AuditService, hooks: ErasureHooks = {}) {
  const { Customer } = models;
  const { chat } = interactions;

  const chatsOf = async (customerId: Types.ObjectId) => (await models.Interaction.find({ customerId, channel: 'chat' }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>()).map((i) => i._id);

  async function load(customerId: string) {
    const customer = Types.ObjectId.isValid(customerId) ? await Customer.findById(customerId).lean<CustomerDoc>() : null;
    if (!customer) throw notFound('customer');
    return customer;
  }

  return {
    async export(customerId: string, actor: Actor): Promise<CustomerExport> {
      const customer = await load(customerId);
      const _id = customer._id;
      const [transactions, interactionDocs, complaints, surveys, campaignContacts, quotes] = await Promise.all([
        models.Transaction.find({ customerId: _id }).sort({ at: 1 }).lean(),
        models.Interaction.find({ $or: [{ customerId: _id }, { candidateIds: _id }] }).sort({ createdAt: 1 }).lean(),
        models.Complaint.find({ customerId: _id }).sort({ openedAt: 1 }).lean(),
        models.Survey.find({ customerId: _id }).sort({ at: 1 }).lean(),
        models.CampaignContact.find({ customerId: _id }).sort({ at: 1 }).lean(),
        models.Quote.find({ customerId: _id }).lean(),
      ]);
      // The export itself is audited first, so it lists itself.
      await audit.record({ actor, action: 'privacy.exported', entity: { type: 'customer', id: customerId }, customerId });
      const [auditEntries, transcripts] = await Promise.all([audit.about(customerId), chat.transcriptsOf(interactionDocs)]);
      const { consents, ...profile } = plain(customer);
      return {
        exportedAt: new Date(),
        customerId,
        purposes: { customer: customer.purpose ?? 'customer-service', ...PURPOSES },
        profile,
        consents: (consents as Array<Record<string, unknown>>) ?? [],
        transactions: transactions.map((t) => ({ ...plain(t), purpose: PURPOSES.transaction })),
        interactions: interactionDocs.map((i) => ({ ...plain(i), transcript: plain(transcripts.get(String(i._id)) ?? []), purpose: interactionPurpose(i.direction) })),
        complaints: complaints.map((c) => ({ ...plain(c), purpose: PURPOSES.complaint })),
        surveys: surveys.map((s) => ({ ...plain(s), purpose: PURPOSES.survey })),
        campaignContacts: campaignContacts.map((c) => ({ ...plain(c), purpose: PURPOSES.campaignContact })),
        quotes: quotes.map((q) => ({ ...plain(q), purpose: PURPOSES.quote })),
        audit: auditEntries.map((e) => ({ ...plain(e), purpose: PURPOSES.audit })),
      };
    },

    /**
     * Right to be forgotten: personal data removed or anonymised in every collection that holds it;
     * transaction amounts, dates and products, value scores and counts stay as anonymous aggregates.
     */
    async erase(customerId: string, actor: Actor): Promise<EraseResult> {
      const customer = await load(customerId);
      const _id = customer._id;
      const identifiers = [...customer.phones.map((p) => p.number), ...customer.emails.map((e) => e.address)];
      const erasedAt = new Date();

      const [relations, erasedInteractions, complaints, surveys, campaignContacts, quotes, idempotent] = await Promise.all([
        Customer.updateMany({ 'relations.customerId': _id }, { $pull: { relations: { customerId: _id } }, $inc: { version: 1 } }),
        // Their interactions, their chats' text, calls from their numbers, candidate lists naming them.
        interactions.eraseCustomer(_id, identifiers, ERASED),
        models.Complaint.updateMany({ customerId: _id }, { $set: { subject: ERASED }, $unset: { resolution: 1 } }),
        models.Survey.updateMany({ customerId: _id }, { $unset: { comment: 1 } }),
        models.CampaignContact.deleteMany({ customerId: _id }),
        models.Quote.deleteMany({ customerId: _id }),
        // Stored answers of idempotent writes about this customer may hold their picture, or their name
        // and phone (a quick-create's answer, whose route names no customer). Each is replaced by a 410:
        // a replay of the key learns the answer is gone, and does not run the request again.
        Customer.db.collection('idempotencykeys').updateMany(
          {
            $or: [customerId, ...identifiers].flatMap((v) => {
              const pattern = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
              return [{ _id: { $regex: pattern } }, { body: { $regex: pattern } }];
            }),
          } as never,
          { $set: { state: 'done', status: 410, body: JSON.stringify({ error: { code: 'GONE', message: 'this answer held personal data of a customer since erased' } }) } },
        ),
      ]);
      await Customer.updateOne(
        { _id },
        {
          $set: {
            displayName: 'Erased customer',
            searchTokens: [],
            phones: [],
            emails: [],
            addresses: [],
            relations: [],
            demographics: {},
            psychographics: { interests: [] },
            preferences: { productInterests: [] },
            consents: [],
            doNotCall: true,
            purpose: 'erased: anonymous aggregates only',
            erasedAt,
          },
          $unset: { firstName: 1, lastName: 1, companyName: 1, externalId: 1, householdId: 1, business: 1, contactConfirmedAt: 1 },
          $inc: { version: 1 },
        },
        { strict: false },
      );

      const counts: Record<string, number> = {
        customer: 1,
        relatedCustomers: relations.modifiedCount,
        interactions: erasedInteractions.interactions,
        // Messages in their own collection; an older chat's array is counted with its interaction.
        chatMessages: erasedInteractions.chatMessages,
        candidateLinks: erasedInteractions.candidateLinks,
        complaints: complaints.modifiedCount,
        surveys: surveys.modifiedCount,
        campaignContacts: campaignContacts.deletedCount,
        quotes: quotes.deletedCount,
        cachedAnswers: idempotent.modifiedCount,
        // Undo records of merges involving them: an undo would bring the erased data back.
        mergesForgotten: (await hooks.forgetMerges?.(customerId)) ?? 0,
      };
      const chats = await chatsOf(_id);
      // Pictures and documents sent in their chats, both ways.
      counts.chatFiles = (await hooks.deleteChatFiles?.(chats)) ?? 0;
      const visitor = await hooks.forgetVisitor?.(_id, chats);
      counts.widgetSessions = visitor?.sessions ?? 0;
      counts.chatRatingComments = visitor?.ratings ?? 0;
      await audit.record({ actor, action: 'privacy.erased', entity: { type: 'customer', id: customerId }, customerId, detail: { counts } });
      return { customerId, erasedAt, counts };
    },

    /** Unsubscribe: marketing consent withdrawn on the given channel, or on every channel, in one write. */
    async optOut(customerId: string, input: OptOutRequest, actor: Actor): Promise<OptOutResult> {
      const customer = await load(customerId);
      const channels = input.channel === 'all' ? [...CHANNELS] : [input.channel];
      const at = new Date();
      const source = `${input.source ?? 'opt-out'}:${actor.username}`;
      let consents: StoredConsent[] = customer.consents;
      for (const channel of channels) consents = applyConsent(consents, { purpose: 'marketing', channel, granted: false }, at, source);
      const saved = await Customer.findOneAndUpdate({ _id: customer._id }, { $set: { consents }, $inc: { version: 1 } }, { returnDocument: 'after' }).lean<CustomerDoc>();
      if (!saved) throw notFound('customer');
      await audit.record({
        actor,
        action: 'consent.opted-out',
        entity: { type: 'customer', id: customerId },
        customerId,
        before: { consents: customer.consents },
        after: { consents },
        detail: { channels, source },
      });
      return { customerId, channels, source, at, version: saved.version };
    },
  };
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;
