import type { SegmentFilter } from '../../shared/schemas/campaign.js';

const DAY_MS = 86_400_000;

/** The interaction window a segment needs looked up, if any: the shorter of its two contact conditions. */
export function contactWindowOf(segment: SegmentFilter, now: Date): { notSince?: Date; since?: Date } {
  return {
    notSince: segment.notContactedForDays ? new Date(now.getTime() - segment.notContactedForDays * DAY_MS) : undefined,
    since: segment.contactedWithinDays ? new Date(now.getTime() - segment.contactedWithinDays * DAY_MS) : undefined,
  };
}

/**
 * A segment as a customer filter. Values only ever sit under operators we choose, so nothing from
 * the request can become an operator. Products match by category or SKU, as the catalogue names them.
 */
export function segmentToFilter(segment: SegmentFilter, contacts: { contactedSince?: unknown[]; contactedRecently?: unknown[] } = {}): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  if (segment.kind) and.push({ kind: segment.kind });
  if (segment.segments?.length) and.push({ 'value.segment': { $in: segment.segments } });
  if (segment.atRisk !== undefined) and.push(segment.atRisk ? { 'value.atRisk': true } : { 'value.atRisk': { $ne: true } });
  if (segment.boughtCategories?.length) {
    and.push({ $or: [{ 'owned.category': { $in: segment.boughtCategories } }, { 'owned.sku': { $in: segment.boughtCategories } }] });
  }
  if (segment.notBoughtCategories?.length) {
    and.push({ 'owned.category': { $nin: segment.notBoughtCategories } }, { 'owned.sku': { $nin: segment.notBoughtCategories } });
  }
  if (segment.regions?.length) and.push({ 'addresses.region': { $in: segment.regions } });
  if (segment.ageBands?.length) and.push({ 'demographics.ageBand': { $in: segment.ageBands } });
  if (segment.minSpend !== undefined) and.push({ 'totals.spend': { $gte: segment.minSpend } });
  if (contacts.contactedSince) and.push({ _id: { $nin: contacts.contactedSince } });
  if (contacts.contactedRecently) and.push({ _id: { $in: contacts.contactedRecently } });
  if (segment.phoneConsent === 'granted') {
    and.push({ consents: { $elemMatch: { purpose: 'marketing', channel: 'phone', granted: true } } });
  }
  return and.length ? { $and: and } : {};
}
