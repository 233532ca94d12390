import type { Types } from 'mongoose';
import type { CustomerDoc } from '../customers/customer.model.js';
import { applyConsent, type StoredConsent } from '../customers/consent.js';
import { searchTokensOf } from '../customers/search-terms.js';

type PhoneEntry = { label?: string | null; number: string };
type EmailEntry = { label?: string | null; address: string };
type AddressEntry = { label?: string | null; line1?: string | null; postcode?: string | null };
type RelationEntry = { customerId: Types.ObjectId; type: string };
const key = <T>(items: T[], keyOf: (t: T) => string) => [...new Map(items.map((t) => [keyOf(t), t])).values()];

/** The kept record's fields a merge may set: what undo restores, and compares to see if it is safe. */
export const MERGED_FIELDS = ['phones', 'emails', 'addresses', 'relations', 'consents', 'doNotCall', 'preferences.productInterests', 'contactConfirmedAt', 'externalId'] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

/** Readable names for the 409 of an unsafe undo. */
export const MERGED_FIELD_LABELS: Record<MergedField, string> = {
  phones: 'phone numbers',
  emails: 'e-mail addresses',
  addresses: 'addresses',
  relations: 'related customers',
  consents: 'consents',
  doNotCall: 'do-not-call',
  'preferences.productInterests': 'product interests',
  contactConfirmedAt: 'contact confirmation',
  externalId: 'external id',
};

/** The union of two records' contact data and consents; `keep` wins ties, the newest consent wins per purpose×channel. */
export function mergeFields(keep: CustomerDoc, other: CustomerDoc) {
  const keepId = String(keep._id);
  const otherId = String(other._id);
  const phones = key([...keep.phones, ...other.phones] as PhoneEntry[], (p) => p.number);
  const emails = key([...keep.emails, ...other.emails] as EmailEntry[], (e) => e.address);
  const addresses = key([...keep.addresses, ...other.addresses] as AddressEntry[], (a) => `${a.line1}|${a.postcode}`.toLowerCase());
  const relations = key(
    ([...keep.relations, ...other.relations] as RelationEntry[]).filter((r) => ![keepId, otherId].includes(String(r.customerId))),
    (r) => `${r.customerId}|${r.type}`,
  );
  let consents: StoredConsent[] = [];
  for (const c of [...keep.consents, ...other.consents]) consents = applyConsent(consents, c, c.at, c.source, 'if-newer');
  const confirmed = [keep.contactConfirmedAt, other.contactConfirmedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    phones,
    emails,
    addresses,
    relations,
    consents,
    // Either record's "do not call" is the customer's wish: the merged record keeps it.
    doNotCall: !!keep.doNotCall || !!other.doNotCall,
    'preferences.productInterests': [...new Set([...(keep.preferences?.productInterests ?? []), ...(other.preferences?.productInterests ?? [])])],
    searchTokens: searchTokensOf({ displayName: keep.displayName, phones, emails }),
    ...(confirmed ? { contactConfirmedAt: confirmed } : {}),
  };
}

/** The merged fields of a customer as stored (a dotted path read from its object), absent ones left out. */
export function mergedFieldsOf(c: CustomerDoc): Partial<Record<MergedField, unknown>> {
  const out: Partial<Record<MergedField, unknown>> = {};
  for (const f of MERGED_FIELDS) {
    const value = f.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), c);
    if (value !== undefined && value !== null) out[f] = value;
  }
  return out;
}

/** A value as canonical JSON (keys sorted): dates, ids and nested objects compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * The merged fields that differ between the kept record as the merge left it and as it is now: an
 * undo would overwrite those changes, so it is refused while there are any. Empty arrays and absent
 * values are the same thing to a reader.
 */
export function changedSinceMerge(after: Partial<Record<MergedField, unknown>>, now: Partial<Record<MergedField, unknown>>): MergedField[] {
  const norm = (v: unknown) => (v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0) ? null : v);
  return MERGED_FIELDS.filter((f) => canonical(norm(after[f])) !== canonical(norm(now[f])));
}

/** The update that puts the merged fields back as they were before the merge. */
export function restoreUpdate(before: Partial<Record<MergedField, unknown>>, keep: Pick<CustomerDoc, 'displayName'>) {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const f of MERGED_FIELDS) {
    if (before[f] === undefined) $unset[f] = 1;
    else $set[f] = before[f];
  }
  // Arrays absent before are stored empty (the schema's default), not unset.
  for (const f of ['phones', 'emails', 'addresses', 'relations', 'consents', 'preferences.productInterests'] as const) {
    if (f in $unset) {
      delete $unset[f];
      $set[f] = [];
    }
  }
  $set.searchTokens = searchTokensOf({ displayName: keep.displayName, phones: ($set.phones as PhoneEntry[]) ?? [], emails: ($set.emails as EmailEntry[]) ?? [] });
  return { $set, $unset };
}
