import type { CustomerDoc } from '../customers/customer.model.js';
import { customerView } from '../customers/customer-mirror.js';
import type { Models } from '../db/models.js';
import { type DuplicateIndex, type DuplicatePair, type DuplicateProbe, duplicateIndex } from './detect.js';

/** What detection needs of each customer. */
const PROBE_FIELDS = { displayName: 1, 'phones.number': 1, 'emails.address': 1, 'addresses.postcode': 1, 'relations.customerId': 1, householdId: 1 } as const;
type ProbeDoc = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'emails' | 'addresses' | 'relations' | 'householdId'>;

/** One empty list for every probe without phones, e-mails, addresses or relations (most have one or none). */
const NONE: string[] = [];
const listOf = (xs: string[]) => (xs.length ? xs : NONE);
const probeOf = (c: ProbeDoc, id: string): DuplicateProbe => ({
  id,
  displayName: c.displayName,
  phones: listOf((c.phones ?? []).map((p) => p.number)),
  emails: listOf((c.emails ?? []).map((e) => e.address)),
  postcodes: listOf((c.addresses ?? []).map((a) => a.postcode ?? '')),
  related: listOf((c.relations ?? []).map((r) => String(r.customerId))),
  householdId: c.householdId ?? undefined,
});

/** The probes of the last scan, per database: the next scan reads only the customers changed since. */
const probes = customerView(PROBE_FIELDS, (c, id) => probeOf(c as unknown as ProbeDoc, id));

/** The blocks and pairs of the last scan, per database: a scan compares again only what changed. */
const indexes = new WeakMap<Models, DuplicateIndex>();

/**
 * Candidate pairs over the whole base, strongest evidence first, leaving out pairs marked "not a
 * duplicate". The probes are kept between scans and brought up to date from the customers changed since
 * (customer-mirror.ts), and only the probes read again (new objects) are compared again
 * (`duplicateIndex`), so five supervisors asking every few seconds neither stream the whole base out of
 * the database nor compare it whole each time. Runs on the back-office thread (ops/back-office-thread.ts).
 */
export async function duplicatePairs(models: Models, dismissed: string[], askedAt = Date.now()): Promise<DuplicatePair[]> {
  const rows = await probes.rows(models, askedAt);
  let index = indexes.get(models);
  if (!index) indexes.set(models, (index = duplicateIndex()));
  for (const probe of rows.values()) if (index.get(probe.id) !== probe) index.set(probe);
  if (index.size > rows.size) for (const id of [...index.ids()]) if (!rows.has(id)) index.delete(id);
  return index.pairs(dismissed);
}
