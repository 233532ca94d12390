import { Types } from 'mongoose';
import type { MergeResult, MovedCounts, RecentMerge, UndoResult } from '../../shared/schemas/duplicates.js';
import { campaignContactReassigner } from '../campaigns/campaign-contacts.js';
import type { ComplaintService } from '../complaints/complaints.service.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import { transactionReassigner } from '../customers/transactions.js';
import type { Models } from '../db/models.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { refreshPurchaseSummaries } from '../imports/customer-totals.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import { surveyReassigner } from '../satisfaction/surveys.js';
import { visitorSessionReassigner, widgetRatingReassigner } from '../widget/visitor-reassign.js';
import { type CustomerMergeDoc, UNDO_DAYS } from './duplicates.model.js';
import { MERGED_FIELD_LABELS, changedSinceMerge, mergeFields, mergedFieldsOf, restoreUpdate } from './merge-fields.js';

type Id = Types.ObjectId;
type Moved = NonNullable<CustomerMergeDoc['moved']>;
type StoredRelation = { customerId: Id; relations: Array<{ customerId: Id; type: string }> };
const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT = 20;

export interface MergeDeps {
  interactions: InteractionRepository;
  complaints: Pick<ComplaintService, 'reassign'>;
  rescore?: (customerId: string) => Promise<unknown>;
}

const countsOf = (m: Moved): MovedCounts => ({
  transactions: m.transactions.length,
  interactions: m.interactions.length,
  complaints: m.complaints.length,
  surveys: m.surveys.length,
  campaignContacts: m.campaignContacts.length,
  visitorSessions: m.visitorSessions?.length ?? 0,
  chatRatings: m.chatRatings?.length ?? 0,
});

/**
 * Merging two customers and undoing it within UNDO_DAYS. Each feature's documents move through that
 * feature's writer (interactions through their repository, which tells every screen); the merge keeps
 * what moved, the merged-away record and the kept record's fields before and after, so an undo puts
 * back exactly that.
 */
export function createMerges(models: Models, deps: MergeDeps) {
  const { Customer, CustomerMerge } = models;
  const owners = {
    transactions: transactionReassigner(models),
    complaints: deps.complaints.reassign,
    surveys: surveyReassigner(models),
    campaignContacts: campaignContactReassigner(models),
    visitorSessions: visitorSessionReassigner(models),
    chatRatings: widgetRatingReassigner(models),
  };

  return {
    /**
     * Merges `mergeId` into `keepId`: contact data and consents united onto the kept record, every
     * transaction, interaction, complaint, survey and campaign contact re-pointed, totals recomputed, then
     * the merged record deleted. Each step is idempotent and the delete comes last, so a retry after a
     * failure at any point finishes the job (the undo record gathers what every attempt moved); a retry
     * after success only re-points stragglers.
     */
    async merge(keepId: string, mergeId: string, by: string): Promise<MergeResult> {
      const keep = await Customer.findById(keepId).lean<CustomerDoc>();
      if (!keep) throw notFound('customer', 'customer to keep not found');
      const other = await Customer.findById(mergeId).lean<CustomerDoc>();
      const from = new Types.ObjectId(mergeId);
      const to = keep._id;
      const now = new Date();

      // The undo record first: a merge interrupted half-way still knows what it moved.
      const record = other
        ? await CustomerMerge.findOneAndUpdate(
            { keepId: to, mergeId: from, undoneAt: { $exists: false } },
            {
              $setOnInsert: {
                keepId: to,
                mergeId: from,
                keepName: keep.displayName,
                mergeName: other.displayName,
                by,
                at: now,
                expiresAt: new Date(now.getTime() + UNDO_DAYS * DAY_MS),
                mergedAway: other,
                keepBefore: mergedFieldsOf(keep),
                keepAfter: {},
              },
            },
            { upsert: true, returnDocument: 'after' },
          ).lean<CustomerMergeDoc>()
        : null;

      if (other) await Customer.updateOne({ _id: to }, { $set: mergeFields(keep, other), $inc: { version: 1 } });
      // Other customers' relations to the merged record, as they were (undo turns them back).
      const relating = await Customer.find({ 'relations.customerId': from }, { relations: 1 }).lean<CustomerDoc[]>();
      const [transactions, interactions, complaints, surveys, campaignContacts, visitorSessions, chatRatings] = await Promise.all([
        owners.transactions.moveAll(from, to),
        // Their interactions, and candidate lists naming them, now name the kept record.
        deps.interactions.repointCustomer(from, to),
        owners.complaints.moveAll(from, to),
        owners.surveys.moveAll(from, to),
        owners.campaignContacts.moveAll(from, to),
        owners.visitorSessions.moveAll(from, to),
        owners.chatRatings.moveAll(from, to),
      ]);
      await Customer.updateMany({ 'relations.customerId': from }, { $set: { 'relations.$[r].customerId': to } }, { arrayFilters: [{ 'r.customerId': from }] });
      if (record) {
        const each = (ids: unknown[]) => ({ $each: ids });
        await CustomerMerge.updateOne(
          { _id: record._id },
          {
            $addToSet: {
              'moved.transactions': each(transactions),
              'moved.interactions': each(interactions.ids),
              'moved.candidateLists': each(interactions.lists),
              'moved.candidateListsGained': each(interactions.listsGained),
              'moved.complaints': each(complaints),
              'moved.surveys': each(surveys),
              'moved.campaignContacts': each(campaignContacts),
              'moved.visitorSessions': each(visitorSessions),
              'moved.chatRatings': each(chatRatings),
              'moved.relations': each(relating.map((c) => ({ customerId: c._id, relations: c.relations }))),
            },
          },
        );
      }
      await refreshPurchaseSummaries(models, [to]);
      // The kept record's value now covers both histories.
      await deps.rescore?.(keepId);

      if (other) {
        await Customer.deleteOne({ _id: from });
        // The source system's id of the merged record lives on when the kept record had none.
        if (!keep.externalId && other.externalId) await Customer.updateOne({ _id: to, externalId: { $exists: false } }, { $set: { externalId: other.externalId } });
        const after = await Customer.findById(to).lean<CustomerDoc>();
        if (record && after) await CustomerMerge.updateOne({ _id: record._id }, { $set: { keepAfter: mergedFieldsOf(after) } });
      }
      return {
        keepId,
        mergeId,
        merged: !!other,
        moved: {
          transactions: transactions.length,
          interactions: interactions.modifiedCount,
          complaints: complaints.length,
          surveys: surveys.length,
          campaignContacts: campaignContacts.length,
          visitorSessions: visitorSessions.length,
          chatRatings: chatRatings.length,
        },
        ...(record ? { undo: { id: String(record._id), until: record.expiresAt } } : {}),
      };
    },

    /** Drops the undo records of every merge involving a customer (erasure): they hold the whole merged-away record. */
    async forget(customerId: string): Promise<number> {
      const id = new Types.ObjectId(customerId);
      return (await CustomerMerge.deleteMany({ $or: [{ keepId: id }, { mergeId: id }] })).deletedCount;
    },

    /** Merges that can still be undone, and those undone lately, newest first. */
    async recent(): Promise<RecentMerge[]> {
      const docs = await CustomerMerge.find({ expiresAt: { $gt: new Date() } }, { mergedAway: 0, keepBefore: 0, keepAfter: 0, 'moved.relations': 0 })
        .sort({ at: -1 })
        .limit(RECENT)
        .lean<CustomerMergeDoc[]>();
      return docs.map((d) => ({
        id: String(d._id),
        keep: { id: String(d.keepId), displayName: d.keepName },
        merged: { id: String(d.mergeId), displayName: d.mergeName },
        by: d.by,
        at: d.at,
        until: d.expiresAt,
        moved: countsOf(d.moved!),
        undoneAt: d.undoneAt ?? undefined,
        undoneBy: d.undoneBy ?? undefined,
      }));
    },

    /**
     * Undoes a merge: the merged-away customer comes back as it was, the kept one gets its own contact
     * data and consents back, and what moved goes back (what was re-pointed or added since stays with
     * the kept customer: a call taken after the merge was taken by the kept record). Refused (409) when
     * the kept customer's merged fields changed since, since putting them back would silently lose that
     * change; refused (410) after UNDO_DAYS.
     */
    async undo(id: string, by: string): Promise<UndoResult & { record: CustomerMergeDoc }> {
      const record = await CustomerMerge.findById(id).lean<CustomerMergeDoc>();
      if (!record) throw notFound('merge', `merge (merges can be undone for ${UNDO_DAYS} days) not found`, { days: UNDO_DAYS });
      if (record.expiresAt.getTime() <= Date.now())
        throw new AppError('MERGE_TOO_OLD', `this merge is older than ${UNDO_DAYS} days and can no longer be undone`, 410, undefined, { days: UNDO_DAYS });
      if (record.undoneAt) throw conflict(`this merge was already undone by ${record.undoneBy ?? 'someone'}`, undefined, 'MERGE_ALREADY_UNDONE', { by: record.undoneBy ?? '' });
      const keep = await Customer.findById(record.keepId).lean<CustomerDoc>();
      if (!keep) throw conflict('the kept customer no longer exists (erased, or merged into another since): this merge cannot be undone', undefined, 'MERGE_KEPT_GONE');
      if (await Customer.exists({ _id: record.mergeId })) throw conflict('the merged customer exists again: this merge cannot be undone', undefined, 'MERGE_CUSTOMER_BACK');
      const changed = changedSinceMerge(record.keepAfter as ReturnType<typeof mergedFieldsOf>, mergedFieldsOf(keep));
      if (changed.length)
        throw conflict(
          `${keep.displayName}'s ${changed.map((f) => MERGED_FIELD_LABELS[f]).join(', ')} changed since the merge; undoing it would lose that change. Split the records by hand instead.`,
          { changed },
          'MERGE_FIELDS_CHANGED',
          { name: keep.displayName, fields: changed },
        );

      // Claimed first: two undos of one merge cannot both run.
      const now = new Date();
      const claimed = await CustomerMerge.updateOne({ _id: record._id, undoneAt: { $exists: false } }, { $set: { undoneAt: now, undoneBy: by } });
      if (!claimed.modifiedCount) throw conflict('this merge is being undone by someone else', undefined, 'MERGE_UNDO_BUSY');
      // The kept record's own fields back, only over the version just compared.
      const restored = await Customer.updateOne(
        { _id: keep._id, version: keep.version },
        { ...restoreUpdate(record.keepBefore as ReturnType<typeof mergedFieldsOf>, keep), $inc: { version: 1 } },
      );
      if (!restored.matchedCount) {
        await CustomerMerge.updateOne({ _id: record._id }, { $unset: { undoneAt: 1, undoneBy: 1 } });
        throw conflict('the kept customer changed while undoing; look again and retry', undefined, 'CHANGED_MEANWHILE');
      }
      const back = record.mergedAway as CustomerDoc;
      await Customer.create({ ...back, version: (back.version ?? 0) + 1 });

      const from = keep._id;
      const to = record.mergeId;
      const m = record.moved!;
      const [transactions, interactions, complaints, surveys, campaignContacts, visitorSessions, chatRatings] = await Promise.all([
        owners.transactions.moveBack(m.transactions, from, to),
        deps.interactions.unrepointCustomer({ ids: m.interactions, lists: m.candidateLists, listsGained: m.candidateListsGained }, from, to),
        owners.complaints.moveBack(m.complaints, from, to),
        owners.surveys.moveBack(m.surveys, from, to),
        owners.campaignContacts.moveBack(m.campaignContacts, from, to),
        // Merges recorded before the widget's documents moved with them have no such lists.
        owners.visitorSessions.moveBack(m.visitorSessions ?? [], from, to),
        owners.chatRatings.moveBack(m.chatRatings ?? [], from, to),
      ]);
      // Other customers' relations: each one the merge turned to the kept customer names the restored one again.
      for (const r of m.relations as StoredRelation[]) {
        const current = await Customer.findById(r.customerId, { relations: 1 }).lean<CustomerDoc>();
        if (!current) continue;
        const relations = current.relations.map((x) => ({ customerId: x.customerId, type: x.type }));
        for (const was of r.relations.filter((x) => String(x.customerId) === String(to))) {
          const i = relations.findIndex((x) => String(x.customerId) === String(from) && x.type === was.type);
          if (i >= 0) relations[i] = { customerId: to, type: was.type };
        }
        await Customer.updateOne({ _id: current._id }, { $set: { relations }, $inc: { version: 1 } });
      }
      await refreshPurchaseSummaries(models, [from, to]);
      await deps.rescore?.(String(from));
      await deps.rescore?.(String(to));
      return {
        keepId: String(from),
        restoredId: String(to),
        movedBack: { transactions, interactions: interactions.modifiedCount, complaints, surveys, campaignContacts, visitorSessions, chatRatings },
        record,
      };
    },
  };
}
export type Merges = ReturnType<typeof createMerges>;
