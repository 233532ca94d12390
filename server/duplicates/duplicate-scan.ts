import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import { type DuplicatePair, type DuplicateProbe, findDuplicates } from './detect.js';

/** What detection needs of each customer. */
const PROBE_FIELDS = { displayName: 1, 'phones.number': 1, 'emails.address': 1, 'addresses.postcode': 1, 'relations.customerId': 1, householdId: 1 } as const;
type ProbeDoc = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'emails' | 'addresses' | 'relations' | 'householdId'>;

/**
 * A change stamped this long before a scan began may become durable (visible to readers) only after
 * it: each scan reads again what changed since this long before the previous one began.
 */
const MARGIN_MS = 60_000;

/** The probes of the last scan, per database: the next scan reads only the customers changed since. */
const kept = new WeakMap<Models, { probes: Map<string, DuplicateProbe>; startedAt: number }>();

const probeOf = (c: ProbeDoc): DuplicateProbe => ({
  id: String(c._id),
  displayName: c.displayName,
  phones: (c.phones ?? []).map((p) => p.number),
  emails: (c.emails ?? []).map((e) => e.address),
  postcodes: (c.addresses ?? []).map((a) => a.postcode ?? ''),
  related: (c.relations ?? []).map((r) => String(r.customerId)),
  householdId: c.householdId ?? undefined,
});

async function read(models: Models, filter: Record<string, unknown>, into: Map<string, DuplicateProbe>) {
  for await (const c of models.Customer.find(filter, PROBE_FIELDS).lean<ProbeDoc[]>().cursor({ batchSize: 1000 })) into.set(String(c._id), probeOf(c));
}

/**
 * Candidate pairs over the whole base, strongest evidence first, leaving out pairs marked "not a
 * duplicate". The first scan reads every customer (what detection needs of each); later scans keep
 * those probes and read only the customers changed since (`updatedAt`, indexed), so five supervisors
 * asking every few seconds do not stream the whole base out of the database each time. When the base
 * holds fewer customers than the probes (some were merged away or erased), it is read whole again.
 * Runs on the back-office thread (ops/back-office-thread.ts): comparing 100k customers takes seconds.
 */
export async function duplicatePairs(models: Models, dismissed: string[]): Promise<DuplicatePair[]> {
  const startedAt = Date.now();
  const last = kept.get(models);
  let probes = last?.probes ?? new Map<string, DuplicateProbe>();
  if (last) await read(models, { updatedAt: { $gte: new Date(last.startedAt - MARGIN_MS) } }, probes);
  else await read(models, {}, probes);
  if (last && probes.size > (await models.Customer.estimatedDocumentCount())) {
    probes = new Map();
    await read(models, {}, probes);
  }
  kept.set(models, { probes, startedAt });
  return findDuplicates([...probes.values()], dismissed);
}
