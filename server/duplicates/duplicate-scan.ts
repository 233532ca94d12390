import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import { type DuplicatePair, type DuplicateProbe, findDuplicates } from './detect.js';

/** What detection needs of each customer. */
const PROBE_FIELDS = { displayName: 1, 'phones.number': 1, 'emails.address': 1, 'addresses.postcode': 1, 'relations.customerId': 1, householdId: 1 } as const;

/**
 * Candidate pairs over the whole base, strongest evidence first, leaving out pairs marked "not a
 * duplicate". Reads the base through a cursor keeping only what detection needs, then compares; over
 * 100k customers both take seconds, so this runs on the back-office thread (ops/back-office-thread.ts).
 */
export async function duplicatePairs(models: Models, dismissed: string[]): Promise<DuplicatePair[]> {
  const probes: DuplicateProbe[] = [];
  for await (const c of models.Customer.find({}, PROBE_FIELDS).lean<CustomerDoc[]>().cursor({ batchSize: 1000 })) {
    probes.push({
      id: String(c._id),
      displayName: c.displayName,
      phones: (c.phones ?? []).map((p) => p.number),
      emails: (c.emails ?? []).map((e) => e.address),
      postcodes: (c.addresses ?? []).map((a) => a.postcode ?? ''),
      related: (c.relations ?? []).map((r) => String(r.customerId)),
      householdId: c.householdId ?? undefined,
    });
  }
  return findDuplicates(probes, dismissed);
}
