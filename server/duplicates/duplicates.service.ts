import { Types } from 'mongoose';
import type { DuplicateCandidate, DuplicateList, MergeResult } from '../../shared/schemas/duplicates.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import { searchTokensOf } from '../customers/search-terms.js';
import { toSummary } from '../customers/picture.service.js';
import type { Models } from '../db/models.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import { notFound } from '../http/errors.js';
import { refreshPurchaseSummaries } from '../imports/customer-totals.js';
import type { DuplicateProbe } from './detect.js';
import { findDuplicatesOffThread } from './detect-off-thread.js';
import { applyConsent, type StoredConsent } from '../customers/consent.js';

type PhoneEntry = { label?: string | null; number: string };
type EmailEntry = { label?: string | null; address: string };
type AddressEntry = { label?: string | null; line1?: string | null; postcode?: string | null };
type RelationEntry = { customerId: Types.ObjectId; type: string };
const key = <T>(items: T[], keyOf: (t: T) => string) => [...new Map(items.map((t) => [keyOf(t), t])).values()];

/** The union of two records' contact data and consents; `keep` wins ties, the newest consent wins per purpose×channel. */
export function mergeFields(keep: CustomerDoc, other: CustomerDoc) {
  const keepId = String(keep._id);
  const otherId = String(other._id);
  const phones = key([...keep.phones, ...other.phones] as PhoneEntry[], (p) => p.number);
  const emails = key([...keep.emails, ...other.emails] as EmailEntry[], (e) => e.address);
  const addresses = key([...keep.addresses, ...other.addresses] as AddressEntry[], (a) => `${a.line1}|${a.postcode}`.toLowerCase());
  const relations = key(
    ([...keep.relations, ...other.relations] as RelationEntry[]).filter((r) => ![keepId, otherId].includes(String(r.customerId))),
    (r) => `${r.customerId}|${r.type}`,
  );
  let consents: StoredConsent[] = [];
  for (const c of [...keep.consents, ...other.consents]) consents = applyConsent(consents, c, c.at, c.source, 'if-newer');
  const confirmed = [keep.contactConfirmedAt, other.contactConfirmedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    phones,
    emails,
    addresses,
    relations,
    consents,
    // Either record's "do not call" is the customer's wish: the merged record keeps it.
    doNotCall: !!keep.doNotCall || !!other.doNotCall,
    'preferences.productInterests': [...new Set([...(keep.preferences?.productInterests ?? []), ...(other.preferences?.productInterests ?? [])])],
    searchTokens: searchTokensOf({ displayName: keep.displayName, phones, emails }),
    ...(confirmed ? { contactConfirmedAt: confirmed } : {}),
  };
}

export function createDuplicateService(models: Models, interactions: InteractionRepository, options: { rescore?: (customerId: string) => Promise<unknown> } = {}) {
  const { Customer } = models;
  return {
    /**
     * Candidate pairs over the whole base, strongest evidence first. The base is read through a
     * cursor keeping only what detection needs (parsing 100k whole customers at once held the event
     * loop for seconds); only the customers of the pairs shown are then read in full.
     */
    async candidates(limit: number): Promise<DuplicateList> {
      const probes: DuplicateProbe[] = [];
      const cursor = Customer.find({}, { displayName: 1, phones: 1, emails: 1, 'addresses.postcode': 1 }).lean<CustomerDoc[]>().cursor({ batchSize: 1000 });
      for await (const c of cursor) {
        probes.push({
          id: String(c._id),
          displayName: c.displayName,
          phones: c.phones.map((p) => p.number),
          emails: c.emails.map((e) => e.address),
          postcodes: c.addresses.map((a) => a.postcode ?? ''),
        });
      }
      const pairs = await findDuplicatesOffThread(probes);
      const shown = pairs.slice(0, limit);
      const ids = [...new Set(shown.flatMap((p) => [p.a, p.b]))];
      const docs = await Customer.find({ _id: { $in: ids } }, { displayName: 1, kind: 1, phones: 1, emails: 1, addresses: 1, value: 1, externalId: 1 }).lean<CustomerDoc[]>();
      const byId = new Map(docs.map((c) => [String(c._id), c]));
      const summary = (c: CustomerDoc): DuplicateCandidate['a'] => ({
        ...toSummary(c),
        postcode: c.addresses[0]?.postcode ?? undefined,
        externalId: c.externalId ?? undefined,
      });
      return {
        // A customer merged away between the scan and this read drops its pair.
        items: shown.filter((p) => byId.has(p.a) && byId.has(p.b)).map((p) => ({ a: summary(byId.get(p.a)!), b: summary(byId.get(p.b)!), reasons: p.reasons, details: p.details })),
        truncated: pairs.length > limit,
      };
    },

    /**
     * Merges `mergeId` into `keepId`: contact data and consents united onto the kept record, every
     * transaction, interaction, complaint, survey and campaign contact re-pointed, totals recomputed, then
     * the merged record deleted. Each step is idempotent and the delete comes last, so a retry after a
     * failure at any point finishes the job; a retry after success only re-points stragglers.
     */
    async merge(keepId: string, mergeId: string, by: string): Promise<MergeResult> {
      const keep = await Customer.findById(keepId).lean<CustomerDoc>();
      if (!keep) throw notFound('customer to keep');
      const other = await Customer.findById(mergeId).lean<CustomerDoc>();
      const from = new Types.ObjectId(mergeId);
      const to = keep._id;

      if (other) await Customer.updateOne({ _id: to }, { $set: mergeFields(keep, other), $inc: { version: 1 } });
      const repoint = { $set: { customerId: to } };
      const [transactions, repointed, complaints, surveys, campaignContacts] = await Promise.all([
        models.Transaction.updateMany({ customerId: from }, repoint),
        // Their interactions, and candidate lists naming them, now name the kept record.
        interactions.repointCustomer(from, to),
        models.Complaint.updateMany({ customerId: from }, repoint),
        models.Survey.updateMany({ customerId: from }, repoint),
        models.CampaignContact.updateMany({ customerId: from }, repoint),
      ]);
      // Other customers' relations to the merged record now point at the kept one.
      await Customer.updateMany({ 'relations.customerId': from }, { $set: { 'relations.$[r].customerId': to } }, { arrayFilters: [{ 'r.customerId': from }] });
      await refreshPurchaseSummaries(models, [to]);
      // The kept record's value now covers both histories.
      await options.rescore?.(keepId);

      if (other) {
        await Customer.deleteOne({ _id: from });
        // The source system's id of the merged record lives on when the kept record had none.
        if (!keep.externalId && other.externalId) await Customer.updateOne({ _id: to, externalId: { $exists: false } }, { $set: { externalId: other.externalId } });
      }
      void by;
      return {
        keepId,
        mergeId,
        merged: !!other,
        moved: {
          transactions: transactions.modifiedCount,
          interactions: repointed.modifiedCount,
          complaints: complaints.modifiedCount,
          surveys: surveys.modifiedCount,
          campaignContacts: campaignContacts.modifiedCount,
        },
      };
    },
  };
}
export type DuplicateService = ReturnType<typeof createDuplicateService>;
