import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import type { Models } from '../db/models.js';
import { contactWindowOf, segmentToFilter } from './segment-filter.js';

/**
 * The customers a segment's contact conditions name at `now`: those with an interaction since the
 * window's start (a yielding scan over the interactions' time index), for each condition it has.
 */
export async function segmentContacts(models: Models, segment: SegmentFilter, now: Date): Promise<{ contactedSince?: unknown[]; contactedRecently?: unknown[] }> {
  const window = contactWindowOf(segment, now);
  const contacted = async (since: Date) => models.Interaction.distinct('customerId', { customerId: { $ne: null }, createdAt: { $gte: since } });
  return {
    contactedSince: window.notSince ? await contacted(window.notSince) : undefined,
    contactedRecently: window.since ? await contacted(window.since) : undefined,
  };
}

/** A segment as a customer filter at `now`, with its contact conditions looked up. */
export async function segmentQuery(models: Models, segment: SegmentFilter, now: Date): Promise<Record<string, unknown>> {
  return segmentToFilter(segment, await segmentContacts(models, segment, now));
}
