import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import { PRIORITY, exclusionOf } from './call-list-rules.js';
import type { CampaignRecords, Outbound } from './campaign-records.js';
import { segmentQuery } from './segment-query.js';

const BATCH = 500;
const CUSTOMER_FIELDS = { displayName: 1, phones: 1, consents: 1, doNotCall: 1, householdId: 1, purpose: 1, timezone: 1 } as const;
/** Customers per round trip when reading a segment: a few milliseconds of parsing at a time. */
const CURSOR_BATCH = 500;
type ListCandidateDoc = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'consents' | 'doNotCall' | 'householdId' | 'purpose' | 'timezone'>;

/**
 * Call lists: a segment's customers, each with the exclusion that keeps them off the list and its
 * reason, built in batches with progress; customers withdrawn from every list. (Previews of a segment:
 * segment-preview.ts, on the back-office thread.)
 */
export function createCallLists(deps: { models: Models; records: CampaignRecords; logger: Logger; now: () => Date }) {
  const { models, records, logger, now } = deps;
  const { Campaign: Campaigns, CallListEntry: Entries, Customer } = models;
  const { announceById } = records;

  /**
   * The customers a segment matches (with what the exclusions need), most valuable first, and how
   * many. Read through a cursor in batches: parsing 100k customers at once held the console's event
   * loop (and every pop behind it) for seconds.
   */
  async function matching(segment: SegmentFilter) {
    const filter = await segmentQuery(models, segment, now());
    return {
      count: () => Customer.countDocuments(filter),
      each: () => Customer.find(filter, CUSTOMER_FIELDS).sort({ 'value.lifetimeValue': -1, _id: 1 }).lean<ListCandidateDoc[]>().cursor({ batchSize: CURSOR_BATCH }),
    };
  }

  async function respondedTo(campaignId?: Types.ObjectId) {
    if (!campaignId) return new Set<string>();
    const ids = await models.CampaignContact.distinct('customerId', { campaignId, response: { $in: ['purchased', 'declined', 'unsubscribed'] } });
    return new Set(ids.map(String));
  }

  /** Builds (or rebuilds) a campaign's call list in batches, reporting progress as it goes. */
  async function buildList(c: Outbound, onProgress?: (processed: number, total: number) => void) {
    const matched = await matching(c.segment ?? {});
    const total = await matched.count();
    const households = c.onePerHousehold ? new Set<string>() : undefined;
    const responded = await respondedTo(c._id);
    const startedAt = c.startsAt && c.startsAt > now() ? c.startsAt : now();
    const zones = new Set<string>();
    await Entries.deleteMany({ campaignId: c._id });
    await Campaigns.updateOne({ _id: c._id }, { $set: { status: 'building', build: { processed: 0, total } } });
    let batch: ListCandidateDoc[] = [];
    let i = 0;
    const flush = async () => {
      const docs = batch.map((cu, k) => {
        const reason = exclusionOf({ ...cu, id: String(cu._id) }, households, responded);
        const timezone = cu.timezone ?? 'Europe/London';
        if (!reason) zones.add(timezone);
        return {
          campaignId: c._id,
          customerId: cu._id,
          phone: cu.phones.find((p) => p.number)?.number,
          timezone,
          status: reason ? 'excluded' : 'pending',
          reason,
          priority: PRIORITY.fresh,
          dueAt: startedAt,
          order: i + k,
        };
      });
      batch = [];
      await Entries.insertMany(docs, { ordered: false });
      i += docs.length;
      // Customers added meanwhile can make the list longer than first counted.
      const processed = i;
      await Campaigns.updateOne({ _id: c._id }, { $set: { build: { processed, total: Math.max(total, processed) } } });
      onProgress?.(processed, Math.max(total, processed));
      if (processed < total) await announceById(c._id);
    };
    for await (const cu of matched.each()) {
      batch.push(cu);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    await Campaigns.updateOne({ _id: c._id }, { $set: { status: 'active', zones: [...zones] }, $unset: { build: 1 } });
    await announceById(c._id);
  }

  /** Takes a customer off every call list at once (do-not-call, phone opt-out, erasure). */
  async function withdraw(customerId: string, reason: 'do-not-call' | 'opted-out' | 'erased') {
    const _id = new Types.ObjectId(customerId);
    const affected = await Entries.distinct('campaignId', { customerId: _id, status: { $in: ['pending', 'locked'] } });
    if (!affected.length) return 0;
    // A contact in a telemarketer's hand stays `lockedBy` them, so their disposition is still logged.
    const res = await Entries.updateMany({ customerId: _id, status: { $in: ['pending', 'locked'] } }, { $set: { status: 'excluded', reason } });
    logger.info({ customerId, reason, lists: affected.length }, 'campaigns: customer withdrawn from call lists');
    await Promise.all(affected.map((id) => announceById(id as Types.ObjectId)));
    return res.modifiedCount;
  }

  return {
    buildList,
    withdraw,
  };
}
export type CallLists = ReturnType<typeof createCallLists>;
