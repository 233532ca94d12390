import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import type { Models } from '../db/models.js';
import { contactWindowOf, segmentToFilter } from './segment-filter.js';

/**
 * A segment as a customer filter at `now`, with its contact conditions looked up: customers with an
 * interaction in the window (a yielding scan over the interactions' time index).
 */
export async function segmentQuery(models: Models, segment: SegmentFilter, now: Date): Promise<Record<string, unknown>> {
  const window = contactWindowOf(segment, now);
  const contacted = async (since: Date) => models.Interaction.distinct('customerId', { customerId: { $ne: null }, createdAt: { $gte: since } });
  return segmentToFilter(segment, {
    contactedSince: window.notSince ? await contacted(window.notSince) : undefined,
    contactedRecently: window.since ? await contacted(window.since) : undefined,
  });
}
