import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { csvLine } from '../http/csv.js';
import type { CallListEntryDoc } from './campaign.model.js';

const BATCH = 500;

/** A call list with where each contact stands, as CSV lines (header first), read in batches. */
export async function* callListCsv(models: Models, campaignId: Types.ObjectId): AsyncGenerator<string> {
  yield csvLine(['customerId', 'name', 'phone', 'timezone', 'status', 'reason', 'attempts', 'reached', 'converted', 'lastDisposition', 'lastAt', 'nextDueAt', 'dispositions']);
  const cursor = models.CallListEntry.find({ campaignId }).sort({ order: 1 }).lean().cursor();
  let batch: CallListEntryDoc[] = [];
  const flush = async () => {
    const names = new Map((await models.Customer.find({ _id: { $in: batch.map((e) => e.customerId) } }, { displayName: 1 }).lean()).map((x) => [String(x._id), x.displayName]));
    const out = batch
      .map((e) =>
        csvLine([
          String(e.customerId),
          names.get(String(e.customerId)),
          e.phone,
          e.timezone,
          e.status,
          e.reason,
          e.attempts,
          e.reached,
          e.converted,
          e.lastDisposition,
          e.lastAt,
          e.status === 'pending' ? e.dueAt : undefined,
          (e.history ?? []).map((h) => h.disposition).join(' '),
        ]),
      )
      .join('');
    batch = [];
    return out;
  };
  for await (const e of cursor) {
    batch.push(e as unknown as CallListEntryDoc);
    if (batch.length >= BATCH) yield await flush();
  }
  if (batch.length) yield await flush();
}
