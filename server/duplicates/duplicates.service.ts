import { Types } from 'mongoose';
import type { DuplicateCandidate, DuplicateList, NotDuplicate } from '../../shared/schemas/duplicates.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import { toSummary } from '../customers/picture.service.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import type { BackOffice } from '../ops/back-office-thread.js';
import { type DuplicatePair, pairKey } from './detect.js';
import type { NotDuplicateDoc } from './duplicates.model.js';
import { type MergeDeps, createMerges } from './merges.js';

export { mergeFields } from './merge-fields.js';

/** Duplicate candidates, "not a duplicate" decisions, and merges (with their undo). */
export function createDuplicateService(models: Models, deps: MergeDeps & { backOffice: BackOffice }) {
  const { Customer, NotDuplicate: NotDuplicates } = models;
  const merges = createMerges(models, deps);
  let scanning: Promise<DuplicatePair[]> | undefined;

  const namesOf = async (ids: Types.ObjectId[]) => {
    const docs = await Customer.find({ _id: { $in: ids } }, { displayName: 1 }).lean<CustomerDoc[]>();
    return new Map(docs.map((c) => [String(c._id), c.displayName]));
  };

  return {
    /**
     * Candidate pairs over the whole base, strongest evidence first; related customers and pairs marked
     * "not a duplicate" are never among them. The base is scanned on the back-office thread
     * (duplicate-scan.ts); only the customers of the pairs shown are then read in full, here.
     */
    async candidates(limit: number): Promise<DuplicateList> {
      const dismissed = (await NotDuplicates.find({}, { a: 1, b: 1 }).lean<NotDuplicateDoc[]>()).map((d) => pairKey(String(d.a), String(d.b)));
      // Requests while a scan runs share it; a pair dismissed meanwhile is left out here.
      scanning ??= deps.backOffice.run('duplicatePairs', dismissed, Date.now()).finally(() => (scanning = undefined));
      const left = new Set(dismissed);
      const pairs = (await scanning).filter((p) => !left.has(pairKey(p.a, p.b)));
      const shown = pairs.slice(0, limit);
      const ids = [...new Set(shown.flatMap((p) => [p.a, p.b]))];
      const docs = await Customer.find({ _id: { $in: ids } }, { displayName: 1, kind: 1, phones: 1, emails: 1, addresses: 1, value: 1, externalId: 1, totals: 1 }).lean<
        CustomerDoc[]
      >();
      const byId = new Map(docs.map((c) => [String(c._id), c]));
      const summary = (c: CustomerDoc): DuplicateCandidate['a'] => ({
        ...toSummary(c),
        postcode: c.addresses[0]?.postcode ?? undefined,
        externalId: c.externalId ?? undefined,
        purchases: c.totals?.count ?? 0,
      });
      return {
        // A customer merged away between the scan and this read drops its pair.
        items: shown.filter((p) => byId.has(p.a) && byId.has(p.b)).map((p) => ({ a: summary(byId.get(p.a)!), b: summary(byId.get(p.b)!), reasons: p.reasons, details: p.details })),
        truncated: pairs.length > limit,
      };
    },

    merge: merges.merge,
    recentMerges: merges.recent,
    undoMerge: merges.undo,
    forgetMerges: merges.forget,

    /** Remembers that two customers are different people: the pair is never proposed again, by anyone. A repeat is a no-op. */
    async markNotDuplicate(aId: string, bId: string, by: string): Promise<NotDuplicate> {
      const [a, b] = [aId, bId].sort().map((id) => new Types.ObjectId(id));
      const names = await namesOf([a, b]);
      for (const id of [a, b]) if (!names.has(String(id))) throw notFound('customer', `customer ${String(id)} not found`, { id: String(id) });
      const doc = await NotDuplicates.findOneAndUpdate({ a, b }, { $setOnInsert: { a, b, by, at: new Date() } }, { upsert: true, returnDocument: 'after' }).lean<NotDuplicateDoc>();
      return { id: String(doc!._id), a: { id: String(a), displayName: names.get(String(a))! }, b: { id: String(b), displayName: names.get(String(b))! }, by: doc!.by, at: doc!.at };
    },

    /** Pairs marked "not a duplicate", newest first (a customer since removed shows as such). */
    async notDuplicates(): Promise<NotDuplicate[]> {
      const docs = await NotDuplicates.find({}).sort({ at: -1 }).limit(200).lean<NotDuplicateDoc[]>();
      const names = await namesOf(docs.flatMap((d) => [d.a, d.b]));
      const side = (id: Types.ObjectId) => ({ id: String(id), displayName: names.get(String(id)) ?? '(no longer a customer)' });
      return docs.map((d) => ({ id: String(d._id), a: side(d.a), b: side(d.b), by: d.by, at: d.at }));
    },

    /** Withdraws a "not a duplicate" decision: the pair may be proposed again. */
    async withdrawNotDuplicate(id: string): Promise<NotDuplicateDoc> {
      const doc = await NotDuplicates.findOneAndDelete({ _id: new Types.ObjectId(id) }).lean<NotDuplicateDoc>();
      if (!doc) throw notFound('decision', '"not a duplicate" decision not found');
      return doc;
    },
  };
}
export type DuplicateService = ReturnType<typeof createDuplicateService>;
