import type { SegmentFilter, SegmentPreview } from '../../shared/schemas/campaign.js';
import { customerView } from '../customers/customer-mirror.js';
import type { Models } from '../db/models.js';
import { previewTally } from './preview-tally.js';
import { segmentContacts } from './segment-query.js';
import { SEGMENT_ROW_FIELDS, interner, rowOf, segmentMatcher } from './segment-rows.js';

/** Every customer as a segment row, kept between previews (per database) and brought up to date at each. */
const intern = interner();
const rows = customerView(SEGMENT_ROW_FIELDS, (c, id) => rowOf(c, intern, id));

/** Reads every customer's row now (a console's start), so the first supervisor's preview does not wait for it. */
export const warmSegmentRows = async (models: Models, askedAt = Date.now()): Promise<number> => (await rows.rows(models, askedAt)).size;

const idSet = (ids: unknown[] | undefined) => (ids ? new Set(ids.map(String)) : undefined);

/**
 * What a segment would give as a call list: how many match, how many would be called, why the rest are
 * left out, and the first five. Counted over the back office's rows of the whole base (segment-rows.ts;
 * a few fields per customer, read again only when changed) rather than streaming the segment's customers
 * out of the database at each preview, which took seconds at 100k customers and held up the database's
 * thread while it ran. The contact conditions still ask the interactions (indexed by time). Runs on the
 * back-office thread (ops/back-office-thread.ts).
 */
export async function previewSegment(models: Models, segment: SegmentFilter, onePerHousehold: boolean, now: Date, askedAt = Date.now()): Promise<SegmentPreview> {
  const contacts = await segmentContacts(models, segment, now);
  const matches = segmentMatcher(segment, { contactedSince: idSet(contacts.contactedSince), contactedRecently: idSet(contacts.contactedRecently) });
  const tally = previewTally(onePerHousehold);
  for (const row of (await rows.rows(models, askedAt)).values()) if (matches(row)) tally.judged(row, row.exclusion);
  const preview = tally.result();
  const names = await models.Customer.find({ _id: { $in: preview.sample.map((c) => c.id) } }, { displayName: 1 }).lean<Array<{ _id: unknown; displayName: string }>>();
  const nameOf = new Map(names.map((c) => [String(c._id), c.displayName]));
  // A customer merged away since the rows were read leaves the sample.
  return { ...preview, sample: preview.sample.filter((c) => nameOf.has(c.id)).map((c) => ({ id: c.id, displayName: nameOf.get(c.id)! })) };
}
