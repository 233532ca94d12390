import type { SegmentFilter, SegmentPreview } from '../../shared/schemas/campaign.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import { previewTally } from './preview-tally.js';
import { segmentQuery } from './segment-query.js';

/**
 * Only what the exclusions, the households and the sample need: of the consents, the one refusal of
 * phone marketing that leaves a customer out (the database sends it alone, or nothing).
 */
const FIELDS = {
  displayName: 1,
  'phones.number': 1,
  consents: { $elemMatch: { purpose: 'marketing', channel: 'phone', granted: false } },
  doNotCall: 1,
  householdId: 1,
  purpose: 1,
  'value.lifetimeValue': 1,
} as const;
type Candidate = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'consents' | 'doNotCall' | 'householdId' | 'purpose' | 'value'>;

/**
 * What a segment would give as a call list: how many match, how many would be called, why the rest are
 * left out, and the first five. Streamed in the database's order (no sort of the whole segment) and
 * tallied as it comes; runs on the back-office thread (ops/back-office-thread.ts).
 */
export async function previewSegment(models: Models, segment: SegmentFilter, onePerHousehold: boolean, now: Date): Promise<SegmentPreview> {
  const filter = await segmentQuery(models, segment, now);
  const tally = previewTally(onePerHousehold);
  for await (const c of models.Customer.find(filter, FIELDS).lean<Candidate[]>().cursor({ batchSize: 1000 })) {
    tally.add({ ...c, consents: c.consents ?? [], phones: c.phones ?? [], id: String(c._id), value: c.value?.lifetimeValue ?? 0 });
  }
  return tally.result();
}
