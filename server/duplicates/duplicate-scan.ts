import type { CustomerDoc } from '../customers/customer.model.js';
import { customerMirror } from '../customers/customer-mirror.js';
import type { Models } from '../db/models.js';
import { type DuplicatePair, type DuplicateProbe, findDuplicates } from './detect.js';

/** What detection needs of each customer. */
const PROBE_FIELDS = { displayName: 1, 'phones.number': 1, 'emails.address': 1, 'addresses.postcode': 1, 'relations.customerId': 1, householdId: 1 } as const;
type ProbeDoc = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'emails' | 'addresses' | 'relations' | 'householdId'>;

const probeOf = (c: ProbeDoc): DuplicateProbe => ({
  id: String(c._id),
  displayName: c.displayName,
  phones: (c.phones ?? []).map((p) => p.number),
  emails: (c.emails ?? []).map((e) => e.address),
  postcodes: (c.addresses ?? []).map((a) => a.postcode ?? ''),
  related: (c.relations ?? []).map((r) => String(r.customerId)),
  householdId: c.householdId ?? undefined,
});

/** The probes of the last scan, per database: the next scan reads only the customers changed since. */
const probes = customerMirror(PROBE_FIELDS, (c) => probeOf(c as unknown as ProbeDoc));

/**
 * Candidate pairs over the whole base, strongest evidence first, leaving out pairs marked "not a
 * duplicate". The probes are kept between scans and brought up to date from the customers changed since
 * (customer-mirror.ts), so five supervisors asking every few seconds do not stream the whole base out of
 * the database each time. Runs on the back-office thread (ops/back-office-thread.ts): comparing 100k
 * customers takes seconds.
 */
export async function duplicatePairs(models: Models, dismissed: string[]): Promise<DuplicatePair[]> {
  return findDuplicates([...(await probes.rows(models)).values()], dismissed);
}
