import type { SegmentFilter, SegmentPreview } from '../../shared/schemas/campaign.js';
import { currentCustomers } from '../customers/customer-replica.js';
import type { Models } from '../db/models.js';
import { documentMatcher } from '../embedded-db/document-matcher.js';
import { previewTally } from './preview-tally.js';
import { segmentQuery } from './segment-query.js';

/**
 * What a segment would give as a call list: how many match, how many would be called, why the rest are
 * left out, and the first five. The segment's filter is answered over the back office's copy of the
 * base (customers/customer-replica.ts, brought up to date first) with the database's own matching, and
 * tallied in any order; runs on the back-office thread (ops/back-office-thread.ts).
 */
export async function previewSegment(models: Models, segment: SegmentFilter, onePerHousehold: boolean, now: Date): Promise<SegmentPreview> {
  const matches = documentMatcher(await segmentQuery(models, segment, now));
  const tally = previewTally(onePerHousehold);
  for (const c of (await currentCustomers(models)).values()) {
    if (!matches(c)) continue;
    // Of the consents, a refusal of phone marketing is what leaves a customer out.
    tally.add({ ...c, consents: c.consents ?? [], phones: c.phones ?? [], id: String(c._id), value: c.value?.lifetimeValue ?? 0 });
  }
  return tally.result();
}
