import { currentCustomers, type ReplicaCustomer } from '../customers/customer-replica.js';
import type { Models } from '../db/models.js';
import { type DuplicatePair, type DuplicateProbe, findDuplicates } from './detect.js';

const probeOf = (c: ReplicaCustomer): DuplicateProbe => ({
  id: String(c._id),
  displayName: c.displayName,
  phones: (c.phones ?? []).map((p) => p.number),
  emails: (c.emails ?? []).map((e) => e.address),
  postcodes: (c.addresses ?? []).map((a) => a.postcode ?? ''),
  related: (c.relations ?? []).map((r) => String(r.customerId)),
  householdId: c.householdId ?? undefined,
});
/** Each customer's probe, per copy of them: a customer changed since is a new copy, probed again. */
const probes = new WeakMap<ReplicaCustomer, DuplicateProbe>();
const probed = (c: ReplicaCustomer) => {
  let p = probes.get(c);
  if (!p) probes.set(c, (p = probeOf(c)));
  return p;
};

/**
 * Candidate pairs over the whole base, strongest evidence first, leaving out pairs marked "not a
 * duplicate", over the back office's copy of the base (customers/customer-replica.ts: the first scan
 * reads every customer, later ones only those changed since). Runs on the back-office thread
 * (ops/back-office-thread.ts): comparing 100k customers takes seconds.
 */
export async function duplicatePairs(models: Models, dismissed: string[]): Promise<DuplicatePair[]> {
  return findDuplicates([...(await currentCustomers(models)).values()].map(probed), dismissed);
}
