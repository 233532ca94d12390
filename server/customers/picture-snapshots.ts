import type { Types } from 'mongoose';
import type { CampaignContactDoc } from '../campaigns/campaign.model.js';
import type { ComplaintDoc } from '../complaints/complaint.model.js';
import type { Models } from '../db/models.js';
import type { SurveyDoc } from '../satisfaction/survey.model.js';
import type { PictureSnapshotDoc } from './picture-snapshot.model.js';
import type { TransactionDoc } from './transaction.model.js';

/** The picture's rarely changing parts, as the read model stores them (picture-snapshot.model.ts). */
export interface PictureParts {
  transactions: TransactionDoc[];
  complaints: ComplaintDoc[];
  contacts: CampaignContactDoc[];
  surveys: SurveyDoc[];
  related: Array<{ _id: Types.ObjectId; displayName: string; kind: string }>;
}

const RECENT_TRANSACTIONS = 10;
const RECENT_CONTACTS = 20;
const RECENT_SURVEYS = 20;
/** A snapshot older than this is rebuilt even if no write dropped it (a crash between a write and its drop). */
export const SNAPSHOT_MAX_AGE_MS = 7 * 24 * 3600_000;
/** Customers per warm-up batch: small enough that no single read holds the database for long. */
const WARM_BATCH = 100;

/** What building a customer's snapshot needs of the customer. */
type Owner = { _id: Types.ObjectId; relations: Array<{ customerId: Types.ObjectId }> };

const relatedIdsOf = (c: Owner) => c.relations.map((r) => r.customerId);
const sameIds = (stored: unknown[] | null | undefined, current: unknown[]) => {
  const a = stored ?? [];
  return a.length === current.length && a.every((x, k) => String(x) === String(current[k]));
};

/** Whether a stored snapshot can stand in for reading the parts of this customer's picture. */
export function isCurrent(snapshot: PictureSnapshotDoc | null, customer: Owner, now = Date.now()): snapshot is PictureSnapshotDoc & { data: PictureParts } {
  return !!snapshot?.data && !!snapshot.builtAt && now - snapshot.builtAt.getTime() < SNAPSHOT_MAX_AGE_MS && sameIds(snapshot.relatedIds, relatedIdsOf(customer));
}

/** Groups documents by customer, keeping at most `limit` of each (they arrive in the order wanted). */
function byCustomer<T extends { customerId: unknown }>(docs: T[], limit = Infinity) {
  const out = new Map<string, T[]>();
  for (const d of docs) {
    const key = String(d.customerId);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    if (list.length < limit) list.push(d);
  }
  return out;
}

/**
 * Reads and stores the picture's read model: for one customer when a pop finds no current snapshot,
 * for all of them (in batches, one query per collection per batch) when the console starts.
 */
export function createPictureSnapshots(models: Models) {
  /** The parts of these customers' pictures, read from their collections. */
  async function readParts(owners: Owner[]): Promise<Map<string, PictureParts>> {
    const ids = owners.map((c) => c._id);
    const whose = ids.length === 1 ? ids[0] : { $in: ids };
    const relatedIds = [...new Map(owners.flatMap(relatedIdsOf).map((r) => [String(r), r])).values()];
    const [transactions, complaints, contacts, surveys, related] = await Promise.all([
      models.Transaction.find({ customerId: whose }).sort({ at: -1 }).limit(ids.length === 1 ? RECENT_TRANSACTIONS : 0).lean<TransactionDoc[]>(),
      models.Complaint.find({ customerId: whose }).sort({ openedAt: -1 }).lean<ComplaintDoc[]>(),
      models.CampaignContact.find({ customerId: whose }).sort({ at: -1 }).limit(ids.length === 1 ? RECENT_CONTACTS : 0).lean<CampaignContactDoc[]>(),
      models.Survey.find({ customerId: whose }).sort({ at: -1 }).limit(ids.length === 1 ? RECENT_SURVEYS : 0).lean<SurveyDoc[]>(),
      relatedIds.length ? models.Customer.find({ _id: { $in: relatedIds } }, { displayName: 1, kind: 1 }).lean<PictureParts['related']>() : [],
    ]);
    const tx = byCustomer(transactions, RECENT_TRANSACTIONS);
    const cs = byCustomer(complaints);
    const cc = byCustomer(contacts, RECENT_CONTACTS);
    const sv = byCustomer(surveys, RECENT_SURVEYS);
    const names = new Map(related.map((r) => [String(r._id), r]));
    return new Map(
      owners.map((c) => {
        const key = String(c._id);
        const rel = relatedIdsOf(c).flatMap((r) => names.get(String(r)) ?? []);
        return [key, { transactions: tx.get(key) ?? [], complaints: cs.get(key) ?? [], contacts: cc.get(key) ?? [], surveys: sv.get(key) ?? [], related: rel }];
      }),
    );
  }

  /**
   * Stores freshly read parts, each unless a write dropped that snapshot since `seen` was read (its
   * gen moved on: the write's own drop stands, and the next pop reads again).
   */
  async function store(entries: Array<{ owner: Owner; seen: PictureSnapshotDoc | null; parts: PictureParts }>) {
    if (!entries.length) return;
    const builtAt = new Date();
    const ops = entries.map(({ owner, seen, parts }) => {
      const snapshot = { builtAt, relatedIds: relatedIdsOf(owner), data: parts };
      return seen
        ? { updateOne: { filter: { _id: owner._id, gen: seen.gen }, update: { $set: snapshot } } }
        : { insertOne: { document: { _id: owner._id, gen: 0, ...snapshot } } };
    });
    await models.PictureSnapshot.bulkWrite(ops, { ordered: false }).catch((err: { writeErrors?: Array<{ code?: number; err?: { code?: number } }>; code?: number }) => {
      // Created meanwhile by a write's drop (or another build): that one stands.
      const dup = (e: { code?: number; err?: { code?: number } }) => e.code === 11000 || e.err?.code === 11000;
      if (!(err.writeErrors ?? [err]).every(dup)) throw err;
    });
  }

  return {
    readParts,
    store,

    /**
     * Builds every missing or old snapshot, in batches, reporting progress: run when the console
     * starts, so pops find their customers' pictures ready.
     */
    async warm(progress?: (done: number, total: number) => void): Promise<{ built: number; customers: number }> {
      const total = await models.Customer.estimatedDocumentCount();
      // As many current snapshots as customers: nothing to build, and no reason to read 100k customers.
      const current = await models.PictureSnapshot.countDocuments({ builtAt: { $gte: new Date(Date.now() - SNAPSHOT_MAX_AGE_MS) } });
      if (current >= total) {
        progress?.(total, total);
        return { built: 0, customers: total };
      }
      let done = 0;
      let built = 0;
      let batch: Owner[] = [];
      const flush = async () => {
        const seen = new Map(
          (await models.PictureSnapshot.find({ _id: { $in: batch.map((c) => c._id) } }, { data: 0 }).lean<PictureSnapshotDoc[]>()).map((s) => [String(s._id), s]),
        );
        const now = Date.now();
        // Read without `data`: a dropped snapshot has no `builtAt` either.
        const stale = batch.filter((c) => {
          const s = seen.get(String(c._id));
          return !s?.builtAt || now - s.builtAt.getTime() >= SNAPSHOT_MAX_AGE_MS || !sameIds(s.relatedIds, relatedIdsOf(c));
        });
        if (stale.length) {
          const parts = await readParts(stale);
          await store(stale.map((owner) => ({ owner, seen: seen.get(String(owner._id)) ?? null, parts: parts.get(String(owner._id))! })));
          built += stale.length;
        }
        done += batch.length;
        batch = [];
        progress?.(Math.min(done, total), total);
      };
      for await (const c of models.Customer.find({}, { relations: 1 }).lean<Owner>().cursor({ batchSize: WARM_BATCH })) {
        batch.push(c);
        if (batch.length === WARM_BATCH) await flush();
      }
      if (batch.length) await flush();
      return { built, customers: done };
    },
  };
}
export type PictureSnapshots = ReturnType<typeof createPictureSnapshots>;
