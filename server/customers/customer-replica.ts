import { SEGMENT_FIELDS } from '../campaigns/segment-filter.js';
import type { Models } from '../db/models.js';
import type { CustomerDoc } from './customer.model.js';

/**
 * What the back office reads of every customer: the fields segments filter on, what a call list's rules
 * and its sample need (campaigns/segment-preview.ts), and what duplicate detection compares
 * (duplicates/duplicate-scan.ts).
 */
const FIELDS: Record<string, 1> = Object.fromEntries(
  [
    ...SEGMENT_FIELDS,
    'displayName',
    'phones.number',
    'emails.address',
    'addresses.postcode',
    'relations.customerId',
    'householdId',
    'doNotCall',
    'purpose',
    'value.lifetimeValue',
  ].map((f) => [f, 1]),
);

export type ReplicaCustomer = Pick<
  CustomerDoc,
  '_id' | 'kind' | 'displayName' | 'phones' | 'emails' | 'addresses' | 'relations' | 'householdId' | 'consents' | 'doNotCall' | 'purpose' | 'value' | 'owned' | 'demographics' | 'totals'
>;

/**
 * A change stamped this long before a refresh began may become durable (visible to readers) only after
 * it: each refresh reads again what changed since this long before the previous one began.
 */
const MARGIN_MS = 60_000;

interface Replica {
  docs: Map<string, ReplicaCustomer>;
  startedAt: number;
}
/** The copy per database, and its last refresh (one at a time: each waits for the one before). */
const kept = new WeakMap<Models, Replica>();
const refreshing = new WeakMap<Models, Promise<unknown>>();

async function read(models: Models, filter: Record<string, unknown>, into: Map<string, ReplicaCustomer>) {
  for await (const c of models.Customer.find(filter, FIELDS).lean<ReplicaCustomer[]>().cursor({ batchSize: 1000 })) into.set(String(c._id), c);
}

async function refresh(models: Models): Promise<Replica> {
  const startedAt = Date.now();
  const last = kept.get(models);
  let docs = last?.docs ?? new Map<string, ReplicaCustomer>();
  if (last) await read(models, { updatedAt: { $gte: new Date(last.startedAt - MARGIN_MS) } }, docs);
  else await read(models, {}, docs);
  // More kept than stored: some were merged away or erased since. Read whole again (rare).
  if (last && docs.size > (await models.Customer.estimatedDocumentCount())) {
    docs = new Map();
    await read(models, {}, docs);
  }
  const replica = { docs, startedAt };
  kept.set(models, replica);
  return replica;
}

/**
 * The whole customer base as the back office reads it, up to date with every change durable when the
 * call began. The segment previews and the duplicates scan of five supervisors read the whole base again
 * and again: streamed out of the database each time, 100k customers serialized by its thread and
 * decoded by ours held the database thread behind every pop (a third of it under the mixed load). The
 * first call reads the base once; each later one reads only the customers changed since (`updatedAt`,
 * indexed; every write of a customer moves it, mongoose's timestamps and the driver's imports alike).
 * Kept by the back-office thread (ops/back-office-thread.ts), which runs one job at a time.
 */
export async function currentCustomers(models: Models): Promise<ReadonlyMap<string, ReplicaCustomer>> {
  const running = (refreshing.get(models) ?? Promise.resolve()).catch(() => {}).then(() => refresh(models));
  refreshing.set(models, running);
  return (await running).docs;
}
